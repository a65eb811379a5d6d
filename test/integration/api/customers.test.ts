import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { User } from '#domain/directory/schemas.ts';
import type { Severity } from '#domain/issues/targets.ts';
import {
  callerOf,
  changedByStaffAndLeaders,
  everyone,
  expectStatusesOn,
  expectStatusOf,
  readableByWhoBroughtIt,
  requestAs,
  staffAndLeadersOnly,
  type Who,
} from '#test/authorization-table.ts';
import { aCustomerCreation } from '#test/customer-fixtures.ts';
import { aHandoffSubmission } from '#test/handoff-fixtures.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { anIssueReport } from '#test/issue-fixtures.ts';
import { aSubmission } from '#test/referral-fixtures.ts';

const day = 24 * 60 * 60 * 1000;
const clock = { now: new Date('2026-03-02T09:00:00.000Z') };
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ now: () => clock.now });
});

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

async function create(as: User, body: unknown = aCustomerCreation(), headers: Record<string, string> = {}) {
  return t.request('POST', '/api/customers', { as, body, headers });
}

async function created(body: unknown = aCustomerCreation(), as: User = t.org.users.salesStaff) {
  const response = await create(as, body);
  expect(response.status).toBe(201);
  return response.json();
}

async function move(as: User, id: string, version: number, body: Record<string, unknown>) {
  return t.request('POST', `/api/customers/${id}/lifecycle`, { as, body, headers: ifMatch(version) });
}

async function moved(id: string, version: number, to: string, note?: string, as: User = t.org.users.salesStaff) {
  const response = await move(as, id, version, { to, ...(note ? { note } : {}) });
  expect(response.status).toBe(200);
  return response.json();
}

async function get(as: User | undefined, id: string) {
  return t.request('GET', `/api/customers/${id}`, as ? { as } : {});
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
    const response = await t.request('POST', `/api/referrals/${referral.id}/transitions`, {
      as: staff,
      body: { to },
      headers: ifMatch(version),
    });
    expect(response.status).toBe(200);
  }
  const won = await (await t.request('GET', `/api/referrals/${referral.id}`, { as: staff })).json();
  return won.customerId;
}

async function reportIssue(customerIds: string[], severity: Severity = 'sev2', as: User = t.org.users.supportStaff) {
  const response = await t.request('POST', '/api/issues', { as, body: anIssueReport(customerIds, { severity }) });
  expect(response.status).toBe(201);
  return response.json();
}

describe('authorization on every customer route', () => {
  const caller = (who: Who) => callerOf(t, who);

  let staffEntered: { id: string };
  let partnerBrought: string;
  let advocateBrought: string;

  beforeAll(async () => {
    staffEntered = await created();
    partnerBrought = await customerReferredBy(t.org.users.northwindPartner);
    advocateBrought = await customerReferredBy(t.org.users.advocate);
  });

  it('POST /api/customers: staff and leaders only', async () => {
    await expectStatusOf(staffAndLeadersOnly(201), async (who) => {
      const response = await t.request('POST', '/api/customers', { ...requestAs(t, who), body: aCustomerCreation() });
      return response.status;
    });
  });

  it('GET /api/customers: everyone signed in, each seeing only the customers they may see', async () => {
    expect((await t.request('GET', '/api/customers')).status).toBe(401);
    const listed = async (who: Who) => {
      const response = await t.request('GET', '/api/customers?limit=100', { as: caller(who) as User });
      expect(response.status, who).toBe(200);
      return ((await response.json()).items as { id: string }[]).map((item) => item.id);
    };
    for (const who of ['staff', 'leader'] as const) {
      expect(await listed(who)).toEqual(expect.arrayContaining([staffEntered.id, partnerBrought, advocateBrought]));
    }
    expect(await listed('partner')).toEqual([partnerBrought]);
    expect(await listed('otherPartner')).toEqual([]);
    expect(await listed('advocate')).toEqual([advocateBrought]);
    expect(await listed('otherAdvocate')).toEqual([]);
  });

  it('GET /api/customers/win-back: staff and leaders only', async () => {
    await expectStatusOf(
      staffAndLeadersOnly(200),
      async (who) => (await t.request('GET', '/api/customers/win-back', requestAs(t, who))).status,
    );
  });

  it('GET /api/customers/{id}: staff and leaders any; referrers only those they brought, others are 404', async () => {
    await expectStatusesOn(
      readableByWhoBroughtIt,
      [staffEntered.id, partnerBrought, advocateBrought],
      async (who, id) => (await get(caller(who), id)).status,
    );
  });

  it('PATCH and lifecycle moves: staff and leaders; a referrer is refused (403) what they see, 404 what they do not', async () => {
    for (const who of everyone) {
      const targets = [await created(), { id: partnerBrought }];
      const patch = [];
      const lifecycle = [];
      for (const target of targets) {
        const current = await (await get(t.org.users.leader, target.id)).json();
        const headers = ifMatch(current.version);
        const as = requestAs(t, who);
        const patched = await t.request('PATCH', `/api/customers/${target.id}`, {
          ...as,
          body: { segment: `segment ${who}` },
          headers,
        });
        patch.push(patched.status);
        const after = await (await get(t.org.users.leader, target.id)).json();
        const next =
          after.lifecycle === 'first_purchase' ? 'repeat' : after.lifecycle === 'repeat' ? 'loyal' : 'lapsed';
        lifecycle.push(
          (
            await t.request('POST', `/api/customers/${target.id}/lifecycle`, {
              ...as,
              body: { to: next },
              headers: ifMatch(after.version),
            })
          ).status,
        );
      }
      expect(patch, `PATCH as ${who}`).toEqual(changedByStaffAndLeaders[who]);
      expect(lifecycle, `lifecycle as ${who}`).toEqual(changedByStaffAndLeaders[who]);
    }
  });
});

describe('creating a customer', () => {
  it('answers 201 with the customer, its version as ETag and its location', async () => {
    const body = aCustomerCreation({ domain: 'https://www.Example-Create.example/about' });
    const response = await create(t.org.users.leader, body);
    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toBe('"1"');
    const customer = await response.json();
    expect(response.headers.get('location')).toBe(`/api/customers/${customer.id}`);
    expect(customer).toMatchObject({
      name: body.name,
      domain: 'example-create.example',
      lifecycle: 'first_purchase',
      stakeholders: body.stakeholders,
      openIssueCount: 0,
      createdBy: t.org.users.leader.id,
      version: 1,
    });
    expect(customer).not.toHaveProperty('idempotencyPk');
  });

  it('refuses fields staff may not set (mass assignment) and creation as won back, and writes nothing', async () => {
    const before = await (await t.request('GET', '/api/customers?limit=100', { as: t.org.users.leader })).json();
    for (const extra of [
      { version: 9 },
      { openIssueCount: 0 },
      { referredBy: { referralId: 'x', referrerId: 'y' } },
      { wonBack: { by: 'x', at: 'y', note: 'z' } },
      { lifecycle: 'won_back' },
      { stakeholders: [{ name: 'No Role' }] },
    ]) {
      const response = await create(t.org.users.salesStaff, { ...aCustomerCreation(), ...extra });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
    const after = await (await t.request('GET', '/api/customers?limit=100', { as: t.org.users.leader })).json();
    expect(after.items).toHaveLength(before.items.length);
  });

  it('replays the first answer for the same Idempotency-Key and body, and refuses another body (422)', async () => {
    const body = aCustomerCreation();
    const first = await create(t.org.users.salesStaff, body, { 'Idempotency-Key': 'customer-key-1' });
    const second = await create(t.org.users.salesStaff, body, { 'Idempotency-Key': 'customer-key-1' });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.json()).toEqual(await first.json());
    expect(
      (await create(t.org.users.salesStaff, aCustomerCreation(), { 'Idempotency-Key': 'customer-key-1' })).status,
    ).toBe(422);
  });

  it('refuses a twin (409, naming the customer) and links a later won referral of the same company to it', async () => {
    const existing = await created(aCustomerCreation({ name: 'Vandelay Industries', domain: 'vandelay.example' }));
    const twin = await create(t.org.users.leader, aCustomerCreation({ name: 'VANDELAY Industries Inc.' }));
    expect(twin.status).toBe(409);
    expect(await twin.json()).toMatchObject({ type: '/problems/customer-exists', existingCustomerId: existing.id });

    const staff = t.org.users.salesStaff;
    const referral = await (
      await t.request('POST', '/api/referrals', {
        as: t.org.users.northwindPartner,
        body: aSubmission({
          company: { name: 'Vandelay Industries' },
          contact: { name: 'Art Vandelay', email: 'art@vandelay.example' },
        }),
      })
    ).json();
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
    const won = await (await t.request('GET', `/api/referrals/${referral.id}`, { as: staff })).json();
    expect(won.customerId).toBe(existing.id);
    const page = await (await get(staff, existing.id)).json();
    expect(page.referrals.map((item: { id: string }) => item.id)).toEqual([referral.id]);
  });
});

describe('editing a customer', () => {
  it('changes the profile, moves the version, and records an event that holds no contact', async () => {
    const customer = await created();
    const response = await t.request('PATCH', `/api/customers/${customer.id}`, {
      as: t.org.users.salesStaff,
      body: {
        segment: null,
        jobToBeDone: 'Close the books in two days.',
        stakeholders: [{ name: 'Cleo Champion', role: 'champion', email: 'cleo@customer.example' }],
      },
      headers: ifMatch(1),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"2"');
    const edited = await response.json();
    expect(edited.segment).toBeUndefined();
    expect(edited).toMatchObject({
      jobToBeDone: 'Close the books in two days.',
      version: 2,
      lifecycle: 'first_purchase',
    });

    const page = await (await get(t.org.users.leader, customer.id)).json();
    const update = page.timeline.find((event: { type: string }) => event.type === 'customer.updated');
    expect(update.after).toMatchObject({
      segment: null,
      jobToBeDone: 'Close the books in two days.',
      stakeholderRoles: ['champion'],
    });
    const events = JSON.stringify(page.timeline);
    for (const contact of ['Cleo', 'cleo@customer.example', 'Dana', 'dana@customer.example', '7946']) {
      expect(events).not.toContain(contact);
    }
  });

  it('refuses the lifecycle as a field (400), a stale version (412) and a missing If-Match (428)', async () => {
    const customer = await created();
    const patch = (body: unknown, headers: Record<string, string>) =>
      t.request('PATCH', `/api/customers/${customer.id}`, { as: t.org.users.salesStaff, body, headers });
    expect((await patch({ lifecycle: 'loyal' }, ifMatch(1))).status).toBe(400);
    expect((await patch({ name: 'Renamed Co' }, ifMatch(1))).status).toBe(200);
    expect((await patch({ name: 'Renamed Again' }, ifMatch(1))).status).toBe(412);
    expect((await patch({ name: 'Renamed Again' }, {})).status).toBe(428);
  });

  it('erases the contacts left out of the stakeholder map, even from an idempotent replay', async () => {
    const body = aCustomerCreation({
      stakeholders: [{ name: 'Erin Erasable', role: 'decision_maker', email: 'erin@erasable.example' }],
    });
    const customer = await (await create(t.org.users.salesStaff, body, { 'Idempotency-Key': 'erase-customer' })).json();
    const response = await t.request('PATCH', `/api/customers/${customer.id}`, {
      as: t.org.users.salesStaff,
      body: { stakeholders: [] },
      headers: ifMatch(1),
    });
    expect(response.status).toBe(200);
    expect(JSON.stringify(await (await get(t.org.users.leader, customer.id)).json())).not.toContain('Erin');
    const replay = await create(t.org.users.salesStaff, body, { 'Idempotency-Key': 'erase-customer' });
    expect(JSON.stringify(await replay.json())).not.toContain('erin@erasable.example');
  });
});

describe('lifecycle moves', () => {
  it('move along the ladder, lapse, and come back as won back recording who and what settled it, each an event', async () => {
    const customer = await created(aCustomerCreation({ lifecycle: 'prospect' }));
    let version = 1;
    expect(customer.nextStages).toEqual(['first_purchase']);
    for (const to of ['first_purchase', 'repeat', 'loyal', 'lapsed'])
      version = (await moved(customer.id, version, to)).version;

    const noNote = await move(t.org.users.leader, customer.id, version, { to: 'won_back' });
    expect(noNote.status).toBe(400);
    expect((await noNote.json()).errors).toEqual([expect.objectContaining({ path: 'note' })]);

    const wonBack = await moved(
      customer.id,
      version,
      'won_back',
      'Refunded the double invoices and assigned a CSM.',
      t.org.users.leader,
    );
    expect(wonBack).toMatchObject({
      lifecycle: 'won_back',
      wonBack: {
        by: t.org.users.leader.id,
        at: clock.now.toISOString(),
        note: 'Refunded the double invoices and assigned a CSM.',
      },
    });

    // Each answer names the moves the ladder allows from the stage it reached, and no others.
    expect(wonBack.nextStages).toEqual(['repeat', 'loyal', 'advocate', 'lapsed']);
    const page = await (await get(t.org.users.salesStaff, customer.id)).json();
    expect(page.nextStages).toEqual(['repeat', 'loyal', 'advocate', 'lapsed']);
    expect(page.lifecycleHistory.map((entry: { from: string | null; to: string }) => [entry.from, entry.to])).toEqual([
      [null, 'prospect'],
      ['prospect', 'first_purchase'],
      ['first_purchase', 'repeat'],
      ['repeat', 'loyal'],
      ['loyal', 'lapsed'],
      ['lapsed', 'won_back'],
    ]);
    const last = page.timeline.at(-1);
    expect(last).toMatchObject({
      type: 'customer.lifecycle_moved',
      actorId: t.org.users.leader.id,
      before: { lifecycle: 'lapsed' },
      after: { lifecycle: 'won_back' },
      note: 'Refunded the double invoices and assigned a CSM.',
    });
  });

  it('refuse a move the lifecycle lacks (409), a stale version (412), no If-Match (428), an unknown stage (400)', async () => {
    const customer = await created(aCustomerCreation({ lifecycle: 'loyal' }));
    expect((await move(t.org.users.salesStaff, customer.id, 1, { to: 'repeat' })).status).toBe(409);
    expect((await move(t.org.users.salesStaff, customer.id, 1, { to: 'won_back', note: 'x' })).status).toBe(409);
    expect((await move(t.org.users.salesStaff, customer.id, 1, { to: 'gold' })).status).toBe(400);
    expect((await move(t.org.users.salesStaff, customer.id, 1, { to: 'advocate', by: 'me' })).status).toBe(400);
    expect((await move(t.org.users.salesStaff, customer.id, 1, { to: 'advocate' })).status).toBe(200);
    expect((await move(t.org.users.salesStaff, customer.id, 1, { to: 'lapsed' })).status).toBe(412);
    const noIfMatch = await t.request('POST', `/api/customers/${customer.id}/lifecycle`, {
      as: t.org.users.salesStaff,
      body: { to: 'lapsed' },
    });
    expect(noIfMatch.status).toBe(428);
  });

  it('let exactly one of ten simultaneous moves from one version succeed', async () => {
    const customer = await created(aCustomerCreation({ lifecycle: 'repeat' }));
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        move(t.org.users.salesStaff, customer.id, 1, { to: i % 2 ? 'loyal' : 'lapsed' }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status !== 200).every((status) => status === 412)).toBe(true);
  });
});

describe('the customer page', () => {
  it('lists the customer’s referrals, issues, handoffs and timeline from Queries, never a Scan', async () => {
    const id = await customerReferredBy(t.org.users.northwindPartner);
    const issue = await reportIssue([id]);
    const commands: string[] = [];
    const send = t.db.doc.send.bind(t.db.doc);
    const spy = vi.spyOn(t.db.doc, 'send').mockImplementation(((command: object, ...rest: unknown[]) => {
      commands.push(command.constructor.name);
      return (send as (...args: unknown[]) => unknown)(command, ...rest);
    }) as typeof t.db.doc.send);
    let page: Record<string, unknown[]> & { id: string };
    try {
      const response = await get(t.org.users.salesStaff, id);
      expect(response.status).toBe(200);
      page = await response.json();
    } finally {
      spy.mockRestore();
    }
    expect(commands).not.toContain('ScanCommand');
    expect(commands).toContain('QueryCommand');
    expect(page.id).toBe(id);
    expect(page.referrals).toHaveLength(1);
    expect(page.issues).toEqual([expect.objectContaining({ id: issue.id, status: 'reported' })]);
    expect(page.handoffs).toEqual([]);
    expect((page.timeline as { type: string }[]).map((event) => event.type)).toEqual(['customer.created']);
  });

  it('lists the handoffs concerning the customer to the teams involved and leaders, never to referrers', async () => {
    const id = await customerReferredBy(t.org.users.northwindPartner);
    const sent = await t.request('POST', '/api/handoffs', {
      as: t.org.users.salesStaff,
      body: aHandoffSubmission({ toTeamId: t.org.teams.support.id, customerId: id }),
    });
    expect(sent.status).toBe(201);
    const handoff = await sent.json();
    for (const user of [t.org.users.salesStaff, t.org.users.supportStaff, t.org.users.leader]) {
      const page = await (await get(user, id)).json();
      expect(page.handoffs).toEqual([expect.objectContaining({ id: handoff.id, status: 'sent', customerId: id })]);
    }
    const asReferrer = await (await get(t.org.users.northwindPartner, id)).json();
    expect(asReferrer.handoffs).toEqual([]);
  });

  it('refuses a handoff about a customer that does not exist, and links nothing', async () => {
    const response = await t.request('POST', '/api/handoffs', {
      as: t.org.users.salesStaff,
      body: aHandoffSubmission({ toTeamId: t.org.teams.support.id, customerId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual([expect.objectContaining({ path: 'customerId' })]);
  });

  it('shows the referrer who brought the customer only what is meant for them', async () => {
    const id = await customerReferredBy(t.org.users.northwindPartner);
    const current = await (await get(t.org.users.salesStaff, id)).json();
    await t.request('PATCH', `/api/customers/${id}`, {
      as: t.org.users.salesStaff,
      body: {
        segment: 'enterprise',
        stakeholders: [{ name: 'Secret Sponsor', role: 'decision_maker', email: 's@x.example' }],
      },
      headers: ifMatch(current.version),
    });
    const issue = await reportIssue([id], 'sev1');
    await t.request('POST', `/api/issues/${issue.id}/transitions`, {
      as: t.org.users.supportStaff,
      body: { to: 'owned' },
      headers: ifMatch(1),
    });
    await t.request('PATCH', `/api/issues/${issue.id}`, {
      as: t.org.users.supportStaff,
      body: { factors: ['tooling'] },
      headers: ifMatch(2),
    });

    const page = await (await get(t.org.users.northwindColleague, id)).json();
    expect(page).toMatchObject({
      id,
      lifecycle: 'first_purchase',
      referredBy: { partnerId: t.org.partners.northwind.id },
    });
    for (const hidden of ['stakeholders', 'segment', 'prospectKeys', 'openIssueCount', 'createdBy', 'nextStages']) {
      expect(page, hidden).not.toHaveProperty(hidden);
    }
    expect(JSON.stringify(page)).not.toContain('Secret Sponsor');
    expect(page.issues).toHaveLength(1);
    expect(page.issues[0]).toMatchObject({ id: issue.id, severity: 'sev1', status: 'owned', customerIds: [id] });
    for (const internal of ['ownerId', 'factors', 'ownDueAt', 'ownBreached', 'reportedBy']) {
      expect(page.issues[0], internal).not.toHaveProperty(internal);
    }
    expect(page.timeline.map((event: { type: string }) => event.type)).toEqual(['customer.created']);
    expect(page.referrals).toHaveLength(1);
    expect(page.referrals[0]).not.toHaveProperty('ownerId');
  });
});

describe('the win-back list', () => {
  it('lists lapsed customers with unresolved issues first, then the longest lapsed, with what went wrong', async () => {
    const at = (days: number) => new Date(Date.parse('2026-04-01T09:00:00.000Z') + days * day);
    const lapse = async (name: string, when: Date) => {
      clock.now = when;
      const customer = await created(
        aCustomerCreation({ name: `${name} ${Math.random().toString(36).slice(2, 7)}`, lifecycle: 'loyal' }),
      );
      return moved(customer.id, 1, 'lapsed');
    };
    const quietOld = await lapse('Quiet Old', at(0));
    const angryRecent = await lapse('Angry Recent', at(10));
    const quietRecent = await lapse('Quiet Recent', at(12));
    const angryOld = await lapse('Angry Old', at(5));
    clock.now = at(20);
    const grievance = await reportIssue([angryRecent.id, angryOld.id], 'sev1');
    const second = await reportIssue([angryOld.id], 'sev3');
    const settled = await reportIssue([quietOld.id], 'sev4');
    // A resolved issue is no grievance.
    const staff = t.org.users.supportStaff;
    let version = 1;
    for (const to of ['owned', 'mitigated', 'resolved']) {
      const response = await t.request('POST', `/api/issues/${settled.id}/transitions`, {
        as: staff,
        body: { to, ...(to === 'resolved' ? { followUp: 'Credited the month.' } : {}) },
        headers: ifMatch(version),
      });
      expect(response.status).toBe(200);
      version++;
    }

    const list = await (await t.request('GET', '/api/customers/win-back?limit=100', { as: t.org.users.leader })).json();
    const ours = [quietOld.id, angryRecent.id, quietRecent.id, angryOld.id];
    const order = list.items.map((item: { id: string }) => item.id).filter((id: string) => ours.includes(id));
    expect(order).toEqual([angryOld.id, angryRecent.id, quietOld.id, quietRecent.id]);
    const entry = (id: string) => list.items.find((item: { id: string }) => item.id === id);
    expect(entry(angryOld.id).openIssueCount).toBe(2);
    expect(
      entry(angryOld.id)
        .openIssues.map((item: { id: string }) => item.id)
        .sort(),
    ).toEqual([grievance.id, second.id].sort());
    expect(entry(angryOld.id).openIssues[0]).toMatchObject({ severity: 'sev1', impact: grievance.impact });
    expect(entry(quietOld.id)).toMatchObject({ openIssueCount: 0, openIssues: [], lapsedAt: at(0).toISOString() });

    // Paged: the same order, each once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/api/customers/win-back?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await (await t.request('GET', path, { as: t.org.users.salesStaff })).json();
      seen.push(...page.items.map((item: { id: string }) => item.id));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(list.items.map((item: { id: string }) => item.id));
    expect((await t.request('GET', '/api/customers/win-back?cursor=garbage', { as: t.org.users.leader })).status).toBe(
      400,
    );

    // Won back: off the list, with who did it and what settled it.
    const current = await (await get(t.org.users.leader, angryRecent.id)).json();
    const wonBack = await moved(
      angryRecent.id,
      current.version,
      'won_back',
      'Fixed the sync and credited a month.',
      t.org.users.leader,
    );
    expect(wonBack.wonBack).toMatchObject({ by: t.org.users.leader.id, note: 'Fixed the sync and credited a month.' });
    const after = await (
      await t.request('GET', '/api/customers/win-back?limit=100', { as: t.org.users.leader })
    ).json();
    expect(after.items.map((item: { id: string }) => item.id)).not.toContain(angryRecent.id);
  });
});

describe('listing customers', () => {
  it('lists by name, filters by lifecycle and name prefix, and pages without repeats', async () => {
    const prefix = `Zeta${Math.random().toString(36).slice(2, 7)}`;
    for (let i = 0; i < 5; i++) {
      await created(aCustomerCreation({ name: `${prefix} ${i}`, lifecycle: i % 2 ? 'loyal' : 'repeat' }));
    }
    const loyal = await (
      await t.request('GET', `/api/customers?name=${prefix.toLowerCase()}&lifecycle=loyal`, { as: t.org.users.leader })
    ).json();
    expect(loyal.items.map((item: { name: string }) => item.name)).toEqual([`${prefix} 1`, `${prefix} 3`]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/api/customers?name=${prefix}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await (await t.request('GET', path, { as: t.org.users.salesStaff })).json();
      seen.push(...page.items.map((item: { name: string }) => item.name));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => `${prefix} ${i}`));
  });
});
