import type { Caller } from '#domain/identity/roles.ts';
import type { Db, IdempotencyToken, IdentityAccounts, ServiceContext } from '#services/context.ts';

/** The typed context variables every route may read. */
export interface AppEnv {
  Variables: {
    requestId: string;
    db: Db;
    now: () => Date;
    accounts: IdentityAccounts | undefined;
    caller: Caller;
    idempotency: IdempotencyToken | undefined;
    /** Checks the tokens of unsubscribe links. */
    unsubscribeSecret: string;
  };
}

/** The use-case context of a request: table, caller, clock. */
export function serviceContext(c: { var: AppEnv['Variables'] }): ServiceContext {
  return { db: c.var.db, caller: c.var.caller, now: c.var.now, accounts: c.var.accounts };
}
