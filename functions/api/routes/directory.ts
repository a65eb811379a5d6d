import {
  createNamedSchema,
  createUserSchema,
  partnerSchema,
  teamSchema,
  updateNamedSchema,
  updateUserSchema,
  userSchema,
} from '#domain/directory/schemas.ts';
import * as z from '#lib/zod.ts';
import type { CreateOptions } from '#services/context.ts';
import { partners, teams, users } from '#services/directory.ts';
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
  paginationQuery,
  problemResponses,
  router,
  versioned,
} from '../http.ts';

const listQuery = z.object({
  ...paginationQuery,
  includeInactive: z.pipe(
    z.optional(z.enum(['true', 'false'])),
    z.transform((value) => value === 'true'),
  ),
});

function pageSchema<T extends z.ZodMiniType>(item: T, name: string) {
  return z.object({ items: z.array(item), cursor: z.nullable(z.string()) }).apply(z.withMeta, { id: name });
}

const teamOut = teamSchema.apply(z.withMeta, { id: 'Team' });
const partnerOut = partnerSchema.apply(z.withMeta, { id: 'Partner' });
const userOut = userSchema.apply(z.withMeta, { id: 'User' });

/**
 * What a generic router's validators produced. The route's own type still carries the concrete
 * schemas, so the typed client sees them; only inside the generic body are they opaque.
 */
function validated<T>(c: { req: { valid: (target: never) => unknown } }, target: 'json' | 'header' | 'param'): T {
  return c.req.valid(target as never) as T;
}

interface DirectoryService<T, C, U> {
  list(
    ctx: ReturnType<typeof serviceContext>,
    options: z.infer<typeof listQuery>,
  ): Promise<{ items: T[]; cursor: string | null }>;
  get(ctx: ReturnType<typeof serviceContext>, id: string): Promise<T>;
  create(ctx: ReturnType<typeof serviceContext>, input: C, options: CreateOptions): Promise<T>;
  update(ctx: ReturnType<typeof serviceContext>, id: string, version: number, change: U): Promise<T>;
}

/**
 * The four routes of a directory entity: list, read, create (leaders), change (leaders).
 * Teams, partner organisations and users differ only in their schemas and their service.
 */
function directoryRoutes<
  T extends { id: string; version: number },
  CS extends z.ZodMiniType,
  US extends z.ZodMiniType,
>(options: {
  readonly tag: string;
  readonly noun: string;
  readonly output: z.ZodMiniType<T>;
  readonly pageName: string;
  readonly createSchema: CS;
  readonly updateSchema: US;
  readonly service: DirectoryService<T, z.infer<CS>, z.infer<US>>;
}) {
  const { tag, noun, output, service } = options;
  return router()
    .get(
      '/',
      operation({
        tags: [tag],
        summary: `List ${tag}`,
        responses: {
          200: json(pageSchema(output, options.pageName), `A page of ${tag}, by name.`),
          ...problemResponses,
        },
      }),
      input('query', listQuery),
      async (c) => c.json(await service.list(serviceContext(c), c.req.valid('query')), 200),
    )
    .get(
      '/:id',
      operation({
        tags: [tag],
        summary: `Read a ${noun}`,
        responses: { 200: json(output, `The ${noun}.`), ...problemResponses },
      }),
      input('param', idParams),
      async (c) => versioned(c, await service.get(serviceContext(c), c.req.valid('param').id)),
    )
    .post(
      '/',
      operation({
        tags: [tag],
        summary: `Create a ${noun} (leaders)`,
        responses: { 201: json(output, `The new ${noun}.`), ...createResponses },
      }),
      input('header', idempotencyHeaders),
      input('json', options.createSchema),
      async (c) =>
        created(c, `/api/${tag}`, (options) =>
          service.create(serviceContext(c), validated<z.infer<CS>>(c, 'json'), options),
        ),
    )
    .patch(
      '/:id',
      operation({
        tags: [tag],
        summary: `Rename, deactivate or reactivate a ${noun} (leaders)`,
        responses: { 200: json(output, `The ${noun} as changed.`), ...changeResponses },
      }),
      input('param', idParams),
      input('header', ifMatchHeaders),
      input('json', options.updateSchema),
      async (c) =>
        changed(c, (version) =>
          service.update(
            serviceContext(c),
            validated<{ id: string }>(c, 'param').id,
            version,
            validated<z.infer<US>>(c, 'json'),
          ),
        ),
    );
}

export const teamRoutes = directoryRoutes({
  tag: 'teams',
  noun: 'team',
  output: teamOut,
  pageName: 'TeamPage',
  createSchema: createNamedSchema,
  updateSchema: updateNamedSchema,
  service: teams,
});

export const partnerRoutes = directoryRoutes({
  tag: 'partners',
  noun: 'partner organisation',
  output: partnerOut,
  pageName: 'PartnerPage',
  createSchema: createNamedSchema,
  updateSchema: updateNamedSchema,
  service: partners,
});

export const userRoutes = directoryRoutes({
  tag: 'users',
  noun: 'user',
  output: userOut,
  pageName: 'UserPage',
  createSchema: createUserSchema,
  updateSchema: updateUserSchema,
  service: users,
});
