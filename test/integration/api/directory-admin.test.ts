import { beforeAll, describe, expect, it } from 'vitest';
import { listTimeline } from '#data/events.ts';
import { partnerKeys, userKeys } from '#data/keys.ts';
import type { Partner, Team, User } from '#domain/directory/schemas.ts';
import { anId } from '#test/factories.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

/** A body for POST /api/users: an advocate by default, any field overridden. */
function aNewUser(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const tag = anId().toLowerCase();
  return { name: `New Person ${tag.slice(-4)}`, email: `new.${tag}@example.test`, role: 'advocate', ...overrides };
}

async function as<T>(response: Response, status: number): Promise<T> {
  expect(response.status).toBe(status);
  return (await response.json()) as T;
}

function patch(path: string, version: number, body: unknown, user: User = t.org.users.leader) {
  return t.request('PATCH', path, { as: user, body, headers: { 'If-Match': `"${version}"` } });
}

async function errorPaths(response: Response): Promise<string[]> {
  const problem = await as<{ errors: { path: string }[] }>(response, 400);
  return problem.errors.map((error) => error.path).sort();
}

describe('partner organisations, by a leader', () => {
  it('creates, reads, renames, deactivates and reactivates one, each change with its event', async () => {
    const leader = t.org.users.leader;

    const created = await t.request('POST', '/api/partners', { as: leader, body: { name: 'Harbour Group' } });
    const partner = await as<Partner>(created, 201);
    expect(partner).toMatchObject({ name: 'Harbour Group', active: true, version: 1 });
    expect(created.headers.get('location')).toBe(`/api/partners/${partner.id}`);
    expect(created.headers.get('etag')).toBe('"1"');

    const read = await t.request('GET', `/api/partners/${partner.id}`, { as: leader });
    expect(await as<Partner>(read, 200)).toEqual(partner);
    expect(read.headers.get('etag')).toBe('"1"');

    expect(
      await as<Partner>(await patch(`/api/partners/${partner.id}`, 1, { name: 'Harbour Group plc' }), 200),
    ).toMatchObject({ name: 'Harbour Group plc', version: 2 });
    expect(await as<Partner>(await patch(`/api/partners/${partner.id}`, 2, { active: false }), 200)).toMatchObject({
      active: false,
      version: 3,
    });
    expect(await as<Partner>(await patch(`/api/partners/${partner.id}`, 3, { active: true }), 200)).toMatchObject({
      active: true,
      version: 4,
    });

    const events = await listTimeline(t.db, partnerKeys.byId(partner.id).pk);
    expect(events.map((event) => event.type)).toEqual([
      'partner.created',
      'partner.renamed',
      'partner.deactivated',
      'partner.reactivated',
    ]);
    expect(events.every((event) => event.actorId === leader.id && event.recordId === partner.id)).toBe(true);
    expect(events[0]).toMatchObject({ before: null, after: { id: partner.id, name: 'Harbour Group' } });
    expect(events[1]).toMatchObject({ before: { name: 'Harbour Group' }, after: { name: 'Harbour Group plc' } });
    expect(events[2]).toMatchObject({ before: { active: true }, after: { active: false } });
  });

  it('hides a deactivated one from staff lists, whatever they ask for', async () => {
    const partner = await as<Partner>(
      await t.request('POST', '/api/partners', { as: t.org.users.leader, body: { name: 'Gone Ltd' } }),
      201,
    );
    await patch(`/api/partners/${partner.id}`, 1, { active: false });

    const staffView = await as<{ items: Partner[] }>(
      await t.request('GET', '/api/partners?includeInactive=true&limit=100', { as: t.org.users.salesStaff }),
      200,
    );
    const leaderView = await as<{ items: Partner[] }>(
      await t.request('GET', '/api/partners?includeInactive=true&limit=100', { as: t.org.users.leader }),
      200,
    );

    expect(staffView.items.map((item) => item.id)).not.toContain(partner.id);
    expect(staffView.items.map((item) => item.id)).toContain(t.org.partners.northwind.id);
    expect(leaderView.items.map((item) => item.id)).toContain(partner.id);
  });
});

describe('users, by a leader', () => {
  it('creates a staff member, moves, renames and deactivates them, with events free of personal data', async () => {
    const { leader } = t.org.users;
    const { sales, support } = t.org.teams;

    const created = await t.request('POST', '/api/users', {
      as: leader,
      body: aNewUser({ name: 'Stan Staff', email: 'Stan.Staff@Example.test', role: 'staff', teamId: sales.id }),
    });
    const user = await as<User>(created, 201);
    expect(user).toMatchObject({
      name: 'Stan Staff',
      email: 'stan.staff@example.test',
      role: 'staff',
      teamId: sales.id,
    });
    expect(created.headers.get('location')).toBe(`/api/users/${user.id}`);
    expect(await as<User>(await t.request('GET', `/api/users/${user.id}`, { as: leader }), 200)).toEqual(user);

    const moved = await as<User>(await patch(`/api/users/${user.id}`, 1, { teamId: support.id }), 200);
    const renamed = await as<User>(await patch(`/api/users/${user.id}`, 2, { name: 'Stanley Staff' }), 200);
    const deactivated = await as<User>(await patch(`/api/users/${user.id}`, 3, { active: false }), 200);

    expect(moved).toMatchObject({ teamId: support.id, version: 2 });
    expect(renamed).toMatchObject({ name: 'Stanley Staff', teamId: support.id, version: 3 });
    expect(deactivated).toMatchObject({ active: false, version: 4 });
    const events = await listTimeline(t.db, userKeys.byId(user.id).pk);
    expect(events.map((event) => event.type)).toEqual([
      'user.created',
      'user.updated',
      'user.renamed',
      'user.deactivated',
    ]);
    expect(events[1]).toMatchObject({ before: { teamId: sales.id }, after: { teamId: support.id } });
    expect(events[3]).toMatchObject({ before: { active: true }, after: { active: false } });
    const text = JSON.stringify(events);
    expect(text).not.toContain('Stan');
    expect(text).not.toContain('stan.staff@example.test');
  });

  it('refuses a second user with the same e-mail address, whatever its case (409)', async () => {
    const existing = t.org.users.salesStaff;

    const response = await t.request('POST', '/api/users', {
      as: t.org.users.leader,
      body: aNewUser({ email: existing.email.toUpperCase() }),
    });

    expect(await as<{ type: string }>(response, 409)).toMatchObject({ type: '/problems/conflict' });
    const all = await as<{ items: User[] }>(
      await t.request('GET', '/api/users?includeInactive=true&limit=100', { as: t.org.users.leader }),
      200,
    );
    expect(all.items.filter((user) => user.email === existing.email)).toHaveLength(1);
  });

  it.each([
    ['staff without a team', { role: 'staff' }, ['teamId']],
    ['a partner user without an organisation', { role: 'partner' }, ['partnerId']],
    ['an advocate in a team', { role: 'advocate', teamId: 'sales' }, ['teamId']],
    ['a leader in a partner organisation', { role: 'leader', partnerId: 'northwind' }, ['partnerId']],
    ['staff in a team and an organisation', { role: 'staff', teamId: 'sales', partnerId: 'northwind' }, ['partnerId']],
    ['staff in a team that does not exist', { role: 'staff', teamId: 'unknown' }, ['teamId']],
    ['a partner user in an organisation that does not exist', { role: 'partner', partnerId: 'unknown' }, ['partnerId']],
  ])('refuses %s (400 naming the field)', async (_what, membership, paths) => {
    const ids: Record<string, string> = {
      sales: t.org.teams.sales.id,
      northwind: t.org.partners.northwind.id,
      unknown: anId(),
    };
    const body = aNewUser({
      role: membership.role,
      ...('teamId' in membership ? { teamId: ids[membership.teamId] } : {}),
      ...('partnerId' in membership ? { partnerId: ids[membership.partnerId] } : {}),
    });

    expect(await errorPaths(await t.request('POST', '/api/users', { as: t.org.users.leader, body }))).toEqual(paths);
  });

  it('refuses a deactivated team as a user’s team', async () => {
    const team = await as<Team>(
      await t.request('POST', '/api/teams', { as: t.org.users.leader, body: { name: 'Closed' } }),
      201,
    );
    await patch(`/api/teams/${team.id}`, 1, { active: false });

    const response = await t.request('POST', '/api/users', {
      as: t.org.users.leader,
      body: aNewUser({ role: 'staff', teamId: team.id }),
    });

    expect(await errorPaths(response)).toEqual(['teamId']);
  });

  it('refuses a change that breaks the membership rules, and leaves the user as they were', async () => {
    const staff = await as<User>(
      await t.request('POST', '/api/users', {
        as: t.org.users.leader,
        body: aNewUser({ role: 'staff', teamId: t.org.teams.sales.id }),
      }),
      201,
    );

    expect(await errorPaths(await patch(`/api/users/${staff.id}`, 1, { teamId: null }))).toEqual(['teamId']);
    expect(
      await errorPaths(await patch(`/api/users/${staff.id}`, 1, { partnerId: t.org.partners.northwind.id })),
    ).toEqual(['partnerId']);
    expect(
      await errorPaths(await patch(`/api/users/${t.org.users.advocate.id}`, 1, { teamId: t.org.teams.sales.id })),
    ).toEqual(['teamId']);
    const after = await as<User>(await t.request('GET', `/api/users/${staff.id}`, { as: t.org.users.leader }), 200);
    expect(after).toEqual(staff);
  });

  it('does not let a leader deactivate themselves', async () => {
    const leader = t.org.users.leader;

    expect(await errorPaths(await patch(`/api/users/${leader.id}`, leader.version, { active: false }))).toEqual([
      'active',
    ]);
  });
});

describe('non-leaders', () => {
  const nonLeaders = ['salesStaff', 'northwindPartner', 'advocate'] as const;

  it.each(nonLeaders)('%s may not create teams, partner organisations or users (403)', async (who) => {
    const user = t.org.users[who];

    const answers = await Promise.all([
      t.request('POST', '/api/teams', { as: user, body: { name: 'Shadow team' } }),
      t.request('POST', '/api/partners', { as: user, body: { name: 'Shadow partner' } }),
      t.request('POST', '/api/users', { as: user, body: aNewUser() }),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403]);
  });

  it.each(nonLeaders)('%s may not change teams, partner organisations or users (403)', async (who) => {
    const user = t.org.users[who];

    const answers = await Promise.all([
      patch(`/api/teams/${t.org.teams.sales.id}`, 1, { name: 'Hijacked' }, user),
      patch(`/api/partners/${t.org.partners.northwind.id}`, 1, { active: false }, user),
      patch(`/api/users/${t.org.users.otherAdvocate.id}`, 1, { name: 'Hijacked' }, user),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403]);
    const team = await as<Team>(
      await t.request('GET', `/api/teams/${t.org.teams.sales.id}`, { as: t.org.users.leader }),
      200,
    );
    expect(team).toMatchObject({ name: 'Sales', version: 1 });
  });

  it.each(['northwindPartner', 'advocate'] as const)(
    '%s may not read the user or partner directory (403)',
    async (who) => {
      const user = t.org.users[who];

      const answers = await Promise.all([
        t.request('GET', '/api/users', { as: user }),
        t.request('GET', `/api/users/${t.org.users.leader.id}`, { as: user }),
        t.request('GET', '/api/partners', { as: user }),
      ]);

      expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403]);
    },
  );

  it('staff may read the user directory', async () => {
    const page = await as<{ items: User[] }>(await t.request('GET', '/api/users', { as: t.org.users.salesStaff }), 200);

    expect(page.items.map((user) => user.id)).toContain(t.org.users.leader.id);
  });
});

describe('signing in through the local identity provider', () => {
  function signIn(userId: string): Promise<Response> {
    return Promise.resolve(
      t.identity.routes.request('/token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ userId }),
      }),
    );
  }

  it('gives an active user a token the API accepts', async () => {
    const { token } = await as<{ token: string }>(await signIn(t.org.users.otherAdvocate.id), 200);

    const response = await t.app.request('/api/me', { headers: { Authorization: `Bearer ${token}` } });

    expect(await as<{ id: string }>(response, 200)).toMatchObject({ id: t.org.users.otherAdvocate.id });
  });

  it('refuses a deactivated user (401)', async () => {
    const user = await as<User>(
      await t.request('POST', '/api/users', { as: t.org.users.leader, body: aNewUser() }),
      201,
    );
    await patch(`/api/users/${user.id}`, 1, { active: false });

    const response = await signIn(user.id);

    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('the responsible leader of a team or a partner organisation', () => {
  it('is named on create and on change, cleared with null, and must be an active leader', async () => {
    const { leader, salesStaff } = t.org.users;
    const otherLeader = await as<User>(
      await t.request('POST', '/api/users', { as: leader, body: aNewUser({ role: 'leader' }) }),
      201,
    );
    const team = await as<Team>(
      await t.request('POST', '/api/teams', { as: leader, body: { name: 'Renewals', leaderId: leader.id } }),
      201,
    );
    expect(team.leaderId).toBe(leader.id);
    const changed = await as<Team>(await patch(`/api/teams/${team.id}`, 1, { leaderId: otherLeader.id }), 200);
    expect(changed).toMatchObject({ leaderId: otherLeader.id, name: 'Renewals', version: 2 });
    const cleared = await as<Team>(await patch(`/api/teams/${team.id}`, 2, { leaderId: null }), 200);
    expect(cleared.leaderId).toBeUndefined();

    // Staff, an unknown id and a deactivated leader are all refused, on teams and partners alike.
    expect(await errorPaths(await patch(`/api/teams/${team.id}`, 3, { leaderId: salesStaff.id }))).toEqual([
      'leaderId',
    ]);
    expect(await errorPaths(await patch(`/api/teams/${team.id}`, 3, { leaderId: anId() }))).toEqual(['leaderId']);
    expect(await errorPaths(await patch(`/api/teams/${team.id}`, 3, { leaderId: 'not-an-id' }))).toEqual(['leaderId']);
    await as<User>(await patch(`/api/users/${otherLeader.id}`, otherLeader.version, { active: false }), 200);
    const refused = await t.request('POST', '/api/partners', {
      as: leader,
      body: { name: 'Quayside', leaderId: otherLeader.id },
    });
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(await errorPaths(refused)).toEqual(['leaderId']);

    const partner = await as<Partner>(
      await t.request('POST', '/api/partners', { as: leader, body: { name: 'Quayside', leaderId: leader.id } }),
      201,
    );
    expect(
      (await as<Partner>(await t.request('GET', `/api/partners/${partner.id}`, { as: leader }), 200)).leaderId,
    ).toBe(leader.id);
  });
});
