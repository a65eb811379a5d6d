import { ulid } from 'ulid';
import { partnerRepository, teamRepository, userRepository } from '#data/directory-repository.ts';
import { listConflictsOfReferral } from '#data/referral-repository.ts';
import { getSettings } from '#data/settings-repository.ts';
import { callerOf, type User } from '#domain/directory/schemas.ts';
import type { ReferralConflict } from '#domain/referrals/schemas.ts';
import type { ReferralView } from '#domain/referrals/views.ts';
import type { ServiceContext } from '#services/context.ts';
import { users as userService } from '#services/directory.ts';
import { ProspectRegisteredError, referrals } from '#services/referrals.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { aSubmission } from '#test/referral-fixtures.ts';
import {
  actingAs,
  counterparts,
  type MatrixRole,
  type RecordKind,
  type Relation,
  type RouteKey,
  type UserKey,
} from './authorization-matrix.ts';

/** A record a request names: its id, the version `If-Match` must quote, and its name if it has one. */
export interface RecordRef {
  readonly id: string;
  readonly version: number;
  readonly name?: string;
}

/**
 * The test app with the seeded organisation, one more sales colleague (so that "same team"
 * exists), and the means to make a record in any relation to any caller.
 */
export interface World {
  readonly t: TestApp;
  readonly users: Record<UserKey, User>;
  /** The user who calls in a role; none for anonymous. */
  caller(role: MatrixRole): User | undefined;
  /** A fresh referral submitted by the user. */
  referralBy(key: UserKey): Promise<ReferralView>;
  /** A fresh open conflict whose refused submission is the user's. */
  conflictBy(key: UserKey): Promise<ReferralConflict>;
  /** The record of a kind that stands in the relation to the role's caller, as it is now. */
  recordFor(kind: RecordKind, role: MatrixRole, relation: Relation): Promise<RecordRef>;
}

export async function createWorld(): Promise<World> {
  const t = await createTestApp();
  const ctxOf = (user: User): ServiceContext => ({ db: t.db, caller: callerOf(user), now: () => new Date() });
  const salesColleague = await userService.create(ctxOf(t.org.users.leader), {
    name: 'Sam Sales',
    email: `sam.sales.${ulid().toLowerCase()}@example.test`,
    role: 'staff',
    teamId: t.org.teams.sales.id,
  });
  const users: Record<UserKey, User> = { ...t.org.users, salesColleague };

  const referralBy = (key: UserKey) => referrals.submit(ctxOf(users[key]), aSubmission());

  const conflictBy = async (key: UserKey) => {
    const holder = await referralBy('leader');
    const refusal = await referrals.submit(ctxOf(users[key]), aSubmission({ company: holder.company })).then(
      () => undefined,
      (error: unknown) => error,
    );
    if (!(refusal instanceof ProspectRegisteredError)) {
      throw new Error(`A second submission of one prospect was not refused as a conflict: ${String(refusal)}`);
    }
    const [conflict] = await listConflictsOfReferral(t.db, holder.id);
    if (!conflict) throw new Error('No conflict was recorded.');
    return conflict;
  };

  const recordFor = async (kind: RecordKind, role: MatrixRole, relation: Relation): Promise<RecordRef> => {
    // Anonymous callers are refused before any record is read: any record will do.
    const as = role === 'anonymous' ? 'leader' : role;
    const counterpart = counterparts[kind][as][relation];
    if (!counterpart) throw new Error(`A ${as} has no ${relation} ${kind}`);
    switch (kind) {
      case 'referral': {
        const referral = await referralBy(counterpart as UserKey);
        return { id: referral.id, version: referral.version };
      }
      case 'conflict': {
        const conflict = await conflictBy(counterpart as UserKey);
        return { id: conflict.id, version: conflict.version };
      }
      case 'team':
        return teamRepository.require(t.db, t.org.teams[counterpart as 'sales' | 'support'].id);
      case 'partner':
        return partnerRepository.require(t.db, t.org.partners[counterpart as 'northwind' | 'bluewave'].id);
      case 'user':
        return userRepository.require(t.db, users[counterpart as UserKey].id);
    }
  };

  return {
    t,
    users,
    caller: (role) => (role === 'anonymous' ? undefined : users[actingAs[role]]),
    referralBy,
    conflictBy,
    recordFor,
  };
}

/** A request as `TestApp.request` takes it, without the caller. */
export interface ValidRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly headers: Record<string, string>;
}

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

function need(record: RecordRef | undefined): RecordRef {
  if (!record) throw new Error('This route names a record.');
  return record;
}

/**
 * A request to each route that an authorized caller would have answered with success: the
 * authorization matrix varies only the caller, the fuzzer breaks it one way or several.
 * Keyed by the matrix's routes, so a route added there must be added here.
 */
export const validRequests: Record<
  RouteKey,
  (world: World, record: RecordRef | undefined) => ValidRequest | Promise<ValidRequest>
> = {
  'GET /api/health': () => ({ method: 'GET', path: '/api/health', headers: {} }),
  'GET /api/me': () => ({ method: 'GET', path: '/api/me', headers: {} }),

  'GET /api/teams': () => ({ method: 'GET', path: '/api/teams?limit=100', headers: {} }),
  'GET /api/teams/:id': (_w, record) => ({ method: 'GET', path: `/api/teams/${need(record).id}`, headers: {} }),
  'POST /api/teams': () => ({ method: 'POST', path: '/api/teams', body: { name: `Team ${ulid()}` }, headers: {} }),
  'PATCH /api/teams/:id': (_w, record) => ({
    method: 'PATCH',
    path: `/api/teams/${need(record).id}`,
    body: { name: need(record).name },
    headers: ifMatch(need(record).version),
  }),

  'GET /api/partners': () => ({ method: 'GET', path: '/api/partners?limit=100', headers: {} }),
  'GET /api/partners/:id': (_w, record) => ({
    method: 'GET',
    path: `/api/partners/${need(record).id}`,
    headers: {},
  }),
  'POST /api/partners': () => ({
    method: 'POST',
    path: '/api/partners',
    body: { name: `Partner ${ulid()}` },
    headers: {},
  }),
  'PATCH /api/partners/:id': (_w, record) => ({
    method: 'PATCH',
    path: `/api/partners/${need(record).id}`,
    body: { name: need(record).name },
    headers: ifMatch(need(record).version),
  }),

  'GET /api/users': () => ({ method: 'GET', path: '/api/users?limit=100', headers: {} }),
  'GET /api/users/:id': (_w, record) => ({ method: 'GET', path: `/api/users/${need(record).id}`, headers: {} }),
  'POST /api/users': () => ({
    method: 'POST',
    path: '/api/users',
    body: { name: 'Matrix Person', email: `matrix.${ulid().toLowerCase()}@example.test`, role: 'advocate' },
    headers: {},
  }),
  'PATCH /api/users/:id': (_w, record) => ({
    method: 'PATCH',
    path: `/api/users/${need(record).id}`,
    body: { name: need(record).name },
    headers: ifMatch(need(record).version),
  }),

  'GET /api/settings': () => ({ method: 'GET', path: '/api/settings', headers: {} }),
  'PATCH /api/settings': async (world) => {
    const current = await getSettings(world.t.db);
    return {
      method: 'PATCH',
      path: '/api/settings',
      body: { referralProtectionDays: current.referralProtectionDays },
      headers: ifMatch(current.version),
    };
  },

  'POST /api/referrals': () => ({ method: 'POST', path: '/api/referrals', body: aSubmission(), headers: {} }),
  'GET /api/referrals': () => ({ method: 'GET', path: '/api/referrals?limit=100', headers: {} }),
  'GET /api/referrals/:id': (_w, record) => ({
    method: 'GET',
    path: `/api/referrals/${need(record).id}`,
    headers: {},
  }),
  'POST /api/referrals/:id/transitions': (_w, record) => ({
    method: 'POST',
    path: `/api/referrals/${need(record).id}/transitions`,
    body: { to: 'accepted' },
    headers: ifMatch(need(record).version),
  }),
  'PUT /api/referrals/:id/owner': (world, record) => ({
    method: 'PUT',
    path: `/api/referrals/${need(record).id}/owner`,
    body: { userId: world.users.supportStaff.id },
    headers: ifMatch(need(record).version),
  }),
  'POST /api/referrals/:id/notes': (_w, record) => ({
    method: 'POST',
    path: `/api/referrals/${need(record).id}/notes`,
    body: { text: 'Checked the budget with finance.' },
    headers: {},
  }),
  'POST /api/referrals/:id/erasure': (_w, record) => ({
    method: 'POST',
    path: `/api/referrals/${need(record).id}/erasure`,
    headers: ifMatch(need(record).version),
  }),

  'GET /api/referrals/conflicts': () => ({ method: 'GET', path: '/api/referrals/conflicts?limit=100', headers: {} }),
  'GET /api/referrals/conflicts/:id': (_w, record) => ({
    method: 'GET',
    path: `/api/referrals/conflicts/${need(record).id}`,
    headers: {},
  }),
  'POST /api/referrals/conflicts/:id/ruling': (_w, record) => ({
    method: 'POST',
    path: `/api/referrals/conflicts/${need(record).id}/ruling`,
    body: { outcome: 'upheld' },
    headers: ifMatch(need(record).version),
  }),
};
