import { createRoute } from '@hono/zod-openapi';
import { idSchema } from '#domain/directory/schemas.ts';
import { handoffViewSchema } from '#domain/handoffs/views.ts';
import {
  assignOwnerSchema,
  conflictRulingSchema,
  internalNoteSchema,
  referralConflictSchema,
  submitReferralSchema,
  transitionSchema,
} from '#domain/referrals/schemas.ts';
import { referralViewSchema } from '#domain/referrals/views.ts';
import { referralStatusSchema } from '#domain/referrals/workflow.ts';
import { timelineEventSchema } from '#domain/timeline/event.ts';
import * as z from '#lib/zod.ts';
import { referralConflicts, referrals } from '#services/referrals.ts';
import { serviceContext } from '../env.ts';
import {
  booleanQuery,
  changeResponses,
  createResponses,
  etag,
  idempotencyAt,
  idempotencyHeaders,
  idParams,
  ifMatchHeaders,
  json,
  jsonBody,
  paginationQuery,
  problemResponses,
  router,
  versionFromIfMatch,
} from '../http.ts';

const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date());
export const listQuery = z.object({
  ...paginationQuery,
  status: referralStatusSchema.optional(),
  open: booleanQuery,
  partnerId: idSchema.optional(),
  referrerId: idSchema.optional(),
  ownerId: idSchema.optional(),
  createdFrom: isoDate.optional(),
  createdTo: isoDate.optional(),
  overdue: booleanQuery,
});

const noteOut = z
  .object({ id: z.string(), authorId: z.string(), text: z.string(), at: z.string() })
  .openapi('InternalNote');

const referralDetailSchema = referralViewSchema
  .extend({
    timeline: z.array(timelineEventSchema),
    internalNotes: z.array(noteOut).optional(),
    conflicts: z.array(referralConflictSchema).optional(),
    handoffs: z
      .array(handoffViewSchema)
      .optional()
      .openapi({ description: 'Staff and leaders: the handoffs about this referral they may see, newest first.' }),
  })
  .openapi('ReferralDetail');

const referralPage = z
  .object({ items: z.array(referralViewSchema), cursor: z.string().nullable() })
  .openapi('ReferralPage');
const conflictPage = z
  .object({ items: z.array(referralConflictSchema), cursor: z.string().nullable() })
  .openapi('ReferralConflictPage');

export const referralRoutes = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags: ['referrals'],
      summary: 'Submit a referral (partners, advocates, staff)',
      security: [{ Bearer: [] }],
      request: { headers: idempotencyHeaders, ...jsonBody(submitReferralSchema) },
      responses: { 201: json(referralViewSchema, 'The referral, submitted.'), ...createResponses },
    }),
    async (c) => {
      const referral = await referrals.submit(serviceContext(c), c.req.valid('json'), {
        idempotency: idempotencyAt(c, '/api/referrals'),
      });
      return c.json(referral, 201, { ETag: etag(referral.version), Location: `/api/referrals/${referral.id}` });
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['referrals'],
      summary: 'List the referrals the caller may see, newest first',
      security: [{ Bearer: [] }],
      request: { query: listQuery },
      responses: { 200: json(referralPage, 'A page of referrals.'), ...problemResponses },
    }),
    async (c) => {
      const { limit, cursor, ...filters } = c.req.valid('query');
      return c.json(await referrals.list(serviceContext(c), filters, { limit, cursor }), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/conflicts',
      tags: ['referrals'],
      summary: 'Conflicts between referrals of one prospect (staff, leaders)',
      security: [{ Bearer: [] }],
      request: { query: z.object({ ...paginationQuery, open: booleanQuery }) },
      responses: { 200: json(conflictPage, 'A page of conflicts, newest first.'), ...problemResponses },
    }),
    async (c) => c.json(await referralConflicts.list(serviceContext(c), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/conflicts/{id}',
      tags: ['referrals'],
      summary: 'One conflict (staff, leaders)',
      security: [{ Bearer: [] }],
      request: { params: idParams },
      responses: { 200: json(referralConflictSchema, 'The conflict.'), ...problemResponses },
    }),
    async (c) => {
      const conflict = await referralConflicts.get(serviceContext(c), c.req.valid('param').id);
      return c.json(conflict, 200, { ETag: etag(conflict.version) });
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/conflicts/{id}/ruling',
      tags: ['referrals'],
      summary: 'Rule on a conflict: uphold the first registration, or admit the second referral',
      security: [{ Bearer: [] }],
      request: { params: idParams, headers: ifMatchHeaders, ...jsonBody(conflictRulingSchema) },
      responses: { 200: json(referralConflictSchema, 'The conflict, ruled on.'), ...changeResponses },
    }),
    async (c) => {
      const version = versionFromIfMatch(c.req.valid('header')['if-match']);
      const conflict = await referralConflicts.rule(
        serviceContext(c),
        c.req.valid('param').id,
        version,
        c.req.valid('json'),
      );
      return c.json(conflict, 200, { ETag: etag(conflict.version) });
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags: ['referrals'],
      summary: 'A referral with its timeline',
      security: [{ Bearer: [] }],
      request: { params: idParams },
      responses: { 200: json(referralDetailSchema, 'The referral.'), ...problemResponses },
    }),
    async (c) => {
      const referral = await referrals.get(serviceContext(c), c.req.valid('param').id);
      return c.json(referral, 200, { ETag: etag(referral.version) });
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/transitions',
      tags: ['referrals'],
      summary: 'Move a referral along its workflow (staff, leaders)',
      security: [{ Bearer: [] }],
      request: { params: idParams, headers: ifMatchHeaders, ...jsonBody(transitionSchema) },
      responses: { 200: json(referralViewSchema, 'The referral in its new status.'), ...changeResponses },
    }),
    async (c) => {
      const version = versionFromIfMatch(c.req.valid('header')['if-match']);
      const referral = await referrals.transition(
        serviceContext(c),
        c.req.valid('param').id,
        version,
        c.req.valid('json'),
      );
      return c.json(referral, 200, { ETag: etag(referral.version) });
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/{id}/owner',
      tags: ['referrals'],
      summary: 'Assign the staff member who owns a referral (staff, leaders)',
      security: [{ Bearer: [] }],
      request: { params: idParams, headers: ifMatchHeaders, ...jsonBody(assignOwnerSchema) },
      responses: { 200: json(referralViewSchema, 'The referral with its owner.'), ...changeResponses },
    }),
    async (c) => {
      const version = versionFromIfMatch(c.req.valid('header')['if-match']);
      const referral = await referrals.assignOwner(
        serviceContext(c),
        c.req.valid('param').id,
        version,
        c.req.valid('json').userId,
      );
      return c.json(referral, 200, { ETag: etag(referral.version) });
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/notes',
      tags: ['referrals'],
      summary: 'Add an internal note, never shown to the referrer (staff, leaders)',
      security: [{ Bearer: [] }],
      request: { params: idParams, ...jsonBody(internalNoteSchema) },
      responses: { 201: json(noteOut, 'The note.'), ...problemResponses },
    }),
    async (c) =>
      c.json(await referrals.addNote(serviceContext(c), c.req.valid('param').id, c.req.valid('json').text), 201),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/erasure',
      tags: ['referrals'],
      summary: 'Erase the referral’s contact details on request (leaders)',
      security: [{ Bearer: [] }],
      request: { params: idParams, headers: ifMatchHeaders },
      responses: { 200: json(referralViewSchema, 'The referral without personal data.'), ...changeResponses },
    }),
    async (c) => {
      const version = versionFromIfMatch(c.req.valid('header')['if-match']);
      const referral = await referrals.eraseContact(serviceContext(c), c.req.valid('param').id, version);
      return c.json(referral, 200, { ETag: etag(referral.version) });
    },
  );
