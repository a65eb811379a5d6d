import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '#domain/directory/schemas.ts';
import { aCustomerCreation } from '#test/customer-fixtures.ts';
import { anId } from '#test/factories.ts';
import { aHandoffSubmission } from '#test/handoff-fixtures.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { anIssueReport } from '#test/issue-fixtures.ts';
import { aSubmission } from '#test/referral-fixtures.ts';

/**
 * An idempotent replay is the first answer again, as a client's cache or log would compare it:
 * the same status, the same body bytes (key order included), the same Location and ETag.
 */
let t: TestApp;
let customerId: string;
let issueId: string;

beforeAll(async () => {
  t = await createTestApp();
  const customer = await t.request('POST', '/api/customers', { as: t.org.users.leader, body: aCustomerCreation() });
  customerId = ((await customer.json()) as { id: string }).id;
  const issue = await t.request('POST', '/api/issues', { as: t.org.users.leader, body: anIssueReport([customerId]) });
  issueId = ((await issue.json()) as { id: string }).id;
});

type Create = { as: () => User; path: () => string; body: () => unknown };

const creates: Record<string, Create> = {
  team: { as: () => t.org.users.leader, path: () => '/api/teams', body: () => ({ name: `Team ${anId()}` }) },
  partner: { as: () => t.org.users.leader, path: () => '/api/partners', body: () => ({ name: `Partner ${anId()}` }) },
  user: {
    as: () => t.org.users.leader,
    path: () => '/api/users',
    body: () => ({ name: 'Rita Replay', email: `rita.${anId().toLowerCase()}@example.test`, role: 'advocate' }),
  },
  // A referral's `fit` is a map: stored as a DynamoDB map, its keys came back in another order.
  referral: { as: () => t.org.users.northwindPartner, path: () => '/api/referrals', body: () => aSubmission() },
  customer: { as: () => t.org.users.leader, path: () => '/api/customers', body: () => aCustomerCreation() },
  issue: { as: () => t.org.users.leader, path: () => '/api/issues', body: () => anIssueReport([customerId]) },
  handoff: {
    as: () => t.org.users.salesStaff,
    path: () => '/api/handoffs',
    body: () => aHandoffSubmission({ toTeamId: t.org.teams.support.id }),
  },
  webhook: {
    as: () => t.org.users.leader,
    path: () => '/api/webhooks',
    body: () => ({ url: 'https://hooks.example.com/total-customer', events: ['referral.*'] }),
  },
  'issue communication': {
    as: () => t.org.users.leader,
    path: () => `/api/issues/${issueId}/communications`,
    body: () => ({ channel: 'email', summary: 'Told their COO the fix is live.' }),
  },
};

describe('an idempotent replay', () => {
  it.each(Object.entries(creates))('of a %s is the first answer again', async (_, create) => {
    const key = anId();
    const body = create.body();
    const post = () => t.request('POST', create.path(), { as: create.as(), body, headers: { 'Idempotency-Key': key } });

    const first = await post();
    const firstText = await first.text();
    const replay = await post();

    expect(first.status, firstText).toBe(201);
    expect(replay.status, await replay.clone().text()).toBe(first.status);
    expect(await replay.text()).toBe(firstText);
    expect(replay.headers.get('location')).toBe(first.headers.get('location'));
    expect(replay.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(replay.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it('of a created record points where the record is', async () => {
    const key = anId();
    const body = aSubmission();
    const post = () =>
      t.request('POST', '/api/referrals', {
        as: t.org.users.northwindPartner,
        body,
        headers: { 'Idempotency-Key': key },
      });
    await post();

    const replay = await post();

    const location = replay.headers.get('location') ?? '';
    expect(location).toBe(`/api/referrals/${((await replay.json()) as { id: string }).id}`);
    const read = await t.request('GET', location, { as: t.org.users.northwindPartner });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe(replay.headers.get('etag'));
  });
});
