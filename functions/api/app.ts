import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { MergeSchemaPath, Schema } from 'hono/types';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '#domain/errors.ts';
import { config, unsubscribeSecretIn } from '#lib/config.ts';
import { logger } from '#lib/logger.ts';
import type { Db, IdentityAccounts } from '#services/context.ts';
import type { ImportFiles } from '#services/import-jobs.ts';
import type { AppEnv, GroupBindings } from './env.ts';
import { allowedMethods } from './methods.ts';
import { type AuthOptions, authenticate } from './middleware/auth.ts';
import { onError, problemResponse } from './middleware/errors.ts';
import { idempotency } from './middleware/idempotency.ts';
import { requireOriginSecret } from './middleware/origin.ts';

export interface AppDependencies {
  readonly db: Db;
  readonly auth: AuthOptions;
  readonly now?: () => Date;
  /** Sign-in accounts behind users: Cognito when deployed, the local ones otherwise. */
  readonly accounts?: IdentityAccounts;
  /** Whether webhooks may call http://127.0.0.1 and localhost: the local stack's flag, never when deployed. */
  readonly webhooksAllowLoopback?: boolean;
  /** Where import jobs' files are uploaded: the S3 bucket when deployed, the local server's directory otherwise. */
  readonly importFiles?: ImportFiles;
  /** Checks unsubscribe links: read from Secrets Manager when deployed, the configured value by default. */
  readonly unsubscribeSecret?: string;
  /** Deployed: the secret CloudFront adds to each request; set, a request without it is refused. */
  readonly originSecret?: string | undefined;
}

/**
 * What answers without a token: health, and an e-mail's unsubscribe link (its signed token is
 * the authority). The OpenAPI document is public too, but it is a file beside the web app
 * (functions/api/openapi.ts), not a route of this app.
 */
export const publicPaths: readonly string[] = ['/api/health', '/api/unsubscribe'];

/** 64 KiB: far above any form the portal has, far below what could hurt a Lambda. */
export const bodyLimitBytes = 64 * 1024;

const methodsWithBody = new Set(['POST', 'PUT', 'PATCH']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The whole API, the same in Lambda and in the local server. Only the entry points differ:
 * `hono/aws-lambda` there, `@hono/node-server` here.
 */
export function createApp(deps: AppDependencies) {
  const now = deps.now ?? (() => new Date());
  const unsubscribeSecret = deps.unsubscribeSecret ?? unsubscribeSecretIn(config);
  const app = new Hono<AppEnv>();

  app.use('*', requestId({ headerName: 'X-Request-Id' }));
  app.use('*', secureHeaders({ strictTransportSecurity: 'max-age=63072000; includeSubDomains; preload' }));
  app.use('/api/*', async (c, next) => {
    c.set('db', deps.db);
    c.set('unsubscribeSecret', unsubscribeSecret);
    c.set('now', now);
    c.set('accounts', deps.accounts);
    const started = performance.now();
    await next();
    c.header('Cache-Control', 'no-store');
    // Ids and figures only: paths carry record ids, never personal data.
    logger.info('request', {
      requestId: c.var.requestId,
      method: c.req.method,
      path: c.var.routePath ?? c.req.routePath,
      status: c.res.status,
      userId: c.var.caller?.userId,
      durationMs: Math.round(performance.now() - started),
    });
  });
  // After the request log, so that a request refused here is logged too.
  if (deps.originSecret) app.use('/api/*', requireOriginSecret(deps.originSecret));
  app.use('/api/*', async (c, next) => {
    if (!methodsWithBody.has(c.req.method)) return next();
    // A POST that carries nothing (an erasure, say) has no type to check.
    const length = c.req.header('Content-Length');
    if (length === '0' || (length === undefined && !c.req.header('Transfer-Encoding') && !c.req.raw.body))
      return next();
    const type = c.req.header('Content-Type') ?? '';
    // RFC 8058's one-click unsubscribe is the one form post: a mail client sends it, not our app.
    if (c.req.path === '/api/unsubscribe' && /^application\/x-www-form-urlencoded\s*(?:;|$)/i.test(type)) return next();
    if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
      throw new UnsupportedMediaTypeError('Send the body as application/json.');
    }
    return next();
  });
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: bodyLimitBytes,
      onError: () => {
        throw new PayloadTooLargeError(`The body may be at most ${bodyLimitBytes / 1024} KiB.`);
      },
    }),
  );
  // JSON is UTF-8 (RFC 8259). Bytes that are not would be read as U+FFFD and stored so: refuse
  // them instead.
  app.use('/api/*', async (c, next) => {
    if (!methodsWithBody.has(c.req.method) || !c.req.raw.body) return next();
    const bytes = await c.req.arrayBuffer();
    try {
      utf8.decode(bytes);
    } catch {
      throw new ValidationError([{ path: '(body)', message: 'Must be UTF-8.' }], 'The body is not valid UTF-8.');
    }
    return next();
  });

  // Unknown paths answer 404 only to a signed-in caller: without a token every path but the
  // public ones is a 401, whether the API has it or not.
  const authenticated = authenticate(deps.auth);
  const groups = routeGroups(deps, authenticated);
  app.use('/api/*', async (c, next) => {
    const group = groups.get(c.req.path.split('/')[2] ?? '');
    if (group) {
      const answer = await (await group()).fetch(await forwarded(c), { parent: c } satisfies GroupBindings);
      // Through this context, so that the headers set before (X-Request-Id) are on it.
      return c.newResponse(answer.body, answer);
    }
    return publicPaths.includes(c.req.path) ? next() : authenticated(c, next);
  });
  app.notFound(notFound(() => []));
  app.onError(onError);
  return app as unknown as AppType;
}

/**
 * Where each route file is mounted, and how it is loaded. The api imports a route file (with the
 * services, schemas and libraries only it needs) on the first request under its path, not at
 * start-up: a cold start for a referral does not compile the scorecard, the imports or the
 * webhooks (docs/adr/0005). `segments` are the first segments after /api that lead to it,
 * when they are not its own path's.
 */
export const mounts = [
  mount('/api/health', async () => (await import('./routes/health.ts')).healthRoutes),
  mount('/api/me', async () => (await import('./routes/me.ts')).meRoutes),
  mount('/api/teams', async () => (await import('./routes/directory.ts')).teamRoutes),
  mount('/api/teams', async () => (await import('./routes/checklists.ts')).checklistRoutes),
  mount('/api/partners', async () => (await import('./routes/directory.ts')).partnerRoutes),
  mount('/api/users', async () => (await import('./routes/directory.ts')).userRoutes),
  mount('/api/settings', async () => (await import('./routes/settings.ts')).settingsRoutes),
  mount('/api/referrals', async () => (await import('./routes/referrals.ts')).referralRoutes),
  mount('/api/customers', async () => (await import('./routes/customers.ts')).customerRoutes),
  mount('/api/issues', async () => (await import('./routes/issues.ts')).issueRoutes),
  mount('/api/handoffs', async () => (await import('./routes/handoffs.ts')).handoffRoutes),
  mount('/api/scorecard', async () => (await import('./routes/scorecard.ts')).scorecardRoutes),
  mount('/api/scorecard.csv', async () => (await import('./routes/scorecard.ts')).scorecardCsvRoutes),
  mount('/api/my-work', async () => (await import('./routes/my-work.ts')).myWorkRoutes),
  mount('/api/plays', async () => (await import('./routes/plays.ts')).playRoutes),
  mount('/api/imports', async () => (await import('./routes/imports.ts')).importRoutes),
  mount('/api/import-jobs', async (deps) =>
    (await import('./routes/import-jobs.ts')).importJobRoutes(deps.importFiles),
  ),
  mount('/api', async () => (await import('./routes/exports.ts')).exportRoutes, [
    'referrals.csv',
    'handoffs.csv',
    'issues.csv',
    'customers.csv',
  ]),
  mount('/api/notifications', async () => (await import('./routes/notifications.ts')).notificationRoutes),
  mount('/api/unsubscribe', async () => (await import('./routes/notifications.ts')).unsubscribeRoutes),
  mount('/api/webhooks', async (deps) =>
    (await import('./routes/webhooks.ts')).webhookRoutes({
      allowLoopback: deps.webhooksAllowLoopback ?? config.WEBHOOKS_ALLOW_LOOPBACK === 'true',
    }),
  ),
] as const;

interface Mount<Path extends string, Routes> {
  readonly path: Path;
  readonly load: (deps: AppDependencies) => Promise<Routes>;
  readonly segments: readonly string[];
}

function mount<Path extends string, Routes extends Hono<AppEnv, Schema, string>>(
  path: Path,
  load: (deps: AppDependencies) => Promise<Routes>,
  segments: readonly string[] = [path.split('/')[2] ?? ''],
): Mount<Path, Routes> {
  return { path, load, segments };
}

type Mounted<M> =
  M extends Mount<infer Path, infer Routes>
    ? Routes extends Hono<AppEnv, infer S, string>
      ? MergeSchemaPath<S, Path>
      : never
    : never;

/**
 * The API's type, for the web's typed client (`hc<AppType>`): what `app.route(path, routes)`
 * for every mount would give, written from the mounts' types so that no route file is imported
 * to state it.
 */
export type AppType = Hono<AppEnv, Mounted<(typeof mounts)[number]>, '/'>;

/**
 * Every route, loaded and mounted on a bare app: what the OpenAPI document is written from,
 * and what the tests compare it with. No middleware: nothing here answers a request.
 */
export async function allRoutes(deps: AppDependencies): Promise<Hono<AppEnv>> {
  const app = new Hono<AppEnv>();
  for (const { path, load } of mounts) app.route(path, await load(deps));
  return app;
}

/**
 * The first segment after /api → the app of the mounts it leads to, built on its first request
 * and kept. Mounts that share a segment (two route files under /api/teams) share an app.
 */
function routeGroups(
  deps: AppDependencies,
  authenticated: MiddlewareHandler<AppEnv>,
): Map<string, () => Promise<Hono<AppEnv>>> {
  const bySegment = new Map<string, (typeof mounts)[number][]>();
  for (const entry of mounts) {
    const shared = entry.segments.map((segment) => bySegment.get(segment)).find((group) => group !== undefined) ?? [];
    shared.push(entry);
    for (const segment of entry.segments) bySegment.set(segment, shared);
  }
  const built = new Map<readonly unknown[], () => Promise<Hono<AppEnv>>>();
  const groups = new Map<string, () => Promise<Hono<AppEnv>>>();
  for (const [segment, group] of bySegment) {
    let get = built.get(group);
    if (!get) {
      let app: Promise<Hono<AppEnv>> | undefined;
      // Built once: concurrent first requests wait for the same load. (A module that failed to
      // load stays failed in Node's module map: there is nothing to try again.)
      get = () => {
        app ??= groupApp(group, deps, authenticated);
        return app;
      };
      built.set(group, get);
    }
    groups.set(segment, get);
  }
  return groups;
}

/**
 * One group's app, answering a request the api's app has already checked (origin, type, size,
 * encoding). It takes the parent's variables, authenticates, and keeps `Idempotency-Key`:
 * the idempotency middleware must see the route's own error (a key another request took), so
 * it runs in the same app as the route. The caller and the route's path go back to the
 * parent for its request log.
 */
async function groupApp(
  group: readonly (typeof mounts)[number][],
  deps: AppDependencies,
  authenticated: MiddlewareHandler<AppEnv>,
): Promise<Hono<AppEnv>> {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    const { parent } = c.env as GroupBindings;
    for (const [name, value] of Object.entries(parent.var)) c.set(name as never, value as never);
    await next();
    if (c.var.caller) parent.set('caller', c.var.caller);
    parent.set('routePath', c.req.routePath);
  });
  app.use('*', async (c, next) => (publicPaths.includes(c.req.path) ? next() : authenticated(c, next)));
  // Only a signed-in caller's POST has a scope for its key: the public routes have no caller
  // to scope one to (a POST to health is a 405, not a key to remember).
  app.use('*', async (c, next) =>
    c.req.method === 'POST' && c.get('caller') !== undefined ? idempotency(c, next) : next(),
  );
  for (const { path, load } of group) app.route(path, await load(deps));
  app.notFound(notFound(allowedMethods(app.routes)));
  app.onError(onError);
  return app;
}

/** The request again for a group's app: the body the parent has read, as bytes. */
async function forwarded(c: Context<AppEnv>): Promise<Request> {
  if (!c.req.raw.bodyUsed) return c.req.raw;
  return new Request(c.req.url, { method: c.req.method, headers: c.req.raw.headers, body: await c.req.arrayBuffer() });
}

/** 405 with `Allow` for a known path and a wrong method, else 404. */
function notFound(allowed: (path: string) => string[]) {
  return (c: Context) => {
    const allow = allowed(c.req.path);
    if (allow.length > 0) {
      return problemResponse(
        c,
        {
          type: '/problems/method-not-allowed',
          title: 'Method not allowed',
          status: 405,
          detail: `${c.req.path} answers ${allow.join(', ')}, not ${c.req.method}.`,
        },
        { Allow: allow.join(', ') },
      );
    }
    return problemResponse(c, {
      type: '/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: `There is no ${c.req.method} ${c.req.path}.`,
    });
  };
}
