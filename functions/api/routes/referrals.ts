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
  changed,
  changeResponses,
  created,
  createResponses,
  idempotencyHeaders,
  idParams,
  ifMatchHeaders,
  input,
  json,
  operation,
  paginationQuery,
  problemResponses,
  router,
  versioned,
} from '../http.ts';

const isoDate = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
export const listQuery = z.object({
  ...paginationQuery,
  status: z.optional(referralStatusSchema),
  open: booleanQuery,
  partnerId: z.optional(idSchema),
  referrerId: z.optional(idSchema),
  ownerId: z.optional(idSchema),
  createdFrom: z.optional(isoDate),
  createdTo: z.optional(isoDate),
  overdue: booleanQuery,
});

const noteOut = z
  .object({ id: z.string(), authorId: z.string(), text: z.string(), at: z.string() })
  .apply(z.withMeta, { id: 'InternalNote' });

const referralDetailSchema = z
  .extend(referralViewSchema, {
    timeline: z.array(timelineEventSchema),
    internalNotes: z.optional(z.array(noteOut)),
    conflicts: z.optional(z.array(referralConflictSchema)),
    handoffs: z.optional(z.array(handoffViewSchema)).apply(z.withMeta, {
      description: 'Staff and leaders: the handoffs about this referral they may see, newest first.',
    }),
  })
  .apply(z.withMeta, { id: 'ReferralDetail' });

const referralPage = z
  .object({ items: z.array(referralViewSchema), cursor: z.nullable(z.string()) })
  .apply(z.withMeta, { id: 'ReferralPage' });
const conflictPage = z
  .object({ items: z.array(referralConflictSchema), cursor: z.nullable(z.string()) })
  .apply(z.withMeta, { id: 'ReferralConflictPage' });

export const referralRoutes = router()
  .post(
    '/',
    operation({
      tags: ['referrals'],
      summary: 'Submit a referral (partners, advocates, staff)',
      responses: { 201: json(referralViewSchema, 'The referral, submitted.'), ...createResponses },
    }),
    input('header', idempotencyHeaders),
    input('json', submitReferralSchema),
    async (c) =>
      created(c, '/api/referrals', (options) => referrals.submit(serviceContext(c), c.req.valid('json'), options)),
  )
  .get(
    '/',
    operation({
      tags: ['referrals'],
      summary: 'List the referrals the caller may see, newest first',
      responses: { 200: json(referralPage, 'A page of referrals.'), ...problemResponses },
    }),
    input('query', listQuery),
    async (c) => {
      const { limit, cursor, ...filters } = c.req.valid('query');
      return c.json(await referrals.list(serviceContext(c), filters, { limit, cursor }), 200);
    },
  )
  .get(
    '/conflicts',
    operation({
      tags: ['referrals'],
      summary: 'Conflicts between referrals of one prospect (staff, leaders)',
      responses: { 200: json(conflictPage, 'A page of conflicts, newest first.'), ...problemResponses },
    }),
    input('query', z.object({ ...paginationQuery, open: booleanQuery })),
    async (c) => c.json(await referralConflicts.list(serviceContext(c), c.req.valid('query')), 200),
  )
  .get(
    '/conflicts/:id',
    operation({
      tags: ['referrals'],
      summary: 'One conflict (staff, leaders)',
      responses: { 200: json(referralConflictSchema, 'The conflict.'), ...problemResponses },
    }),
    input('param', idParams),
    async (c) => versioned(c, await referralConflicts.get(serviceContext(c), c.req.valid('param').id)),
  )
  .post(
    '/conflicts/:id/ruling',
    operation({
      tags: ['referrals'],
      summary: 'Rule on a conflict: uphold the first registration, or admit the second referral',
      responses: { 200: json(referralConflictSchema, 'The conflict, ruled on.'), ...changeResponses },
    }),
    input('param', idParams),
    input('header', ifMatchHeaders),
    input('json', conflictRulingSchema),
    async (c) =>
      changed(c, (version) =>
        referralConflicts.rule(serviceContext(c), c.req.valid('param').id, version, c.req.valid('json')),
      ),
  )
  .get(
    '/:id',
    operation({
      tags: ['referrals'],
      summary: 'A referral with its timeline',
      responses: { 200: json(referralDetailSchema, 'The referral.'), ...problemResponses },
    }),
    input('param', idParams),
    async (c) => versioned(c, await referrals.get(serviceContext(c), c.req.valid('param').id)),
  )
  .post(
    '/:id/transitions',
    operation({
      tags: ['referrals'],
      summary: 'Move a referral along its workflow (staff, leaders)',
      responses: { 200: json(referralViewSchema, 'The referral in its new status.'), ...changeResponses },
    }),
    input('param', idParams),
    input('header', ifMatchHeaders),
    input('json', transitionSchema),
    async (c) =>
      changed(c, (version) =>
        referrals.transition(serviceContext(c), c.req.valid('param').id, version, c.req.valid('json')),
      ),
  )
  .put(
    '/:id/owner',
    operation({
      tags: ['referrals'],
      summary: 'Assign the staff member who owns a referral (staff, leaders)',
      responses: { 200: json(referralViewSchema, 'The referral with its owner.'), ...changeResponses },
    }),
    input('param', idParams),
    input('header', ifMatchHeaders),
    input('json', assignOwnerSchema),
    async (c) =>
      changed(c, (version) =>
        referrals.assignOwner(serviceContext(c), c.req.valid('param').id, version, c.req.valid('json').userId),
      ),
  )
  .post(
    '/:id/notes',
    operation({
      tags: ['referrals'],
      summary: 'Add an internal note, never shown to the referrer (staff, leaders)',
      responses: { 201: json(noteOut, 'The note.'), ...problemResponses },
    }),
    input('param', idParams),
    input('json', internalNoteSchema),
    async (c) =>
      c.json(await referrals.addNote(serviceContext(c), c.req.valid('param').id, c.req.valid('json').text), 201),
  )
  .post(
    '/:id/erasure',
    operation({
      tags: ['referrals'],
      summary: 'Erase the referral’s contact details on request (leaders)',
      responses: { 200: json(referralViewSchema, 'The referral without personal data.'), ...changeResponses },
    }),
    input('param', idParams),
    input('header', ifMatchHeaders),
    async (c) => changed(c, (version) => referrals.eraseContact(serviceContext(c), c.req.valid('param').id, version)),
  );
