import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HttpBindings } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { bodyLimitBytes, createApp } from '#api/app.ts';
import { problemResponse } from '#api/middleware/errors.ts';
import type { Db } from '#data/client.ts';
import type { LocalIdentity } from './identity.ts';
import type { LocalImports } from './import-uploads.ts';
import { type MailSinkReader, mailPages, mailPreviewHeaders } from './mail-page.ts';

/**
 * The page's Content-Security-Policy: no inline script or style anywhere, nothing from other
 * origins. CloudFront's response headers policy sends the same when deployed.
 */
export const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
};

/** The security headers of every answer the local server gives, its own edge errors included. */
export const localSecureHeaders = secureHeaders({
  contentSecurityPolicy: contentSecurityPolicy,
  strictTransportSecurity: 'max-age=63072000; includeSubDomains; preload',
  xFrameOptions: 'DENY',
  referrerPolicy: 'strict-origin-when-cross-origin',
});

/**
 * How much of a body that was answered without being read (a 413 by its Content-Length, a 415,
 * a 401) is read and thrown away so that its connection can carry the next request: 16 times
 * the API's body limit, a second or so on a slow link.
 */
export const drainLimitBytes = 16 * bodyLimitBytes;

/**
 * Finishes reading a request body the answer left unread. Node cannot parse the next request on
 * a keep-alive connection until the body before it is read; @hono/node-server drains it for at
 * most 500 ms after the answer and then destroys the socket, and a body whose stream was opened
 * (as the API's body limit opens it to look) but never read does not drain at all, so the next
 * request on that socket met ECONNRESET. Draining here, before the answer goes, keeps the
 * connection; a body past `drainLimitBytes`, or one a reader already holds (the body limit
 * stopping part-way through a chunked body), is not worth reading, so the answer says
 * `Connection: close` and a keep-alive client reconnects instead of losing its next request.
 */
const finishRefusedBody: MiddlewareHandler = async (c, next) => {
  await next();
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
  const body = c.req.raw.body;
  if (!incoming || !body || incoming.readableEnded) return;
  const length = Number(c.req.header('Content-Length'));
  if (!body.locked && !(length > drainLimitBytes) && (await discard(body, drainLimitBytes))) return;
  c.header('Connection', 'close');
};

/** Reads `body` to its end and drops it; false, cancelled, once it passes `limit` bytes. */
async function discard(body: ReadableStream<Uint8Array>, limit: number): Promise<boolean> {
  const reader = body.getReader();
  let read = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return true;
      read += value.byteLength;
      if (read > limit) {
        await reader.cancel();
        return false;
      }
    }
  } catch {
    return false;
  }
}

/** The local server: the web app, the local identity provider, and the API, on one origin. */
export function createLocalServer(options: {
  db: Db;
  identity: LocalIdentity;
  webRoot: string;
  /** The mail sink, listed at /dev/mail: the local stack's only, never the Lambda app's. */
  mail?: MailSinkReader;
  /** Import jobs' uploads (`/uploads/imports/…`) and their runner. */
  imports?: LocalImports;
}) {
  const api = createApp({
    db: options.db,
    auth: { issuer: options.identity.issuer, clientId: options.identity.clientId, keys: options.identity.keys },
    // The local stack's flag: a developer's receiver on http://127.0.0.1 may be registered.
    webhooksAllowLoopback: true,
    ...(options.imports ? { importFiles: options.imports.files } : {}),
  });
  const server = new Hono();
  if (options.mail) server.use('/dev/mail/:id', mailPreviewHeaders);
  server.use('*', localSecureHeaders);
  server.use('*', finishRefusedBody);
  server.use('/auth/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  server.route('/auth', options.identity.routes);
  server.get('/config.json', (c) => c.json({ auth: { mode: 'local' } }, 200, { 'Cache-Control': 'no-store' }));
  // The API's OpenAPI document is a file of the web build (web/build.ts), served here as
  // CloudFront serves it from the site bucket, ahead of the API's own paths.
  const apiDocument = join(options.webRoot, 'api', 'openapi.json');
  server.on(['GET', 'HEAD'], '/api/openapi.json', async (c, next) => {
    if (!existsSync(apiDocument)) {
      return problemResponse(c, {
        type: '/problems/not-built',
        title: 'Not built',
        status: 503,
        detail: 'The OpenAPI document is not built: run `npm run build:web`.',
      });
    }
    // Revalidated, as the site bucket's files are: a rebuild changes it under the same name.
    c.header('Cache-Control', 'no-cache');
    return serveStatic({ path: apiDocument })(c, next);
  });
  server.all('/api/openapi.json', (c) =>
    problemResponse(
      c,
      {
        type: '/problems/method-not-allowed',
        title: 'Method not allowed',
        status: 405,
        detail: `/api/openapi.json answers GET, HEAD, not ${c.req.method}.`,
      },
      { Allow: 'GET, HEAD' },
    ),
  );
  // The API answers all of /api itself, as it does in Lambda: its own 404 and error handling
  // (problem+json), not this server's plain-text ones.
  server.all('/api/*', (c) => api.fetch(c.req.raw, c.env));
  if (options.mail) server.route('/dev', mailPages(options.mail));
  if (options.imports) server.route('/uploads', options.imports.routes);
  server.use('/*', serveStatic({ root: options.webRoot }));
  // The single-page app owns every other path: hand it index.html and let its router decide.
  const index = join(options.webRoot, 'index.html');
  server.get('*', async (c, next) => {
    if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/auth/') || c.req.path.startsWith('/dev/')) {
      return next();
    }
    if (!existsSync(index)) return c.text('The web app is not built: run `npm run build:web`.', 503);
    return serveStatic({ path: index })(c, next);
  });
  return server;
}
