import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listTimeline } from '#data/events.ts';
import { referralKeys } from '#data/keys.ts';
import { putNotification } from '#data/notification-repository.ts';
import type { User } from '#domain/directory/schemas.ts';
import { defaultPreferences, type NewNotification, type Notification } from '#domain/notifications/schemas.ts';
import { unsubscribeToken } from '#domain/notifications/unsubscribe.ts';
import { config, unsubscribeSecretIn } from '#lib/config.ts';
import { createMailSink } from '#local/mail-sink.ts';
import { contextAs } from '#services/context.ts';
import { notify } from '#services/notifications.ts';
import type { ReactionContext } from '#services/reaction.ts';
import { referrals } from '#services/referrals.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { aSubmission } from '#test/referral-fixtures.ts';

let t: TestApp;

/** A notification about a handoff of its own (so that none collapse into another), at its own time. */
const aNotification = (eventId: string, overrides: Partial<NewNotification> = {}): NewNotification => ({
  eventId,
  kind: 'handoff_received',
  recordType: 'handoff',
  recordId: `HANDOFF-${eventId}`,
  path: `/handoffs/HANDOFF-${eventId}`,
  title: '“Kickoff for Vireo Software” arrived for your team from Sales',
  at: `2026-03-04T10:00:0${eventId.slice(-1)}.000Z`,
  ...overrides,
});

async function json(response: Response) {
  return (await response.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  t = await createTestApp();
});

describe('GET /api/notifications and POST /api/notifications/read', () => {
  it('lists the caller’s own feed newest first with the unread count, and marks some or all read', async () => {
    const { supportStaff, salesStaff } = t.org.users;
    const events = ['01JA0000000000000000000001', '01JA0000000000000000000002', '01JA0000000000000000000003'];
    const ids: string[] = [];
    for (const id of events)
      ids.push((await putNotification(t.db, supportStaff.id, aNotification(id), new Date()))?.id ?? '');
    const others = await putNotification(t.db, salesStaff.id, aNotification('01JA0000000000000000000009'), new Date());

    const first = await t.request('GET', '/api/notifications?limit=2', { as: supportStaff });
    expect(first.status).toBe(200);
    const page = await json(first);
    expect((page.items as Notification[]).map((n) => n.id)).toEqual([ids[2], ids[1]]);
    expect(page.unread).toBe(3);
    const second = await json(
      await t.request('GET', `/api/notifications?limit=2&cursor=${encodeURIComponent(String(page.cursor))}`, {
        as: supportStaff,
      }),
    );
    expect((second.items as Notification[]).map((n) => n.id)).toEqual([ids[0]]);
    expect(second.cursor).toBeNull();

    // Another user's id marks nothing of theirs.
    const marked = await t.request('POST', '/api/notifications/read', {
      as: supportStaff,
      body: { ids: [ids[0], others?.id] },
    });
    expect(marked.status).toBe(200);
    expect(await json(marked)).toEqual({ unread: 2 });
    expect((await json(await t.request('GET', '/api/notifications', { as: salesStaff }))).unread).toBe(1);
    // Marking again changes nothing.
    expect(
      await json(await t.request('POST', '/api/notifications/read', { as: supportStaff, body: { ids: [ids[0]] } })),
    ).toEqual({ unread: 2 });

    const all = await t.request('POST', '/api/notifications/read', { as: supportStaff, body: { all: true } });
    expect(await json(all)).toEqual({ unread: 0 });
    const feed = await json(await t.request('GET', '/api/notifications', { as: supportStaff }));
    expect((feed.items as Notification[]).every((n) => typeof n.readAt === 'string')).toBe(true);
    expect(feed.unread).toBe(0);
  });

  it('refuses a body that says neither which nor all', async () => {
    const { supportStaff } = t.org.users;
    for (const body of [{}, { ids: [] }, { all: false }, { ids: ['x'], all: true }]) {
      const response = await t.request('POST', '/api/notifications/read', { as: supportStaff, body });
      expect(response.status).toBe(400);
      expect(response.headers.get('Content-Type')).toContain('application/problem+json');
    }
  });

  it('needs a signed-in caller', async () => {
    expect((await t.request('GET', '/api/notifications')).status).toBe(401);
    expect((await t.request('POST', '/api/notifications/read', { body: { all: true } })).status).toBe(401);
  });
});

describe('preferences', () => {
  it('starts with e-mail on for every kind, and changes only the kinds named', async () => {
    const { advocate } = t.org.users;
    const offered = ['referral_status'];
    expect(await json(await t.request('GET', '/api/notifications/preferences', { as: advocate }))).toEqual({
      ...defaultPreferences,
      offered,
    });
    const put = await t.request('PUT', '/api/notifications/preferences', {
      as: advocate,
      body: { email: { referral_status: false } },
    });
    expect(put.status).toBe(200);
    const expected = { email: { ...defaultPreferences.email, referral_status: false }, offered };
    expect(await json(put)).toEqual(expected);
    expect(await json(await t.request('GET', '/api/notifications/preferences', { as: advocate }))).toEqual(expected);
  });

  it('offers each role the kinds that can reach it: a leader all of them, staff none of the leaders’ own', async () => {
    const { leader, salesStaff, northwindColleague } = t.org.users;
    const offered = async (as: User) =>
      (await json(await t.request('GET', '/api/notifications/preferences', { as }))).offered as string[];

    expect(await offered(leader)).toEqual(Object.keys(defaultPreferences.email));
    const staff = await offered(salesStaff);
    expect(staff).toEqual(expect.arrayContaining(['handoff_received', 'issue_assigned', 'overdue', 'unowned']));
    expect(
      staff.filter((kind) => ['webhook_disabled', 'import_finished', 'early_warning', 'weekly_digest'].includes(kind)),
    ).toEqual([]);
    expect(await offered(northwindColleague)).toEqual(['referral_status']);
  });

  it('refuses an unknown kind or a value that is not true or false', async () => {
    const { advocate } = t.org.users;
    for (const body of [{ email: { weather: true } }, { email: { overdue: 'yes' } }, { sms: {} }]) {
      expect((await t.request('PUT', '/api/notifications/preferences', { as: advocate, body })).status).toBe(400);
    }
  });
});

describe('e-mail and its unsubscribe link', () => {
  async function accept(referrer: User, ctx: ReactionContext) {
    const { salesStaff } = t.org.users;
    const submitted = await referrals.submit(contextAs(t.db, referrer), aSubmission());
    await referrals.transition(contextAs(t.db, salesStaff), submitted.id, submitted.version, { to: 'accepted' });
    const accepted = (await listTimeline(t.db, referralKeys.byId(submitted.id).pk)).find(
      (event) => event.type === 'referral.accepted',
    );
    if (!accepted) throw new Error('no acceptance event');
    await notify(ctx, { ...accepted, recordPk: referralKeys.byId(submitted.id).pk });
  }

  it('turns that kind of e-mail off without signing in; the feed goes on', async () => {
    const { northwindColleague } = t.org.users;
    const sink = createMailSink(await mkdtemp(join(tmpdir(), 'unsubscribe-mail-')));
    const ctx: ReactionContext = {
      db: t.db,
      now: () => new Date(),
      mailer: sink,
      webBaseUrl: 'https://portal.example.test/',
      unsubscribeSecret: unsubscribeSecretIn(config),
      timeZone: 'UTC',
    };
    await accept(northwindColleague, ctx);
    const [mail] = await sink.list();
    expect(mail?.to).toBe(northwindColleague.email);
    const link = new URL(String(mail?.unsubscribeUrl));
    expect(`${link.origin}${link.pathname}`).toBe('https://portal.example.test/unsubscribe');
    expect(mail?.text).toContain(link.href);

    const response = await t.request('POST', '/api/unsubscribe', { body: { token: link.searchParams.get('token') } });
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ kind: 'referral_status' });
    const preferences = await json(
      await t.request('GET', '/api/notifications/preferences', { as: northwindColleague }),
    );
    expect(preferences.email).toEqual({ ...defaultPreferences.email, referral_status: false });

    await accept(northwindColleague, ctx);
    expect(await sink.list()).toHaveLength(1);
    const feed = await json(await t.request('GET', '/api/notifications', { as: northwindColleague }));
    expect(feed.items).toHaveLength(2);
  });

  it('refuses a token that is not one of ours', async () => {
    const { bluewavePartner } = t.org.users;
    const forged = await unsubscribeToken('another-secret-entirely-0000', bluewavePartner.id, 'overdue');
    for (const token of [forged, 'not-a-token', `${forged}x`]) {
      const response = await t.request('POST', '/api/unsubscribe', { body: { token } });
      expect(response.status).toBe(400);
    }
    const preferences = await json(await t.request('GET', '/api/notifications/preferences', { as: bluewavePartner }));
    expect(preferences.email).toEqual(defaultPreferences.email);
  });
});
