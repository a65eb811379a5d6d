import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { bodyLimitBytes, createApp } from '#api/app.ts';
import { createDb } from '#data/client.ts';
import type { Team, User } from '#domain/directory/schemas.ts';
import { clientId, createTestApp, issuer, type TestApp } from '#test/harness.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
};

async function problemOf(response: Response, status: number): Promise<Problem> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await response.json()) as Problem;
  expect(problem.status).toBe(status);
  return problem;
}

async function createTeam(name: string): Promise<Team> {
  const response = await t.request('POST', '/api/teams', { as: t.org.users.leader, body: { name } });
  expect(response.status).toBe(201);
  return (await response.json()) as Team;
}

async function userCount(): Promise<number> {
  const response = await t.request('GET', '/api/users?includeInactive=true&limit=100', { as: t.org.users.leader });
  return ((await response.json()) as { items: User[] }).items.length;
}

describe('routes', () => {
  it('answers an unknown API route with a 404 problem', async () => {
    const problem = await problemOf(await t.request('GET', '/api/nothing-here', { as: t.org.users.leader }), 404);

    expect(problem).toMatchObject({ type: '/problems/not-found', detail: 'There is no GET /api/nothing-here.' });
  });

  it('answers an unknown path outside the API with a 404 problem', async () => {
    await problemOf(await t.request('GET', '/not-a-page'), 404);
  });

  it('answers a method a known path does not have with a 405 problem and Allow', async () => {
    const team = t.org.teams.sales;

    const response = await t.request('DELETE', `/api/teams/${team.id}`, { as: t.org.users.leader });

    expect(await problemOf(response, 405)).toMatchObject({ type: '/problems/method-not-allowed' });
    expect(response.headers.get('allow')).toBe('GET, HEAD, PATCH');
  });

  it.each([
    ['PUT', '/api/referrals', 'GET, HEAD, POST'],
    ['GET', '/api/referrals/01J0000000000000000000000/transitions', 'POST'],
    ['DELETE', '/api/scorecard.csv', 'GET, HEAD'],
    ['POST', '/api/health', 'GET, HEAD'],
  ])('answers %s %s with a 405 that allows %s', async (method, path, allow) => {
    const response = await t.request(method, path, {
      as: t.org.users.leader,
      ...(method === 'GET' ? {} : { body: {} }),
    });

    await problemOf(response, 405);
    expect(response.headers.get('allow')).toBe(allow);
  });

  it('still answers a path the API does not have with a 404, whatever the method', async () => {
    await problemOf(await t.request('DELETE', '/api/teams/x/y/z', { as: t.org.users.leader }), 404);
  });
});

describe('bodies', () => {
  it('refuses a body that is not JSON with 415', async () => {
    const response = await t.request('POST', '/api/teams', {
      as: t.org.users.leader,
      rawBody: 'name=Finance',
      headers: { 'Content-Type': 'text/plain' },
    });

    expect(await problemOf(response, 415)).toMatchObject({ type: '/problems/unsupported-media-type' });
  });

  it('refuses a body without a content type with 415', async () => {
    await problemOf(
      await t.request('POST', '/api/teams', { as: t.org.users.leader, rawBody: '{"name":"Finance"}' }),
      415,
    );
  });

  it('accepts JSON with a charset', async () => {
    const response = await t.request('POST', '/api/teams', {
      as: t.org.users.leader,
      body: { name: 'Charset' },
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    });

    expect(response.status).toBe(201);
  });

  it('refuses a body over 64 KiB with 413', async () => {
    const name = 'x'.repeat(bodyLimitBytes);

    const response = await t.request('POST', '/api/teams', { as: t.org.users.leader, body: { name } });

    expect(await problemOf(response, 413)).toMatchObject({ type: '/problems/payload-too-large' });
  });

  it('refuses an oversized body streamed without a Content-Length', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(bodyLimitBytes) });
    const stream = new Blob([body]).stream();

    const response = await t.app.request('/api/teams', {
      method: 'POST',
      headers: { Authorization: `Bearer ${await t.token(t.org.users.leader)}`, 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);

    await problemOf(response, 413);
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const response = await t.request('POST', '/api/teams', {
      as: t.org.users.leader,
      rawBody: '{"name": "Finance",',
      headers: { 'Content-Type': 'application/json' },
    });

    expect(await problemOf(response, 400)).toMatchObject({ detail: 'The body is not valid JSON.' });
  });

  it('lists every field error with its path', async () => {
    const response = await t.request('POST', '/api/users', {
      as: t.org.users.leader,
      body: { name: 'Newt Staff', email: 'not-an-address', role: 'staff' },
    });

    const problem = await problemOf(response, 400);
    expect(problem.type).toBe('/problems/validation');
    expect(problem.errors?.map((error) => error.path).sort()).toEqual(['email', 'teamId']);
    expect(problem.errors?.every((error) => error.message.length > 0)).toBe(true);
  });

  it('names an unknown field', async () => {
    const response = await t.request('POST', '/api/teams', {
      as: t.org.users.leader,
      body: { name: 'X', colour: 'red' },
    });

    expect((await problemOf(response, 400)).errors).toEqual([expect.objectContaining({ path: '(body)' })]);
  });

  it('answers a path id that cannot be an id as not found, and names a bad query parameter', async () => {
    await problemOf(await t.request('GET', '/api/teams/not-an-id', { as: t.org.users.leader }), 404);
    const badLimit = await problemOf(await t.request('GET', '/api/teams?limit=0', { as: t.org.users.leader }), 400);

    expect(badLimit.errors?.map((error) => error.path)).toEqual(['limit']);
  });

  it('answers any malformed body with a 400 and writes nothing (property)', async () => {
    const before = await userCount();
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record(
        { name: fc.jsonValue(), email: fc.jsonValue(), role: fc.jsonValue(), teamId: fc.jsonValue() },
        { requiredKeys: [] },
      ),
    );

    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const response = await t.request('POST', '/api/users', { as: t.org.users.leader, body: value });

        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
      }),
      { numRuns: 40 },
    );
    expect(await userCount()).toBe(before);
  });
});

describe('versions', () => {
  it('asks for If-Match (428) on a change without one', async () => {
    const team = await createTeam('Unversioned');

    const response = await t.request('PATCH', `/api/teams/${team.id}`, { as: t.org.users.leader, body: { name: 'X' } });

    expect(await problemOf(response, 428)).toMatchObject({ type: '/problems/if-match-required' });
  });

  it('refuses a stale If-Match (412) and leaves the record as it was', async () => {
    const team = await createTeam('Stale');
    const moved = await t.request('PATCH', `/api/teams/${team.id}`, {
      as: t.org.users.leader,
      body: { name: 'Stale, renamed' },
      headers: { 'If-Match': '"1"' },
    });
    expect(moved.status).toBe(200);

    const response = await t.request('PATCH', `/api/teams/${team.id}`, {
      as: t.org.users.leader,
      body: { name: 'Lost update' },
      headers: { 'If-Match': '"1"' },
    });

    expect(await problemOf(response, 412)).toMatchObject({ type: '/problems/stale-version' });
    const current = await t.request('GET', `/api/teams/${team.id}`, { as: t.org.users.leader });
    expect(await current.json()).toMatchObject({ name: 'Stale, renamed', version: 2 });
    expect(current.headers.get('etag')).toBe('"2"');
  });

  it('treats an If-Match that names no version as stale (412)', async () => {
    const team = await createTeam('Junk version');

    const response = await t.request('PATCH', `/api/teams/${team.id}`, {
      as: t.org.users.leader,
      body: { name: 'X' },
      headers: { 'If-Match': '*' },
    });

    await problemOf(response, 412);
  });

  it('accepts a weak ETag naming the current version', async () => {
    const team = await createTeam('Weak');

    const response = await t.request('PATCH', `/api/teams/${team.id}`, {
      as: t.org.users.leader,
      body: { name: 'Weak, renamed' },
      headers: { 'If-Match': 'W/"1"' },
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"2"');
  });
});

describe('headers on every answer', () => {
  const answers = () => ({
    'a success': () => t.request('GET', '/api/teams', { as: t.org.users.salesStaff }),
    'health (no token)': () => t.request('GET', '/api/health'),
    'a 401': () => t.request('GET', '/api/me'),
    'a 403': () => t.request('POST', '/api/teams', { as: t.org.users.advocate, body: { name: 'No' } }),
    'a 404': () => t.request('GET', '/api/nothing-here', { as: t.org.users.leader }),
    'a 415': () =>
      t.request('POST', '/api/teams', {
        as: t.org.users.leader,
        rawBody: 'x',
        headers: { 'Content-Type': 'text/plain' },
      }),
    'a 400': () => t.request('GET', '/api/teams?limit=1000', { as: t.org.users.leader }),
  });

  it.each(Object.keys(answers()))('%s carries an X-Request-Id, and Cache-Control: no-store', async (name) => {
    const response = await answers()[name as keyof ReturnType<typeof answers>]();

    expect(response.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it.each(['a 401', 'a 403', 'a 404', 'a 415', 'a 400'] as const)(
    '%s quotes the same request id in its problem',
    async (name) => {
      const response = await answers()[name]();

      const problem = (await response.json()) as Problem;
      expect(problem.requestId).toBe(response.headers.get('x-request-id'));
    },
  );

  it('gives each request its own id', async () => {
    const first = await t.request('GET', '/api/health');
    const second = await t.request('GET', '/api/health');

    expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
  });
});

describe('an unreachable database', () => {
  function appWithoutDatabase() {
    // Port 9 (discard) has no listener: every DynamoDB call is refused.
    const db = createDb({ tableName: t.db.tableName, region: 'local', endpoint: 'http://127.0.0.1:9' });
    return createApp({ db, auth: { issuer, clientId, keys: t.identity.keys } });
  }

  it('makes an authenticated request a 503 with Retry-After (the caller is read from the table)', async () => {
    const token = await t.token(t.org.users.leader);

    const response = await appWithoutDatabase().request('/api/me', { headers: { Authorization: `Bearer ${token}` } });

    const problem = await problemOf(response, 503);
    expect(problem.type).toBe('/problems/unavailable');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(problem.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('leaves health answering', async () => {
    expect((await appWithoutDatabase().request('/api/health')).status).toBe(200);
  });
});
