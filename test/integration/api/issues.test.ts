import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '#domain/directory/schemas.ts';
import { users } from '#services/directory.ts';
import { sweep } from '#services/sweeper.ts';
import {
  changedByStaffAndLeaders,
  everyone,
  expectStatusesOn,
  readableByWhoBroughtIt,
  requestAs,
  type Who,
} from '#test/authorization-table.ts';
import { aCustomerCreation } from '#test/customer-fixtures.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { anIssueReport } from '#test/issue-fixtures.ts';
import { aSubmission } from '#test/referral-fixtures.ts';

const minute = 60 * 1000;
const clock = { now: new Date('2026-03-02T09:00:00.000Z') };
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ now: () => clock.now });
});

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

async function customer(lifecycle = 'repeat'): Promise<string> {
  const response = await t.request('POST', '/api/customers', {
    as: t.org.users.salesStaff,
    body: aCustomerCreation({ lifecycle: lifecycle as never }),
  });
  expect(response.status).toBe(201);
  return (await response.json()).id;
}

/** A customer created by winning a referral the user submitted. */
async function customerReferredBy(referrer: User): Promise<string> {
  const staff = t.org.users.salesStaff;
  const referral = await (await t.request('POST', '/api/referrals', { as: referrer, body: aSubmission() })).json();
  for (const [version, to] of [
    [1, 'accepted'],
    [2, 'qualified'],
    [3, 'won'],
  ] as const) {
    await t.request('POST', `/api/referrals/${referral.id}/transitions`, {
      as: staff,
      body: { to },
      headers: ifMatch(version),
    });
  }
  return (await (await t.request('GET', `/api/referrals/${referral.id}`, { as: staff })).json()).customerId;
}

async function report(as: User, body: unknown, headers: Record<string, string> = {}) {
  return t.request('POST', '/api/issues', { as, body, headers });
}

async function reported(
  customerIds: string[],
  overrides: Record<string, unknown> = {},
  as: User = t.org.users.salesStaff,
) {
  const response = await report(as, anIssueReport(customerIds, overrides));
  expect(response.status).toBe(201);
  return response.json();
}

async function transition(as: User, id: string, version: number, body: Record<string, unknown>) {
  return t.request('POST', `/api/issues/${id}/transitions`, { as, body, headers: ifMatch(version) });
}

async function detail(as: User, id: string) {
  const response = await t.request('GET', `/api/issues/${id}`, { as });
  expect(response.status).toBe(200);
  return response.json();
}

async function customerPage(id: string) {
  return (await t.request('GET', `/api/customers/${id}`, { as: t.org.users.leader })).json();
}

describe('authorization on every issue route', () => {
  const as = (who: Who) => requestAs(t, who);

  let staffEntered: string;
  let partnerBrought: string;
  let advocateBrought: string;

  beforeAll(async () => {
    staffEntered = await customer();
    partnerBrought = await customerReferredBy(t.org.users.northwindPartner);
    advocateBrought = await customerReferredBy(t.org.users.advocate);
  });

  it('POST /api/issues: staff and leaders for any customer, partners for those they brought, never advocates', async () => {
    const expected: Record<Who, [number, number, number]> = {
      anonymous: [401, 401, 401],
      staff: [201, 201, 201],
      leader: [201, 201, 201],
      // A customer the partner did not bring is answered as if it did not exist.
      partner: [400, 201, 400],
      otherPartner: [400, 400, 400],
      advocate: [403, 403, 403],
      otherAdvocate: [403, 403, 403],
    };
    await expectStatusesOn(
      expected,
      [staffEntered, partnerBrought, advocateBrought],
      async (who, id) => (await t.request('POST', '/api/issues', { ...as(who), body: anIssueReport([id]) })).status,
    );
  });

  it('GET /api/issues and /api/issues/{id}: referrers see the issues of the customers they brought, others are 404', async () => {
    const onStaffs = await reported([staffEntered]);
    const onPartners = await reported([partnerBrought]);
    const onAdvocates = await reported([advocateBrought]);
    await expectStatusesOn(
      readableByWhoBroughtIt,
      [onStaffs, onPartners, onAdvocates],
      async (who, issue) => (await t.request('GET', `/api/issues/${issue.id}`, as(who))).status,
    );
    for (const who of everyone) {
      const list = await t.request('GET', '/api/issues?limit=100', as(who));
      expect(list.status, `list as ${who}`).toBe(who === 'anonymous' ? 401 : 200);
    }
    const ids = async (who: Who, query = '') =>
      ((await (await t.request('GET', `/api/issues?limit=100${query}`, as(who))).json()).items as { id: string }[]).map(
        (item) => item.id,
      );
    expect(await ids('staff')).toEqual(expect.arrayContaining([onStaffs.id, onPartners.id, onAdvocates.id]));
    // A partner's list is what its organisation reported; a customer it brought lists that customer's.
    expect(await ids('partner')).not.toContain(onPartners.id);
    expect(await ids('partner', `&customerId=${partnerBrought}`)).toContain(onPartners.id);
    expect(await ids('otherPartner', `&customerId=${partnerBrought}`)).toEqual([]);
    expect(await ids('advocate', `&customerId=${advocateBrought}`)).toContain(onAdvocates.id);
    expect(await ids('advocate', `&customerId=${staffEntered}`)).toEqual([]);
    expect(await ids('advocate')).toEqual([]);
  });

  it('every change (PATCH, transitions, owner, communications): staff and leaders; referrers 403 on what they see, 404 otherwise', async () => {
    for (const who of everyone) {
      const results: Record<string, number[]> = { patch: [], transition: [], owner: [], communication: [] };
      for (const customerId of [staffEntered, partnerBrought]) {
        const issue = await reported([customerId]);
        results.patch?.push(
          (
            await t.request('PATCH', `/api/issues/${issue.id}`, {
              ...as(who),
              body: { factors: ['process'] },
              headers: ifMatch(1),
            })
          ).status,
        );
        const version = (await detail(t.org.users.leader, issue.id)).version;
        results.transition?.push(
          (
            await t.request('POST', `/api/issues/${issue.id}/transitions`, {
              ...as(who),
              body: { to: 'owned' },
              headers: ifMatch(version),
            })
          ).status,
        );
        const fresh = await reported([customerId]);
        results.owner?.push(
          (
            await t.request('PUT', `/api/issues/${fresh.id}/owner`, {
              ...as(who),
              body: { userId: t.org.users.supportStaff.id },
              headers: ifMatch(1),
            })
          ).status,
        );
        const logged = await t.request('POST', `/api/issues/${issue.id}/communications`, {
          ...as(who),
          body: { channel: 'email', summary: 'Sent an apology and a timeline.' },
        });
        results.communication?.push(logged.status === 201 ? 200 : logged.status);
      }
      for (const [route, statuses] of Object.entries(results))
        expect(statuses, `${route} as ${who}`).toEqual(changedByStaffAndLeaders[who]);
    }
  });
});

describe('reporting an issue', () => {
  it('answers 201 with the issue, its targets from the severity, and counts it against each customer', async () => {
    const [a, b] = [await customer(), await customer()];
    clock.now = new Date('2026-03-02T09:00:00.000Z');
    const response = await report(t.org.users.salesStaff, anIssueReport([a, b], { severity: 'sev1' }));
    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toBe('"1"');
    const issue = await response.json();
    expect(response.headers.get('location')).toBe(`/api/issues/${issue.id}`);
    expect(issue).toMatchObject({
      status: 'reported',
      severity: 'sev1',
      customerIds: [a, b],
      factors: [],
      reportedBy: t.org.users.salesStaff.id,
      ownDueAt: '2026-03-02T09:15:00.000Z',
      resolveDueAt: '2026-03-02T13:00:00.000Z',
      ownBreached: false,
      resolveBreached: false,
    });
    expect(issue.ownerId).toBeUndefined();
    expect((await customerPage(a)).openIssueCount).toBe(1);
    expect((await customerPage(b)).openIssueCount).toBe(1);
  });

  it('refuses what the workflow sets (mass assignment), unknown customers, and writes nothing', async () => {
    const id = await customer();
    for (const extra of [
      { status: 'resolved' },
      { ownerId: t.org.users.salesStaff.id },
      { factors: ['process'] },
      { blame: 'Bob' },
    ]) {
      expect((await report(t.org.users.salesStaff, { ...anIssueReport([id]), ...extra })).status).toBe(400);
    }
    const missing = await report(t.org.users.salesStaff, anIssueReport([id, '01J00000000000000000000000']));
    expect(missing.status).toBe(400);
    expect((await missing.json()).errors).toEqual([{ path: 'customerIds.1', message: 'No such customer.' }]);
    expect((await customerPage(id)).openIssueCount).toBe(0);
    expect((await customerPage(id)).issues).toEqual([]);
  });

  it('is idempotent: the same key and body replay the first answer and report once; another body is a 422', async () => {
    const id = await customer();
    const body = anIssueReport([id]);
    const headers = { 'Idempotency-Key': 'issue-key-1' };
    const [first, second] = [
      await report(t.org.users.salesStaff, body, headers),
      await report(t.org.users.salesStaff, body, headers),
    ];
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.json()).toEqual(await first.json());
    const simultaneous = await Promise.all(
      Array.from({ length: 5 }, () => report(t.org.users.salesStaff, body, { 'Idempotency-Key': 'issue-key-2' })),
    );
    expect(simultaneous.map((response) => response.status)).toEqual([201, 201, 201, 201, 201]);
    const page = await customerPage(id);
    expect(page.issues).toHaveLength(2);
    expect(page.openIssueCount).toBe(2);
    expect((await report(t.org.users.salesStaff, anIssueReport([id], { severity: 'sev4' }), headers)).status).toBe(422);
  });
});

describe('the issue workflow', () => {
  it('moves reported → owned (the caller owns it) → mitigated → resolved with a follow-up, each an event', async () => {
    const id = await customer();
    const issue = await reported([id]);
    const owner = t.org.users.supportStaff;
    const owned = await transition(owner, issue.id, 1, { to: 'owned' });
    expect(owned.status).toBe(200);
    expect(owned.headers.get('etag')).toBe('"2"');
    expect(await owned.json()).toMatchObject({
      status: 'owned',
      ownerId: owner.id,
      ownedAt: clock.now.toISOString(),
      ownedLate: false,
    });
    expect((await transition(owner, issue.id, 2, { to: 'mitigated' })).status).toBe(200);
    const noFollowUp = await transition(owner, issue.id, 3, { to: 'resolved' });
    expect(noFollowUp.status).toBe(400);
    expect((await noFollowUp.json()).errors).toEqual([expect.objectContaining({ path: 'followUp' })]);
    const resolved = await (
      await transition(owner, issue.id, 3, { to: 'resolved', followUp: 'Add a duplicate-invoice check.' })
    ).json();
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolvedBy: owner.id,
      followUp: 'Add a duplicate-invoice check.',
      resolvedLate: false,
    });

    const page = await detail(t.org.users.leader, issue.id);
    expect(page.timeline.map((event: { type: string }) => event.type)).toEqual([
      'issue.reported',
      'issue.owned',
      'issue.mitigated',
      'issue.resolved',
    ]);
    expect(page.timeline[3]).toMatchObject({
      actorId: owner.id,
      note: 'Add a duplicate-invoice check.',
      after: { status: 'resolved' },
    });
    expect(JSON.stringify(page.timeline)).not.toContain(issue.impact);
    expect((await customerPage(id)).openIssueCount).toBe(0);
  });

  it('refuses a move the workflow lacks (409), a follow-up elsewhere (400), a stale version (412), no If-Match (428)', async () => {
    const issue = await reported([await customer()]);
    const staff = t.org.users.salesStaff;
    expect((await transition(staff, issue.id, 1, { to: 'mitigated' })).status).toBe(409);
    expect((await transition(staff, issue.id, 1, { to: 'resolved', followUp: 'x' })).status).toBe(409);
    expect((await transition(staff, issue.id, 1, { to: 'owned', followUp: 'x' })).status).toBe(400);
    expect((await transition(staff, issue.id, 1, { to: 'owned' })).status).toBe(200);
    expect((await transition(staff, issue.id, 1, { to: 'mitigated' })).status).toBe(412);
    expect(
      (await t.request('POST', `/api/issues/${issue.id}/transitions`, { as: staff, body: { to: 'mitigated' } })).status,
    ).toBe(428);
    expect((await transition(staff, issue.id, 2, { to: 'owned' })).status).toBe(409);
  });

  it('lets exactly one of many people taking ownership at the same moment succeed', async () => {
    const takers = [t.org.users.salesStaff, t.org.users.supportStaff, t.org.users.leader];
    for (let round = 0; round < 3; round++) {
      const issue = await reported([await customer()], { severity: 'sev1' });
      const responses = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          transition(takers[i % takers.length] as User, issue.id, 1, { to: 'owned' }),
        ),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status !== 200).every((status) => status === 412)).toBe(true);
      const winner = await responses[statuses.indexOf(200)]?.json();
      const page = await detail(t.org.users.leader, issue.id);
      expect(page).toMatchObject({ status: 'owned', ownerId: winner.ownerId, version: 2 });
      expect(page.timeline.filter((event: { type: string }) => event.type === 'issue.owned')).toHaveLength(1);
    }
  });

  it('hands over to one owner at a time, as an event; two handovers at once: exactly one wins', async () => {
    const issue = await reported([await customer()]);
    const put = (userId: string, version: number, as: User = t.org.users.leader) =>
      t.request('PUT', `/api/issues/${issue.id}/owner`, { as, body: { userId }, headers: ifMatch(version) });
    // A reported issue given an owner is owned.
    const first = await put(t.org.users.salesStaff.id, 1);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ status: 'owned', ownerId: t.org.users.salesStaff.id });
    expect((await put(t.org.users.northwindPartner.id, 2)).status).toBe(400);
    expect((await put(t.org.users.salesStaff.id, 2)).status).toBe(409);
    const race = await Promise.all([put(t.org.users.supportStaff.id, 2), put(t.org.users.leader.id, 2)]);
    expect(race.map((response) => response.status).sort()).toEqual([200, 412]);
    const page = await detail(t.org.users.salesStaff, issue.id);
    const handover = page.timeline.find((event: { type: string }) => event.type === 'issue.handed_over');
    expect(handover.before.ownerId).toBe(t.org.users.salesStaff.id);
    expect(handover.after.ownerId).toBe(page.ownerId);
    expect(page.version).toBe(3);
  });

  it('refuses an owner who is inactive, and any owner for a resolved issue', async () => {
    const issue = await reported([await customer()]);
    const leaver = await users.create(
      {
        db: t.db,
        caller: { userId: 'system', role: 'leader', name: 'S', email: 's@example.test' },
        now: () => clock.now,
      },
      { name: 'Lea Leaver', email: `lea.${Date.now()}@example.test`, role: 'staff', teamId: t.org.teams.sales.id },
    );
    await users.update(
      {
        db: t.db,
        caller: { userId: 'system', role: 'leader', name: 'S', email: 's@example.test' },
        now: () => clock.now,
      },
      leaver.id,
      1,
      { active: false },
    );
    const put = (userId: string, version: number) =>
      t.request('PUT', `/api/issues/${issue.id}/owner`, {
        as: t.org.users.leader,
        body: { userId },
        headers: ifMatch(version),
      });
    expect((await put(leaver.id, 1)).status).toBe(400);
    const staff = t.org.users.salesStaff;
    await transition(staff, issue.id, 1, { to: 'owned' });
    await transition(staff, issue.id, 2, { to: 'mitigated' });
    await transition(staff, issue.id, 3, { to: 'resolved', followUp: 'Done.' });
    expect((await put(t.org.users.supportStaff.id, 4)).status).toBe(409);
  });
});

describe('factors, edits and the communication log', () => {
  it('sets contributing factors from the fixed list only, and never a person', async () => {
    const issue = await reported([await customer()]);
    const patch = (body: unknown, version: number) =>
      t.request('PATCH', `/api/issues/${issue.id}`, { as: t.org.users.salesStaff, body, headers: ifMatch(version) });
    expect((await patch({ factors: ['blame'] }, 1)).status).toBe(400);
    expect((await patch({ factors: ['process', 'process'] }, 1)).status).toBe(400);
    expect((await patch({ atFault: t.org.users.supportStaff.id }, 1)).status).toBe(400);
    expect((await patch({ ownerId: t.org.users.supportStaff.id }, 1)).status).toBe(400);
    const set = await patch({ factors: ['partner', 'process', 'tooling'] }, 1);
    expect(set.status).toBe(200);
    expect((await set.json()).factors).toEqual(['process', 'tooling', 'partner']);
    const page = await detail(t.org.users.leader, issue.id);
    expect(page.timeline.at(-1)).toMatchObject({
      type: 'issue.updated',
      before: { factors: [] },
      after: { factors: ['process', 'tooling', 'partner'], edited: [] },
    });
  });

  it('re-targets a new severity from the report time, and records that the texts changed without copying them', async () => {
    clock.now = new Date('2026-03-03T09:00:00.000Z');
    const issue = await reported([await customer()], { severity: 'sev4' });
    clock.now = new Date('2026-03-03T09:05:00.000Z');
    const response = await t.request('PATCH', `/api/issues/${issue.id}`, {
      as: t.org.users.salesStaff,
      body: { severity: 'sev1', customerTold: 'Their CFO knows; next update at 11:00.' },
      headers: ifMatch(1),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      severity: 'sev1',
      ownDueAt: '2026-03-03T09:15:00.000Z',
      resolveDueAt: '2026-03-03T13:00:00.000Z',
      customerTold: 'Their CFO knows; next update at 11:00.',
    });
    const last = (await detail(t.org.users.leader, issue.id)).timeline.at(-1);
    expect(last.after).toMatchObject({ severity: 'sev1', edited: ['customerTold'] });
    expect(JSON.stringify(last)).not.toContain('CFO');
  });

  it('logs communications with the customer, shown to staff only, the event holding the channel not the words', async () => {
    const id = await customerReferredBy(t.org.users.northwindPartner);
    const issue = await reported([id]);
    const log = (body: unknown, headers: Record<string, string> = {}) =>
      t.request('POST', `/api/issues/${issue.id}/communications`, { as: t.org.users.supportStaff, body, headers });
    expect((await log({ channel: 'pigeon', summary: 'x' })).status).toBe(400);
    expect((await log({ channel: 'email' })).status).toBe(400);
    const first = await log(
      { channel: 'phone', summary: 'Called Dana: refund on its way.' },
      { 'Idempotency-Key': 'comm-1' },
    );
    expect(first.status).toBe(201);
    const entry = await first.json();
    expect(entry).toMatchObject({
      channel: 'phone',
      authorId: t.org.users.supportStaff.id,
      at: clock.now.toISOString(),
    });
    const replay = await log(
      { channel: 'phone', summary: 'Called Dana: refund on its way.' },
      { 'Idempotency-Key': 'comm-1' },
    );
    expect(await replay.json()).toEqual(entry);
    clock.now = new Date(clock.now.getTime() + minute);
    await log({ channel: 'status_page', summary: 'Posted the incident.' });

    const staffView = await detail(t.org.users.salesStaff, issue.id);
    expect(staffView.communications.map((item: { channel: string }) => item.channel)).toEqual(['phone', 'status_page']);
    expect(staffView.version).toBe(1);
    const event = staffView.timeline.find((item: { type: string }) => item.type === 'issue.customer_communicated');
    expect(event.after).toEqual({ communicationId: entry.id, channel: 'phone' });
    expect(JSON.stringify(staffView.timeline)).not.toContain('Dana');

    const partnerView = await detail(t.org.users.northwindPartner, issue.id);
    expect(partnerView.communications).toBeUndefined();
    expect(partnerView.customers).toEqual([expect.objectContaining({ id })]);
    expect(partnerView.timeline.map((item: { type: string }) => item.type)).toEqual(['issue.reported']);
    expect(JSON.stringify(partnerView)).not.toContain('Dana');
  });
});

describe('lists', () => {
  let board: { id: string; severity: string; status: string }[];
  let customerId: string;

  beforeAll(async () => {
    // A table of its own, so that the whole board can be asserted.
    t = await createTestApp({ now: () => clock.now });
    customerId = await customer();
    board = [];
    let minuteOffset = 0;
    for (const severity of ['sev3', 'sev1', 'sev4', 'sev2', 'sev1', 'sev3']) {
      clock.now = new Date(Date.parse('2026-04-01T09:00:00.000Z') + minuteOffset++ * minute);
      const issue = await reported([customerId], { severity });
      board.push({ id: issue.id, severity, status: 'reported' });
    }
    // Two owned by the support staff member (one of them resolved since), one by sales.
    for (const [index, path] of [
      [1, ['owned']],
      [2, ['owned', 'mitigated', 'resolved']],
      [4, ['owned', 'mitigated']],
    ] as const) {
      const item = board[index] as { id: string; status: string };
      const owner = index === 4 ? t.org.users.salesStaff : t.org.users.supportStaff;
      let version = 1;
      for (const to of path) {
        const response = await transition(owner, item.id, version++, {
          to,
          ...(to === 'resolved' ? { followUp: 'Done.' } : {}),
        });
        expect(response.status).toBe(200);
        item.status = to;
      }
    }
  });

  const list = async (query: string, as?: User) =>
    (await t.request('GET', `/api/issues${query}`, { as: as ?? t.org.users.leader })).json();

  it('lists open first, then the most severe, then the newest', async () => {
    const page = await list('?limit=100');
    const expected = [...board]
      .sort((a, b) => {
        const open = (item: { status: string }) => (item.status === 'resolved' ? 1 : 0);
        if (open(a) !== open(b)) return open(a) - open(b);
        if (a.severity !== b.severity) return a.severity.localeCompare(b.severity);
        return board.indexOf(b) - board.indexOf(a);
      })
      .map((item) => item.id);
    expect(page.items.map((item: { id: string }) => item.id)).toEqual(expected);
  });

  it('filters the board by status and severity, and by open', async () => {
    const ids = async (query: string) => (await list(query)).items.map((item: { id: string }) => item.id).sort();
    const pick = (predicate: (item: { severity: string; status: string }) => boolean) =>
      board
        .filter(predicate)
        .map((item) => item.id)
        .sort();
    expect(await ids('?status=reported')).toEqual(pick((item) => item.status === 'reported'));
    expect(await ids('?severity=sev1')).toEqual(pick((item) => item.severity === 'sev1'));
    expect(await ids('?status=owned&severity=sev1')).toEqual(
      pick((item) => item.status === 'owned' && item.severity === 'sev1'),
    );
    expect(await ids('?open=false')).toEqual(pick((item) => item.status === 'resolved'));
    expect(await ids('?open=true&severity=sev3')).toEqual(
      pick((item) => item.status !== 'resolved' && item.severity === 'sev3'),
    );
    expect(await ids('?status=resolved&open=true')).toEqual([]);
    expect((await t.request('GET', '/api/issues?severity=sev9', { as: t.org.users.leader })).status).toBe(400);
  });

  it('lists mine (owner=me), someone’s, and a customer’s', async () => {
    const support = t.org.users.supportStaff;
    const mine = await list('?owner=me', support);
    expect(mine.items.map((item: { id: string }) => item.id).sort()).toEqual([board[1]?.id, board[2]?.id].sort());
    expect(mine.items[0].status).not.toBe('resolved');
    const theirs = await list(`?owner=${t.org.users.salesStaff.id}`);
    expect(theirs.items.map((item: { id: string }) => item.id)).toEqual([board[4]?.id]);
    const ofCustomer = await list(`?customerId=${customerId}&open=true`);
    expect(ofCustomer.items).toHaveLength(5);
    const ofCustomerMine = await list(`?customerId=${customerId}&owner=me`, support);
    expect(ofCustomerMine.items.map((item: { id: string }) => item.id).sort()).toEqual(
      [board[1]?.id, board[2]?.id].sort(),
    );
  });

  it('pages with a cursor in the same order, without repeats, and refuses a cursor from another list', async () => {
    const whole = (await list('?limit=100')).items.map((item: { id: string }) => item.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((item: { id: string }) => item.id));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(whole);
    const first = await list('?limit=2');
    const forged = await t.request('GET', `/api/issues?owner=me&cursor=${first.cursor}`, {
      as: t.org.users.supportStaff,
    });
    expect(forged.status).toBe(400);
  });
});

describe('targets and breaches', () => {
  beforeAll(async () => {
    // A table of its own: the sweeper reads the whole due-date index.
    t = await createTestApp({ now: () => clock.now });
  });

  it('lets leaders (only) set the targets per severity; new issues take them', async () => {
    const current = await (await t.request('GET', '/api/settings', { as: t.org.users.leader })).json();
    const targets = { ...current.issueTargets, sev2: { ownMinutes: 30, resolveHours: 8 } };
    const asStaff = await t.request('PATCH', '/api/settings', {
      as: t.org.users.salesStaff,
      body: { issueTargets: targets },
      headers: ifMatch(current.version),
    });
    expect(asStaff.status).toBe(403);
    const invalid = await t.request('PATCH', '/api/settings', {
      as: t.org.users.leader,
      body: { issueTargets: { ...targets, sev3: { ownMinutes: 600, resolveHours: 2 } } },
      headers: ifMatch(current.version),
    });
    expect(invalid.status).toBe(400);
    const set = await t.request('PATCH', '/api/settings', {
      as: t.org.users.leader,
      body: { issueTargets: targets },
      headers: ifMatch(current.version),
    });
    expect(set.status).toBe(200);
    clock.now = new Date('2026-05-04T10:00:00.000Z');
    const issue = await reported([await customer()], { severity: 'sev2' });
    expect(issue).toMatchObject({ ownDueAt: '2026-05-04T10:30:00.000Z', resolveDueAt: '2026-05-04T18:00:00.000Z' });
  });

  it('has the sweeper mark a missed time-to-own and time-to-resolve, once each, as events', async () => {
    clock.now = new Date('2026-06-01T09:00:00.000Z');
    await sweep(t.db, clock.now); // whatever earlier tests left due
    const late = await reported([await customer()], { severity: 'sev1' });
    const onTime = await reported([await customer()], { severity: 'sev1' });
    clock.now = new Date('2026-06-01T09:10:00.000Z');
    await transition(t.org.users.salesStaff, onTime.id, 1, { to: 'owned' });

    expect(await sweep(t.db, new Date('2026-06-01T09:14:00.000Z'))).toMatchObject({ issueOwnTargetsBreached: 0 });
    expect(await sweep(t.db, new Date('2026-06-01T09:16:00.000Z'))).toMatchObject({
      issueOwnTargetsBreached: 1,
      issueResolveTargetsBreached: 0,
    });
    expect(await sweep(t.db, new Date('2026-06-01T09:17:00.000Z'))).toMatchObject({ issueOwnTargetsBreached: 0 });

    clock.now = new Date('2026-06-01T09:20:00.000Z');
    const owned = await (await transition(t.org.users.supportStaff, late.id, 2, { to: 'owned' })).json();
    expect(owned).toMatchObject({ ownedLate: true, ownBreached: true });
    const afterResolveDue = await sweep(t.db, new Date('2026-06-01T13:01:00.000Z'));
    expect(afterResolveDue.issueResolveTargetsBreached).toBe(2);
    expect((await sweep(t.db, new Date('2026-06-01T14:00:00.000Z'))).issueResolveTargetsBreached).toBe(0);

    const timeline = (await detail(t.org.users.leader, late.id)).timeline;
    expect(timeline.map((event: { type: string }) => event.type)).toEqual([
      'issue.reported',
      'issue.own_target_breached',
      'issue.owned',
      'issue.resolve_target_breached',
    ]);
    expect(timeline[1].actorId).toBe('system');
    expect((await detail(t.org.users.leader, onTime.id)).timeline.map((event: { type: string }) => event.type)).toEqual(
      ['issue.reported', 'issue.owned', 'issue.resolve_target_breached'],
    );
  });

  it('marks an issue that missed both targets in one run', async () => {
    clock.now = new Date('2026-07-01T09:00:00.000Z');
    await sweep(t.db, clock.now);
    const forgotten = await reported([await customer()], { severity: 'sev1' });
    const result = await sweep(t.db, new Date('2026-07-02T09:00:00.000Z'));
    expect(result).toMatchObject({ issueOwnTargetsBreached: 1, issueResolveTargetsBreached: 1 });
    expect(await detail(t.org.users.leader, forgotten.id)).toMatchObject({
      ownBreached: true,
      resolveBreached: true,
      version: 3,
    });
  });
});

describe('lists that are empty by rule', () => {
  it('refuse a cursor, since they never hand one out (found by the fuzzer)', async () => {
    const forged = Buffer.from(JSON.stringify({ pk: 'x', sk: 'y', gsi1pk: 'FOREIGN#x', gsi1sk: 'z' })).toString(
      'base64url',
    );
    const withCursor = await t.request('GET', `/api/issues?cursor=${forged}`, { as: t.org.users.advocate });
    expect(withCursor.status).toBe(400);
    expect((await withCursor.json()).errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
    const plain = await t.request('GET', '/api/issues', { as: t.org.users.advocate });
    expect(await plain.json()).toEqual({ items: [], cursor: null });
  });
});
