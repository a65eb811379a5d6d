import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listTimeline } from '#data/events.ts';
import { getHandoff } from '#data/handoff-repository.ts';
import { handoffKeys } from '#data/keys.ts';
import type { Team, User } from '#domain/directory/schemas.ts';
import { contextAs } from '#services/context.ts';
import { teams } from '#services/directory.ts';
import { referrals } from '#services/referrals.ts';
import { sweep } from '#services/sweeper.ts';
import { aColleague, aHandoffSubmission, aTeamWithStaff } from '#test/handoff-fixtures.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { aSubmission } from '#test/referral-fixtures.ts';

type Body = Record<string, unknown>;

/** A test app whose clock the test sets: SLA due times are exact. */
async function createClockedApp() {
  const clock = { now: new Date('2026-03-04T10:00:00Z') };
  const t = await createTestApp({ now: () => clock.now });
  const onboarding = await aTeamWithStaff(t.db, 'Onboarding');
  const finance = await aTeamWithStaff(t.db, 'Finance');
  return { t, clock, onboarding, finance };
}

/** The calls of this capability, as one user or another. */
function client(t: TestApp) {
  const api = {
    send: (as: User, body: Body, headers: Record<string, string> = {}) =>
      t.request('POST', '/api/handoffs', { as, body, headers }),
    async sent(as: User, body: Body) {
      const response = await api.send(as, body);
      expect(response.status).toBe(201);
      return response.json();
    },
    move: (as: User, id: string, version: number, body: Body) =>
      t.request('POST', `/api/handoffs/${id}/transitions`, { as, body, headers: { 'If-Match': `"${version}"` } }),
    async moved(as: User, id: string, version: number, body: Body) {
      const response = await api.move(as, id, version, body);
      expect(response.status).toBe(200);
      return response.json();
    },
    rate: (as: User, id: string, body: Body, headers: Record<string, string> = {}) =>
      t.request('POST', `/api/handoffs/${id}/rating`, { as, body, headers }),
    detail: (as: User, id: string) => t.request('GET', `/api/handoffs/${id}`, { as }),
    async list(as: User, query = '') {
      const response = await t.request('GET', `/api/handoffs${query}`, { as });
      expect(response.status).toBe(200);
      return response.json() as Promise<{ items: Body[]; cursor: string | null }>;
    },
  };
  return api;
}

describe('handoffs through the API', () => {
  let t: TestApp;
  let clock: { now: Date };
  let api: ReturnType<typeof client>;
  let sales: User;
  let support: User;
  let onboarding: { team: Team; staff: User };
  let finance: { team: Team; staff: User };

  beforeAll(async () => {
    ({ t, clock, onboarding, finance } = await createClockedApp());
    api = client(t);
    sales = t.org.users.salesStaff;
    support = t.org.users.supportStaff;
  });

  // A Wednesday morning, unless a test says otherwise.
  beforeEach(() => {
    clock.now = new Date('2026-03-04T10:00:00Z');
  });

  const toOnboarding = (overrides: Body = {}) => aHandoffSubmission({ toTeamId: onboarding.team.id, ...overrides });

  describe('handing work over', () => {
    it('answers 201 with the handoff from the caller’s team, its ETag, and the acknowledgement due in 4 working hours', async () => {
      const response = await api.send(sales, toOnboarding());
      expect(response.status).toBe(201);
      expect(response.headers.get('etag')).toBe('"1"');
      const handoff = await response.json();
      expect(response.headers.get('location')).toBe(`/api/handoffs/${handoff.id}`);
      expect(handoff).toMatchObject({
        status: 'sent',
        version: 1,
        fromTeamId: t.org.teams.sales.id,
        toTeamId: onboarding.team.id,
        senderId: sales.id,
        sentAt: '2026-03-04T10:00:00.000Z',
        ackSlaHours: 4,
        ackDueAt: '2026-03-04T14:00:00.000Z',
        overdue: false,
        returnCount: 0,
        actions: { transitions: [], rate: false },
      });
    });

    it('counts working hours only: sent on Friday evening, due Monday 13:00 in the organisation’s time zone', async () => {
      clock.now = new Date('2026-03-06T18:00:00Z');
      expect((await api.sent(sales, toOnboarding())).ackDueAt).toBe('2026-03-09T13:00:00.000Z');
      // Friday afternoon after the clocks went forward: 16:00 BST is 15:00Z; Monday 12:00 BST is 11:00Z.
      clock.now = new Date('2026-04-03T15:00:00Z');
      expect((await api.sent(sales, toOnboarding())).ackDueAt).toBe('2026-04-06T11:00:00.000Z');
    });

    it('refuses fields the form does not have (mass assignment) and writes nothing', async () => {
      const before = await api.list(sales, '?box=outbox&limit=100');
      for (const extra of [
        { status: 'completed' },
        { fromTeamId: finance.team.id },
        { senderId: support.id },
        { ackDueAt: '2030-01-01T00:00:00Z' },
        { version: 7 },
        { overdue: true },
        { rating: { score: 5 } },
      ]) {
        const response = await api.send(sales, toOnboarding(extra));
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
      }
      const after = await api.list(sales, '?box=outbox&limit=100');
      expect(after.items).toHaveLength(before.items.length);
    });

    it('lists field errors for an empty summary, a missing promise and a due date without offset', async () => {
      const response = await api.send(sales, {
        toTeamId: onboarding.team.id,
        summary: ' ',
        needs: 'x',
        dueAt: '2026-05-01',
      });
      expect(response.status).toBe(400);
      const problem = await response.json();
      expect(problem.errors.map((error: { path: string }) => error.path)).toEqual(
        expect.arrayContaining(['summary', 'promised', 'dueAt']),
      );
    });

    it('refuses the caller’s own team, an unknown or inactive team, an unknown customer and a past due date (400)', async () => {
      const fieldOf = async (response: Response) => {
        expect(response.status).toBe(400);
        return (await response.json()).errors.map((error: { path: string }) => error.path);
      };
      expect(await fieldOf(await api.send(sales, aHandoffSubmission({ toTeamId: t.org.teams.sales.id })))).toEqual([
        'toTeamId',
      ]);
      expect(await fieldOf(await api.send(sales, aHandoffSubmission()))).toEqual(['toTeamId']);
      expect(await fieldOf(await api.send(sales, toOnboarding({ customerId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' })))).toEqual([
        'customerId',
      ]);
      expect(await fieldOf(await api.send(sales, toOnboarding({ dueAt: '2026-03-01T12:00:00Z' })))).toEqual(['dueAt']);

      const closing = await aTeamWithStaff(t.db, 'Closing');
      const system = contextAs(t.db, t.org.users.leader);
      await teams.update(system, closing.team.id, 1, { active: false });
      expect(await fieldOf(await api.send(sales, aHandoffSubmission({ toTeamId: closing.team.id })))).toEqual([
        'toTeamId',
      ]);
    });

    it('links an existing customer and keeps the due date of the work', async () => {
      const referral = await referrals.submit(contextAs(t.db, t.org.users.northwindPartner), aSubmission());
      const staff = contextAs(t.db, sales);
      await referrals.transition(staff, referral.id, 1, { to: 'accepted' });
      await referrals.transition(staff, referral.id, 2, { to: 'qualified' });
      const won = await referrals.transition(staff, referral.id, 3, { to: 'won' });
      expect(won.customerId).toBeDefined();
      const response = await api.send(
        sales,
        toOnboarding({ customerId: won.customerId, dueAt: '2026-03-13T17:00:00+00:00' }),
      );
      const handoff = await response.json();
      expect(response.status, JSON.stringify(handoff)).toBe(201);
      expect(handoff).toMatchObject({ customerId: won.customerId, dueAt: '2026-03-13T17:00:00.000Z' });
    });

    it('lets only staff hand over: leaders, partners and advocates get 403', async () => {
      for (const user of [t.org.users.leader, t.org.users.northwindPartner, t.org.users.advocate]) {
        expect((await api.send(user, toOnboarding())).status).toBe(403);
      }
      expect((await t.request('POST', '/api/handoffs', { body: toOnboarding() })).status).toBe(401);
    });

    it('replays the first answer for the same Idempotency-Key and body, once written, and refuses another body (422)', async () => {
      const body = toOnboarding();
      const before = await api.list(sales, '?box=outbox&limit=100');
      const first = await api.send(sales, body, { 'Idempotency-Key': 'handoff-key-1' });
      const second = await api.send(sales, body, { 'Idempotency-Key': 'handoff-key-1' });
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(second.headers.get('etag')).toBe('"1"');
      expect(await second.json()).toEqual(await first.json());
      const other = await api.send(sales, toOnboarding(), { 'Idempotency-Key': 'handoff-key-1' });
      expect(other.status).toBe(422);
      expect((await other.json()).type).toBe('/problems/idempotency-key-reused');
      const after = await api.list(sales, '?box=outbox&limit=100');
      expect(after.items).toHaveLength(before.items.length + 1);
    });

    it('writes one handoff for simultaneous requests with one Idempotency-Key', async () => {
      const body = toOnboarding();
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => api.send(sales, body, { 'Idempotency-Key': 'handoff-race' })),
      );
      expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201, 201]);
      const ids = new Set(await Promise.all(responses.map(async (response) => (await response.json()).id)));
      expect(ids.size).toBe(1);
    });
  });

  describe('the workflow', () => {
    it('goes sent → acknowledged → returned → sent → acknowledged → accepted → completed, with its timeline', async () => {
      const handoff = await api.sent(sales, toOnboarding());
      const receiver = onboarding.staff;

      clock.now = new Date('2026-03-04T11:00:00Z');
      const acknowledged = await api.move(receiver, handoff.id, 1, { to: 'acknowledged' });
      expect(acknowledged.headers.get('etag')).toBe('"2"');
      expect(await acknowledged.json()).toMatchObject({
        status: 'acknowledged',
        acknowledgedBy: receiver.id,
        acknowledgedAt: '2026-03-04T11:00:00.000Z',
        acknowledgedLate: false,
        actions: { transitions: ['accepted', 'returned'], rate: false },
      });

      const missing = ['The signed order form', 'The admin contact'];
      const returned = await api.moved(receiver, handoff.id, 2, { to: 'returned', missing, note: 'Nearly there.' });
      expect(returned).toMatchObject({ status: 'returned', missing, returnCount: 1 });

      // The sender resubmits on Friday at 16:00: a new round, due by Monday 12:00.
      clock.now = new Date('2026-03-06T16:00:00Z');
      const senderView = await (await api.detail(sales, handoff.id)).json();
      expect(senderView.actions.transitions).toEqual(['sent']);
      const resubmitted = await api.moved(sales, handoff.id, 3, { to: 'sent', note: 'Attached both.' });
      expect(resubmitted).toMatchObject({
        status: 'sent',
        sentAt: '2026-03-06T16:00:00.000Z',
        ackDueAt: '2026-03-09T12:00:00.000Z',
        returnCount: 1,
        overdue: false,
      });
      expect(resubmitted.missing).toBeUndefined();
      expect(resubmitted.acknowledgedAt).toBeUndefined();

      clock.now = new Date('2026-03-09T09:30:00Z');
      await api.moved(receiver, handoff.id, 4, { to: 'acknowledged' });
      await api.moved(receiver, handoff.id, 5, { to: 'accepted' });
      const completed = await api.moved(receiver, handoff.id, 6, { to: 'completed' });
      expect(completed).toMatchObject({ status: 'completed', version: 7, actions: { transitions: [], rate: true } });

      const detail = await (await api.detail(sales, handoff.id)).json();
      expect(detail.timeline.map((event: { type: string }) => event.type)).toEqual([
        'handoff.sent',
        'handoff.acknowledged',
        'handoff.returned',
        'handoff.resubmitted',
        'handoff.acknowledged',
        'handoff.accepted',
        'handoff.completed',
      ]);
      const returnedEvent = detail.timeline[2];
      expect(returnedEvent).toMatchObject({ actorId: receiver.id, note: 'Nearly there.', after: { missing } });
      expect(detail.timeline[3]).toMatchObject({ actorId: sales.id, note: 'Attached both.' });
      // Events carry ids, statuses and dates: none of the handoff's free text.
      expect(JSON.stringify(detail.timeline)).not.toContain(handoff.promised);
    });

    it('lets only the receiving team acknowledge, accept, return and complete, and only the sending team resubmit (403)', async () => {
      const handoff = await api.sent(sales, toOnboarding());
      const receiver = onboarding.staff;
      const steps: [Body, User, User][] = [
        [{ to: 'acknowledged' }, sales, receiver],
        [{ to: 'returned', missing: ['The order number'] }, sales, receiver],
        [{ to: 'sent' }, receiver, sales],
        [{ to: 'acknowledged' }, sales, receiver],
        [{ to: 'accepted' }, sales, receiver],
        [{ to: 'completed' }, sales, receiver],
      ];
      let version = 1;
      for (const [body, wrong, right] of steps) {
        const refused = await api.move(wrong, handoff.id, version, body);
        expect(refused.status).toBe(403);
        expect((await refused.json()).type).toBe('/problems/forbidden');
        // Staff of a team that neither sent nor received it are told it does not exist.
        expect((await api.move(finance.staff, handoff.id, version, body)).status).toBe(404);
        expect((await api.move(t.org.users.northwindPartner, handoff.id, version, body)).status).toBe(404);
        expect((await api.move(t.org.users.advocate, handoff.id, version, body)).status).toBe(404);
        version = (await api.moved(right, handoff.id, version, body)).version;
      }
      expect(version).toBe(7);
      const stored = await getHandoff(t.db, handoff.id);
      expect(stored?.status).toBe('completed');
    });

    it('lets a colleague of the receiving team act, and a leader act for either team', async () => {
      const colleague = await aColleague(t.db, onboarding.team.id, 'Otto Onboarding');
      const handoff = await api.sent(sales, toOnboarding());
      await api.moved(colleague, handoff.id, 1, { to: 'acknowledged' });
      const leader = t.org.users.leader;
      await api.moved(leader, handoff.id, 2, { to: 'returned', missing: ['The seat count'] });
      const resubmitted = await api.moved(leader, handoff.id, 3, { to: 'sent' });
      expect(resubmitted.status).toBe('sent');
      const events = await listTimeline(t.db, handoffKeys.byId(handoff.id).pk);
      expect(events.map((event) => event.actorId)).toEqual([sales.id, colleague.id, leader.id, leader.id]);
    });

    it('answers an invalid transition 409, a return without what is missing 400, a stale version 412, no If-Match 428', async () => {
      const receiver = onboarding.staff;
      const handoff = await api.sent(sales, toOnboarding());
      for (const to of ['accepted', 'completed', 'returned']) {
        const response = await api.move(receiver, handoff.id, 1, {
          to,
          ...(to === 'returned' ? { missing: ['x'] } : {}),
        });
        expect(response.status).toBe(409);
        expect((await response.json()).type).toBe('/problems/invalid-transition');
      }
      // The sender resubmitting what was never returned is invalid too.
      expect((await api.move(sales, handoff.id, 1, { to: 'sent' })).status).toBe(409);
      expect((await api.move(receiver, handoff.id, 1, { to: 'acknowledged', missing: ['x'] })).status).toBe(400);
      expect((await api.move(receiver, handoff.id, 1, { to: 'archived' })).status).toBe(400);
      expect((await api.move(receiver, handoff.id, 1, { to: 'acknowledged', status: 'completed' })).status).toBe(400);

      await api.moved(receiver, handoff.id, 1, { to: 'acknowledged' });
      expect((await api.move(receiver, handoff.id, 2, { to: 'returned' })).status).toBe(400);
      expect((await api.move(receiver, handoff.id, 2, { to: 'returned', missing: [] })).status).toBe(400);
      const stale = await api.move(receiver, handoff.id, 1, { to: 'accepted' });
      expect(stale.status).toBe(412);
      expect((await stale.json()).type).toBe('/problems/stale-version');
      const noIfMatch = await t.request('POST', `/api/handoffs/${handoff.id}/transitions`, {
        as: receiver,
        body: { to: 'accepted' },
      });
      expect(noIfMatch.status).toBe(428);

      await api.moved(receiver, handoff.id, 2, { to: 'accepted' });
      await api.moved(receiver, handoff.id, 3, { to: 'completed' });
      for (const to of ['sent', 'acknowledged', 'accepted', 'returned', 'completed']) {
        const who = to === 'sent' ? sales : receiver;
        expect(
          (await api.move(who, handoff.id, 4, { to, ...(to === 'returned' ? { missing: ['x'] } : {}) })).status,
        ).toBe(409);
      }
    });

    it('lets exactly one of twenty concurrent acknowledgements succeed; the others are 412', async () => {
      const handoff = await api.sent(sales, toOnboarding());
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => api.move(onboarding.staff, handoff.id, 1, { to: 'acknowledged' })),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status !== 200).every((status) => status === 412)).toBe(true);
      const events = await listTimeline(t.db, handoffKeys.byId(handoff.id).pk);
      expect(events.filter((event) => event.type === 'handoff.acknowledged')).toHaveLength(1);
      expect((await getHandoff(t.db, handoff.id))?.version).toBe(2);
    });

    it('allows a late acknowledgement and records it as late', async () => {
      const handoff = await api.sent(sales, toOnboarding());
      clock.now = new Date('2026-03-04T14:00:01Z');
      const late = await api.moved(onboarding.staff, handoff.id, 1, { to: 'acknowledged' });
      expect(late).toMatchObject({ status: 'acknowledged', acknowledgedLate: true, overdue: false });
    });
  });

  describe('rating', () => {
    async function completed() {
      const handoff = await api.sent(sales, toOnboarding());
      let version = 1;
      for (const to of ['acknowledged', 'accepted', 'completed']) {
        version = (await api.moved(onboarding.staff, handoff.id, version, { to })).version;
      }
      return { id: handoff.id as string, version };
    }

    it('is refused before completion (409)', async () => {
      const handoff = await api.sent(sales, toOnboarding());
      const response = await api.rate(onboarding.staff, handoff.id, { score: 4 });
      expect(response.status).toBe(409);
    });

    it('is the receiving team’s, once: 201, then 409 for a second rating', async () => {
      const { id, version } = await completed();
      expect((await api.rate(sales, id, { score: 5 })).status).toBe(403);
      expect((await api.rate(t.org.users.leader, id, { score: 5 })).status).toBe(403);
      expect((await api.rate(finance.staff, id, { score: 5 })).status).toBe(404);
      expect((await api.rate(t.org.users.northwindPartner, id, { score: 5 })).status).toBe(404);

      clock.now = new Date('2026-03-05T09:00:00Z');
      const rated = await api.rate(onboarding.staff, id, { score: 4, comment: 'Clear and complete; one detail late.' });
      expect(rated.status).toBe(201);
      expect(rated.headers.get('etag')).toBe(`"${version + 1}"`);
      expect(await rated.json()).toMatchObject({
        version: version + 1,
        rating: {
          score: 4,
          comment: 'Clear and complete; one detail late.',
          ratedBy: onboarding.staff.id,
          ratedAt: '2026-03-05T09:00:00.000Z',
        },
        actions: { transitions: [], rate: false },
      });

      const again = await api.rate(onboarding.staff, id, { score: 5 });
      expect(again.status).toBe(409);
      expect((await again.json()).type).toBe('/problems/handoff-rated');

      // The sender sees how it was rated, and the rating is on the timeline.
      const detail = await (await api.detail(sales, id)).json();
      expect(detail.rating.score).toBe(4);
      expect(detail.timeline.at(-1)).toMatchObject({ type: 'handoff.rated', after: { score: 4 } });
    });

    it('takes a whole score from 1 to 5 and nothing else (400)', async () => {
      const { id, version } = await completed();
      for (const body of [
        { score: 0 },
        { score: 6 },
        { score: 2.5 },
        { score: '4' },
        {},
        { score: 3, ratedBy: sales.id },
      ]) {
        expect((await api.rate(onboarding.staff, id, body)).status).toBe(400);
      }
      expect((await getHandoff(t.db, id))?.version).toBe(version);
    });

    it('refuses a stale If-Match (412), and of simultaneous ratings lets exactly one through', async () => {
      const { id, version } = await completed();
      expect((await api.rate(onboarding.staff, id, { score: 3 }, { 'If-Match': `"${version - 1}"` })).status).toBe(412);
      // Without If-Match: whether a request reads before or after the winner, it is a 409.
      const responses = await Promise.all([1, 2, 3, 4, 5].map((score) => api.rate(onboarding.staff, id, { score })));
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([201, 409, 409, 409, 409]);
    });
  });

  describe('seeing handoffs', () => {
    it('shows a handoff to both teams and to leaders, and answers 404 to an unrelated team, partners and advocates', async () => {
      const handoff = await api.sent(sales, toOnboarding());
      for (const user of [sales, onboarding.staff, t.org.users.leader]) {
        const response = await api.detail(user, handoff.id);
        expect(response.status).toBe(200);
        expect(response.headers.get('etag')).toBe('"1"');
        expect((await response.json()).timeline).toHaveLength(1);
      }
      for (const user of [support, finance.staff, t.org.users.northwindPartner, t.org.users.advocate]) {
        const response = await api.detail(user, handoff.id);
        expect(response.status).toBe(404);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
      }
      expect((await api.detail(sales, '01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
    });

    it('refuses lists to partners and advocates (403)', async () => {
      for (const user of [t.org.users.northwindPartner, t.org.users.advocate]) {
        expect((await t.request('GET', '/api/handoffs', { as: user })).status).toBe(403);
      }
    });
  });
});

describe('inbox and outbox', () => {
  let t: TestApp;
  let clock: { now: Date };
  let api: ReturnType<typeof client>;
  let sender: { team: Team; staff: User };
  let receiver: { team: Team; staff: User };
  /** Ids in the order they were sent: the first two are overdue by the time the list is read. */
  const ids: string[] = [];

  beforeAll(async () => {
    ({ t, clock } = await createClockedApp());
    api = client(t);
    sender = await aTeamWithStaff(t.db, 'Sender');
    receiver = await aTeamWithStaff(t.db, 'Receiver');
    // Monday: two handoffs; Wednesday: four more, one acknowledged.
    for (const at of ['2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z']) {
      clock.now = new Date(at);
      ids.push((await api.sent(sender.staff, aHandoffSubmission({ toTeamId: receiver.team.id }))).id);
    }
    for (const at of ['2026-03-04T09:00:00Z', '2026-03-04T09:10:00Z', '2026-03-04T09:20:00Z', '2026-03-04T09:30:00Z']) {
      clock.now = new Date(at);
      ids.push((await api.sent(sender.staff, aHandoffSubmission({ toTeamId: receiver.team.id }))).id);
    }
    await api.moved(receiver.staff, ids[5] as string, 1, { to: 'acknowledged' });
    // The other way round, so each team has something in both boxes.
    ids.push((await api.sent(receiver.staff, aHandoffSubmission({ toTeamId: sender.team.id }))).id);
    clock.now = new Date('2026-03-04T10:00:00Z');
    const swept = await sweep(t.db, clock.now);
    expect(swept.handoffsMarkedOverdue).toBe(2);
  });

  const idsOf = (page: { items: Body[] }) => page.items.map((item) => item.id);

  it('lists the receiving team’s inbox overdue first, then the rest, each newest first', async () => {
    const inbox = await api.list(receiver.staff, '?box=inbox');
    expect(idsOf(inbox)).toEqual([ids[1], ids[0], ids[5], ids[4], ids[3], ids[2]]);
    expect(inbox.items.slice(0, 2).every((item) => item.overdue === true)).toBe(true);
    expect(inbox.cursor).toBeNull();
    // The inbox is the default box.
    expect(idsOf(await api.list(receiver.staff))).toEqual(idsOf(inbox));
  });

  it('lists the sending team’s outbox newest first, with what each side may do', async () => {
    const outbox = await api.list(sender.staff, '?box=outbox');
    expect(idsOf(outbox)).toEqual([ids[5], ids[4], ids[3], ids[2], ids[1], ids[0]]);
    expect(outbox.items.every((item) => (item.actions as Body).rate === false)).toBe(true);
    expect(idsOf(await api.list(sender.staff, '?box=inbox'))).toEqual([ids[6]]);
    const inbox = await api.list(receiver.staff, '?box=inbox');
    expect(inbox.items.find((item) => item.id === ids[0])?.actions).toEqual({
      transitions: ['acknowledged'],
      rate: false,
    });
  });

  it('filters by status and by overdue', async () => {
    expect(idsOf(await api.list(receiver.staff, '?box=inbox&overdue=true'))).toEqual([ids[1], ids[0]]);
    expect(idsOf(await api.list(receiver.staff, '?box=inbox&overdue=false'))).toEqual([ids[5], ids[4], ids[3], ids[2]]);
    expect(idsOf(await api.list(receiver.staff, '?box=inbox&status=acknowledged'))).toEqual([ids[5]]);
    expect(idsOf(await api.list(receiver.staff, '?box=inbox&status=sent&overdue=false'))).toEqual([
      ids[4],
      ids[3],
      ids[2],
    ]);
    expect(idsOf(await api.list(sender.staff, '?box=outbox&overdue=true'))).toEqual([ids[1], ids[0]]);
    expect(idsOf(await api.list(sender.staff, '?box=outbox&status=completed'))).toEqual([]);
    expect((await t.request('GET', '/api/handoffs?status=done', { as: sender.staff })).status).toBe(400);
    expect((await t.request('GET', '/api/handoffs?box=all', { as: sender.staff })).status).toBe(400);
  });

  it('pages with a cursor in the same order, without repeats or gaps, across the overdue boundary', async () => {
    const whole = idsOf(await api.list(receiver.staff, '?box=inbox'));
    const seen: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page = await api.list(receiver.staff, `?box=inbox&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...idsOf(page));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(whole);

    // A cursor is only good for the list it came from.
    const first = await api.list(receiver.staff, '?box=inbox&limit=2');
    const foreign = await t.request('GET', `/api/handoffs?box=outbox&limit=2&cursor=${first.cursor}`, {
      as: receiver.staff,
    });
    expect(foreign.status).toBe(400);
  });

  it('shows staff their own team’s boxes only, whatever team they name', async () => {
    const other = await api.list(t.org.users.salesStaff, '?box=inbox');
    expect(idsOf(other).some((id) => ids.includes(id as string))).toBe(false);
    expect((await api.list(t.org.users.salesStaff, `?box=inbox&teamId=${receiver.team.id}`)).items).toEqual([]);
  });

  it('shows leaders any team’s box by teamId, and every handoff without one', async () => {
    const leader = t.org.users.leader;
    const inbox = await api.list(leader, `?box=inbox&teamId=${receiver.team.id}`);
    expect(idsOf(inbox)).toEqual([ids[1], ids[0], ids[5], ids[4], ids[3], ids[2]]);
    const outbox = await api.list(leader, `?box=outbox&teamId=${receiver.team.id}`);
    expect(idsOf(outbox)).toEqual([ids[6]]);
    const all = await api.list(leader, '?limit=100');
    expect(idsOf(all)).toEqual(expect.arrayContaining(ids));
    expect(idsOf(await api.list(leader, '?overdue=true&limit=100'))).toEqual([ids[1], ids[0]]);
    // Everyone, as leaders see it: their actions are offered, the rating is not.
    expect(inbox.items[0]?.actions).toEqual({ transitions: ['acknowledged'], rate: false });
  });
});

describe('the SLA sweeper and handoffs', () => {
  let t: TestApp;
  let clock: { now: Date };
  let api: ReturnType<typeof client>;
  let onboarding: { team: Team; staff: User };

  beforeAll(async () => {
    ({ t, clock, onboarding } = await createClockedApp());
    api = client(t);
  });

  it('marks an unacknowledged handoff overdue once, as an event, after its due time; a late acknowledgement is recorded as late', async () => {
    const sales = t.org.users.salesStaff;
    clock.now = new Date('2026-03-06T15:00:00Z');
    const waiting = await api.sent(sales, aHandoffSubmission({ toTeamId: onboarding.team.id }));
    const answered = await api.sent(sales, aHandoffSubmission({ toTeamId: onboarding.team.id }));
    expect(waiting.ackDueAt).toBe('2026-03-09T11:00:00.000Z');
    await api.moved(onboarding.staff, answered.id, 1, { to: 'acknowledged' });

    expect((await sweep(t.db, new Date('2026-03-07T12:00:00Z'))).handoffsMarkedOverdue).toBe(0);
    // Due at 11:00 means in time at 11:00.
    expect((await sweep(t.db, new Date('2026-03-09T11:00:00Z'))).handoffsMarkedOverdue).toBe(0);
    expect((await sweep(t.db, new Date('2026-03-09T11:00:01Z'))).handoffsMarkedOverdue).toBe(1);
    expect((await sweep(t.db, new Date('2026-03-10T11:00:00Z'))).handoffsMarkedOverdue).toBe(0);

    const marked = await getHandoff(t.db, waiting.id);
    expect(marked).toMatchObject({ overdue: true, version: 2, status: 'sent' });
    const events = await listTimeline(t.db, handoffKeys.byId(waiting.id).pk);
    expect(events.filter((event) => event.type === 'handoff.overdue')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ actorId: 'system', before: { overdue: false }, after: { overdue: true } });
    expect((await getHandoff(t.db, answered.id))?.overdue).toBe(false);

    clock.now = new Date('2026-03-10T09:00:00Z');
    const late = await api.moved(onboarding.staff, waiting.id, 2, { to: 'acknowledged' });
    expect(late).toMatchObject({ acknowledgedLate: true, overdue: false });
    const inbox = await api.list(onboarding.staff, '?box=inbox&overdue=true');
    expect(inbox.items).toEqual([]);
  });

  it('gives a resubmitted handoff a new due time, and marks it again if that passes', async () => {
    const sales = t.org.users.salesStaff;
    clock.now = new Date('2026-03-11T09:00:00Z');
    const handoff = await api.sent(sales, aHandoffSubmission({ toTeamId: onboarding.team.id }));
    await api.moved(onboarding.staff, handoff.id, 1, { to: 'acknowledged' });
    await api.moved(onboarding.staff, handoff.id, 2, { to: 'returned', missing: ['The account number'] });
    // A returned handoff waits for its sender, not for an acknowledgement: never overdue.
    expect((await sweep(t.db, new Date('2026-03-20T09:00:00Z'))).handoffsMarkedOverdue).toBe(0);
    clock.now = new Date('2026-03-20T16:00:00Z');
    const resubmitted = await api.moved(sales, handoff.id, 3, { to: 'sent' });
    expect(resubmitted.ackDueAt).toBe('2026-03-23T12:00:00.000Z');
    expect((await sweep(t.db, new Date('2026-03-23T12:30:00Z'))).handoffsMarkedOverdue).toBe(1);
    expect((await getHandoff(t.db, handoff.id))?.overdue).toBe(true);
  });

  it('marks nothing when nothing new has come due', async () => {
    const result = await sweep(t.db, new Date('2026-04-01T00:00:00Z'));
    expect(result).toMatchObject({ referralsMarkedOverdue: 0, handoffsMarkedOverdue: 0 });
  });
});

describe('acknowledgement SLAs set by leaders', () => {
  let t: TestApp;
  let clock: { now: Date };
  let api: ReturnType<typeof client>;
  let onboarding: { team: Team; staff: User };

  beforeAll(async () => {
    ({ t, clock, onboarding } = await createClockedApp());
    api = client(t);
  });

  const patch = (as: User, version: number, body: Body) =>
    t.request('PATCH', '/api/settings', { as, body, headers: { 'If-Match': `"${version}"` } });

  it('shows the defaults and the time zone to leaders only', async () => {
    const response = await t.request('GET', '/api/settings', { as: t.org.users.leader });
    expect(await response.json()).toMatchObject({
      workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
      handoffAckSlaHours: 4,
      handoffAckSlaOverrides: {},
      timeZone: 'Europe/London',
    });
    expect((await t.request('GET', '/api/settings', { as: t.org.users.salesStaff })).status).toBe(403);
    expect((await patch(t.org.users.salesStaff, 0, { handoffAckSlaHours: 1 })).status).toBe(403);
  });

  it('applies a team pair’s own SLA and the working hours to handoffs sent from then on', async () => {
    const leader = t.org.users.leader;
    const sales = t.org.teams.sales.id;
    const support = t.org.teams.support.id;
    const changed = await patch(leader, 0, {
      handoffAckSlaOverrides: { [sales]: { [onboarding.team.id]: 8 } },
      workingHours: { days: [1, 2, 3, 4], start: '08:00', end: '18:00' },
    });
    expect(changed.status).toBe(200);
    const settings = await changed.json();
    expect(settings).toMatchObject({ version: 1, handoffAckSlaOverrides: { [sales]: { [onboarding.team.id]: 8 } } });

    // Thursday 14:00: four hours on Thursday, four on Monday (Friday is now a day off).
    clock.now = new Date('2026-03-05T14:00:00Z');
    const paired = await api.sent(t.org.users.salesStaff, aHandoffSubmission({ toTeamId: onboarding.team.id }));
    expect(paired).toMatchObject({ ackSlaHours: 8, ackDueAt: '2026-03-09T12:00:00.000Z' });
    // Another pair keeps the default of four working hours.
    const other = await api.sent(t.org.users.supportStaff, aHandoffSubmission({ toTeamId: onboarding.team.id }));
    expect(other).toMatchObject({ ackSlaHours: 4, ackDueAt: '2026-03-05T18:00:00.000Z' });

    // Merge patch: another pair added, the first removed with null.
    const merged = await (
      await patch(leader, 1, {
        handoffAckSlaOverrides: { [support]: { [sales]: 2 }, [sales]: { [onboarding.team.id]: null } },
      })
    ).json();
    expect(merged.handoffAckSlaOverrides).toEqual({ [support]: { [sales]: 2 } });
  });

  it('refuses an override of a team with itself, of a team that does not exist, or a stale version', async () => {
    const leader = t.org.users.leader;
    const sales = t.org.teams.sales.id;
    const current = await (await t.request('GET', '/api/settings', { as: leader })).json();
    const self = await patch(leader, current.version, { handoffAckSlaOverrides: { [sales]: { [sales]: 2 } } });
    expect(self.status).toBe(400);
    const unknown = await patch(leader, current.version, {
      handoffAckSlaOverrides: { [sales]: { '01ARZ3NDEKTSV4RRFFQ69G5FAV': 2 } },
    });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).errors[0].path).toBe(`handoffAckSlaOverrides.${sales}.01ARZ3NDEKTSV4RRFFQ69G5FAV`);
    expect((await patch(leader, current.version - 1, { handoffAckSlaHours: 2 })).status).toBe(412);
    expect((await patch(leader, current.version, { timeZone: 'UTC' })).status).toBe(400);
  });
});
