import { createRoute } from '@hono/zod-openapi';
import * as z from '#lib/zod.ts';
import { json, router } from '../http.ts';

export const healthRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/',
    summary: 'Liveness: the only route without a token',
    responses: { 200: json(z.object({ status: z.literal('ok') }).openapi('Health'), 'The API is up.') },
  }),
  (c) => c.json({ status: 'ok' as const }, 200),
);
