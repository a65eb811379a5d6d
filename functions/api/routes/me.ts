import { roleSchema } from '#domain/identity/roles.ts';
import * as z from '#lib/zod.ts';
import { profile } from '#services/directory.ts';
import { serviceContext } from '../env.ts';
import { json, operation, problemResponses, router } from '../http.ts';

export const meSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: roleSchema,
    teamId: z.optional(z.string()),
    teamName: z.optional(z.string()),
    partnerId: z.optional(z.string()),
    partnerName: z.optional(z.string()),
  })
  .apply(z.withMeta, { id: 'Me' });

export const meRoutes = router().get(
  '/',
  operation({
    summary: 'The signed-in user',
    responses: { 200: json(meSchema, 'The caller’s profile.'), ...problemResponses },
  }),
  async (c) => c.json(await profile(serviceContext(c)), 200),
);
