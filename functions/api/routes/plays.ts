import { createRoute } from '@hono/zod-openapi';
import {
  closePlaySchema,
  createPlaySchema,
  playListQuerySchema,
  playSchema,
  updatePlaySchema,
} from '#domain/plays/schemas.ts';
import * as z from '#lib/zod.ts';
import { plays } from '#services/plays.ts';
import { serviceContext } from '../env.ts';
import {
  changeResponses,
  createResponses,
  etag,
  idempotencyAt,
  idempotencyHeaders,
  idParams,
  ifMatchHeaders,
  json,
  jsonBody,
  problemResponses,
  router,
  versionFromIfMatch,
} from '../http.ts';

const playPage = z.object({ items: z.array(playSchema), cursor: z.string().nullable() }).openapi('PlayPage');
const security = [{ Bearer: [] }];
const tags = ['plays'];

/** Plays: follow-ups leaders make from the scorecard's movers, worked and closed by their owners. */
export const playRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: 'List plays of a status, soonest due first (leaders: all or their own; staff: their own)',
      security,
      request: { query: playListQuerySchema },
      responses: { 200: json(playPage, 'A page of plays.'), ...problemResponses },
    }),
    async (c) => c.json(await plays.list(serviceContext(c), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      summary: 'Make a play of a scorecard mover: an owner, a due date, a title (leaders)',
      description:
        'The figure and dimension are a mover’s (or any figure’s dimension on the scorecard); the play keeps ' +
        'the values the scorecard shows now over `weeks`, and links to the records behind them.',
      security,
      request: { headers: idempotencyHeaders, ...jsonBody(createPlaySchema) },
      responses: { 201: json(playSchema, 'The play.'), ...createResponses },
    }),
    async (c) => {
      const created = await plays.create(serviceContext(c), c.req.valid('json'), {
        idempotency: idempotencyAt(c, '/api/plays'),
      });
      return c.json(created, 201, { ETag: etag(created.version), Location: `/api/plays/${created.id}` });
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      summary: 'Read a play (leaders; staff their own)',
      security,
      request: { params: idParams },
      responses: { 200: json(playSchema, 'The play.'), ...problemResponses },
    }),
    async (c) => {
      const play = await plays.get(serviceContext(c), c.req.valid('param').id);
      return c.json(play, 200, { ETag: etag(play.version) });
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      tags,
      summary: 'Reassign, re-date or retitle an open play (leaders)',
      security,
      request: { params: idParams, headers: ifMatchHeaders, ...jsonBody(updatePlaySchema) },
      responses: { 200: json(playSchema, 'The play as changed.'), ...changeResponses },
    }),
    async (c) => {
      const version = versionFromIfMatch(c.req.valid('header')['if-match']);
      const play = await plays.update(serviceContext(c), c.req.valid('param').id, version, c.req.valid('json'));
      return c.json(play, 200, { ETag: etag(play.version) });
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/close',
      tags,
      summary: 'Close a play with a note of what was done (its owner, or leaders)',
      security,
      request: { params: idParams, headers: ifMatchHeaders, ...jsonBody(closePlaySchema) },
      responses: { 200: json(playSchema, 'The play, closed.'), ...changeResponses },
    }),
    async (c) => {
      const version = versionFromIfMatch(c.req.valid('header')['if-match']);
      const play = await plays.close(serviceContext(c), c.req.valid('param').id, version, c.req.valid('json'));
      return c.json(play, 200, { ETag: etag(play.version) });
    },
  );
