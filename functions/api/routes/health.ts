import * as z from '#lib/zod.ts';
import { json, operation, router } from '../http.ts';

export const healthRoutes = router().get(
  '/',
  operation({
    summary: 'Liveness: the only route without a token',
    responses: {
      200: json(z.object({ status: z.literal('ok') }).apply(z.withMeta, { id: 'Health' }), 'The API is up.'),
    },
  }),
  (c) => c.json({ status: 'ok' as const }, 200),
);
