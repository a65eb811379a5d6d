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
  changed,
  changeResponses,
  created,
  createResponses,
  etag,
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

const handoffPage = z
  .object({ items: z.array(handoffViewSchema), cursor: z.nullable(z.string()) })
  .apply(z.withMeta, { id: 'HandoffPage' });

/** `If-Match` is optional on a rating: a second one is refused whatever version it names. */
const optionalIfMatch = (header: string | undefined) =>
  header === undefined || header.trim() === '' ? undefined : versionFromIfMatch(header);

export const handoffRoutes = router()
  .post(
    '/',
    operation({
      tags: ['handoffs'],
      summary: 'Hand work from the caller’s team to another team (staff)',
      responses: { 201: json(handoffViewSchema, 'The handoff, sent.'), ...createResponses },
    }),
    input('header', idempotencyHeaders),
    input('json', createHandoffSchema),
    async (c) =>
      created(c, '/api/handoffs', (options) => handoffs.send(serviceContext(c), c.req.valid('json'), options)),
  )
  .get(
    '/',
    operation({
      tags: ['handoffs'],
      summary: 'A team’s inbox or outbox (staff: their own team; leaders: any team, or all)',
      responses: { 200: json(handoffPage, 'A page of handoffs.'), ...problemResponses },
    }),
    input('query', listQuery),
    async (c) => {
      const { limit, cursor, ...query } = c.req.valid('query');
      return c.json(await handoffs.list(serviceContext(c), query, { limit, cursor }), 200);
    },
  )
  .get(
    '/:id',
    operation({
      tags: ['handoffs'],
      summary: 'A handoff with its timeline (the two teams and leaders)',
      responses: { 200: json(handoffDetailSchema, 'The handoff.'), ...problemResponses },
    }),
    input('param', idParams),
    async (c) => versioned(c, await handoffs.get(serviceContext(c), c.req.valid('param').id)),
  )
  .post(
    '/:id/transitions',
    operation({
      tags: ['handoffs'],
      summary: 'Acknowledge, accept, return, complete (receiving team) or resubmit (sending team) a handoff',
      responses: { 200: json(handoffViewSchema, 'The handoff in its new status.'), ...changeResponses },
    }),
    input('param', idParams),
    input('header', ifMatchHeaders),
    input('json', handoffTransitionSchema),
    async (c) =>
      changed(c, (version) =>
        handoffs.transition(serviceContext(c), c.req.valid('param').id, version, c.req.valid('json')),
      ),
  )
  .post(
    '/:id/rating',
    operation({
      tags: ['handoffs'],
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
