import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTimeline } from '#data/events.ts';
import { playKeys } from '#data/keys.ts';
import type { User } from '#domain/directory/schemas.ts';
import { type PlayView, playView } from '#domain/plays/views.ts';
import type { MyWork } from '#domain/work/my-work.ts';
import { config } from '#lib/config.ts';
import { createStreamPoller, type StreamPoller } from '#local/stream-poller.ts';
import { contextAs } from '#services/context.ts';
import { referrals } from '#services/referrals.ts';
import { dynamoEndpoint } from '#test/dynamo-endpoint.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { aSubmission } from '#test/referral-fixtures.ts';
import { createAggregatorHandler } from '../../../functions/handlers/aggregator.ts';

/**
 * Plays through the API, on a history with one clear mover: Northwind submitted 5 referrals
 * the week before and 8 this week (Wednesday 4 March 2026, ISO week 10).
 */

const now = new Date('2026-03-04T10:00:00Z');
const lastWeek = new Date('2026-02-25T10:00:00Z');
let t: TestApp;
let poller: StreamPoller;
let northwind: string;

beforeAll(async () => {
  t = await createTestApp({ now: () => now });
  poller = createStreamPoller({
    endpoint: dynamoEndpoint(),
    tableName: t.db.tableName,
    handler: createAggregatorHandler(t.db, config.ORG_TIME_ZONE),
  });
  const partner = t.org.users.northwindPartner;
  for (let i = 0; i < 5; i++) await referrals.submit(contextAs(t.db, partner, lastWeek), aSubmission());
  for (let i = 0; i < 8; i++) await referrals.submit(contextAs(t.db, partner, now), aSubmission());
  for (let pass = 0; pass < 50; pass++) if ((await poller.pollOnce()) === 0) break;
  northwind = `partner:${t.org.partners.northwind.id}`;
});

afterAll(async () => {
  await poller.stop();
});

const aPlay = (overrides: Record<string, unknown> = {}) => ({
  figure: 'referrals.submitted',
  dimension: northwind,
  weeks: 1,
  ownerId: t.org.users.salesStaff.id,
  dueOn: '2026-03-11',
  ...overrides,
});

async function make(overrides: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await t.request('POST', '/api/plays', { as: t.org.users.leader, body: aPlay(overrides), headers });
  expect(response.status, await response.clone().text()).toBe(201);
  return { response, play: (await response.json()) as PlayView };
}

async function workOf(user: User): Promise<MyWork> {
  const response = await t.request('GET', '/api/my-work', { as: user });
  expect(response.status).toBe(200);
  return (await response.json()) as MyWork;
}

async function problemOf(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as { status: number; errors?: { path: string }[] };
}

describe('making a play of a mover', () => {
  it('keeps the mover as the scorecard shows it, and links to its records', async () => {
    const scorecard = await t.request('GET', '/api/scorecard?weeks=1', { as: t.org.users.leader });
    const body = (await scorecard.json()) as { pillars: { movers: { figure: string; dimension: string }[] }[] };
    const movers = body.pillars.flatMap((pillar) => pillar.movers);
    expect(movers).toContainEqual(expect.objectContaining({ figure: 'referrals.submitted', dimension: northwind }));

    const { response, play } = await make({}, { 'Idempotency-Key': 'play-northwind-1' });
    expect(response.headers.get('location')).toBe(`/api/plays/${play.id}`);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(play).toMatchObject({
      status: 'open',
      ownerId: t.org.users.salesStaff.id,
      ownerName: t.org.users.salesStaff.name,
      dueOn: '2026-03-11',
      // The end of 11 March in London (GMT then): midnight UTC.
      dueAt: '2026-03-12T00:00:00.000Z',
      overdue: false,
      createdBy: t.org.users.leader.id,
      source: {
        figure: 'referrals.submitted',
        name: 'Referrals submitted',
        dimension: northwind,
        label: t.org.partners.northwind.name,
        weeks: 1,
        week: '2026-W10',
        previous: 5,
        current: 8,
        sampleSize: 8,
        direction: 'better',
      },
    });
    expect(play.title).toBe(`Follow up: ${t.org.partners.northwind.name}, Referrals submitted`);

    const records = await t.request('GET', play.recordsPath, { as: t.org.users.leader });
    expect(records.status).toBe(200);
    expect(((await records.json()) as { items: unknown[] }).items).toHaveLength(8);
    expect(play.webPath).toBe(
      `/scorecard?figure=referrals.submitted&weeks=1&dimension=${encodeURIComponent(northwind)}`,
    );

    // The same key and body again: the same answer, and no second play.
    const again = await t.request('POST', '/api/plays', {
      as: t.org.users.leader,
      body: aPlay(),
      headers: { 'Idempotency-Key': 'play-northwind-1' },
    });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as PlayView).id).toBe(play.id);
  });

  it('shows on its owner’s My work and nobody else’s, and in the leaders’ list', async () => {
    const { play } = await make({ title: 'Thank Northwind, ask what changed' });
    const owner = await workOf(t.org.users.salesStaff);
    expect(owner.plays).toContainEqual({
      id: play.id,
      title: 'Thank Northwind, ask what changed',
      dueOn: '2026-03-11',
      dueAt: '2026-03-12T00:00:00.000Z',
      overdue: false,
      mover: `${t.org.partners.northwind.name}: Referrals submitted`,
    });
    expect((await workOf(t.org.users.supportStaff)).plays.map((item) => item.id)).not.toContain(play.id);
    expect((await workOf(t.org.users.leader)).plays.map((item) => item.id)).not.toContain(play.id);

    const list = await t.request('GET', '/api/plays?limit=100', { as: t.org.users.leader });
    expect(((await list.json()) as { items: PlayView[] }).items.map((item) => item.id)).toContain(play.id);
    const theirs = await t.request('GET', '/api/plays?limit=100', { as: t.org.users.supportStaff });
    expect(((await theirs.json()) as { items: PlayView[] }).items.map((item) => item.id)).not.toContain(play.id);
  });

  it('is overdue once its due date has ended in the organisation’s zone', async () => {
    const { play } = await make({ dueOn: '2026-03-04' });
    expect(play).toMatchObject({ overdue: false, dueAt: '2026-03-05T00:00:00.000Z' });
    expect(playView(play, play.ownerName, new Date('2026-03-04T23:59:59Z')).overdue).toBe(false);
    expect(playView(play, play.ownerName, new Date('2026-03-05T00:00:00Z')).overdue).toBe(true);
  });

  it('refuses an owner who is not a leader or staff, a past date, an unknown figure or field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ownerId: t.org.users.northwindPartner.id }, 'ownerId'],
      [{ ownerId: '01J00000000000000000000000' }, 'ownerId'],
      [{ dueOn: '2026-03-03' }, 'dueOn'],
      [{ dueOn: '2026-02-30' }, 'dueOn'],
      [{ figure: 'referrals.nothing' }, 'figure'],
      [{ dimension: 'partner:nobody' }, 'dimension'],
      [{ weeks: 53 }, 'weeks'],
      [{ extra: true }, '(body)'],
    ];
    for (const [overrides, path] of cases) {
      const response = await t.request('POST', '/api/plays', { as: t.org.users.leader, body: aPlay(overrides) });
      expect(response.status, JSON.stringify(overrides)).toBe(400);
      const problem = await problemOf(response);
      expect(problem.errors?.map((error) => error.path).join(','), JSON.stringify(overrides)).toContain(
        path === '(body)' ? '' : path,
      );
    }
  });
});

describe('closing a play', () => {
  it('takes If-Match and a note, from its owner; then it leaves My work and stays closed', async () => {
    const { play } = await make();
    const path = `/api/plays/${play.id}/close`;
    const owner = t.org.users.salesStaff;
    const note = { note: 'Called Northwind: a new account manager. Keep an eye on it.' };

    expect((await t.request('POST', path, { as: owner, body: note })).status).toBe(428);
    expect((await t.request('POST', path, { as: owner, body: note, headers: { 'If-Match': '"7"' } })).status).toBe(412);
    expect(
      (await t.request('POST', path, { as: owner, body: { note: '  ' }, headers: { 'If-Match': '"1"' } })).status,
    ).toBe(400);
    const closed = await t.request('POST', path, { as: owner, body: note, headers: { 'If-Match': '"1"' } });
    expect(closed.status).toBe(200);
    expect(closed.headers.get('etag')).toBe('"2"');
    expect(await closed.json()).toMatchObject({
      status: 'closed',
      closeNote: note.note,
      closedBy: owner.id,
      closedAt: now.toISOString(),
      version: 2,
    });

    const twice = await t.request('POST', path, { as: owner, body: note, headers: { 'If-Match': '"2"' } });
    expect(twice.status).toBe(409);
    expect((await workOf(owner)).plays.map((item) => item.id)).not.toContain(play.id);
    const closedList = await t.request('GET', '/api/plays?status=closed&limit=100', { as: t.org.users.leader });
    expect(((await closedList.json()) as { items: PlayView[] }).items.map((item) => item.id)).toContain(play.id);

    const timeline = await listTimeline(t.db, playKeys.byId(play.id).pk);
    expect(timeline.map((event) => event.type)).toEqual(['play.created', 'play.closed']);
    expect(timeline[1]).toMatchObject({ actorId: owner.id, note: note.note });
  });

  it('lets leaders reassign and re-date an open play, at its version', async () => {
    const { play } = await make();
    const path = `/api/plays/${play.id}`;
    const change = { ownerId: t.org.users.supportStaff.id, dueOn: '2026-03-20' };
    const changed = await t.request('PATCH', path, {
      as: t.org.users.leader,
      body: change,
      headers: { 'If-Match': '"1"' },
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ ...change, dueAt: '2026-03-21T00:00:00.000Z', version: 2 });
    expect((await workOf(t.org.users.supportStaff)).plays.map((item) => item.id)).toContain(play.id);
    expect((await workOf(t.org.users.salesStaff)).plays.map((item) => item.id)).not.toContain(play.id);
    const stale = await t.request('PATCH', path, {
      as: t.org.users.leader,
      body: { title: 'Again' },
      headers: { 'If-Match': '"1"' },
    });
    expect(stale.status).toBe(412);
    const timeline = await listTimeline(t.db, playKeys.byId(play.id).pk);
    expect(timeline.map((event) => event.type)).toEqual(['play.created', 'play.reassigned']);
  });
});
