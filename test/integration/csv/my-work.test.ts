import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { User } from '#domain/directory/schemas.ts';
import type { MyWork, WorkItem } from '#domain/work/my-work.ts';
import { contextAs } from '#services/context.ts';
import { customers } from '#services/customers.ts';
import { handoffs } from '#services/handoffs.ts';
import { issues } from '#services/issues.ts';
import { referrals } from '#services/referrals.ts';
import { sweep } from '#services/sweeper.ts';
import { aCustomerCreation } from '#test/customer-fixtures.ts';
import { aHandoffSubmission } from '#test/handoff-fixtures.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { anIssueReport } from '#test/issue-fixtures.ts';
import { aSubmission } from '#test/referral-fixtures.ts';

/**
 * The organisation works Monday to Friday, 09:00–17:00, Europe/London (GMT in January). "Now"
 * is Tuesday 7 January 2025, 10:00: due soon is due before Wednesday 10:00.
 */
const now = new Date('2025-01-07T10:00:00.000Z');
let clock = now;
let t: TestApp;
const ids: Record<string, string> = {};

const at = (iso: string) => new Date(iso);

async function workOf(user: User): Promise<MyWork> {
  const response = await t.request('GET', '/api/my-work', { as: user });
  expect(response.status).toBe(200);
  return (await response.json()) as MyWork;
}

const summary = (items: WorkItem[]) => items.map((item) => `${item.what} ${item.id}`);

beforeAll(async () => {
  t = await createTestApp({ now: () => clock });
  const { users, teams } = t.org;
  const submit = async (name: string, when: string, by: User = users.northwindPartner) =>
    (await referrals.submit(contextAs(t.db, by, at(when)), aSubmission({ company: { name } }))).id;

  // Referrals: first response due two days after submission.
  ids.sweptReferral = await submit('Swept Ltd', '2025-01-03T09:00:00.000Z'); // due Sun 5th, swept
  ids.lateReferral = await submit('Late Ltd', '2025-01-04T12:00:00.000Z'); // due Mon 6th 12:00, not yet swept
  ids.soonReferral = await submit('Soon Ltd', '2025-01-05T15:00:00.000Z'); // due today 15:00
  ids.laterReferral = await submit('Later Ltd', '2025-01-07T09:00:00.000Z'); // due Thu: not yet
  const supportOwned = await submit('Support Owned Ltd', '2025-01-05T16:00:00.000Z'); // due today 16:00
  ids.supportOwnedReferral = supportOwned;
  await referrals.assignOwner(
    contextAs(t.db, users.leader, at('2025-01-06T09:00:00.000Z')),
    supportOwned,
    1,
    users.supportStaff.id,
  );

  // Handoffs from support to sales: acknowledgement due four working hours after sending.
  const send = async (when: string, summaryText: string) =>
    (
      await handoffs.send(
        contextAs(t.db, users.supportStaff, at(when)),
        aHandoffSubmission({ toTeamId: teams.sales.id, summary: summaryText }),
      )
    ).id;
  ids.sweptHandoff = await send('2025-01-03T09:00:00.000Z', 'Swept handoff'); // due Fri 3rd 13:00, swept
  ids.soonHandoff = await send('2025-01-07T09:30:00.000Z', 'Soon handoff'); // due today 13:30
  ids.laterHandoff = await send('2025-01-07T16:30:00.000Z', 'Later handoff'); // due Wed 12:30: not yet

  // Issues about a customer staff entered.
  const customer = await customers.create(
    contextAs(t.db, users.salesStaff, at('2025-01-02T09:00:00.000Z')),
    aCustomerCreation(),
  );
  ids.unownedIssue = (
    await issues.report(
      contextAs(t.db, users.leader, at('2025-01-06T12:00:00.000Z')),
      anIssueReport([customer.id], { severity: 'sev4' }),
    )
  ).id; // own within 24 h: today 12:00
  const owned = await issues.report(
    contextAs(t.db, users.leader, at('2025-01-06T08:00:00.000Z')),
    anIssueReport([customer.id], { severity: 'sev2' }),
  ); // resolve within 24 h: today 08:00
  await issues.handOver(
    contextAs(t.db, users.leader, at('2025-01-06T08:30:00.000Z')),
    owned.id,
    1,
    users.salesStaff.id,
  );
  ids.ownedIssue = owned.id;

  // The sweeper ran this morning at 06:00: what was due by then is marked overdue.
  await sweep(t.db, at('2025-01-07T06:00:00.000Z'));
  clock = now;
});

describe('my work', () => {
  it('shows sales staff what is overdue and due within the next working day, soonest first', async () => {
    const work = await workOf(t.org.users.salesStaff);
    expect(work.horizon).toBe('2025-01-08T10:00:00.000Z');
    expect(summary(work.overdue)).toEqual([
      `acknowledgement due ${ids.sweptHandoff}`,
      `first response due ${ids.sweptReferral}`,
      `first response due ${ids.lateReferral}`,
      `resolution due ${ids.ownedIssue}`,
    ]);
    expect(summary(work.dueSoon)).toEqual([
      `ownership due ${ids.unownedIssue}`,
      `acknowledgement due ${ids.soonHandoff}`,
      `first response due ${ids.soonReferral}`,
    ]);
    expect(work.overdue[0]).toMatchObject({ recordType: 'handoff', label: 'Swept handoff' });
    expect(work.dueSoon.map((item) => item.dueAt)).toEqual([
      '2025-01-07T12:00:00.000Z',
      '2025-01-07T13:30:00.000Z',
      '2025-01-07T15:00:00.000Z',
    ]);
    expect(work.truncated).toBe(false);
  });

  it('shows support staff their own referral and no other team’s handoffs or owner’s issues', async () => {
    const work = await workOf(t.org.users.supportStaff);
    const all = [...work.overdue, ...work.dueSoon].map((item) => item.id);
    expect(all).toContain(ids.supportOwnedReferral);
    expect(all).toContain(ids.unownedIssue);
    expect(all).not.toContain(ids.soonHandoff);
    expect(all).not.toContain(ids.sweptHandoff);
    expect(all).not.toContain(ids.ownedIssue);
    // Sales staff do not see a referral support owns.
    const sales = await workOf(t.org.users.salesStaff);
    expect([...sales.overdue, ...sales.dueSoon].map((item) => item.id)).not.toContain(ids.supportOwnedReferral);
  });

  it('shows leaders everything overdue and due soon in the organisation', async () => {
    const work = await workOf(t.org.users.leader);
    expect(work.overdue.map((item) => item.id).sort()).toEqual(
      [ids.sweptHandoff, ids.sweptReferral, ids.lateReferral, ids.ownedIssue].sort(),
    );
    expect(work.dueSoon.map((item) => item.id).sort()).toEqual(
      [ids.unownedIssue, ids.soonHandoff, ids.soonReferral, ids.supportOwnedReferral].sort(),
    );
  });

  it('gives partners and advocates empty lists and says why', async () => {
    for (const user of [t.org.users.northwindPartner, t.org.users.advocate]) {
      const work = await workOf(user);
      expect(work).toMatchObject({ overdue: [], dueSoon: [] });
      expect(work.message).toMatch(/staff owe the next step/i);
      expect(work.message).toContain('My referrals');
    }
  });

  it('counts the next working day across a weekend: on Friday evening, Monday is due soon', async () => {
    clock = at('2025-01-10T18:00:00.000Z');
    try {
      const work = await workOf(t.org.users.salesStaff);
      expect(work.horizon).toBe('2025-01-13T17:00:00.000Z');
      // Everything above is due before Monday evening: overdue by now, or due soon.
      expect(summary(work.overdue)).toContain(`acknowledgement due ${ids.laterHandoff}`);
      expect(summary(work.overdue)).toContain(`first response due ${ids.laterReferral}`);
    } finally {
      clock = now;
    }
  });

  it('drops what is done: an acknowledged handoff is no longer work', async () => {
    const ctx = contextAs(t.db, t.org.users.salesStaff, now);
    const detail = await handoffs.get(ctx, ids.soonHandoff as string);
    await handoffs.transition(ctx, ids.soonHandoff as string, detail.version, { to: 'acknowledged' });
    const work = await workOf(t.org.users.salesStaff);
    expect(work.dueSoon.map((item) => item.id)).not.toContain(ids.soonHandoff);
  });

  it('reads by Query and by key only, never a Scan', async () => {
    const send = vi.spyOn(t.db.doc, 'send');
    try {
      await workOf(t.org.users.leader);
      await workOf(t.org.users.salesStaff);
      const commands = new Set(send.mock.calls.map(([command]) => command.constructor.name));
      expect([...commands].sort()).toEqual(['GetCommand', 'QueryCommand']);
    } finally {
      send.mockRestore();
    }
  });
});
