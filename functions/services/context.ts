import type { Db } from '#data/client.ts';
import type { IdempotencyToken } from '#data/idempotency.ts';
import type { IdentityAccounts } from '#data/identity-accounts.ts';
import { callerOf, type User } from '#domain/directory/schemas.ts';
import type { Caller } from '#domain/identity/roles.ts';

// The API hands these to the services without looking inside them, and names them through
// this layer: it never imports functions/data/.
export type { Db, IdempotencyToken, IdentityAccounts };

/** What every use case is given: the table, the caller, the clock. */
export interface ServiceContext {
  readonly db: Db;
  readonly caller: Caller;
  readonly now: () => Date;
  /** Sign-in accounts; only user management needs them (the local ones when omitted). */
  readonly accounts?: IdentityAccounts | undefined;
}

/** A create may carry an idempotency token; it is written with the record, all or nothing. */
export interface CreateOptions {
  readonly idempotency?: IdempotencyToken | undefined;
}

export interface ListOptions {
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** A user's context at a given moment: for the seed, scripts and tests that replay history. */
export function contextAs(db: Db, user: User, at: Date = new Date()): ServiceContext {
  return { db, caller: callerOf(user), now: () => at };
}
