import { Webhook } from 'standardwebhooks';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listTimeline } from '#data/events.ts';
import { webhookKeys } from '#data/keys.ts';
import { getDelivery, getWebhook } from '#data/webhook-repository.ts';
import { callerOf } from '#domain/directory/schemas.ts';
import type { TimelineEvent } from '#domain/timeline/event.ts';
import { maxAttempts } from '#domain/webhooks/backoff.ts';
import type { ServiceContext } from '#services/context.ts';
import { referrals } from '#services/referrals.ts';
import { dispatchDue, enqueueWebhookDeliveries } from '#services/webhook-dispatcher.ts';
import { webhooks } from '#services/webhooks.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { aSubmission } from '#test/referral-fixtures.ts';
import { type Receiver, startReceiver } from './receiver.ts';

let t: TestApp;
/** Dozens of DynamoDB round trips and HTTP requests per test: generous on a busy machine (no timing is asserted). */
// A day of retries, step by step: seconds on a quiet machine; a budget for two busy cores.
const slow = { timeout: 300_000 };
let receiver: Receiver;
const local = { allowLoopback: true };

beforeAll(async () => {
  t = await createTestApp({ webhooksAllowLoopback: true });
});
// Each test its own receiver: the deliveries an earlier test left pending go to theirs (closed).
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await receiver.close();
});

const leader = (now = new Date()): ServiceContext => ({
  db: t.db,
  caller: callerOf(t.org.users.leader),
  now: () => now,
});
const staff = (): ServiceContext => ({ db: t.db, caller: callerOf(t.org.users.salesStaff), now: () => new Date() });

/** An endpoint on the receiver for these patterns; each test its own, so they never share a lane. */
async function endpoint(events: string[] = ['referral.*']) {
  const created = await webhooks.create(leader(), { url: receiver.url, events }, local);
  return created;
}

/** A fresh referral's timeline events, oldest first, after the given moves. */
async function referralEvents(moves: ('accepted' | 'qualified')[] = []): Promise<TimelineEvent[]> {
  let referral = await referrals.submit(
    { db: t.db, caller: callerOf(t.org.users.northwindPartner), now: () => new Date() },
    aSubmission(),
  );
  for (const to of moves) referral = await referrals.transition(staff(), referral.id, referral.version, { to });
  return listTimeline(t.db, `REFERRAL#${referral.id}`);
}

const at = (start: Date, ms: number) => new Date(start.getTime() + ms);

/** The deliveries of the endpoint as a leader sees them, oldest first. */
async function log(webhookId: string) {
  const page = await webhooks.deliveries(leader(), webhookId, { limit: 100 });
  return [...page.items].reverse();
}

describe('a delivery', () => {
  it(
    'is signed so that the standardwebhooks verifier on the receiver accepts it, and carries no personal data',
    slow,
    async () => {
      const hook = await endpoint();
      const submission = aSubmission();
      const referral = await referrals.submit(
        { db: t.db, caller: callerOf(t.org.users.northwindPartner), now: () => new Date() },
        submission,
      );
      const [event] = await listTimeline(t.db, `REFERRAL#${referral.id}`);
      if (!event) throw new Error('no event');

      expect(await enqueueWebhookDeliveries(t.db, event, { siteUrl: 'https://portal.example.com' })).toBe(1);
      expect(await dispatchDue(t.db, new Date())).toBeGreaterThanOrEqual(1);

      expect(receiver.received).toHaveLength(1);
      const [request] = receiver.received;
      if (!request) throw new Error('nothing received');
      const payload = new Webhook(hook.secret).verify(request.body, request.headers as Record<string, string>);
      expect(payload).toEqual({
        type: 'referral.submitted',
        timestamp: event.at,
        data: expect.objectContaining({
          recordType: 'referral',
          id: referral.id,
          eventId: event.id,
          status: 'submitted',
          link: `https://portal.example.com/referrals/${referral.id}`,
        }),
      });
      expect(request.headers['webhook-id']).toBe(`msg_${event.id}`);
      expect(request.headers['content-type']).toBe('application/json');
      for (const personal of [
        submission.contact.name,
        submission.contact.email,
        submission.company.name,
        'Chris Chief',
      ]) {
        expect(request.body).not.toContain(personal);
      }
      // The wrong secret is refused: the signature is over this body with this secret.
      expect(() =>
        new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(
          request.body,
          request.headers as Record<string, string>,
        ),
      ).toThrow();
      const [delivery] = await log(hook.id);
      expect(delivery).toMatchObject({ status: 'succeeded', attempts: [{ statusCode: 200 }] });
    },
  );

  it(
    'goes only to enabled endpoints that subscribe to its type, once however often its event is handled',
    slow,
    async () => {
      const issuesOnly = await endpoint(['issue.*']);
      const exact = await endpoint(['referral.accepted']);
      const off = await endpoint(['referral.*']);
      await webhooks.update(leader(), off.id, off.version, { enabled: false }, local);
      const [submitted, accepted] = await referralEvents(['accepted']);
      if (!submitted || !accepted) throw new Error('no events');

      await enqueueWebhookDeliveries(t.db, submitted);
      await enqueueWebhookDeliveries(t.db, accepted);
      await enqueueWebhookDeliveries(t.db, accepted);

      // An endpoint registered after an event (the stream catching up) is not sent it.
      const late = await endpoint(['referral.*']);
      await enqueueWebhookDeliveries(t.db, accepted);
      expect(await log(late.id)).toEqual([]);

      expect(await log(issuesOnly.id)).toEqual([]);
      expect(await log(off.id)).toEqual([]);
      expect((await log(exact.id)).map((delivery) => delivery.type)).toEqual(['referral.accepted']);
    },
  );

  it('is retried after a failure, with the same webhook-id, when its backoff is up and not before', slow, async () => {
    const hook = await endpoint();
    const [event] = await referralEvents();
    if (!event) throw new Error('no event');
    receiver.script(500, 200);
    const start = new Date();
    await enqueueWebhookDeliveries(t.db, event, { now: start });

    await dispatchDue(t.db, start);
    let [delivery] = await log(hook.id);
    expect(delivery).toMatchObject({
      status: 'pending',
      nextAttemptAt: at(start, 5_000).toISOString(),
      attempts: [{ at: start.toISOString(), statusCode: 500, nextAttemptAt: at(start, 5_000).toISOString() }],
    });
    expect((await getWebhook(t.db, hook.id))?.failingSince).toBe(start.toISOString());

    await dispatchDue(t.db, at(start, 4_000));
    expect(receiver.received).toHaveLength(1);

    await dispatchDue(t.db, at(start, 5_000));
    expect(receiver.received).toHaveLength(2);
    [delivery] = await log(hook.id);
    expect(delivery?.status).toBe('succeeded');
    expect(delivery?.attempts.map((attempt) => attempt.statusCode)).toEqual([500, 200]);
    expect(delivery?.attempts[0]?.durationMs).toBeGreaterThanOrEqual(0);
    expect(receiver.received.map((request) => request.headers['webhook-id'])).toEqual([delivery?.id, delivery?.id]);
    // A success ends the endpoint's run of failures.
    expect((await getWebhook(t.db, hook.id))?.failingSince).toBeUndefined();
  });

  it('records a redirect as a failure and does not follow it', slow, async () => {
    const hook = await endpoint();
    const [event] = await referralEvents();
    if (!event) throw new Error('no event');
    receiver.script(302);
    await enqueueWebhookDeliveries(t.db, event);
    await dispatchDue(t.db, new Date());
    expect(receiver.received.map((request) => request.path)).toEqual(['/hooks/total-customer']);
    const [delivery] = await log(hook.id);
    expect(delivery).toMatchObject({ status: 'pending', attempts: [{ statusCode: 302 }] });
  });

  it('records an endpoint that does not answer as an error, and retries it', slow, async () => {
    const gone = await startReceiver();
    await gone.close();
    const hook = await webhooks.create(leader(), { url: gone.url, events: ['referral.*'] }, local);
    const [event] = await referralEvents();
    if (!event) throw new Error('no event');
    await enqueueWebhookDeliveries(t.db, event);
    await dispatchDue(t.db, new Date());
    const [delivery] = await log(hook.id);
    expect(delivery?.status).toBe('pending');
    expect(delivery?.attempts[0]).toMatchObject({ error: expect.stringMatching(/ECONNREFUSED/) });
    expect(delivery?.attempts[0]?.statusCode).toBeUndefined();
  });
});

describe('a host name that points inside', () => {
  /** An endpoint whose host is a name: allowed at registration, resolved at every attempt. */
  async function namedEndpoint() {
    return webhooks.create(leader(), { url: 'https://hooks.example.test/in', events: ['referral.*'] }, local);
  }

  async function attemptWith(resolveHost: (host: string) => Promise<string[]>) {
    const hook = await namedEndpoint();
    const [event] = await referralEvents();
    if (!event) throw new Error('no event');
    await enqueueWebhookDeliveries(t.db, event);
    const asked: string[] = [];
    await dispatchDue(t.db, new Date(), {
      resolveHost: (host) => {
        asked.push(host);
        return resolveHost(host);
      },
    });
    const [delivery] = await log(hook.id);
    return { asked, delivery };
  }

  it('is refused before anything is sent, and retried like any failure', slow, async () => {
    const { asked, delivery } = await attemptWith(async () => ['203.0.113.10', '10.1.2.3']);
    expect(asked).toEqual(['hooks.example.test']);
    expect(delivery?.status).toBe('pending');
    expect(delivery?.attempts).toHaveLength(1);
    expect(delivery?.attempts[0]?.error).toBe(
      'Refused: hooks.example.test resolves to 10.1.2.3, a private, loopback or link-local address.',
    );
    expect(delivery?.attempts[0]?.statusCode).toBeUndefined();
  });

  it('is refused when it resolves to an IPv4-mapped private address', slow, async () => {
    const { delivery } = await attemptWith(async () => ['::ffff:192.168.0.7']);
    expect(delivery?.attempts[0]?.error).toMatch(/^Refused: .* resolves to ::ffff:192\.168\.0\.7/);
  });

  it('records a name that does not resolve as an error', slow, async () => {
    const { delivery } = await attemptWith(async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND hooks.example.test'), { code: 'ENOTFOUND' });
    });
    expect(delivery?.attempts[0]?.error).toBe('Could not resolve hooks.example.test: ENOTFOUND.');
  });

  it('goes on to connect when every address is public', slow, async () => {
    const { delivery } = await attemptWith(async () => ['203.0.113.10']);
    // The check let it through: what failed is the connection itself (the name is not real).
    expect(delivery?.attempts[0]?.error).toEqual(expect.any(String));
    expect(delivery?.attempts[0]?.error).not.toMatch(/Refused|Could not resolve/);
  });
});

describe('the order of a record’s deliveries', () => {
  it(
    'holds a later event of a record back until the earlier one is delivered, and no other record’s',
    slow,
    async () => {
      const hook = await endpoint();
      const [submitted, accepted] = await referralEvents(['accepted']);
      const [other] = await referralEvents();
      if (!submitted || !accepted || !other) throw new Error('no events');
      receiver.script(500, 200);
      const start = new Date();
      // The later event is enqueued first: order is the events', not the queue's.
      for (const event of [accepted, submitted, other]) await enqueueWebhookDeliveries(t.db, event, { now: start });

      await dispatchDue(t.db, start);
      const firstRound = receiver.received.map((request) => JSON.parse(request.body).data.eventId);
      expect(firstRound).toHaveLength(2);
      expect(firstRound).toContain(submitted.id);
      expect(firstRound).toContain(other.id);
      expect(firstRound).not.toContain(accepted.id);
      const waiting = await getDelivery(t.db, hook.id, accepted.id);
      expect(waiting).toMatchObject({ status: 'pending', attempts: [] });

      // The earlier one's retry succeeds; the later one follows it.
      for (let pass = 0; pass < 3; pass++) await dispatchDue(t.db, at(start, 5_000));
      const ofRecord = receiver.received
        .map((request) => JSON.parse(request.body).data.eventId as string)
        .filter((id) => id !== other.id);
      expect(ofRecord).toEqual([submitted.id, submitted.id, accepted.id]);
      expect((await getDelivery(t.db, hook.id, accepted.id))?.status).toBe('succeeded');
    },
  );
});

describe('an endpoint that fails for a day', () => {
  it(
    'is tried on the backoff schedule for a day, then the delivery fails and the endpoint is disabled with an event for its owner',
    slow,
    async () => {
      const hook = await endpoint();
      const [event] = await referralEvents();
      if (!event) throw new Error('no event');
      receiver.script(503);
      const start = new Date();
      await enqueueWebhookDeliveries(t.db, event, { now: start });

      let now = start;
      const times: number[] = [];
      for (let pass = 0; pass < 20; pass++) {
        await dispatchDue(t.db, now);
        const delivery = await getDelivery(t.db, hook.id, event.id);
        if (delivery?.status !== 'pending' || !delivery.nextAttemptAt) break;
        times.push(now.getTime() - start.getTime());
        now = new Date(delivery.nextAttemptAt);
      }
      times.push(now.getTime() - start.getTime());

      const minute = 60_000;
      const hour = 60 * minute;
      expect(times).toEqual([
        0,
        5_000,
        5_000 + 5 * minute,
        5_000 + 35 * minute,
        5_000 + 2 * hour + 35 * minute,
        5_000 + 7 * hour + 35 * minute,
        5_000 + 17 * hour + 35 * minute,
        24 * hour,
      ]);
      expect(receiver.received).toHaveLength(maxAttempts);
      const delivery = await getDelivery(t.db, hook.id, event.id);
      expect(delivery?.status).toBe('failed');
      expect(delivery?.attempts.at(-1)?.nextAttemptAt).toBeUndefined();

      const disabled = await getWebhook(t.db, hook.id);
      expect(disabled).toMatchObject({ enabled: false, disabledReason: 'failing', version: hook.version + 1 });
      const timeline = await listTimeline(t.db, webhookKeys.byId(hook.id).pk);
      expect(timeline.at(-1)).toMatchObject({
        type: 'webhook.disabled',
        recordType: 'webhook',
        recordId: hook.id,
        actorId: 'system',
        after: expect.objectContaining({ enabled: false, disabledReason: 'failing' }),
      });
      expect(hook.createdBy).toBe(t.org.users.leader.id);

      // Disabled, it is sent nothing more.
      const [later] = await referralEvents();
      if (!later) throw new Error('no event');
      expect(await enqueueWebhookDeliveries(t.db, later)).toBe(0);
    },
  );
});

describe('a rotated secret', () => {
  it(
    'signs beside the new one for 24 hours, so a receiver with either verifies; then only the new one signs',
    slow,
    async () => {
      const hook = await endpoint();
      const rotatedAt = new Date();
      const rotated = await webhooks.rotateSecret(leader(rotatedAt), hook.id, hook.version);
      expect(rotated.secret).not.toBe(hook.secret);
      expect(rotated.previousSecretUntil).toBe(at(rotatedAt, 24 * 3_600_000).toISOString());

      const [event] = await referralEvents();
      if (!event) throw new Error('no event');
      await enqueueWebhookDeliveries(t.db, event);
      await dispatchDue(t.db, new Date());
      const [request] = receiver.received;
      if (!request) throw new Error('nothing received');
      const headers = request.headers as Record<string, string>;
      expect(headers['webhook-signature']?.split(' ')).toHaveLength(2);
      expect(new Webhook(hook.secret).verify(request.body, headers)).toMatchObject({ type: 'referral.submitted' });
      expect(new Webhook(rotated.secret).verify(request.body, headers)).toMatchObject({ type: 'referral.submitted' });

      // A day later the old secret signs no more. (The verifier's clock is the real one and would
      // refuse a timestamp a day ahead, so the signature is compared with the package's own sign.)
      receiver.received.length = 0;
      const dayLater = at(rotatedAt, 24 * 3_600_000 + 1_000);
      const [next] = await referralEvents();
      if (!next) throw new Error('no event');
      await enqueueWebhookDeliveries(t.db, next, { now: dayLater });
      await dispatchDue(t.db, dayLater);
      const [after] = receiver.received;
      if (!after) throw new Error('nothing received');
      const id = String(after.headers['webhook-id']);
      const timestamp = new Date(Number(after.headers['webhook-timestamp']) * 1000);
      expect(timestamp.getTime()).toBe(Math.floor(dayLater.getTime() / 1000) * 1000);
      expect(after.headers['webhook-signature']).toBe(new Webhook(rotated.secret).sign(id, timestamp, after.body));
      expect(after.headers['webhook-signature']).not.toContain(
        new Webhook(hook.secret).sign(id, timestamp, after.body).slice(3),
      );
    },
  );
});
