import { createRoute, z } from '@hono/zod-openapi';
import { roleSchema } from '#domain/identity/roles.ts';
import { json, problemResponses, router } from '../http.ts';

export const meSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: roleSchema,
    teamId: z.string().optional(),
    partnerId: z.string().optional(),
  })
  .openapi('Me');

export const meRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/',
    summary: 'The signed-in user',
    security: [{ Bearer: [] }],
    responses: { 200: json(meSchema, 'The caller’s profile.'), ...problemResponses },
  }),
  (c) => {
    const { userId, name, email, role, teamId, partnerId } = c.var.caller;
    return c.json(
      { id: userId, name, email, role, ...(teamId ? { teamId } : {}), ...(partnerId ? { partnerId } : {}) },
      200,
    );
  },
);
