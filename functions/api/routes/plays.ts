import { closePlaySchema, createPlaySchema, playListQuerySchema, updatePlaySchema } from '#domain/plays/schemas.ts';
import { playViewSchema } from '#domain/plays/views.ts';
import * as z from '#lib/zod.ts';
import { plays } from '#services/plays.ts';
import { serviceContext } from '../env.ts';
import {
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
  problemResponses,
  router,
  versioned,
} from '../http.ts';

const playPage = z
  .object({ items: z.array(playViewSchema), cursor: z.nullable(z.string()) })
  .apply(z.withMeta, { id: 'PlayPage' });
const _security = [{ Bearer: [] }];
const tags = ['plays'];

/** Plays: follow-ups leaders make from the scorecard's movers, worked and closed by their owners. */
export const playRoutes = router()
  .get(
    '/',
    operation({
      tags,
      summary: 'List plays of a status, soonest due first (leaders: all or their own; staff: their own)',
      responses: { 200: json(playPage, 'A page of plays.'), ...problemResponses },
    }),
    input('query', playListQuerySchema),
    async (c) => c.json(await plays.list(serviceContext(c), c.req.valid('query')), 200),
  )
  .post(
    '/',
    operation({
      tags,
      summary: 'Make a play of a scorecard mover: an owner, a due date, a title (leaders)',
      description:
        'The figure and dimension are a mover’s (or any figure’s dimension on the scorecard); the play keeps ' +
        'the values the scorecard shows now over `weeks`, and links to the records behind them.',
      responses: { 201: json(playViewSchema, 'The play.'), ...createResponses },
    }),
    input('header', idempotencyHeaders),
    input('json', createPlaySchema),
    async (c) => created(c, '/api/plays', (options) => plays.create(serviceContext(c), c.req.valid('json'), options)),
  )
  .get(
    '/:id',
    operation({
      tags,
      summary: 'Read a play (leaders; staff their own)',
      responses: { 200: json(playViewSchema, 'The play.'), ...problemResponses },
    }),
    input('param', idParams),
    async (c) => versioned(c, await plays.get(serviceContext(c), c.req.valid('param').id)),
  )
  .patch(
    '/:id',
    operation({
      tags,
      summary: 'Reassign, re-date or retitle an open play (leaders)',
      responses: { 200: json(playViewSchema, 'The play as changed.'), ...changeResponses },
    }),
    input('param', idParams),
    input('header', ifMatchHeaders),
    input('json', updatePlaySchema),
    async (c) =>
      changed(c, (version) => plays.update(serviceContext(c), c.req.valid('param').id, version, c.req.valid('json'))),
  )
  .post(
    '/:id/close',
    operation({
      tags,
      summary: 'Close a play with a note of what was done (its owner, or leaders)',
      responses: { 200: json(playViewSchema, 'The play, closed.'), ...changeResponses },
    }),
    input('param', idParams),
    input('header', ifMatchHeaders),
    input('json', closePlaySchema),
    async (c) =>
      changed(c, (version) => plays.close(serviceContext(c), c.req.valid('param').id, version, c.req.valid('json'))),
  );
