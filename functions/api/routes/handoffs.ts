import { idSchema } from '#domain/directory/schemas.ts';
import { createHandoffSchema, handoffRatingSchema, handoffTransitionSchema } from '#domain/handoffs/schemas.ts';
import { handoffViewSchema } from '#domain/handoffs/views.ts';
import { handoffStatusSchema } from '#domain/handoffs/workflow.ts';
import { timelineEventSchema } from '#domain/timeline/event.ts';
import * as z from '#lib/zod.ts';
import { handoffs } from '#services/handoffs.ts';
import { serviceContext } from '../env.ts';
import {
  booleanQuery,
  changeRecord,
  changeResponses,
  createRecord,
  etag,
  idParams,
  ifMatchHeaders,
  input,
  json,
  listRecords,
  operation,
  pageSchema,
  paginationQuery,
  readRecord,
  router,
  versionFromIfMatch,
} from '../http.ts';

export const listQuery = z.object({
  ...paginationQuery,
  box: z._default(z.enum(['inbox', 'outbox']), 'inbox').apply(z.withMeta, {
    description: 'The team’s received handoffs (overdue first) or the ones it sent (newest first).',
  }),
  teamId: z.optional(idSchema).apply(z.withMeta, {
    description: 'Leaders: whose inbox or outbox; without it, every handoff, newest first. Staff: their own team.',
  }),
  status: z.optional(handoffStatusSchema),
  overdue: booleanQuery,
});

const handoffDetailSchema = z
  .extend(handoffViewSchema, { timeline: z.array(timelineEventSchema) })
  .apply(z.withMeta, { id: 'HandoffDetail' });

const handoffPage = pageSchema(handoffViewSchema, 'HandoffPage');

/** `If-Match` is optional on a rating: a second one is refused whatever version it names. */
const optionalIfMatch = (header: string | undefined) =>
  header === undefined || header.trim() === '' ? undefined : versionFromIfMatch(header);

const tags = ['handoffs'];

export const handoffRoutes = router()
  .post(
    '/',
    ...createRecord(
      {
        tags,
        summary: 'Hand work from the caller’s team to another team (staff)',
        answer: json(handoffViewSchema, 'The handoff, sent.'),
      },
      '/api/handoffs',
      createHandoffSchema,
      handoffs.send,
    ),
  )
  .get(
    '/',
    ...listRecords(
      {
        tags,
        summary: 'A team’s inbox or outbox (staff: their own team; leaders: any team, or all)',
        answer: json(handoffPage, 'A page of handoffs.'),
      },
      listQuery,
      (ctx, { limit, cursor, ...query }) => handoffs.list(ctx, query, { limit, cursor }),
    ),
  )
  .get(
    '/:id',
    ...readRecord(
      {
        tags,
        summary: 'A handoff with its timeline (the two teams and leaders)',
        answer: json(handoffDetailSchema, 'The handoff.'),
      },
      handoffs.get,
    ),
  )
  .post(
    '/:id/transitions',
    ...changeRecord(
      {
        tags,
        summary: 'Acknowledge, accept, return, complete (receiving team) or resubmit (sending team) a handoff',
        answer: json(handoffViewSchema, 'The handoff in its new status.'),
      },
      handoffTransitionSchema,
      handoffs.transition,
    ),
  )
  .post(
    '/:id/rating',
    operation({
      tags,
      summary: 'Rate a completed handoff 1–5, once (receiving team)',
      responses: { 201: json(handoffViewSchema, 'The handoff with its rating.'), ...changeResponses },
    }),
    input('param', idParams),
    input('header', ifMatchHeaders),
    input('json', handoffRatingSchema),
    async (c) => {
      const handoff = await handoffs.rate(
        serviceContext(c),
        c.req.valid('param').id,
        c.req.valid('json'),
        optionalIfMatch(c.req.valid('header')['if-match']),
      );
      return c.json(handoff, 201, { ETag: etag(handoff.version), Location: `/api/handoffs/${handoff.id}` });
    },
  );
