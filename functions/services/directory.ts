import { ulid } from 'ulid';
import { partnerRepository, teamRepository, userRepository } from '#data/directory-repository.ts';
import { staleVersion } from '#data/errors.ts';
import { localIdentityAccounts } from '#data/identity-accounts.ts';
import type { Page } from '#data/pagination.ts';
import type {
  createNamedSchema,
  createUserSchema,
  Partner,
  Team,
  User,
  updateNamedSchema,
  updateUserSchema,
} from '#domain/directory/schemas.ts';
import { membershipIssues, newUser } from '#domain/directory/schemas.ts';
import { ValidationError } from '#domain/errors.ts';
import { assertCan } from '#domain/identity/authorization.ts';
import type * as z from '#lib/zod.ts';
import type { CreateOptions, ListOptions, ServiceContext } from './context.ts';

type CreateNamed = z.infer<typeof createNamedSchema>;
type UpdateNamed = z.infer<typeof updateNamedSchema>;

function eventTypeOf(
  entity: string,
  before: { active: boolean; name: string },
  change: UpdateNamed | z.infer<typeof updateUserSchema>,
): string {
  if (change.active === false && before.active) return `${entity}.deactivated`;
  if (change.active === true && !before.active) return `${entity}.reactivated`;
  if (change.name !== undefined && change.name !== before.name) return `${entity}.renamed`;
  return `${entity}.updated`;
}

/** A responsible leader must be an active leader: anyone else would never hear of the warnings. */
async function assertLeader(ctx: ServiceContext, leaderId: string | null | undefined): Promise<void> {
  if (!leaderId) return;
  const user = await userRepository.get(ctx.db, leaderId);
  if (!user?.active || user.role !== 'leader') {
    throw new ValidationError([{ path: 'leaderId', message: 'No such active leader.' }]);
  }
}

function namedService<T extends Team | Partner>(entity: 'team' | 'partner', repository: typeof teamRepository) {
  return {
    async list(ctx: ServiceContext, options: ListOptions & { includeInactive: boolean }): Promise<Page<T>> {
      assertCan(ctx.caller, entity === 'team' ? 'teams.list' : 'directory.read');
      // Only leaders look at what has been deactivated.
      const includeInactive = options.includeInactive && ctx.caller.role === 'leader';
      return (await repository.list(ctx.db, { ...options, includeInactive })) as Page<T>;
    },
    async get(ctx: ServiceContext, id: string): Promise<T> {
      assertCan(ctx.caller, entity === 'team' ? 'teams.list' : 'directory.read');
      return (await repository.require(ctx.db, id)) as T;
    },
    async create(ctx: ServiceContext, input: CreateNamed, options: CreateOptions = {}): Promise<T> {
      assertCan(ctx.caller, 'directory.manage');
      await assertLeader(ctx, input.leaderId);
      const now = ctx.now().toISOString();
      const record = {
        id: ulid(),
        name: input.name,
        ...(input.leaderId ? { leaderId: input.leaderId } : {}),
        active: true,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      return (await repository.create(ctx.db, record, ctx.caller.userId, options.idempotency)) as T;
    },
    async update(ctx: ServiceContext, id: string, expectedVersion: number, change: UpdateNamed): Promise<T> {
      assertCan(ctx.caller, 'directory.manage');
      const before = await repository.require(ctx.db, id);
      if (before.version !== expectedVersion) throw staleVersion(entity);
      await assertLeader(ctx, change.leaderId);
      const { leaderId, ...rest } = before;
      const kept = change.leaderId === undefined ? leaderId : change.leaderId;
      const after = {
        ...rest,
        ...(kept ? { leaderId: kept } : {}),
        ...(change.name === undefined ? {} : { name: change.name }),
        ...(change.active === undefined ? {} : { active: change.active }),
        version: before.version + 1,
        updatedAt: ctx.now().toISOString(),
      };
      return (await repository.replace(
        ctx.db,
        before,
        after,
        ctx.caller.userId,
        eventTypeOf(entity, before, change),
      )) as T;
    },
  };
}

export const teams = namedService<Team>('team', teamRepository);
export const partners = namedService<Partner>('partner', partnerRepository as typeof teamRepository);

async function assertMemberships(
  ctx: ServiceContext,
  user: { teamId?: string | undefined; partnerId?: string | undefined },
) {
  if (user.teamId) {
    const team = await teamRepository.get(ctx.db, user.teamId);
    if (!team?.active) throw new ValidationError([{ path: 'teamId', message: 'No such active team.' }]);
  }
  if (user.partnerId) {
    const partner = await partnerRepository.get(ctx.db, user.partnerId);
    if (!partner?.active)
      throw new ValidationError([{ path: 'partnerId', message: 'No such active partner organisation.' }]);
  }
}

export const users = {
  async list(ctx: ServiceContext, options: ListOptions & { includeInactive: boolean }): Promise<Page<User>> {
    assertCan(ctx.caller, 'directory.read');
    const includeInactive = options.includeInactive && ctx.caller.role === 'leader';
    return userRepository.list(ctx.db, { ...options, includeInactive });
  },
  async get(ctx: ServiceContext, id: string): Promise<User> {
    assertCan(ctx.caller, 'directory.read');
    return userRepository.require(ctx.db, id);
  },
  async create(
    ctx: ServiceContext,
    input: z.infer<typeof createUserSchema>,
    options: CreateOptions = {},
  ): Promise<User> {
    assertCan(ctx.caller, 'directory.manage');
    await assertMemberships(ctx, input);
    const accounts = ctx.accounts ?? localIdentityAccounts;
    const id = await accounts.create({ email: input.email, name: input.name, role: input.role });
    const record = newUser(id, input, ctx.now().toISOString());
    return userRepository.create(ctx.db, record, ctx.caller.userId, options.idempotency);
  },
  async update(
    ctx: ServiceContext,
    id: string,
    expectedVersion: number,
    change: z.infer<typeof updateUserSchema>,
  ): Promise<User> {
    assertCan(ctx.caller, 'directory.manage');
    const before = await userRepository.require(ctx.db, id);
    if (before.version !== expectedVersion) throw staleVersion('user');
    if (id === ctx.caller.userId && change.active === false) {
      throw new ValidationError([{ path: 'active', message: 'You cannot deactivate yourself.' }]);
    }
    const { teamId, partnerId, ...rest } = before;
    const after: User = {
      ...rest,
      ...(change.name === undefined ? {} : { name: change.name }),
      ...(change.active === undefined ? {} : { active: change.active }),
      ...((change.teamId === undefined ? teamId : change.teamId)
        ? { teamId: (change.teamId ?? teamId) as string }
        : {}),
      ...((change.partnerId === undefined ? partnerId : change.partnerId)
        ? { partnerId: (change.partnerId ?? partnerId) as string }
        : {}),
      version: before.version + 1,
      updatedAt: ctx.now().toISOString(),
    };
    const issues = membershipIssues(after);
    if (issues.length > 0) throw new ValidationError(issues);
    await assertMemberships(ctx, {
      teamId: change.teamId ?? undefined,
      partnerId: change.partnerId ?? undefined,
    });
    if (change.active !== undefined && change.active !== before.active) {
      await (ctx.accounts ?? localIdentityAccounts).setEnabled(before, change.active);
    }
    return userRepository.replace(ctx.db, before, after, ctx.caller.userId, eventTypeOf('user', before, change));
  },
};

/** The caller's own profile, with the names of their team and partner organisation. */
export async function profile(ctx: ServiceContext) {
  const { caller, db } = ctx;
  const [team, partner] = await Promise.all([
    caller.teamId ? teamRepository.get(db, caller.teamId) : undefined,
    caller.partnerId ? partnerRepository.get(db, caller.partnerId) : undefined,
  ]);
  return {
    id: caller.userId,
    name: caller.name,
    email: caller.email,
    role: caller.role,
    ...(caller.teamId ? { teamId: caller.teamId, ...(team ? { teamName: team.name } : {}) } : {}),
    ...(caller.partnerId ? { partnerId: caller.partnerId, ...(partner ? { partnerName: partner.name } : {}) } : {}),
  };
}
