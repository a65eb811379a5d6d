import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '#domain/errors.ts';
import { config, unsubscribeSecretIn } from '#lib/config.ts';
import { logger } from '#lib/logger.ts';
import type { Db, IdentityAccounts } from '#services/context.ts';
import type { ImportFiles } from '#services/import-jobs.ts';
import type { AppEnv } from './env.ts';
import { allowedMethods } from './methods.ts';
import { type AuthOptions, authenticate } from './middleware/auth.ts';
import { onError, problemResponse } from './middleware/errors.ts';
import { idempotency } from './middleware/idempotency.ts';
import { requireOriginSecret } from './middleware/origin.ts';
import { checklistRoutes } from './routes/checklists.ts';
import { customerRoutes } from './routes/customers.ts';
import { partnerRoutes, teamRoutes, userRoutes } from './routes/directory.ts';
import { exportRoutes } from './routes/exports.ts';
import { handoffRoutes } from './routes/handoffs.ts';
import { healthRoutes } from './routes/health.ts';
import { importJobRoutes } from './routes/import-jobs.ts';
import { importRoutes } from './routes/imports.ts';
import { issueRoutes } from './routes/issues.ts';
import { meRoutes } from './routes/me.ts';
import { myWorkRoutes } from './routes/my-work.ts';
import { notificationRoutes, unsubscribeRoutes } from './routes/notifications.ts';
import { playRoutes } from './routes/plays.ts';
import { referralRoutes } from './routes/referrals.ts';
import { scorecardCsvRoutes, scorecardRoutes } from './routes/scorecard.ts';
import { settingsRoutes } from './routes/settings.ts';
import { webhookRoutes } from './routes/webhooks.ts';

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
      path: c.req.routePath,
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

  // Everything below needs a verified token, but the public paths.
  const authenticated = authenticate(deps.auth);
  app.use('/api/*', async (c, next) => (publicPaths.includes(c.req.path) ? next() : authenticated(c, next)));
  // Only a signed-in caller's POST has a scope for its key: the public routes have no caller
  // to scope one to (a POST to health is a 405, not a key to remember).
  app.use('/api/*', async (c, next) =>
    c.req.method === 'POST' && c.get('caller') !== undefined ? idempotency(c, next) : next(),
  );

  const routes = app
    .route('/api/health', healthRoutes)
    .route('/api/me', meRoutes)
    .route('/api/teams', teamRoutes)
    .route('/api/teams', checklistRoutes)
    .route('/api/partners', partnerRoutes)
    .route('/api/users', userRoutes)
    .route('/api/settings', settingsRoutes)
    .route('/api/referrals', referralRoutes)
    .route('/api/customers', customerRoutes)
    .route('/api/issues', issueRoutes)
    .route('/api/handoffs', handoffRoutes)
    .route('/api/scorecard', scorecardRoutes)
    .route('/api/scorecard.csv', scorecardCsvRoutes)
    .route('/api/my-work', myWorkRoutes)
    .route('/api/plays', playRoutes)
    .route('/api/imports', importRoutes)
    .route('/api/import-jobs', importJobRoutes(deps.importFiles))
    .route('/api', exportRoutes)
    .route('/api/notifications', notificationRoutes)
    .route('/api/unsubscribe', unsubscribeRoutes)
    .route(
      '/api/webhooks',
      webhookRoutes({ allowLoopback: deps.webhooksAllowLoopback ?? config.WEBHOOKS_ALLOW_LOOPBACK === 'true' }),
    );

  const allowed = allowedMethods(app.routes);
  app.notFound((c) => {
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
  });
  app.onError(onError);
  return routes;
}

/** The API's type, for the web's typed client (`hc<AppType>`). */
export type AppType = ReturnType<typeof createApp>;
