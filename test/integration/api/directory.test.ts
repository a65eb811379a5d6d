import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '#test/harness.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

describe('GET /api/me', () => {
  it('returns the partner’s own profile', async () => {
    const partner = t.org.users.northwindPartner;
    const response = await t.request('GET', '/api/me', { as: partner });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      id: partner.id,
      name: partner.name,
      email: partner.email,
      role: 'partner',
      partnerId: t.org.partners.northwind.id,
      partnerName: t.org.partners.northwind.name,
    });
  });

  it('answers 401 problem+json without a token', async () => {
    const response = await t.request('GET', '/api/me');
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 401, title: 'Not signed in' });
  });
});

describe('teams', () => {
  it('lets a leader create, rename and deactivate a team, each with an event', async () => {
    const leader = t.org.users.leader;
    const created = await t.request('POST', '/api/teams', { as: leader, body: { name: 'Finance' } });
    expect(created.status).toBe(201);
    const team = await created.json();
    expect(created.headers.get('etag')).toBe('"1"');

    const renamed = await t.request('PATCH', `/api/teams/${team.id}`, {
      as: leader,
      body: { name: 'Finance & Billing' },
      headers: { 'If-Match': '"1"' },
    });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ name: 'Finance & Billing', version: 2 });

    const stale = await t.request('PATCH', `/api/teams/${team.id}`, {
      as: leader,
      body: { active: false },
      headers: { 'If-Match': '"1"' },
    });
    expect(stale.status).toBe(412);

    const deactivated = await t.request('PATCH', `/api/teams/${team.id}`, {
      as: leader,
      body: { active: false },
      headers: { 'If-Match': '"2"' },
    });
    expect(deactivated.status).toBe(200);

    const list = await (await t.request('GET', '/api/teams', { as: t.org.users.salesStaff })).json();
    expect(list.items.map((item: { id: string }) => item.id)).not.toContain(team.id);
    const all = await (await t.request('GET', '/api/teams?includeInactive=true', { as: leader })).json();
    expect(all.items.map((item: { id: string }) => item.id)).toContain(team.id);
  });

  it('lets everyone signed in list teams but only leaders create them', async () => {
    for (const user of [t.org.users.northwindPartner, t.org.users.advocate, t.org.users.salesStaff]) {
      expect((await t.request('GET', '/api/teams', { as: user })).status).toBe(200);
      expect((await t.request('POST', '/api/teams', { as: user, body: { name: 'Nope' } })).status).toBe(403);
    }
  });
});
