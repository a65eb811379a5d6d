import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyLimitBytes } from '#api/app.ts';
import { createDb } from '#data/client.ts';
import { createLocalIdentity, type LocalIdentity } from '#local/identity.ts';
import { createLocalServer } from '#local/server.ts';
import { clientId, createTestTable, issuer, type Organisation, seedOrganisation } from '#test/harness.ts';

/**
 * The web security headers on every response of the local server, errors included: the same
 * headers CloudFront's response headers policy sends when deployed (asserted in test/infra).
 * test/integration/local/server.test.ts checks the page's CSP; this file checks every kind of
 * answer, API failures among them.
 */
let webRoot: string;
let identity: LocalIdentity;
let org: Organisation;
let server: ReturnType<typeof createLocalServer>;
/** The same server on a database that is not there: its answers are 503s. */
let serverWithoutDatabase: ReturnType<typeof createLocalServer>;

beforeAll(async () => {
  const db = await createTestTable();
  org = await seedOrganisation(db);
  webRoot = mkdtempSync(join(tmpdir(), 'web-root-'));
  writeFileSync(
    join(webRoot, 'index.html'),
    '<!doctype html><title>Total Customer</title><script type="module" src="/app.js"></script>',
  );
  writeFileSync(join(webRoot, 'app.js'), 'console.log("app");');
  identity = await createLocalIdentity({ db, issuer, clientId });
  server = createLocalServer({ db, identity, webRoot });
  const unreachable = createDb({ tableName: db.tableName, region: 'local', endpoint: 'http://127.0.0.1:9' });
  serverWithoutDatabase = createLocalServer({ db: unreachable, identity, webRoot });
});

afterAll(() => {
  rmSync(webRoot, { recursive: true, force: true });
});

async function bearer(): Promise<Record<string, string>> {
  return { Authorization: `Bearer ${await identity.tokenFor(org.users.leader.id)}` };
}

const answers: Record<string, { api: boolean; status: number; send: () => Promise<Response> }> = {
  'a page': { api: false, status: 200, send: async () => server.request('/') },
  'a deep link into the app': { api: false, status: 200, send: async () => server.request('/referrals/new') },
  'a script': { api: false, status: 200, send: async () => server.request('/app.js') },
  'the sign-in users list': { api: false, status: 200, send: async () => server.request('/auth/users') },
  'an unknown sign-in path (404)': { api: false, status: 404, send: async () => server.request('/auth/nothing') },
  'API health': { api: true, status: 200, send: async () => server.request('/api/health') },
  'an API success': {
    api: true,
    status: 200,
    send: async () => server.request('/api/me', { headers: await bearer() }),
  },
  'an API 401': { api: true, status: 401, send: async () => server.request('/api/me') },
  'an API 404': {
    api: true,
    status: 404,
    send: async () => server.request('/api/nothing-here', { headers: await bearer() }),
  },
  'an API 400': {
    api: true,
    status: 400,
    send: async () => server.request('/api/teams?limit=0', { headers: await bearer() }),
  },
  'an API 413': {
    api: true,
    status: 413,
    send: async () =>
      server.request('/api/teams', {
        method: 'POST',
        headers: { ...(await bearer()), 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'x'.repeat(bodyLimitBytes + 1) }),
      }),
  },
  'an API 415': {
    api: true,
    status: 415,
    send: async () =>
      server.request('/api/teams', {
        method: 'POST',
        headers: { ...(await bearer()), 'Content-Type': 'text/html' },
        body: '<b>hi</b>',
      }),
  },
  'an API 503 (no database)': {
    api: true,
    status: 503,
    send: async () => serverWithoutDatabase.request('/api/me', { headers: await bearer() }),
  },
};

function directivesOf(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((directive) => directive.trim())
      .filter(Boolean)
      .map((directive) => {
        const [name = '', ...values] = directive.split(/\s+/);
        return [name.toLowerCase(), values] as const;
      }),
  );
}

describe.each(Object.entries(answers))('%s', (_name, answer) => {
  let response: Response;

  beforeAll(async () => {
    response = await answer.send();
  });

  it(`is the expected answer (${answer.status})`, () => {
    expect(response.status).toBe(answer.status);
  });

  it('carries a Content-Security-Policy with no inline script, no plugins, no <base>, no framing', () => {
    const directives = directivesOf(response.headers.get('content-security-policy') ?? '');

    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    const scripts = directives.get('script-src') ?? directives.get('default-src') ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", 'data:', '*', 'http:', 'https:']) {
      expect(scripts).not.toContain(unsafe);
    }
  });

  it('forbids sniffing, framing and leaking the full URL as a referrer', () => {
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin']).toContain(
      response.headers.get('referrer-policy'),
    );
  });

  it('asks for HTTPS for at least a year, subdomains included', () => {
    const hsts = response.headers.get('strict-transport-security') ?? '';

    expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(365 * 24 * 60 * 60);
    expect(hsts).toMatch(/includeSubDomains/i);
  });

  if (!answer.api) return;
  it('is not to be cached, and is JSON or a problem', () => {
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toMatch(
      answer.status < 400 ? /^application\/json/ : /^application\/problem\+json$/,
    );
  });
});
