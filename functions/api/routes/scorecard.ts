import { createRoute } from '@hono/zod-openapi';
import { scorecardQuerySchema, scorecardSchema } from '#domain/scorecard/schemas.ts';
import { scorecard } from '#services/scorecard.ts';
import { serviceContext } from '../env.ts';
import { json, problemResponses, router } from '../http.ts';

export const scorecardRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags: ['scorecard'],
    summary: 'The total customer scorecard (leaders)',
    description:
      'The three pillars (external, internal, partners and advocates), each 0–100 with its band and weekly trend, ' +
      'their figures (stable dotted ids), and the Total Customer Index. Reads a fixed number of aggregate items.',
    security: [{ Bearer: [] }],
    request: { query: scorecardQuerySchema },
    responses: { 200: json(scorecardSchema, 'The scorecard.'), ...problemResponses },
  }),
  async (c) => c.json(await scorecard.get(serviceContext(c), c.req.valid('query').weeks), 200),
);
