import { beforeAll, describe, expect, it } from 'vitest';
import { listTimeline } from '#data/events.ts';
import { webhookKeys } from '#data/keys.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';

let deployed: TestApp;
let local: TestApp;

beforeAll(async () => {
  [deployed, local] = await Promise.all([createTestApp(), createTestApp({ webhooksAllowLoopback: true })]);
});

const creation = (overrides: Record<string, unknown> = {}) => ({
  url: 'https://hooks.example.com/total-customer',
  events: ['referral.*', 'customer.lifecycle_changed'],
  description: 'CRM sync',
  ...overrides,
});

async function create(t: TestApp, overrides: Record<string, unknown> = {}) {
  const response = await t.request('POST', '/api/webhooks', { as: t.org.users.leader, body: creation(overrides) });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as { id: string; version: number; secret: string; [key: string]: unknown };
}

async function problem(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as { status: number; type: string; errors?: { path: string; message: string }[] };
}

describe('POST /api/webhooks', () => {
  it('registers an endpoint and shows its whsec_ secret once', async () => {
    const created = await create(deployed);
    expect(created).toMatchObject({
      url: 'https://hooks.example.com/total-customer',
      events: ['referral.*', 'customer.lifecycle_changed'],
      description: 'CRM sync',
      enabled: true,
      createdBy: deployed.org.users.leader.id,
      version: 1,
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.secret.slice('whsec_'.length), 'base64')).toHaveLength(32);

    const read = await deployed.request('GET', `/api/webhooks/${created.id}`, { as: deployed.org.users.leader });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    const body = await read.text();
    expect(body).not.toContain('whsec_');
    expect(body).not.toContain(created.secret.slice(6));

    const list = await deployed.request('GET', '/api/webhooks?limit=100', { as: deployed.org.users.leader });
    const page = (await list.json()) as { items: { id: string }[] };
    expect(page.items.map((item) => item.id)).toContain(created.id);
    expect(JSON.stringify(page)).not.toContain('whsec_');
  });

  it('keeps the secret and the URL path out of the endpoint’s timeline', async () => {
    const created = await create(deployed, { url: 'https://hooks.example.com/token-in-path-123' });
    const timeline = await listTimeline(deployed.db, webhookKeys.byId(created.id).pk);
    expect(timeline).toEqual([
      expect.objectContaining({
        type: 'webhook.created',
        after: expect.objectContaining({ host: 'hooks.example.com' }),
      }),
    ]);
    expect(JSON.stringify(timeline)).not.toContain('whsec_');
    expect(JSON.stringify(timeline)).not.toContain('token-in-path-123');
  });

  it.each([
    ['plain http', { url: 'http://hooks.example.com/' }, 'url', /HTTPS/],
    ['loopback http when deployed', { url: 'http://127.0.0.1:4000/' }, 'url', /HTTPS/],
    ['credentials', { url: 'https://ann:pw@hooks.example.com/' }, 'url', /credentials/],
    ['a private address', { url: 'https://10.0.0.7/' }, 'url', /private/],
    ['the metadata service', { url: 'https://169.254.169.254/' }, 'url', /private/],
    ['not a URL', { url: 'hooks' }, 'url', /absolute/],
    ['an unknown event type', { events: ['referral.exploded'] }, 'events.0', /Must be one of/],
    ['an unknown family', { events: ['user.*'] }, 'events.0', /Must be one of/],
    ['no event type', { events: [] }, 'events', /at least one/],
    ['a type twice', { events: ['issue.*', 'issue.*'] }, 'events', /at most once/],
  ])('refuses %s with a field error', async (_case, overrides, path, message) => {
    const response = await deployed.request('POST', '/api/webhooks', {
      as: deployed.org.users.leader,
      body: creation(overrides),
    });
    expect(response.status).toBe(400);
    const body = await problem(response);
    expect(body.type).toBe('/problems/validation');
    expect(body.errors).toEqual([expect.objectContaining({ path, message: expect.stringMatching(message) })]);
  });

  it('takes http://127.0.0.1 and http://localhost in the local stack only', async () => {
    for (const url of ['http://127.0.0.1:4000/hook', 'http://localhost:4000/hook']) {
      const response = await local.request('POST', '/api/webhooks', {
        as: local.org.users.leader,
        body: creation({ url }),
      });
      expect(response.status, url).toBe(201);
    }
    const remote = await local.request('POST', '/api/webhooks', {
      as: local.org.users.leader,
      body: creation({ url: 'http://hooks.example.com/' }),
    });
    expect(remote.status).toBe(400);
  });

  it('refuses everyone but leaders', async () => {
    const response = await deployed.request('POST', '/api/webhooks', {
      as: deployed.org.users.salesStaff,
      body: creation(),
    });
    expect(response.status).toBe(403);
    expect((await problem(response)).type).toBe('/problems/forbidden');
  });
});

describe('PATCH, DELETE and rotation', () => {
  it('changes events and turns an endpoint off and on, against its version', async () => {
    const created = await create(deployed);
    const leader = deployed.org.users.leader;
    const path = `/api/webhooks/${created.id}`;

    const missing = await deployed.request('PATCH', path, { as: leader, body: { enabled: false } });
    expect(missing.status).toBe(428);
    const stale = await deployed.request('PATCH', path, {
      as: leader,
      body: { enabled: false },
      headers: { 'If-Match': '"7"' },
    });
    expect(stale.status).toBe(412);

    const off = await deployed.request('PATCH', path, {
      as: leader,
      body: { enabled: false, events: ['issue.*'] },
      headers: { 'If-Match': '"1"' },
    });
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({
      enabled: false,
      disabledReason: 'leader',
      events: ['issue.*'],
      version: 2,
    });

    const on = await deployed.request('PATCH', path, {
      as: leader,
      body: { enabled: true },
      headers: { 'If-Match': '"2"' },
    });
    const enabled = (await on.json()) as Record<string, unknown>;
    expect(enabled).toMatchObject({ enabled: true, version: 3 });
    expect(enabled.disabledReason).toBeUndefined();

    const badUrl = await deployed.request('PATCH', path, {
      as: leader,
      body: { url: 'https://192.168.0.10/' },
      headers: { 'If-Match': '"3"' },
    });
    expect(badUrl.status).toBe(400);
    const empty = await deployed.request('PATCH', path, { as: leader, body: {}, headers: { 'If-Match': '"3"' } });
    expect(empty.status).toBe(400);

    const types = (await listTimeline(deployed.db, webhookKeys.byId(created.id).pk)).map((event) => event.type);
    expect(types).toEqual(['webhook.created', 'webhook.disabled', 'webhook.enabled']);
  });

  it('rotates the secret: a new one, shown once, the old one signing beside it for 24 hours', async () => {
    const created = await create(deployed);
    const response = await deployed.request('POST', `/api/webhooks/${created.id}/secret`, {
      as: deployed.org.users.leader,
      headers: { 'If-Match': '"1"' },
    });
    expect(response.status).toBe(200);
    const rotated = (await response.json()) as { secret: string; previousSecretUntil: string; version: number };
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.version).toBe(2);
    const hours = (new Date(rotated.previousSecretUntil).getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
  });

  it('deletes an endpoint against its version; it is gone after', async () => {
    const created = await create(deployed);
    const path = `/api/webhooks/${created.id}`;
    const leader = deployed.org.users.leader;
    expect((await deployed.request('DELETE', path, { as: leader })).status).toBe(428);
    const deleted = await deployed.request('DELETE', path, { as: leader, headers: { 'If-Match': '"1"' } });
    expect(deleted.status).toBe(200);
    expect((await deployed.request('GET', path, { as: leader })).status).toBe(404);
    expect((await deployed.request('DELETE', path, { as: leader, headers: { 'If-Match': '"1"' } })).status).toBe(404);
  });
});

describe('the deliveries log and the test message', () => {
  it('lists a test delivery, queued for the dispatcher', async () => {
    const created = await create(deployed);
    const leader = deployed.org.users.leader;
    const sent = await deployed.request('POST', `/api/webhooks/${created.id}/test`, { as: leader });
    expect(sent.status).toBe(201);
    const delivery = (await sent.json()) as { id: string };
    expect(delivery).toMatchObject({ type: 'webhook.test', status: 'pending', attempts: [] });

    const log = await deployed.request('GET', `/api/webhooks/${created.id}/deliveries?limit=10`, { as: leader });
    expect(log.status).toBe(200);
    expect(await log.json()).toEqual({ items: [expect.objectContaining({ id: delivery.id })], cursor: null });
  });
});
