import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#api/app.ts';
import type { Db } from '#data/client.ts';
import { getPreferences } from '#data/notification-repository.ts';
import type { MailMessage } from '#domain/notifications/mailer.ts';
import type { NewNotification, Notification } from '#domain/notifications/schemas.ts';
import { config, unsubscribeSecretIn } from '#lib/config.ts';
import { createLocalIdentity } from '#local/identity.ts';
import { createLocalServer } from '#local/server.ts';
import { mailIfWanted } from '#services/notifications.ts';
import { clientId, createTestTable, issuer, type Organisation, seedOrganisation } from '#test/harness.ts';

/**
 * RFC 8058: a mail client unsubscribes with one POST of `List-Unsubscribe=One-Click`,
 * form-encoded, to the URL of the message's `List-Unsubscribe` header. Sent here to the local
 * server, which serves the same app as the Lambda.
 */
let db: Db;
let org: Organisation;
let webRoot: string;
let server: ReturnType<typeof createLocalServer>;

beforeAll(async () => {
  db = await createTestTable();
  org = await seedOrganisation(db);
  webRoot = mkdtempSync(join(tmpdir(), 'web-root-'));
  server = createLocalServer({ db, identity: await createLocalIdentity({ db, issuer, clientId }), webRoot });
});

afterAll(() => {
  rmSync(webRoot, { recursive: true, force: true });
});

/** The e-mail the notifier sends a user about one notification, through a mailer that keeps it. */
async function mailTo(userId: string, kind: Notification['kind']): Promise<MailMessage> {
  const user = Object.values(org.users).find((candidate) => candidate.id === userId);
  if (!user) throw new Error('no such user');
  const sent: MailMessage[] = [];
  await mailIfWanted(
    {
      db,
      now: () => new Date(),
      mailer: { send: async (message) => void sent.push(message) },
      webBaseUrl: 'https://portal.example.com',
      unsubscribeSecret: unsubscribeSecretIn(config),
      timeZone: 'Europe/London',
    },
    user,
    {
      eventId: `01J${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
      kind,
      recordType: 'referral',
      recordId: '01JREFERRAL',
      path: '/referrals/01JREFERRAL',
      title: 'Your referral of Acme was accepted',
      at: new Date().toISOString(),
    } as NewNotification,
    new Date(),
  );
  const [message] = sent;
  if (!message) throw new Error('nothing was mailed');
  return message;
}

/** What a mail client does with the header: POST the form to its URL, on our origin. */
function oneClick(url: string, body = 'List-Unsubscribe=One-Click') {
  const { pathname, search } = new URL(url);
  return server.request(`${pathname}${search}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
}

describe('one-click unsubscribe (RFC 8058)', () => {
  it("turns that kind of e-mail off with a form post to the List-Unsubscribe header's URL", async () => {
    const user = org.users.northwindPartner;
    const message = await mailTo(user.id, 'referral_status');
    expect(message.oneClickUnsubscribeUrl).toMatch(/^https:\/\/portal\.example\.com\/api\/unsubscribe\?token=/);

    const response = await oneClick(message.oneClickUnsubscribeUrl ?? '');

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ kind: 'referral_status' });
    const preferences = await getPreferences(db, user.id);
    expect(preferences.email.referral_status).toBe(false);
    expect(preferences.email.overdue).toBe(true);
  });

  it('refuses a form without List-Unsubscribe=One-Click, and changes nothing', async () => {
    const user = org.users.bluewavePartner;
    const message = await mailTo(user.id, 'overdue');

    const response = await oneClick(message.oneClickUnsubscribeUrl ?? '', 'List-Unsubscribe=Maybe');

    expect(response.status).toBe(400);
    expect(response.headers.get('Content-Type')).toContain('application/problem+json');
    expect((await getPreferences(db, user.id)).email.overdue).toBe(true);
  });

  it('refuses a form post with a token it did not sign', async () => {
    const response = await oneClick('https://portal.example.com/api/unsubscribe?token=not-a-token');

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ path: 'token' }] });
  });

  it('still refuses a form anywhere else in the API', async () => {
    const response = await server.request('/api/notifications/read', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'all=true',
    });
    expect(response.status).toBe(415);
  });
});

describe('the origin secret', () => {
  const secret = 'a-secret-only-cloudfront-knows-0123456789';
  const app = () =>
    createApp({ db, auth: { issuer, clientId, keys: async () => new Uint8Array() as never }, originSecret: secret });

  it('refuses a request that did not come through CloudFront, as a problem', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { 'X-Origin-Verify': 'a-guess' },
      { 'X-Origin-Verify': `${secret}x` },
    ];
    for (const headers of attempts) {
      const response = await app().request('/api/health', { headers });
      expect(response.status).toBe(403);
      expect(response.headers.get('Content-Type')).toContain('application/problem+json');
    }
  });

  it('lets through what carries it', async () => {
    const response = await app().request('/api/health', { headers: { 'X-Origin-Verify': secret } });
    expect(response.status).toBe(200);
  });

  it('is not asked for when none is configured: the local stack', async () => {
    expect((await server.request('/api/health')).status).toBe(200);
  });
});
