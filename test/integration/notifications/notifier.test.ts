import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTimeline } from '#data/events.ts';
import { handoffKeys, referralKeys } from '#data/keys.ts';
import { listNotifications } from '#data/notification-repository.ts';
import type { User } from '#domain/directory/schemas.ts';
import type { Notification } from '#domain/notifications/schemas.ts';
import { createMailSink, type SunkMail } from '#local/mail-sink.ts';
import { createStreamPoller, type StreamPoller } from '#local/stream-poller.ts';
import { contextAs } from '#services/context.ts';
import { customers } from '#services/customers.ts';
import { users } from '#services/directory.ts';
import { handoffs } from '#services/handoffs.ts';
import { issues } from '#services/issues.ts';
import { referrals } from '#services/referrals.ts';
import { sweep } from '#services/sweeper.ts';
import { aCustomerCreation } from '#test/customer-fixtures.ts';
import { dynamoEndpoint } from '#test/dynamo-endpoint.ts';
import { aHandoffSubmission } from '#test/handoff-fixtures.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { anIssueReport } from '#test/issue-fixtures.ts';
import { aSubmission } from '#test/referral-fixtures.ts';
import { createNotifierHandler, type NotifierHandler } from '../../../functions/handlers/notifier.ts';

/**
 * The notifier on the real stream of DynamoDB Local: changes made through the services, the
 * stream read by the local stack's poller, notifications and e-mail checked per role.
 */
let t: TestApp;
let poller: StreamPoller;
let handler: NotifierHandler;
let sink: ReturnType<typeof createMailSink>;
let mailDir: string;
const delivered: DynamoDBStreamEvent[] = [];
const webBaseUrl = 'https://portal.example.test';

const as = (user: User) => contextAs(t.db, user, new Date());

async function drain(): Promise<void> {
  for (let pass = 0; pass < 50; pass++) if ((await poller.pollOnce()) === 0) return;
}

async function feedOf(user: User): Promise<Notification[]> {
  return (await listNotifications(t.db, user.id, { limit: 100 })).items;
}

async function mailTo(user: User): Promise<SunkMail[]> {
  return (await sink.list()).filter((mail) => mail.to === user.email);
}

beforeAll(async () => {
  t = await createTestApp();
  mailDir = await mkdtemp(join(tmpdir(), 'notifier-mail-'));
  sink = createMailSink(mailDir);
  handler = createNotifierHandler({
    db: t.db,
    now: () => new Date(),
    mailer: sink,
    webBaseUrl,
    unsubscribeSecret: 'a-test-secret-of-enough-length',
    timeZone: 'UTC',
  });
  poller = createStreamPoller({
    endpoint: dynamoEndpoint(),
    tableName: t.db.tableName,
    name: 'notifier',
    handler: async (event) => {
      delivered.push(event);
      return handler(event);
    },
  });
});

afterAll(async () => {
  await poller?.stop();
});

describe('referrals', () => {
  it('tells the partner who referred, with the note staff wrote, and nobody else', async () => {
    const { northwindPartner, northwindColleague, bluewavePartner, salesStaff, advocate } = t.org.users;
    const referral = await referrals.submit(as(northwindPartner), aSubmission({ company: { name: 'Acme Rockets' } }));
    await referrals.transition(as(salesStaff), referral.id, referral.version, {
      to: 'accepted',
      noteToReferrer: 'Thanks <b>Nina</b> & team — we call them Monday.',
    });
    await drain();

    const feed = (await feedOf(northwindPartner)).filter((n) => n.recordId === referral.id);
    expect(feed).toHaveLength(1);
    expect(feed[0]).toMatchObject({
      kind: 'referral_status',
      recordType: 'referral',
      path: `/referrals/${referral.id}`,
      title: 'Your referral of Acme Rockets was accepted',
      body: 'Thanks <b>Nina</b> & team — we call them Monday.',
    });
    expect(feed[0]?.readAt).toBeUndefined();
    for (const other of [northwindColleague, bluewavePartner, salesStaff, advocate]) {
      expect((await feedOf(other)).filter((n) => n.recordId === referral.id)).toEqual([]);
    }

    const [mail, ...more] = await mailTo(northwindPartner);
    expect(more).toEqual([]);
    expect(mail?.subject).toBe('Total Customer: Your referral of Acme Rockets was accepted');
    expect(mail?.text).toContain(`${webBaseUrl}/referrals/${referral.id}`);
    expect(mail?.text).toContain('we call them Monday');
    // The note is escaped in the HTML, never markup.
    expect(mail?.html).toContain('Thanks &lt;b&gt;Nina&lt;/b&gt; &amp; team');
    expect(mail?.html).not.toContain('<b>Nina</b>');
    // Nobody else's personal data: not the prospect's contact, not the staff member who accepted.
    for (const text of [mail?.text, mail?.html]) {
      expect(text).not.toContain('Jane Buyer');
      expect(text).not.toContain(salesStaff.name);
      expect(text).not.toContain(salesStaff.email);
    }
    expect(mail?.unsubscribeUrl).toMatch(new RegExp(`^${webBaseUrl}/unsubscribe\\?token=`));
    for (const other of [northwindColleague, bluewavePartner, salesStaff]) expect(await mailTo(other)).toEqual([]);
  });

  it('tells an advocate of their own referral only', async () => {
    const { advocate, otherAdvocate, salesStaff } = t.org.users;
    const referral = await referrals.submit(as(advocate), aSubmission({ company: { name: 'Beta Bikes' } }));
    await referrals.transition(as(salesStaff), referral.id, referral.version, {
      to: 'declined',
      reason: 'Outside our market.',
    });
    await drain();
    const feed = (await feedOf(advocate)).filter((n) => n.recordId === referral.id);
    expect(feed.map((n) => n.title)).toEqual(['Your referral of Beta Bikes was declined']);
    // The decline reason is internal; only a note written for the referrer is passed on.
    expect(feed[0]?.body).toBeUndefined();
    expect((await feedOf(otherAdvocate)).filter((n) => n.recordId === referral.id)).toEqual([]);
  });

  it('tells no one who may no longer see the referral (a partner moved to another organisation)', async () => {
    const { leader, salesStaff } = t.org.users;
    const mover = await users.create(as(leader), {
      name: 'Mo Mover',
      email: 'mo.mover@example.test',
      role: 'partner',
      partnerId: t.org.partners.northwind.id,
    });
    const referral = await referrals.submit(as(mover), aSubmission({ company: { name: 'Gamma Gears' } }));
    await users.update(as(leader), mover.id, mover.version, { partnerId: t.org.partners.bluewave.id });
    await referrals.transition(as(salesStaff), referral.id, referral.version, { to: 'accepted' });
    await drain();
    expect(await feedOf(mover)).toEqual([]);
    expect(await mailTo(mover)).toEqual([]);
  });

  it('tells the owner when the first response is overdue', async () => {
    const { northwindPartner, leader, salesStaff } = t.org.users;
    const referral = await referrals.submit(as(northwindPartner), aSubmission({ company: { name: 'Delta Docks' } }));
    await referrals.assignOwner(as(leader), referral.id, referral.version, salesStaff.id);
    await sweep(t.db, new Date(Date.parse(referral.firstResponseDueAt) + 60_000));
    await drain();
    const feed = (await feedOf(salesStaff)).filter((n) => n.recordId === referral.id);
    expect(feed.map((n) => n.kind)).toEqual(['overdue']);
    expect(feed[0]?.title).toBe('The referral of Delta Docks awaits its first response');
    // The referrer hears of status changes, not of staff's lateness.
    expect((await feedOf(northwindPartner)).filter((n) => n.kind === 'overdue')).toEqual([]);
    // Someone owns it: the leaders are not told.
    expect((await feedOf(leader)).filter((n) => n.recordId === referral.id)).toEqual([]);
  });

  it('tells the leaders, and only them, when a referral nobody owns is overdue', async () => {
    const { northwindPartner, leader, salesStaff } = t.org.users;
    const referral = await referrals.submit(as(northwindPartner), aSubmission({ company: { name: 'Omega Oars' } }));
    await sweep(t.db, new Date(Date.parse(referral.firstResponseDueAt) + 60_000));
    await drain();
    expect((await feedOf(leader)).filter((n) => n.recordId === referral.id)).toMatchObject([
      { kind: 'unowned', title: 'The referral of Omega Oars awaits its first response, and nobody owns it' },
    ]);
    expect((await mailTo(leader)).filter((mail) => mail.subject.includes('Omega Oars'))).toHaveLength(1);
    expect((await feedOf(salesStaff)).filter((n) => n.recordId === referral.id)).toEqual([]);
    expect((await feedOf(northwindPartner)).filter((n) => n.kind === 'unowned')).toEqual([]);
  });
});

describe('due soon', () => {
  it('marks a due date within the next working day once, and tells whoever it concerns', async () => {
    const { northwindPartner, leader, salesStaff, supportStaff } = t.org.users;
    const referral = await referrals.submit(as(northwindPartner), aSubmission({ company: { name: 'Zeta Zips' } }));
    await referrals.assignOwner(as(leader), referral.id, referral.version, salesStaff.id);
    const handoff = await handoffs.send(as(salesStaff), aHandoffSubmission({ toTeamId: t.org.teams.support.id }));
    // An hour before either falls due: within the next working day, whatever the calendar.
    const first = Math.min(Date.parse(referral.firstResponseDueAt), Date.parse(handoff.ackDueAt));
    const at = new Date(first - 60 * 60 * 1000);
    const result = await sweep(t.db, at);
    expect(result.markedDueSoon).toBeGreaterThanOrEqual(1);
    expect((await sweep(t.db, new Date(at.getTime() + 60_000))).markedDueSoon).toBe(0);
    await drain();

    const dueSoon = async (user: User, recordId: string) =>
      (await feedOf(user)).filter((n) => n.recordId === recordId && n.kind === 'due_soon');
    if (Date.parse(referral.firstResponseDueAt) === first) {
      expect(await dueSoon(salesStaff, referral.id)).toMatchObject([
        { title: 'The referral of Zeta Zips needs its first response soon' },
      ]);
    }
    if (Date.parse(handoff.ackDueAt) === first) {
      expect(await dueSoon(supportStaff, handoff.id)).toMatchObject([
        { title: `“${handoff.summary}” from Sales is due for acknowledgement soon` },
      ]);
    }
    expect(await dueSoon(northwindPartner, referral.id)).toEqual([]);
    // Nothing about the records changed: their timelines and versions are as they were.
    for (const [pk, record] of [
      [referralKeys.byId(referral.id).pk, 'referral'],
      [handoffKeys.byId(handoff.id).pk, 'handoff'],
    ] as const) {
      expect(
        (await listTimeline(t.db, pk)).map((event) => event.type),
        record,
      ).not.toContain(`${record}.due_soon`);
    }
    expect((await handoffs.get(as(supportStaff), handoff.id)).version).toBe(handoff.version);
  });
});

describe('handoffs and issues', () => {
  it('tells the receiving team when a handoff arrives, and the sending team when it comes back', async () => {
    const { salesStaff, supportStaff, leader } = t.org.users;
    const sent = await handoffs.send(as(salesStaff), aHandoffSubmission({ toTeamId: t.org.teams.support.id }));
    const acknowledged = await handoffs.transition(as(supportStaff), sent.id, sent.version, { to: 'acknowledged' });
    await handoffs.transition(as(supportStaff), sent.id, acknowledged.version, {
      to: 'returned',
      missing: ['The signed order form'],
    });
    await drain();
    expect((await feedOf(supportStaff)).filter((n) => n.recordId === sent.id)).toMatchObject([
      {
        kind: 'handoff_received',
        title: `“${sent.summary}” arrived for your team from Sales`,
        about: 'Handoff · Sales → Support',
        path: `/handoffs/${sent.id}`,
      },
    ]);
    expect((await feedOf(salesStaff)).filter((n) => n.recordId === sent.id)).toMatchObject([
      {
        kind: 'handoff_returned',
        title: `Support returned “${sent.summary}”: something is missing`,
        body: 'What is missing:\n• The signed order form',
      },
    ]);
    // The e-mail names the handoff and what is missing, and links to it.
    const [mail] = (await mailTo(salesStaff)).filter((m) => m.subject.includes(sent.summary));
    expect(mail?.subject).toBe(`Total Customer: Support returned “${sent.summary}”: something is missing`);
    expect(mail?.text).toContain('• The signed order form');
    expect(mail?.text).toContain('Handoff · Sales → Support');
    expect(mail?.text).toContain(`${webBaseUrl}/handoffs/${sent.id}`);
    // Leaders may see every handoff, but a team's mail is the team's.
    expect((await feedOf(leader)).filter((n) => n.recordId === sent.id)).toEqual([]);
  });

  it('tells an owner when an issue is handed to them, not when they take it themselves', async () => {
    const { supportStaff, salesStaff, leader } = t.org.users;
    const customer = await customers.create(as(leader), aCustomerCreation({ name: 'Epsilon Eggs' }));
    const reported = await issues.report(as(supportStaff), anIssueReport([customer.id], { severity: 'sev2' }));
    const owned = await issues.transition(as(supportStaff), reported.id, reported.version, { to: 'owned' });
    await issues.handOver(as(leader), reported.id, owned.version, salesStaff.id);
    await drain();
    expect((await feedOf(supportStaff)).filter((n) => n.recordId === reported.id)).toEqual([]);
    expect((await feedOf(salesStaff)).filter((n) => n.recordId === reported.id)).toMatchObject([
      {
        kind: 'issue_assigned',
        title: 'SEV2 “March invoices sent twice” (Epsilon Eggs) was handed to you',
        about: 'Issue · SEV2 · Epsilon Eggs',
        path: `/issues/${reported.id}`,
      },
    ]);
  });
});

function minuteAfter(iso: string | undefined): Date {
  if (!iso) throw new Error('The issue has no time-to-own target.');
  return new Date(Date.parse(iso) + 60_000);
}

describe('what nobody owns', () => {
  it('tells whoever reported an issue, and the leaders, when nobody owns it past its time-to-own target', async () => {
    const { supportStaff, salesStaff, leader } = t.org.users;
    const customer = await customers.create(as(leader), aCustomerCreation({ name: 'Iota Inks' }));
    const reported = await issues.report(as(supportStaff), anIssueReport([customer.id], { severity: 'sev1' }));
    await sweep(t.db, minuteAfter(reported.ownDueAt));
    await drain();
    const told = {
      kind: 'unowned',
      title: 'SEV1 “March invoices sent twice” (Iota Inks) has no owner past its time-to-own target',
    };
    const unowned = async (user: User) =>
      (await feedOf(user)).filter((n) => n.recordId === reported.id && n.kind === 'unowned');
    expect(await unowned(supportStaff)).toMatchObject([told]);
    expect(await unowned(leader)).toMatchObject([told]);
    expect((await feedOf(salesStaff)).filter((n) => n.recordId === reported.id)).toEqual([]);
  });

  it('tells a leader who reported the issue once', async () => {
    const { leader } = t.org.users;
    const customer = await customers.create(as(leader), aCustomerCreation({ name: 'Kappa Kites' }));
    const reported = await issues.report(as(leader), anIssueReport([customer.id], { severity: 'sev2' }));
    await sweep(t.db, minuteAfter(reported.ownDueAt));
    await drain();
    // Not of its report either: they made it.
    expect((await feedOf(leader)).filter((n) => n.recordId === reported.id).map((n) => n.kind)).toEqual(['unowned']);
  });
});

describe('naming, collapsing and order (#17, point 4)', () => {
  const onCall = async (userId: string | null) => {
    const current = await (await t.request('GET', '/api/settings', { as: t.org.users.leader })).json();
    return t.request('PATCH', '/api/settings', {
      as: t.org.users.leader,
      body: { onCall: { issues: userId } },
      headers: { 'If-Match': `"${current.version}"` },
    });
  };

  it('lets leaders name who is on call for issues: an active staff member or leader, or nobody', async () => {
    const { northwindPartner, supportStaff, salesStaff } = t.org.users;
    for (const who of [northwindPartner.id, '01JNOBODY00000000000000000']) {
      const refused = await onCall(who);
      expect(refused.status).toBe(400);
      expect((await refused.json()).errors).toEqual([expect.objectContaining({ path: 'onCall.issues' })]);
    }
    const staffOnly = await t.request('PATCH', '/api/settings', {
      as: salesStaff,
      body: { onCall: { issues: salesStaff.id } },
      headers: { 'If-Match': '"0"' },
    });
    expect(staffOnly.status).toBe(403);
    const named = await onCall(supportStaff.id);
    expect(named.status).toBe(200);
    expect((await named.json()).onCall).toEqual({ issues: supportStaff.id });
    const cleared = await onCall(null);
    expect((await cleared.json()).onCall).toEqual({});
  });

  it('tells the leaders and whoever is on call of a new sev1 or sev2 issue at once, by name; not of a sev3', async () => {
    const { supportStaff, salesStaff, leader, northwindPartner } = t.org.users;
    expect((await onCall(supportStaff.id)).status).toBe(200);
    const customer = await customers.create(as(leader), aCustomerCreation({ name: 'Vireo Software' }));
    const severe = await issues.report(
      as(salesStaff),
      anIssueReport([customer.id], { severity: 'sev2', title: 'Checkout times out for EU stores' }),
    );
    const minor = await issues.report(
      as(salesStaff),
      anIssueReport([customer.id], { severity: 'sev3', title: 'Weekly report a day late' }),
    );
    await drain();
    const told = {
      kind: 'severe_issue',
      title: 'New SEV2 “Checkout times out for EU stores” (Vireo Software) reported',
      about: 'Issue · SEV2 · Vireo Software',
      path: `/issues/${severe.id}`,
    };
    for (const user of [leader, supportStaff]) {
      expect((await feedOf(user)).filter((n) => n.recordId === severe.id)).toMatchObject([told]);
      const mail = (await mailTo(user)).filter((m) => m.subject.includes('Checkout times out for EU stores'));
      expect(mail).toHaveLength(1);
      expect(mail[0]?.text).toContain(`${webBaseUrl}/issues/${severe.id}`);
    }
    // The reporter made it; nobody else is on call; a sev3 waits for its time-to-own target.
    for (const user of [salesStaff, northwindPartner]) {
      expect((await feedOf(user)).filter((n) => n.recordId === severe.id)).toEqual([]);
    }
    for (const user of [leader, supportStaff]) {
      expect((await feedOf(user)).filter((n) => n.recordId === minor.id)).toEqual([]);
    }

    // Raised to sev1 later: told again, as a raise.
    await issues.update(as(salesStaff), minor.id, minor.version, { severity: 'sev1' });
    await drain();
    expect((await feedOf(leader)).filter((n) => n.recordId === minor.id)).toMatchObject([
      { kind: 'severe_issue', title: '“Weekly report a day late” (Vireo Software) was raised to SEV1' },
    ]);
    await onCall(null);
  });

  it('collapses repeats of one kind about one record into one entry with a count, unread again', async () => {
    const { salesStaff, supportStaff } = t.org.users;
    let handoff = await handoffs.send(as(salesStaff), aHandoffSubmission({ toTeamId: t.org.teams.support.id }));
    for (const round of [1, 2]) {
      handoff = await handoffs.transition(as(supportStaff), handoff.id, handoff.version, { to: 'acknowledged' });
      handoff = await handoffs.transition(as(supportStaff), handoff.id, handoff.version, {
        to: 'returned',
        missing: [`Missing piece ${round}`],
      });
      if (round === 1) {
        await drain();
        const [first] = (await feedOf(salesStaff)).filter((n) => n.recordId === handoff.id);
        await t.request('POST', '/api/notifications/read', { as: salesStaff, body: { ids: [first?.id] } });
      }
      handoff = await handoffs.transition(as(salesStaff), handoff.id, handoff.version, {
        to: 'sent',
        note: `Added piece ${round}.`,
      });
    }
    await drain();
    const returned = (await feedOf(salesStaff)).filter((n) => n.recordId === handoff.id);
    expect(returned).toHaveLength(1);
    expect(returned[0]).toMatchObject({
      kind: 'handoff_returned',
      count: 2,
      body: 'What is missing:\n• Missing piece 2',
    });
    expect(returned[0]?.firstAt).toBeDefined();
    // A repeat after it was read makes it unread again.
    expect(returned[0]?.readAt).toBeUndefined();
    const received = (await feedOf(supportStaff)).filter((n) => n.recordId === handoff.id);
    expect(received).toMatchObject([
      {
        kind: 'handoff_received',
        count: 3,
        title: `“${handoff.summary}” came back to your team from Sales, completed`,
      },
    ]);
    // Each return is still its own e-mail: the feed collapses, the news does not.
    expect((await mailTo(salesStaff)).filter((m) => m.subject.includes(handoff.summary))).toHaveLength(2);
  });

  it('lists the feed newest first by when things happened, not by when the notifier got to them', async () => {
    const { salesStaff, supportStaff } = t.org.users;
    const hour = 60 * 60 * 1000;
    const later = await handoffs.send(
      contextAs(t.db, salesStaff, new Date(Date.now() - hour)),
      aHandoffSubmission({ toTeamId: t.org.teams.support.id }),
    );
    // Written after, but happened two days earlier (as the demo's back-dated history does).
    const earlier = await handoffs.send(
      contextAs(t.db, salesStaff, new Date(Date.now() - 48 * hour)),
      aHandoffSubmission({ toTeamId: t.org.teams.support.id }),
    );
    await drain();
    const feed = await feedOf(supportStaff);
    const at = feed.map((n) => n.at);
    expect(at).toEqual([...at].sort().reverse());
    const position = (id: string) => feed.findIndex((n) => n.recordId === id);
    expect(position(later.id)).toBeGreaterThanOrEqual(0);
    expect(position(later.id)).toBeLessThan(position(earlier.id));
    const page = await (await t.request('GET', '/api/notifications?limit=100', { as: supportStaff })).json();
    expect(page.items.map((n: { id: string }) => n.id)).toEqual(feed.map((n) => n.id));
  });
});

describe('delivery', () => {
  it('writes nothing new and sends nothing twice when every batch is delivered again', async () => {
    const { northwindPartner, supportStaff, salesStaff } = t.org.users;
    const before = await Promise.all([northwindPartner, supportStaff, salesStaff].map(feedOf));
    const firstId = before[0]?.[0]?.id;
    expect(firstId).toBeDefined();
    await t.request('POST', '/api/notifications/read', { as: northwindPartner, body: { ids: [firstId] } });
    const mailBefore = (await readdir(mailDir)).sort();
    expect(mailBefore.length).toBeGreaterThan(0);

    for (const batch of [...delivered]) {
      const { batchItemFailures } = await handler(batch);
      expect(batchItemFailures).toEqual([]);
    }

    const after = await Promise.all([northwindPartner, supportStaff, salesStaff].map(feedOf));
    expect(after.map((feed) => feed.map((n) => n.id))).toEqual(before.map((feed) => feed.map((n) => n.id)));
    // The one that was read stays read.
    expect(after[0]?.find((n) => n.id === firstId)?.readAt).toBeDefined();
    expect((await readdir(mailDir)).sort()).toEqual(mailBefore);
  });

  it('reports a record whose reaction failed, and delivers the rest', async () => {
    const failing = createNotifierHandler(
      {
        db: t.db,
        now: () => new Date(),
        mailer: sink,
        webBaseUrl,
        unsubscribeSecret: 'a-test-secret-of-enough-length',
        timeZone: 'UTC',
      },
      [
        {
          name: 'flaky',
          react: async (_ctx, event) => {
            if (event.type === 'referral.accepted') throw new Error('flaky');
          },
        },
      ],
    );
    const batch = delivered.find((event) =>
      event.Records.some((record) => record.dynamodb?.NewImage?.type?.S === 'referral.accepted'),
    );
    if (!batch) throw new Error('no batch with an acceptance');
    const failed = batch.Records.filter((record) => record.dynamodb?.NewImage?.type?.S === 'referral.accepted');
    const { batchItemFailures } = await failing(batch);
    expect(batchItemFailures).toEqual(failed.map((record) => ({ itemIdentifier: record.dynamodb?.SequenceNumber })));
  });
});
