import type { Context } from 'hono';
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
    /** The route that answered, set by a route group's app for the request log. */
    routePath: string | undefined;
  };
}

/** What the api's app hands a route group's app (functions/api/app.ts) with a request: itself. */
export interface GroupBindings {
  parent: Context<AppEnv>;
}

/** The use-case context of a request: table, caller, clock. */
export function serviceContext(c: { var: AppEnv['Variables'] }): ServiceContext {
  return { db: c.var.db, caller: c.var.caller, now: c.var.now, accounts: c.var.accounts };
}
