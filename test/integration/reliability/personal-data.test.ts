import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '#api/app.ts';
import { createDb } from '#data/client.ts';
import type { User } from '#domain/directory/schemas.ts';
import { logger } from '#lib/logger.ts';
import { clientId, createTestApp, issuer, type TestApp } from '#test/harness.ts';
import { aSubmission } from '#test/referral-fixtures.ts';
import { eventItemsOf, snapshotTable } from '#test/table-snapshot.ts';

/**
 * A whole referral journey with a contact and stakeholders, logged at DEBUG: submitted (and
 * replayed), read, refused once for a bad phone number and once because the database is gone,
 * contested by a second referrer, accepted, noted, qualified, won and erased. The contact's
 * name, e-mail address and phone number and the stakeholders' names must appear in no log
 * line, no event and no URL; after the erasure, nowhere in the table at all.
 */
let t: TestApp;
const logLines: string[] = [];
const urls: string[] = [];

// The company's domain is the company's, not a person's: the contact's name is not in it.
const contact = {
  name: 'Zelda Quillfeather-Brannigan',
  email: 'zelda.qb@quixote-pemberton.example',
  phone: '+44 20 7946 0123',
};
const stakeholders = [
  { name: 'Ignatius Fairweather', role: 'decision_maker' as const },
  { name: 'Philippa Moorcroft', role: 'champion' as const },
];
/** Every form in which the personal data could turn up. */
const secrets = [
  contact.name,
  'Quillfeather',
  contact.email,
  'zelda.qb',
  contact.phone,
  '7946 0123',
  '79460123',
  ...stakeholders.map((stakeholder) => stakeholder.name),
  'Fairweather',
  'Moorcroft',
];
/** The second referrer's contact, held by the conflict until a ruling: never logged either. */
const rivalContact = { name: 'Bartholomew Kettering', email: 'bart.kettering@quixote-pemberton.example' };

function leaks(text: string, among: readonly string[] = [...secrets, rivalContact.name, rivalContact.email]) {
  return among.filter((secret) => text.toLowerCase().includes(secret.toLowerCase()));
}

async function call(
  method: string,
  path: string,
  options: { as?: User; body?: unknown; headers?: Record<string, string>; app?: TestApp['app'] } = {},
) {
  urls.push(path);
  const response = options.app
    ? await options.app.request(path, {
        method,
        headers: {
          ...options.headers,
          ...(options.as ? { Authorization: `Bearer ${await t.token(options.as)}` } : {}),
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(options.body),
      })
    : await t.request(method, path, options);
  const location = response.headers.get('location');
  if (location) urls.push(location);
  if (response.headers.get('content-type') === 'application/problem+json') {
    const instance = ((await response.clone().json()) as { instance?: string }).instance;
    if (instance) urls.push(instance);
  }
  return response;
}

let referral: { id: string; version: number };

beforeAll(async () => {
  t = await createTestApp();
  // The logger read LOG_LEVEL (SILENT in tests) when it was created; for this journey it logs
  // everything, and every line it writes is kept, whichever stream it goes to.
  logger.setLogLevel('DEBUG');
  const capture =
    (stream: NodeJS.WriteStream, original: NodeJS.WriteStream['write']) =>
    (chunk: unknown, ...rest: unknown[]) => {
      logLines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
    };
  const [stdout, stderr] = [process.stdout.write, process.stderr.write];
  vi.spyOn(process.stdout, 'write').mockImplementation(capture(process.stdout, stdout));
  vi.spyOn(process.stderr, 'write').mockImplementation(capture(process.stderr, stderr));
  const { northwindPartner, bluewavePartner, salesStaff, leader } = t.org.users;

  try {
    const body = aSubmission({
      company: { name: 'Quixote Pemberton Holdings', domain: 'quixote-pemberton.example' },
      contact,
      stakeholders,
      notes: `Met ${contact.name} at the summit; call ${contact.phone}.`,
    });
    const key = { 'Idempotency-Key': 'journey-1' };
    const submitted = await call('POST', '/api/referrals', { as: northwindPartner, body, headers: key });
    expect(submitted.status).toBe(201);
    referral = await submitted.json();
    expect((await call('POST', '/api/referrals', { as: northwindPartner, body, headers: key })).status).toBe(201);
    expect((await call('GET', `/api/referrals/${referral.id}`, { as: northwindPartner })).status).toBe(200);
    expect((await call('GET', '/api/referrals?limit=10', { as: northwindPartner })).status).toBe(200);

    // Refused: a malformed phone number; and a database that is not there (logged as a warning).
    const badPhone = { ...aSubmission(), contact: { ...contact, phone: `call ${contact.name}` } };
    expect((await call('POST', '/api/referrals', { as: bluewavePartner, body: badPhone })).status).toBe(400);
    const gone = createApp({
      db: createDb({ tableName: t.db.tableName, region: 'local', endpoint: 'http://127.0.0.1:9' }),
      auth: { issuer, clientId, keys: t.identity.keys },
    });
    const unavailable = await call('POST', '/api/referrals', {
      as: northwindPartner,
      body: aSubmission({ contact }),
      app: gone,
    });
    expect(unavailable.status).toBe(503);

    // A second referrer's submission of the same prospect: 409, and a conflict for staff.
    const rival = aSubmission({ company: body.company, contact: rivalContact });
    expect((await call('POST', '/api/referrals', { as: bluewavePartner, body: rival })).status).toBe(409);

    let version = referral.version;
    for (const to of ['accepted', 'qualified', 'won']) {
      const moved = await call('POST', `/api/referrals/${referral.id}/transitions`, {
        as: salesStaff,
        body: { to },
        headers: { 'If-Match': `"${version}"` },
      });
      expect(moved.status).toBe(200);
      version = (await moved.json()).version;
    }
    const note = await call('POST', `/api/referrals/${referral.id}/notes`, {
      as: salesStaff,
      body: { text: 'Signed for three years.' },
    });
    expect(note.status).toBe(201);
    expect((await call('GET', `/api/referrals/${referral.id}`, { as: leader })).status).toBe(200);
    const erased = await call('POST', `/api/referrals/${referral.id}/erasure`, {
      as: leader,
      headers: { 'If-Match': `"${version}"` },
    });
    expect(erased.status).toBe(200);
  } finally {
    logger.setLogLevel('SILENT');
    vi.restoreAllMocks();
  }
});

afterAll(() => {
  logger.setLogLevel('SILENT');
});

describe('personal data in a whole referral journey', () => {
  it('was logged at all: every request left its line (the control for the searches below)', () => {
    const requests = logLines.filter((line) => line.includes('"message":"request"'));

    expect(requests.length).toBeGreaterThanOrEqual(urls.filter((url) => url.startsWith('/api/')).length / 2);
    expect(logLines.some((line) => line.includes('"level":"WARN"') && line.includes('"status":503'))).toBe(true);
  });

  it('appears in no log line', () => {
    expect(logLines.flatMap((line) => leaks(line))).toEqual([]);
  });

  it('appears in no event of the referral, nor in any other event in the table', async () => {
    const own = await eventItemsOf(t.db, `REFERRAL#${referral.id}`);
    const all = (await snapshotTable(t.db)).filter((item) => item.entity === 'event');

    expect(own.map((event) => event.type)).toEqual(
      expect.arrayContaining([
        'referral.submitted',
        'referral.accepted',
        'referral.qualified',
        'referral.won',
        'referral.note_added',
        'referral.contact_erased',
      ]),
    );
    expect(all.length).toBeGreaterThan(own.length);
    expect(all.flatMap((event) => leaks(JSON.stringify(event)))).toEqual([]);
  });

  it('appears in no URL the client called or was sent to', () => {
    expect(urls.length).toBeGreaterThan(10);
    expect(urls.flatMap((url) => leaks(decodeURIComponent(url)))).toEqual([]);
  });

  it('is nowhere in the table once erased, but the rival’s, which its conflict holds until a ruling', async () => {
    const table = JSON.stringify(await snapshotTable(t.db));

    expect(leaks(table, secrets)).toEqual([]);
    const detail = await (await t.request('GET', `/api/referrals/${referral.id}`, { as: t.org.users.leader })).json();
    expect(detail).toMatchObject({ status: 'won', contact: { name: '(erased)', email: '(erased)' } });
    expect(detail.contactErasedAt).toEqual(expect.any(String));
  });
});
