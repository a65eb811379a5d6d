import { beforeAll, describe, expect, it } from 'vitest';
import type { Team } from '#domain/directory/schemas.ts';
import { anId } from '#test/factories.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

function createTeam(name: string, key: string): Promise<Response> {
  return t.request('POST', '/api/teams', {
    as: t.org.users.leader,
    body: { name },
    headers: { 'Idempotency-Key': key },
  });
}

async function teamsNamed(name: string): Promise<Team[]> {
  const response = await t.request('GET', '/api/teams?includeInactive=true&limit=100', { as: t.org.users.leader });
  const page = (await response.json()) as { items: Team[] };
  return page.items.filter((team) => team.name === name);
}

describe('Idempotency-Key on POST /api/teams', () => {
  it('replays the first answer to the same key and body, and creates one team', async () => {
    const key = anId();

    const first = await createTeam('Replayed', key);
    const second = await createTeam('Replayed', key);

    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    const body = await first.json();
    expect(await second.json()).toEqual(body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect((await teamsNamed('Replayed')).map((team) => team.id)).toEqual([body.id]);
  });

  it('refuses the same key with another body (422) and creates nothing for it', async () => {
    const key = anId();
    expect((await createTeam('Original', key)).status).toBe(201);

    const response = await createTeam('Impostor', key);

    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ status: 422, type: '/problems/idempotency-key-reused' });
    expect(await teamsNamed('Impostor')).toEqual([]);
  });

  it('treats different keys as different requests', async () => {
    const first = await createTeam('Twice', anId());
    const second = await createTeam('Twice', anId());

    expect([first.status, second.status]).toEqual([201, 201]);
    expect(await teamsNamed('Twice')).toHaveLength(2);
  });

  it('creates exactly one team for 20 concurrent requests with one key', async () => {
    const key = anId();

    const answers = await Promise.all(Array.from({ length: 20 }, () => createTeam('Stampede', key)));

    const bodies = await Promise.all(
      answers.map(async (answer) => ({ status: answer.status, body: await answer.json() })),
    );
    const teams = await teamsNamed('Stampede');
    expect(teams).toHaveLength(1);
    const winner = teams[0];
    for (const { status, body } of bodies) {
      if (status === 201) expect(body).toEqual(winner);
      else expect(status).toBe(409);
    }
    expect(bodies.some(({ status }) => status === 201)).toBe(true);
  });

  it('refuses a key that is not 1 to 255 visible ASCII characters (400)', async () => {
    const response = await createTeam('Bad key', 'x'.repeat(256));

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ path: 'Idempotency-Key' }] });
  });

  it('keeps each caller’s keys apart', async () => {
    const key = anId();
    expect((await createTeam('Mine', key)).status).toBe(201);
    const other = await t.request('POST', '/api/teams', {
      as: t.org.users.salesStaff,
      body: { name: 'Mine' },
      headers: { 'Idempotency-Key': key },
    });

    // Not a replay of the leader's answer: the staff member's own request, refused on its merits.
    expect(other.status).toBe(403);
  });
});
