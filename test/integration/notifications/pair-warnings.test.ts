import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listNotifications } from '#data/notification-repository.ts';
import type { Partner, Team, User } from '#domain/directory/schemas.ts';
import { config } from '#lib/config.ts';
import { createMailSink } from '#local/mail-sink.ts';
import { createStreamPoller, type StreamPoller } from '#local/stream-poller.ts';
import { contextAs } from '#services/context.ts';
import { handoffs } from '#services/handoffs.ts';
import { referrals } from '#services/referrals.ts';
import { sweep } from '#services/sweeper.ts';
import { dynamoEndpoint } from '#test/dynamo-endpoint.ts';
import { aHandoffSubmission } from '#test/handoff-fixtures.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { aSubmission } from '#test/referral-fixtures.ts';
import { createAggregatorHandler } from '../../../functions/handlers/aggregator.ts';
import { createNotifierHandler } from '../../../functions/handlers/notifier.ts';

/**
 * Who hears of an early warning, end to end: handoffs and referrals through the services, the
 * aggregator, the sweep of Monday 9 March 2026 08:00 (London, GMT) that checks 2026-W10 against
 * W02–W09, and the notifier.
 *
 * - Sales → Support: one handoff a week acknowledged in half an hour, then five in W10
 *   acknowledged days late: late acknowledgements rise, so Support's leader hears.
 * - Support → Sales: one handoff a week acknowledged and accepted, then five in W10 all
 *   returned: returns rise, so both teams' leaders hear.
 * - Northwind (with a leader named) and Bluewave (none) each referred two a week and none in
 *   W10: Northwind's leader hears of Northwind; every leader hears of Bluewave.
 */

const monday = new Date('2026-03-09T08:00:00Z');
let t: TestApp;
let aggregator: StreamPoller;
let notifier: StreamPoller;
let salesLead: User;
let supportLead: User;
let partnerLead: User;
let sink: ReturnType<typeof createMailSink>;

async function drain(poller: StreamPoller) {
  for (let pass = 0; pass < 50; pass++) if ((await poller.pollOnce()) === 0) return;
}

async function json<T>(response: Response, status: number): Promise<T> {
  expect(response.status).toBe(status);
  return (await response.json()) as T;
}

/** Names a responsible leader through the API, as the directory page does. */
async function nameLeader(path: string, record: Team | Partner, leader: User) {
  await json(
    await t.request('PATCH', path, {
      as: t.org.users.leader,
      body: { leaderId: leader.id },
      headers: { 'If-Match': `"${record.version}"` },
    }),
    200,
  );
}

async function aLeader(name: string): Promise<User> {
  return json<User>(
    await t.request('POST', '/api/users', {
      as: t.org.users.leader,
      body: { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.test`, role: 'leader' },
    }),
    201,
  );
}

/** A handoff sent at `sentAt`, acknowledged at `ackAt`, then returned or accepted. */
async function aHandoff(sender: User, receiver: User, toTeamId: string, sentAt: Date, ackAt: Date, returned: boolean) {
  const sent = await handoffs.send(contextAs(t.db, sender, sentAt), aHandoffSubmission({ toTeamId }));
  const acked = await handoffs.transition(contextAs(t.db, receiver, ackAt), sent.id, sent.version, {
    to: 'acknowledged',
  });
  await handoffs.transition(
    contextAs(t.db, receiver, ackAt),
    sent.id,
    acked.version,
    returned ? { to: 'returned', missing: ['The signed order form'] } : { to: 'accepted' },
  );
}

async function warningsOf(user: User) {
  return (await listNotifications(t.db, user.id, { limit: 100 })).items
    .filter((item) => item.kind === 'early_warning')
    .map((item) => item.recordId)
    .sort();
}

beforeAll(async () => {
  expect(config.ORG_TIME_ZONE).toBe('Europe/London');
  t = await createTestApp({ now: () => monday });
  sink = createMailSink(await mkdtemp(join(tmpdir(), 'pair-warnings-')));
  aggregator = createStreamPoller({
    endpoint: dynamoEndpoint(),
    tableName: t.db.tableName,
    handler: createAggregatorHandler(t.db, config.ORG_TIME_ZONE),
  });
  notifier = createStreamPoller({
    endpoint: dynamoEndpoint(),
    tableName: t.db.tableName,
    name: 'notifier',
    handler: createNotifierHandler({
      db: t.db,
      now: () => monday,
      mailer: sink,
      webBaseUrl: 'https://portal.example.test',
      unsubscribeSecret: 'a-test-secret-of-enough-length',
      timeZone: config.ORG_TIME_ZONE,
    }),
  });
  const { teams, partners, users } = t.org;
  salesLead = await aLeader('Sasha Saleslead');
  supportLead = await aLeader('Sam Supportlead');
  partnerLead = await aLeader('Pat Partnerlead');
  await nameLeader(`/api/teams/${teams.sales.id}`, teams.sales, salesLead);
  await nameLeader(`/api/teams/${teams.support.id}`, teams.support, supportLead);
  await nameLeader(`/api/partners/${partners.northwind.id}`, partners.northwind, partnerLead);

  // The baseline: the Wednesdays of W02 to W09 (W02 starts Monday 5 January).
  for (let week = 0; week < 8; week++) {
    const wednesday = (hour: number, minute = 0) => new Date(Date.UTC(2026, 0, 7 + week * 7, hour, minute));
    await aHandoff(users.salesStaff, users.supportStaff, teams.support.id, wednesday(11), wednesday(11, 30), false);
    await aHandoff(users.supportStaff, users.salesStaff, teams.sales.id, wednesday(11), wednesday(11, 30), false);
    for (let i = 0; i < 2; i++) {
      await referrals.submit(contextAs(t.db, users.northwindPartner, wednesday(12)), aSubmission());
      await referrals.submit(contextAs(t.db, users.bluewavePartner, wednesday(12)), aSubmission());
    }
  }
  // W10: five handoffs each way on Monday 2 March; Sales' acknowledged on Friday, days past
  // their 4 working hours; Support's acknowledged in time and returned.
  for (let i = 0; i < 5; i++) {
    const sentAt = new Date('2026-03-02T10:00:00Z');
    await aHandoff(
      users.salesStaff,
      users.supportStaff,
      teams.support.id,
      sentAt,
      new Date('2026-03-06T16:00:00Z'),
      false,
    );
    await aHandoff(
      users.supportStaff,
      users.salesStaff,
      teams.sales.id,
      sentAt,
      new Date('2026-03-02T10:30:00Z'),
      true,
    );
  }
  await drain(aggregator);
  expect((await sweep(t.db, monday)).earlyWarnings).toBe(4);
  await drain(notifier);
});

afterAll(async () => {
  await Promise.all([aggregator.stop(), notifier.stop()]);
});

describe('early warnings reach the leader responsible', () => {
  const pair = (from: Team, to: Team) => `pair:${from.id}:${to.id}`;

  it("sends a pair's late acknowledgements to the receiving team's leader", async () => {
    const { sales, support } = t.org.teams;
    const late = `handoffs.sla_attainment|${pair(sales, support)}`;
    expect(await warningsOf(supportLead)).toContain(late);
    expect(await warningsOf(salesLead)).not.toContain(late);
    expect(await warningsOf(t.org.users.leader)).not.toContain(late);
  });

  it("sends a pair's returns to both teams' leaders", async () => {
    const { sales, support } = t.org.teams;
    const returns = `handoffs.returned_rate|${pair(support, sales)}`;
    expect(await warningsOf(supportLead)).toContain(returns);
    expect(await warningsOf(salesLead)).toContain(returns);
    expect(await warningsOf(partnerLead)).not.toContain(returns);
    expect(await warningsOf(t.org.users.leader)).not.toContain(returns);
  });

  it("sends a partner's warning to its leader, and one with nobody named to every leader", async () => {
    const { northwind, bluewave } = t.org.partners;
    const quietNorthwind = `referrals.submitted|partner:${northwind.id}`;
    const quietBluewave = `referrals.submitted|partner:${bluewave.id}`;
    expect(await warningsOf(partnerLead)).toEqual([quietBluewave, quietNorthwind].sort());
    for (const leader of [t.org.users.leader, salesLead, supportLead]) {
      expect(await warningsOf(leader)).toContain(quietBluewave);
      expect(await warningsOf(leader)).not.toContain(quietNorthwind);
    }
    // Staff are responsible for neither.
    expect(await warningsOf(t.org.users.salesStaff)).toEqual([]);
  });

  it('e-mails each warning to the same leaders it tells in the feed', async () => {
    const mails = await sink.list();
    const about = (user: User) => mails.filter((mail) => mail.to === user.email && /fell|rose/.test(mail.subject));
    expect(about(partnerLead)).toHaveLength(2);
    expect(about(supportLead)).toHaveLength(3);
    expect(about(salesLead)).toHaveLength(2);
    expect(about(t.org.users.leader)).toHaveLength(1);
  });
});
