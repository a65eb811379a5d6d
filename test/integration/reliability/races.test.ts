import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '#domain/directory/schemas.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { aSubmission } from '#test/referral-fixtures.ts';
import { eventItemsOf, snapshotTable } from '#test/table-snapshot.ts';

/**
 * Idempotency and races against DynamoDB Local's real conditions and transactions. (Twenty
 * concurrent transitions of one kind from one version are in test/integration/api/referrals;
 * DynamoDB's conflicts and throttling, which DynamoDB Local never produces, are unit-tested
 * with aws-sdk-client-mock in test/unit/data/dynamodb-failures.test.ts.)
 */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

async function itemsWhere(predicate: (item: Record<string, unknown>) => boolean) {
  return (await snapshotTable(t.db)).filter(predicate);
}

const referralsOf = (companyName: string) =>
  itemsWhere(
    (item) => item.entity === 'referral' && (item.company as { name?: string } | undefined)?.name === companyName,
  );

function submitWithKey(as: User, body: unknown, key: string) {
  return t.request('POST', '/api/referrals', { as, body, headers: { 'Idempotency-Key': key } });
}

describe('one Idempotency-Key sent by many submissions at once', () => {
  it('fifty with one body make one referral and fifty identical answers (or 409 while the first is in flight)', async () => {
    const partner = t.org.users.northwindPartner;
    const body = aSubmission();

    const responses = await Promise.all(
      Array.from({ length: 50 }, () => submitWithKey(partner, body, 'fifty-at-once')),
    );

    const answers = await Promise.all(
      responses.map(async (response) => ({ status: response.status, body: await response.json() })),
    );
    const created = answers.filter((answer) => answer.status === 201);
    const inFlight = answers.filter((answer) => answer.status === 409);
    expect(created.length + inFlight.length).toBe(50);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const answer of inFlight) expect(answer.body.type).toBe('/problems/idempotency-key-in-flight');
    const first = created[0]?.body;
    for (const answer of created) expect(answer.body).toEqual(first);
    expect(responses.filter((response) => response.headers.get('idempotent-replayed') === 'true')).toHaveLength(
      created.length - 1,
    );

    const stored = await referralsOf(body.company.name);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.id).toBe(first.id);
    const submittedEvents = (await eventItemsOf(t.db, `REFERRAL#${first.id}`)).filter(
      (event) => event.type === 'referral.submitted',
    );
    expect(submittedEvents).toHaveLength(1);
    expect(
      await itemsWhere((item) => item.entity === 'idempotency' && String(item.pk).endsWith('#fifty-at-once')),
    ).toHaveLength(1);

    // Later, the same key and body still get the same answer, and still make nothing new.
    const later = await submitWithKey(partner, body, 'fifty-at-once');
    expect(later.status).toBe(201);
    expect(await later.json()).toEqual(first);
    expect(await referralsOf(body.company.name)).toHaveLength(1);
  });

  it('twenty with different bodies make one referral; the others are 422 (or 409 while the first is in flight)', async () => {
    const advocate = t.org.users.advocate;
    const bodies = Array.from({ length: 20 }, () => aSubmission());

    const responses = await Promise.all(bodies.map((body) => submitWithKey(advocate, body, 'one-key-many-bodies')));

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.every((status) => status === 201 || status === 422 || status === 409)).toBe(true);
    const winner = bodies[statuses.indexOf(201)];
    const made = await Promise.all(bodies.map((body) => referralsOf(body.company.name)));
    expect(made.map((found) => found.length)).toEqual(bodies.map((body) => (body === winner ? 1 : 0)));
  });
});

describe('concurrent changes of one referral from one version', () => {
  it('exactly one of twenty different changes commits; the others are 412 and leave no trace', async () => {
    const created = await t.request('POST', '/api/referrals', {
      as: t.org.users.bluewavePartner,
      body: aSubmission(),
    });
    const referral = await created.json();
    const ifMatch = { 'If-Match': '"1"' };
    const { salesStaff, supportStaff, leader } = t.org.users;
    const changes = Array.from({ length: 20 }, (_, index) => {
      switch (index % 4) {
        case 0:
          return () =>
            t.request('POST', `/api/referrals/${referral.id}/transitions`, {
              as: salesStaff,
              body: { to: 'accepted' },
              headers: ifMatch,
            });
        case 1:
          return () =>
            t.request('POST', `/api/referrals/${referral.id}/transitions`, {
              as: supportStaff,
              body: { to: 'declined', reason: 'Not a fit for us.' },
              headers: ifMatch,
            });
        case 2:
          return () =>
            t.request('PUT', `/api/referrals/${referral.id}/owner`, {
              as: leader,
              body: { userId: supportStaff.id },
              headers: ifMatch,
            });
        default:
          return () => t.request('POST', `/api/referrals/${referral.id}/erasure`, { as: leader, headers: ifMatch });
      }
    });

    const responses = await Promise.all(changes.map((change) => change()));

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status !== 200).every((status) => status === 412)).toBe(true);
    const detail = await (await t.request('GET', `/api/referrals/${referral.id}`, { as: leader })).json();
    expect(detail.version).toBe(2);
    const events = await eventItemsOf(t.db, `REFERRAL#${referral.id}`);
    expect(events.map((event) => event.type).sort()).toEqual(['referral.submitted', changeEventOf(detail)].sort());
  });
});

/** The event the one committed change wrote, from the state it left. */
function changeEventOf(detail: { status: string; ownerId?: string; contactErasedAt?: string }): string {
  if (detail.contactErasedAt) return 'referral.contact_erased';
  if (detail.status !== 'submitted') return `referral.${detail.status}`;
  return 'referral.owner_assigned';
}
