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
import type { CreateOptions, ServiceContext } from '#services/context.ts';
import { partners, teams, users } from '#services/directory.ts';
import {
  changeRecord,
  createRecord,
  json,
  listRecords,
  pageSchema,
  paginationQuery,
  readRecord,
  router,
  type Validated,
} from '../http.ts';

const listQuery = z.object({
  ...paginationQuery,
  includeInactive: z.pipe(
    z.optional(z.enum(['true', 'false'])),
    z.transform((value) => value === 'true'),
  ),
});

const teamOut = teamSchema.apply(z.withMeta, { id: 'Team' });
const partnerOut = partnerSchema.apply(z.withMeta, { id: 'Partner' });
const userOut = userSchema.apply(z.withMeta, { id: 'User' });

interface DirectoryService<T, C, U> {
  list(ctx: ServiceContext, options: z.infer<typeof listQuery>): Promise<{ items: T[]; cursor: string | null }>;
  get(ctx: ServiceContext, id: string): Promise<T>;
  create(ctx: ServiceContext, input: C, options: CreateOptions): Promise<T>;
  update(ctx: ServiceContext, id: string, version: number, change: U): Promise<T>;
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
  readonly service: DirectoryService<T, Validated<CS>, Validated<US>>;
}) {
  const { tag, noun, output, service } = options;
  return router()
    .get(
      '/',
      ...listRecords(
        {
          tags: [tag],
          summary: `List ${tag}`,
          answer: json(pageSchema(output, options.pageName), `A page of ${tag}, by name.`),
        },
        listQuery,
        service.list,
      ),
    )
    .get(
      '/:id',
      ...readRecord({ tags: [tag], summary: `Read a ${noun}`, answer: json(output, `The ${noun}.`) }, service.get),
    )
    .post(
      '/',
      ...createRecord(
        { tags: [tag], summary: `Create a ${noun} (leaders)`, answer: json(output, `The new ${noun}.`) },
        `/api/${tag}`,
        options.createSchema,
        service.create,
      ),
    )
    .patch(
      '/:id',
      ...changeRecord(
        {
          tags: [tag],
          summary: `Rename, deactivate or reactivate a ${noun} (leaders)`,
          answer: json(output, `The ${noun} as changed.`),
        },
        options.updateSchema,
        service.update,
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
