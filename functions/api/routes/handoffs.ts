import { createRoute } from '@hono/zod-openapi';
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

export const listQuery = z.object({
  ...paginationQuery,
  box: z.enum(['inbox', 'outbox']).default('inbox').openapi({
    description: 'The team’s received handoffs (overdue first) or the ones it sent (newest first).',
  }),
  teamId: idSchema.optional().openapi({
    description: 'Leaders: whose inbox or outbox; without it, every handoff, newest first. Staff: their own team.',
  }),
  status: handoffStatusSchema.optional(),
  overdue: booleanQuery,
});

const handoffDetailSchema = handoffViewSchema
  .extend({ timeline: z.array(timelineEventSchema) })
  .openapi('HandoffDetail');

const handoffPage = z
  .object({ items: z.array(handoffViewSchema), cursor: z.string().nullable() })
  .openapi('HandoffPage');

/** `If-Match` is optional on a rating: a second one is refused whatever version it names. */
const optionalIfMatch = (header: string | undefined) =>
  header === undefined || header.trim() === '' ? undefined : versionFromIfMatch(header);

export const handoffRoutes = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags: ['handoffs'],
      summary: 'Hand work from the caller’s team to another team (staff)',
      security: [{ Bearer: [] }],
      request: { headers: idempotencyHeaders, ...jsonBody(createHandoffSchema) },
      responses: { 201: json(handoffViewSchema, 'The handoff, sent.'), ...createResponses },
    }),
    async (c) => {
      const handoff = await handoffs.send(serviceContext(c), c.req.valid('json'), {
        idempotency: idempotencyAt(c, '/api/handoffs'),
      });
      return c.json(handoff, 201, { ETag: etag(handoff.version), Location: `/api/handoffs/${handoff.id}` });
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['handoffs'],
      summary: 'A team’s inbox or outbox (staff: their own team; leaders: any team, or all)',
      security: [{ Bearer: [] }],
      request: { query: listQuery },
      responses: { 200: json(handoffPage, 'A page of handoffs.'), ...problemResponses },
    }),
    async (c) => {
      const { limit, cursor, ...query } = c.req.valid('query');
      return c.json(await handoffs.list(serviceContext(c), query, { limit, cursor }), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags: ['handoffs'],
      summary: 'A handoff with its timeline (the two teams and leaders)',
      security: [{ Bearer: [] }],
      request: { params: idParams },
      responses: { 200: json(handoffDetailSchema, 'The handoff.'), ...problemResponses },
    }),
    async (c) => {
      const handoff = await handoffs.get(serviceContext(c), c.req.valid('param').id);
      return c.json(handoff, 200, { ETag: etag(handoff.version) });
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/transitions',
      tags: ['handoffs'],
      summary: 'Acknowledge, accept, return, complete (receiving team) or resubmit (sending team) a handoff',
      security: [{ Bearer: [] }],
      request: { params: idParams, headers: ifMatchHeaders, ...jsonBody(handoffTransitionSchema) },
      responses: { 200: json(handoffViewSchema, 'The handoff in its new status.'), ...changeResponses },
    }),
    async (c) => {
      const version = versionFromIfMatch(c.req.valid('header')['if-match']);
      const handoff = await handoffs.transition(
        serviceContext(c),
        c.req.valid('param').id,
        version,
        c.req.valid('json'),
      );
      return c.json(handoff, 200, { ETag: etag(handoff.version) });
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/rating',
      tags: ['handoffs'],
      summary: 'Rate a completed handoff 1–5, once (receiving team)',
      security: [{ Bearer: [] }],
      request: { params: idParams, headers: ifMatchHeaders, ...jsonBody(handoffRatingSchema) },
      responses: { 201: json(handoffViewSchema, 'The handoff with its rating.'), ...changeResponses },
    }),
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
