import { createRoute } from '@hono/zod-openapi';
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

const listQuery = z.object({
  ...paginationQuery,
  includeInactive: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true'),
});

function pageSchema<T extends z.ZodType>(item: T, name: string) {
  return z.object({ items: z.array(item), cursor: z.string().nullable() }).openapi(name);
}

const teamOut = teamSchema.openapi('Team');
const partnerOut = partnerSchema.openapi('Partner');
const userOut = userSchema.openapi('User');

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
  CS extends z.ZodType,
  US extends z.ZodType,
>(options: {
  readonly tag: string;
  readonly noun: string;
  readonly output: z.ZodType<T>;
  readonly pageName: string;
  readonly createSchema: CS;
  readonly updateSchema: US;
  readonly service: DirectoryService<T, z.infer<CS>, z.infer<US>>;
}) {
  const { tag, noun, output, service } = options;
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags: [tag],
        summary: `List ${tag}`,
        security: [{ Bearer: [] }],
        request: { query: listQuery },
        responses: {
          200: json(pageSchema(output, options.pageName), `A page of ${tag}, by name.`),
          ...problemResponses,
        },
      }),
      async (c) => c.json(await service.list(serviceContext(c), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}',
        tags: [tag],
        summary: `Read a ${noun}`,
        security: [{ Bearer: [] }],
        request: { params: idParams },
        responses: { 200: json(output, `The ${noun}.`), ...problemResponses },
      }),
      async (c) => {
        const record = await service.get(serviceContext(c), c.req.valid('param').id);
        return c.json(record, 200, { ETag: etag(record.version) });
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags: [tag],
        summary: `Create a ${noun} (leaders)`,
        security: [{ Bearer: [] }],
        request: { headers: idempotencyHeaders, ...jsonBody(options.createSchema) },
        responses: { 201: json(output, `The new ${noun}.`), ...createResponses },
      }),
      async (c) => {
        const record = await service.create(serviceContext(c), validated<z.infer<CS>>(c, 'json'), {
          idempotency: idempotencyAt(c, `/api/${tag}`),
        });
        return c.json(record, 201, { ETag: etag(record.version), Location: `/api/${tag}/${record.id}` });
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/{id}',
        tags: [tag],
        summary: `Rename, deactivate or reactivate a ${noun} (leaders)`,
        security: [{ Bearer: [] }],
        request: { params: idParams, headers: ifMatchHeaders, ...jsonBody(options.updateSchema) },
        responses: { 200: json(output, `The ${noun} as changed.`), ...changeResponses },
      }),
      async (c) => {
        const version = versionFromIfMatch(validated<{ 'if-match'?: string }>(c, 'header')['if-match']);
        const record = await service.update(
          serviceContext(c),
          validated<{ id: string }>(c, 'param').id,
          version,
          validated<z.infer<US>>(c, 'json'),
        );
        return c.json(record, 200, { ETag: etag(record.version) });
      },
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
