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
  actOnRecord,
  booleanQuery,
  changeRecord,
  createRecord,
  idParams,
  input,
  json,
  listRecords,
  operation,
  pageSchema,
  paginationQuery,
  problemResponses,
  readRecord,
  router,
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

const referralPage = pageSchema(referralViewSchema, 'ReferralPage');
const conflictPage = pageSchema(referralConflictSchema, 'ReferralConflictPage');

const tags = ['referrals'];

export const referralRoutes = router()
  .post(
    '/',
    ...createRecord(
      {
        tags,
        summary: 'Submit a referral (partners, advocates, staff)',
        answer: json(referralViewSchema, 'The referral, submitted.'),
      },
      '/api/referrals',
      submitReferralSchema,
      referrals.submit,
    ),
  )
  .get(
    '/',
    ...listRecords(
      {
        tags,
        summary: 'List the referrals the caller may see, newest first',
        answer: json(referralPage, 'A page of referrals.'),
      },
      listQuery,
      (ctx, { limit, cursor, ...filters }) => referrals.list(ctx, filters, { limit, cursor }),
    ),
  )
  .get(
    '/conflicts',
    ...listRecords(
      {
        tags,
        summary: 'Conflicts between referrals of one prospect (staff, leaders)',
        answer: json(conflictPage, 'A page of conflicts, newest first.'),
      },
      z.object({ ...paginationQuery, open: booleanQuery }),
      referralConflicts.list,
    ),
  )
  .get(
    '/conflicts/:id',
    ...readRecord(
      {
        tags,
        summary: 'One conflict (staff, leaders)',
        answer: json(referralConflictSchema, 'The conflict.'),
      },
      referralConflicts.get,
    ),
  )
  .post(
    '/conflicts/:id/ruling',
    ...changeRecord(
      {
        tags,
        summary: 'Rule on a conflict: uphold the first registration, or admit the second referral',
        answer: json(referralConflictSchema, 'The conflict, ruled on.'),
      },
      conflictRulingSchema,
      referralConflicts.rule,
    ),
  )
  .get(
    '/:id',
    ...readRecord(
      {
        tags,
        summary: 'A referral with its timeline',
        answer: json(referralDetailSchema, 'The referral.'),
      },
      referrals.get,
    ),
  )
  .post(
    '/:id/transitions',
    ...changeRecord(
      {
        tags,
        summary: 'Move a referral along its workflow (staff, leaders)',
        answer: json(referralViewSchema, 'The referral in its new status.'),
      },
      transitionSchema,
      referrals.transition,
    ),
  )
  .put(
    '/:id/owner',
    ...changeRecord(
      {
        tags,
        summary: 'Assign the staff member who owns a referral (staff, leaders)',
        answer: json(referralViewSchema, 'The referral with its owner.'),
      },
      assignOwnerSchema,
      (ctx, id, version, { userId }) => referrals.assignOwner(ctx, id, version, userId),
    ),
  )
  .post(
    '/:id/notes',
    operation({
      tags,
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
    ...actOnRecord(
      {
        tags,
        summary: 'Erase the referral’s contact details on request (leaders)',
        answer: json(referralViewSchema, 'The referral without personal data.'),
      },
      referrals.eraseContact,
    ),
  );
