import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyLimitBytes } from '#api/app.ts';
import { createLocalIdentity } from '#local/identity.ts';
import { serveLocal } from '#local/listen.ts';
import { createLocalServer, drainLimitBytes } from '#local/server.ts';
import { clientId, createTestTable, issuer } from '#test/harness.ts';

/**
 * The local server over real sockets, as clients found it: what Node answers before the app
 * sees a request, and what a keep-alive connection does after a refused body.
 */
let webRoot: string;
let server: ReturnType<typeof serveLocal>;
let port: number;

beforeAll(async () => {
  const db = await createTestTable();
  const identity = await createLocalIdentity({ db, issuer, clientId });
  webRoot = mkdtempSync(join(tmpdir(), 'web-root-'));
  const app = createLocalServer({ db, identity, webRoot });
  server = await new Promise<ReturnType<typeof serveLocal>>((ok) => {
    const instance = serveLocal({ fetch: app.fetch, port: 0 }, () => ok(instance));
  });
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise<void>((ok) => server.close(() => ok()));
  rmSync(webRoot, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The client's port of the connection it went on: the same port, the same socket. */
  localPort: number | undefined;
}

function send(
  agent: http.Agent,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<Answer> {
  return new Promise((ok, fail) => {
    let localPort: number | undefined;
    const request = http.request({ port, method, path, headers, agent }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () =>
        ok({ status: response.statusCode ?? 0, headers: response.headers, body: text, localPort }),
      );
    });
    request.on('socket', (socket) => {
      localPort = socket.localPort;
      socket.once('connect', () => {
        localPort = socket.localPort;
      });
    });
    request.on('error', fail);
    request.end(body);
  });
}

/** Bytes straight onto a socket: what no well-behaved client would send. */
function sendRaw(bytes: string): Promise<string> {
  return new Promise((ok, fail) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('end', () => ok(text));
    socket.on('error', fail);
  });
}

const securityHeaders = [
  'content-security-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'cross-origin-opener-policy',
];

describe('a refused body', () => {
  it('over the limit is a 413 problem, and the next request goes down the same keep-alive connection', async () => {
    // One socket at most: the follow-up must go where the first one went.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const body = Buffer.alloc(4 * bodyLimitBytes + 1, 'a');

    const refused = await send(
      agent,
      'POST',
      '/api/referrals',
      { 'Content-Type': 'application/json', 'Content-Length': String(body.length) },
      body,
    );
    // At once, as a client with a queue of requests does.
    const next = await send(agent, 'GET', '/api/health', {});

    expect(refused.status).toBe(413);
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(refused.body)).toMatchObject({ type: '/problems/payload-too-large', status: 413 });
    expect(refused.headers.connection).toBe('keep-alive');
    expect(next.status).toBe(200);
    expect(JSON.parse(next.body)).toEqual({ status: 'ok' });
    expect(next.localPort).toBe(refused.localPort);
    agent.destroy();
  });

  it('that is not JSON is a 415 problem, and the next request goes down the same keep-alive connection', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const body = Buffer.alloc(4 * bodyLimitBytes, 'a');

    const refused = await send(
      agent,
      'POST',
      '/api/referrals',
      { 'Content-Type': 'text/plain', 'Content-Length': String(body.length) },
      body,
    );
    const next = await send(agent, 'GET', '/api/health', {});

    expect(refused.status).toBe(415);
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect(refused.headers.connection).toBe('keep-alive');
    expect(next.status).toBe(200);
    expect(next.localPort).toBe(refused.localPort);
    agent.destroy();
  });

  it('past what is worth reading is a 413 that closes the connection, and the next request is answered', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const body = Buffer.alloc(drainLimitBytes + 1, 'a');

    const refused = await send(
      agent,
      'POST',
      '/api/referrals',
      { 'Content-Type': 'application/json', 'Content-Length': String(body.length) },
      body,
    ).catch((error: NodeJS.ErrnoException) => error);
    const next = await send(agent, 'GET', '/api/health', {});

    // Closed before the client finished sending, the request may fail to write (EPIPE) rather
    // than read its answer: either way the connection is not used again.
    if (!(refused instanceof Error)) {
      expect(refused.status).toBe(413);
      expect(refused.headers.connection).toBe('close');
    }
    expect(next.status).toBe(200);
    agent.destroy();
  });

  it('sent in chunks past the limit is a 413 that closes the connection, and the next request is answered', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const body = Buffer.alloc(8 * bodyLimitBytes, 'a');

    // No Content-Length: Node sends the body chunked, and the API reads it to count it.
    const refused = await send(agent, 'POST', '/api/referrals', { 'Content-Type': 'application/json' }, body);
    const next = await send(agent, 'GET', '/api/health', {});

    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body)).toMatchObject({ type: '/problems/payload-too-large' });
    expect(next.status).toBe(200);
    agent.destroy();
  });
});

describe('what Node answers before the app', () => {
  it('answers headers over its limit with a 431 problem and the security headers', async () => {
    const agent = new http.Agent({ keepAlive: false });

    const answer = await send(agent, 'GET', '/api/me', { Authorization: `Bearer ${'x'.repeat(20_000)}` });

    expect(answer.status).toBe(431);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(answer.body)).toMatchObject({ type: '/problems/header-fields-too-large', status: 431 });
    for (const name of securityHeaders) expect(answer.headers[name], name).toBeTruthy();
    expect(answer.headers['x-request-id']).toBe(JSON.parse(answer.body).requestId);
    agent.destroy();
  });

  it('answers a request line that is not HTTP with a 400 problem and the security headers', async () => {
    const raw = await sendRaw('GET /api/health HTTP/1.1 junk\r\n\r\n');

    const [head = '', body = ''] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head).toMatch(/\r\ncontent-type: application\/problem\+json\r\n/i);
    for (const name of securityHeaders) expect(head.toLowerCase()).toContain(`\r\n${name}: `);
    expect(JSON.parse(body)).toMatchObject({ type: '/problems/bad-request', status: 400 });
  });

  it('answers a Host that makes no URL with a 400 problem', async () => {
    const raw = await sendRaw('GET /api/health HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n');

    const [head = '', body = ''] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head).toMatch(/\r\ncontent-type: application\/problem\+json\r\n/i);
    for (const name of securityHeaders) expect(head.toLowerCase()).toContain(`\r\n${name}: `);
    expect(JSON.parse(body)).toMatchObject({ status: 400 });
  });
});
