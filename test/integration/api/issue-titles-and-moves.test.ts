import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueKeys } from '#data/keys.ts';
import type { User } from '#domain/directory/schemas.ts';
import { aCustomerCreation } from '#test/customer-fixtures.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { anIssueReport } from '#test/issue-fixtures.ts';

/**
 * Issue point 6 of #17: a required short title (and what issues stored before titles read as),
 * owned → resolved directly with the follow-up, an optional note on mitigating, every move an event.
 */
let t: TestApp;
let customerId: string;

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

beforeAll(async () => {
  t = await createTestApp();
  const response = await t.request('POST', '/api/customers', {
    as: t.org.users.salesStaff,
    body: aCustomerCreation({ name: 'Vireo Software' }),
  });
  customerId = (await response.json()).id;
});

async function reported(overrides: Record<string, unknown> = {}, as: User = t.org.users.salesStaff) {
  const response = await t.request('POST', '/api/issues', { as, body: anIssueReport([customerId], overrides) });
  expect(response.status).toBe(201);
  return response.json();
}

const move = (id: string, version: number, body: Record<string, unknown>, as: User = t.org.users.salesStaff) =>
  t.request('POST', `/api/issues/${id}/transitions`, { as, body, headers: ifMatch(version) });

const detail = async (id: string, as: User = t.org.users.leader) =>
  (await t.request('GET', `/api/issues/${id}`, { as })).json();

describe('the title of an issue', () => {
  it('is required, trimmed, at most 120 characters, and shown in the list, the detail and the CSV', async () => {
    const { title: _left, ...untitled } = anIssueReport([customerId]);
    for (const [body, message] of [
      [untitled, undefined],
      [{ ...untitled, title: '   ' }, 'Must not be empty.'],
      [{ ...untitled, title: 'x'.repeat(121) }, 'At most 120 characters.'],
    ] as const) {
      const response = await t.request('POST', '/api/issues', { as: t.org.users.salesStaff, body });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = await response.json();
      expect(problem.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: 'title', ...(message ? { message } : {}) })]),
      );
    }

    const issue = await reported({ title: '  Checkout times out for EU stores  ' });
    expect(issue.title).toBe('Checkout times out for EU stores');
    expect((await detail(issue.id)).title).toBe('Checkout times out for EU stores');
    const list = await (await t.request('GET', '/api/issues?limit=100', { as: t.org.users.leader })).json();
    expect(list.items.find((item: { id: string }) => item.id === issue.id)?.title).toBe(
      'Checkout times out for EU stores',
    );
    const csv = await (await t.request('GET', '/api/issues.csv', { as: t.org.users.leader })).text();
    expect(csv.split('\r\n')[0]).toContain(',severity,title,impact,');
    expect(csv).toContain('Checkout times out for EU stores');
  });

  it('can be edited, and the event names that the title changed without copying it', async () => {
    const issue = await reported();
    const response = await t.request('PATCH', `/api/issues/${issue.id}`, {
      as: t.org.users.salesStaff,
      body: { title: 'Duplicate March invoices' },
      headers: ifMatch(issue.version),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).title).toBe('Duplicate March invoices');
    const updated = (await detail(issue.id)).timeline.find((event: { type: string }) => event.type === 'issue.updated');
    expect(updated.after.edited).toEqual(['title']);
    expect(JSON.stringify(updated)).not.toContain('Duplicate March invoices');
  });

  it('reads issues stored before titles existed with the first line of their impact, until one is given', async () => {
    const short = await reported({ impact: 'Label printing fails at the dock.\nParcels wait since 6 am.' });
    const long = await reported({
      impact:
        'Every invoice produced for their Scandinavian subsidiaries since the first of the month carries the wrong VAT registration number on it',
    });
    // As an item written before the field existed: no `title` on the record or its customer copy.
    for (const id of [short.id, long.id]) {
      for (const key of [issueKeys.byId(id), issueKeys.customerLink(id, customerId)]) {
        await t.db.doc.send(
          new UpdateCommand({ TableName: t.db.tableName, Key: key, UpdateExpression: 'REMOVE title' }),
        );
      }
    }
    expect((await detail(short.id)).title).toBe('Label printing fails at the dock.');
    const longTitle = (await detail(long.id)).title as string;
    expect(longTitle.length).toBeLessThanOrEqual(80);
    expect(longTitle).toMatch(/^Every invoice produced for their Scandinavian subsidiaries.*…$/);
    // The customer's list reads the copies: they fall back the same way.
    const ofCustomer = await (
      await t.request('GET', `/api/issues?customerId=${customerId}&limit=100`, { as: t.org.users.leader })
    ).json();
    expect(ofCustomer.items.find((item: { id: string }) => item.id === short.id)?.title).toBe(
      'Label printing fails at the dock.',
    );
    // An edit gives it a title of its own.
    const version = (await detail(short.id)).version;
    await t.request('PATCH', `/api/issues/${short.id}`, {
      as: t.org.users.salesStaff,
      body: { title: 'Dock labels not printing' },
      headers: ifMatch(version),
    });
    expect((await detail(short.id)).title).toBe('Dock labels not printing');
  });
});

describe('moves', () => {
  it('resolve an owned issue directly with its follow-up, each move an event', async () => {
    const issue = await reported();
    const owned = await (await move(issue.id, issue.version, { to: 'owned' })).json();
    const withoutFollowUp = await move(issue.id, owned.version, { to: 'resolved' });
    expect(withoutFollowUp.status).toBe(400);
    expect((await withoutFollowUp.json()).errors).toEqual([expect.objectContaining({ path: 'followUp' })]);

    const resolved = await move(issue.id, owned.version, { to: 'resolved', followUp: 'A billing-run check.' });
    expect(resolved.status).toBe(200);
    const body = await resolved.json();
    expect(body).toMatchObject({ status: 'resolved', followUp: 'A billing-run check.' });
    expect(body.mitigatedAt).toBeUndefined();
    const timeline = (await detail(issue.id)).timeline as {
      type: string;
      note?: string;
      before: { status: string } | null;
    }[];
    expect(timeline.map((event) => event.type)).toEqual(['issue.reported', 'issue.owned', 'issue.resolved']);
    expect(timeline[2]).toMatchObject({ before: { status: 'owned' }, note: 'A billing-run check.' });
    // Resolved is final, and a reported issue still needs an owner first.
    expect((await move(issue.id, body.version, { to: 'owned' })).status).toBe(409);
    const fresh = await reported();
    expect((await move(fresh.id, fresh.version, { to: 'resolved', followUp: 'Nothing.' })).status).toBe(409);
  });

  it('mitigate with an optional note, kept on the record and the event', async () => {
    const withNote = await reported();
    const owned = await (await move(withNote.id, withNote.version, { to: 'owned' })).json();
    const mitigated = await move(withNote.id, owned.version, {
      to: 'mitigated',
      note: 'Rolled back the billing release; no more duplicates go out.',
    });
    expect(mitigated.status).toBe(200);
    expect(await mitigated.json()).toMatchObject({
      status: 'mitigated',
      mitigationNote: 'Rolled back the billing release; no more duplicates go out.',
    });
    const event = (await detail(withNote.id)).timeline.find((e: { type: string }) => e.type === 'issue.mitigated');
    expect(event).toMatchObject({ note: 'Rolled back the billing release; no more duplicates go out.' });

    const withoutNote = await reported();
    const ownedToo = await (await move(withoutNote.id, withoutNote.version, { to: 'owned' })).json();
    const plain = await (await move(withoutNote.id, ownedToo.version, { to: 'mitigated' })).json();
    expect(plain.status).toBe('mitigated');
    expect(plain.mitigationNote).toBeUndefined();

    // A note goes with mitigating only; an empty one is refused like any empty text.
    const other = await reported();
    expect((await (await move(other.id, other.version, { to: 'owned', note: 'Mine.' })).json()).errors).toEqual([
      expect.objectContaining({ path: 'note' }),
    ]);
    const ownedOther = await detail(other.id);
    expect((await move(other.id, ownedOther.version, { to: 'owned', note: '  ' })).status).toBe(400);
  });
});
