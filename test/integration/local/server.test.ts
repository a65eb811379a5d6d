import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#data/client.ts';
import { createLocalIdentity } from '#local/identity.ts';
import { demoUsers, seedDemoDirectory } from '#local/seed.ts';
import { createLocalServer } from '#local/server.ts';
import { clientId, createTestTable, issuer } from '#test/harness.ts';

let db: Db;
let webRoot: string;
let server: ReturnType<typeof createLocalServer>;

type DemoUser = { id: string; name: string; email: string; role: string; teamName?: string; partnerName?: string };

beforeAll(async () => {
  db = await createTestTable();
  await seedDemoDirectory(db);
  // A stand-in for web/dist, so these tests do not depend on a web build.
  webRoot = mkdtempSync(join(tmpdir(), 'web-root-'));
  writeFileSync(
    join(webRoot, 'index.html'),
    '<!doctype html><title>Total Customer</title><script src="/app.js"></script>',
  );
  writeFileSync(join(webRoot, 'app.js'), 'console.log("app");');
  const identity = await createLocalIdentity({ db, issuer, clientId });
  server = createLocalServer({ db, identity, webRoot });
});

afterAll(() => {
  rmSync(webRoot, { recursive: true, force: true });
});

async function demoUserList(): Promise<DemoUser[]> {
  const response = await server.request('/auth/users');
  expect(response.status).toBe(200);
  return ((await response.json()) as { users: DemoUser[] }).users;
}

function signIn(body: string): Promise<Response> {
  return Promise.resolve(
    server.request('/auth/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }),
  );
}

describe('the local identity provider', () => {
  it('lists the demo users, with their team or organisation by name', async () => {
    const users = await demoUserList();

    expect(users.map((user) => user.email).sort()).toEqual(demoUsers.map((user) => user.email).sort());
    expect(users.find((user) => user.email === 'sam.okafor@totalcustomer.example')).toMatchObject({
      role: 'staff',
      teamName: 'Sales',
    });
    expect(users.find((user) => user.email === 'nora@northwind.example')).toMatchObject({
      role: 'partner',
      partnerName: 'Northwind Consulting',
    });
  });

  it('signs in a demo user with a token the API accepts', async () => {
    const leader = (await demoUserList()).find((user) => user.role === 'leader');

    const response = await signIn(JSON.stringify({ userId: leader?.id }));

    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    const me = await server.request('/api/me', { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: leader?.id, role: 'leader' });
  });

  it.each(['not json', '{}', '{"userId": 7}', '{"userId": ""}', '[]'])('refuses the body %j (400)', async (body) => {
    const response = await signIn(body);

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('refuses a user it does not know (401)', async () => {
    const response = await signIn(JSON.stringify({ userId: '01J00000000000000000000000' }));

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ status: 401 });
  });

  it('publishes its public key, and only that', async () => {
    const response = await server.request('/auth/.well-known/jwks.json');

    const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(keys[0]).not.toHaveProperty(secret);
  });

  it('does not let its answers be cached', async () => {
    expect((await server.request('/auth/users')).headers.get('cache-control')).toBe('no-store');
  });
});

describe('pages', () => {
  it.each(['/', '/referrals/new'])('serves the app at %s with a strict CSP and HSTS', async (path) => {
    const response = await server.request(path);

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Total Customer</title>');
    const csp = response.headers.get('content-security-policy') ?? '';
    const directives = new Map(
      csp.split(';').map((directive) => {
        const [name = '', ...values] = directive.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(csp).not.toContain('unsafe-inline');
    const hsts = response.headers.get('strict-transport-security') ?? '';
    expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(31_536_000);
  });

  it('serves the web app’s files', async () => {
    const response = await server.request('/app.js');

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('console.log');
  });

  it('tells the web app it signs in locally', async () => {
    const response = await server.request('/config.json');

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ auth: { mode: 'local' } });
  });

  it('serves the API on the same origin, uncached', async () => {
    const response = await server.request('/api/health');

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('serves the OpenAPI document the web build wrote, as a file, before the API', async () => {
    mkdirSync(join(webRoot, 'api'), { recursive: true });
    writeFileSync(join(webRoot, 'api', 'openapi.json'), '{"openapi":"3.1.0","paths":{}}');

    const response = await server.request('/api/openapi.json');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toBeTruthy();
    expect(await response.text()).toBe('{"openapi":"3.1.0","paths":{}}');
  });

  it('answers for the OpenAPI document with a 503 problem when the web build has not written it', async () => {
    const unbuilt = mkdtempSync(join(tmpdir(), 'web-root-'));
    try {
      const identity = await createLocalIdentity({ db, issuer, clientId });
      const response = await createLocalServer({ db, identity, webRoot: unbuilt }).request('/api/openapi.json');

      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.headers.get('strict-transport-security')).toBeTruthy();
      expect(await response.json()).toMatchObject({ type: '/problems/not-built', status: 503 });
    } finally {
      rmSync(unbuilt, { recursive: true, force: true });
    }
  });

  it('answers another method on the OpenAPI document with a 405 that allows GET and HEAD', async () => {
    const response = await server.request('/api/openapi.json', { method: 'POST' });

    expect(response.status).toBe(405);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers an unknown API path with the API’s problem, not the app', async () => {
    const response = await server.request('/api/nothing-here');

    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });
});
