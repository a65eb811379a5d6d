import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listNotifications } from '#data/notification-repository.ts';
import type { User } from '#domain/directory/schemas.ts';
import type { PlayView } from '#domain/plays/views.ts';
import { config } from '#lib/config.ts';
import { createMailSink, type SunkMail } from '#local/mail-sink.ts';
import { createStreamPoller, type StreamPoller } from '#local/stream-poller.ts';
import { contextAs } from '#services/context.ts';
import { unsubscribe } from '#services/notifications.ts';
import { plays } from '#services/plays.ts';
import { referrals } from '#services/referrals.ts';
import { raiseWeeklyDigest } from '#services/scorecard-watch.ts';
import { sweep } from '#services/sweeper.ts';
import { dynamoEndpoint } from '#test/dynamo-endpoint.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { aSubmission } from '#test/referral-fixtures.ts';
import { createAggregatorHandler } from '../../../functions/handlers/aggregator.ts';
import { createNotifierHandler } from '../../../functions/handlers/notifier.ts';

/**
 * Early warnings and the weekly digest on a seeded history: Northwind referred two customers a
 * week for the eight weeks 2026-W02 to W09 and none in W10; the sweep of Monday 9 March 2026 at
 * 08:00 in London (GMT) raises the warning and the digest, the notifier tells the leaders.
 */

const monday = new Date('2026-03-09T08:00:00Z');
const secret = 'a-test-secret-of-enough-length';
const webBaseUrl = 'https://portal.example.test';
let t: TestApp;
let aggregator: StreamPoller;
let notifier: StreamPoller;
let sink: ReturnType<typeof createMailSink>;
let play: PlayView;

async function drain(poller: StreamPoller) {
  for (let pass = 0; pass < 50; pass++) if ((await poller.pollOnce()) === 0) return;
}

async function mailTo(user: User): Promise<SunkMail[]> {
  return (await sink.list()).filter((mail) => mail.to === user.email);
}

beforeAll(async () => {
  expect(config.ORG_TIME_ZONE).toBe('Europe/London');
  t = await createTestApp({ now: () => monday });
  sink = createMailSink(await mkdtemp(join(tmpdir(), 'leader-notices-')));
  aggregator = createStreamPoller({
    endpoint: dynamoEndpoint(),
    tableName: t.db.tableName,
    handler: createAggregatorHandler(t.db, config.ORG_TIME_ZONE),
  });
  const handler = createNotifierHandler({
    db: t.db,
    now: () => monday,
    mailer: sink,
    webBaseUrl,
    unsubscribeSecret: secret,
    timeZone: config.ORG_TIME_ZONE,
  });
  notifier = createStreamPoller({
    endpoint: dynamoEndpoint(),
    tableName: t.db.tableName,
    name: 'notifier',
    handler,
  });
  // Two referrals on the Wednesday of each of the eight weeks before W10 (W02 starts 5 January).
  for (let week = 0; week < 8; week++) {
    const at = new Date(Date.UTC(2026, 0, 7 + week * 7, 11));
    for (let i = 0; i < 2; i++)
      await referrals.submit(contextAs(t.db, t.org.users.northwindPartner, at), aSubmission());
  }
  // A referral of last week, still waiting for its first response, is overdue on Monday too.
  await referrals.submit(contextAs(t.db, t.org.users.advocate, new Date('2026-03-04T10:00:00Z')), aSubmission());
  await drain(aggregator);
  play = await plays.create(contextAs(t.db, t.org.users.leader, monday), {
    figure: 'referrals.submitted',
    dimension: `partner:${t.org.partners.northwind.id}`,
    weeks: 4,
    title: 'Call Northwind about their quiet week',
    ownerId: t.org.users.salesStaff.id,
    dueOn: '2026-03-13',
  });
  await drain(notifier);
});

afterAll(async () => {
  await Promise.all([aggregator.stop(), notifier.stop()]);
});

describe('early warnings', () => {
  it('tells every active leader once, in the feed and by e-mail, with a link to the records', async () => {
    const first = await sweep(t.db, monday);
    expect(first.earlyWarnings).toBe(1);
    await drain(notifier);
    const { leader } = t.org.users;
    const northwind = `partner:${t.org.partners.northwind.id}`;
    const feed = (await listNotifications(t.db, leader.id, { limit: 100 })).items.filter(
      (item) => item.kind === 'early_warning',
    );
    expect(feed).toHaveLength(1);
    expect(feed[0]).toMatchObject({
      recordType: 'scorecard',
      recordId: `referrals.submitted|${northwind}`,
      path: `/scorecard?figure=referrals.submitted&week=2026-W10&dimension=${encodeURIComponent(northwind)}`,
      title: `${t.org.partners.northwind.name}: Referrals submitted fell to 0 in the week from a weekly 2`,
    });
    const mails = (await mailTo(leader)).filter((mail) => mail.subject.includes('fell to 0'));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain(`${webBaseUrl}${feed[0]?.path}`);
    // Staff are not responsible for partners: they hear nothing.
    const staffFeed = (await listNotifications(t.db, t.org.users.salesStaff.id, { limit: 100 })).items;
    expect(staffFeed.filter((item) => item.kind === 'early_warning')).toEqual([]);

    // Later sweeps in the same week raise nothing again.
    const again = await sweep(t.db, new Date('2026-03-11T15:00:00Z'));
    expect(again.earlyWarnings).toBe(0);
    await drain(notifier);
    expect(
      (await listNotifications(t.db, leader.id, { limit: 100 })).items.filter((item) => item.kind === 'early_warning'),
    ).toHaveLength(1);
  });
});

describe('the weekly digest', () => {
  it('sends each leader the index, the pillars, the movers, the open plays and what is overdue', async () => {
    const { leader, salesStaff } = t.org.users;
    // The first sweep of the week (above) raised the digest as well.
    await drain(notifier);

    const digests = (await mailTo(leader)).filter((mail) => mail.subject.includes('weekly scorecard digest'));
    expect(digests).toHaveLength(1);
    const digest = digests[0] as SunkMail;
    expect(digest.subject).toBe('Total Customer: your weekly scorecard digest, 2026-W07 to 2026-W10');
    expect(digest.text).toMatch(/Total Customer Index \(4 weeks\): (\d+|—), /);
    for (const pillar of ['External customers', 'Internal customers', 'Partners and advocates'])
      expect(digest.text).toContain(`- ${pillar}: `);
    expect(digest.text).toContain('Open plays (1):');
    expect(digest.text).toContain(
      `- Call Northwind about their quiet week (${salesStaff.name}, due 2026-03-13): ${webBaseUrl}${play.webPath}`,
    );
    // Seventeen referrals wait for a first response past their due time: the first ten are named.
    expect(digest.text).toMatch(/Overdue \(17\):\n(- First response due: .+\n){10}My work: /);
    expect(digest.text).toContain(
      `- ${t.org.partners.northwind.name}: Referrals submitted worse, 8 → 6 (n = 6): ${webBaseUrl}/scorecard?figure=referrals.submitted&weeks=4&dimension=partner%3A${t.org.partners.northwind.id}`,
    );
    expect(digest.unsubscribeUrl).toMatch(new RegExp(`^${webBaseUrl}/unsubscribe\\?token=`));
    expect((await mailTo(salesStaff)).filter((mail) => mail.subject.includes('digest'))).toEqual([]);

    // Once a week: a later sweep sends nothing more.
    expect(await raiseWeeklyDigest(t.db, new Date('2026-03-10T09:00:00Z'))).toBe(false);

    // Unsubscribing works as for every e-mail: next week's digest does not come.
    const token = new URL(digest.unsubscribeUrl ?? '').searchParams.get('token') ?? '';
    expect(await unsubscribe(t.db, secret, token, monday)).toEqual({ kind: 'weekly_digest' });
    expect(await raiseWeeklyDigest(t.db, new Date('2026-03-16T08:00:00Z'))).toBe(true);
    await drain(notifier);
    expect((await mailTo(leader)).filter((mail) => mail.subject.includes('weekly scorecard digest'))).toHaveLength(1);
  });

  it('goes out from Monday 07:00 on the organisation’s clocks: across a clock change and in ISO week 53', async () => {
    // Summer time begins on Sunday 29 March 2026: Monday 07:00 in London is 06:00 UTC.
    expect(await raiseWeeklyDigest(t.db, new Date('2026-03-30T05:59:00Z'))).toBe(false);
    expect(await raiseWeeklyDigest(t.db, new Date('2026-03-30T06:00:00Z'))).toBe(true);
    // Monday 28 December 2026 begins 2026-W53; Sunday 3 January 2027 still belongs to it.
    expect(await raiseWeeklyDigest(t.db, new Date('2026-12-28T06:59:00Z'))).toBe(false);
    expect(await raiseWeeklyDigest(t.db, new Date('2026-12-28T07:00:00Z'))).toBe(true);
    expect(await raiseWeeklyDigest(t.db, new Date('2027-01-03T20:00:00Z'))).toBe(false);
    expect(await raiseWeeklyDigest(t.db, new Date('2027-01-04T07:00:00Z'))).toBe(true);
  });
});
