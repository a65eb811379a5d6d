import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#api/app.ts';
import type { User } from '#domain/directory/schemas.ts';
import { createLocalIdentity } from '#local/identity.ts';
import { anId } from '#test/factories.ts';
import { clientId, createTestApp, issuer, type TestApp } from '#test/harness.ts';
import { createTokenForge, type TokenForge, tamper, unsignedToken } from '#test/token-forge.ts';

let t: TestApp;
let forge: TokenForge;
/** The same API on the same table, trusting the forge's key instead of the identity provider's. */
let forgeApp: ReturnType<typeof createApp>;

beforeAll(async () => {
  t = await createTestApp();
  forge = await createTokenForge({ issuer, clientId });
  forgeApp = createApp({ db: t.db, auth: { issuer, clientId, keys: forge.keys } });
});

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

function me(app: { request: TestApp['app']['request'] }, authorization?: string): Promise<Response> {
  return Promise.resolve(
    app.request('/api/me', authorization === undefined ? {} : { headers: { Authorization: authorization } }),
  );
}

async function expectRefused(response: Response): Promise<void> {
  expect(response.status).toBe(401);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.headers.get('www-authenticate')).toBe('Bearer');
  expect(await response.json()).toMatchObject({ type: '/problems/unauthorized', status: 401 });
}

describe('tokens the API accepts (the controls for every refusal below)', () => {
  it('accepts the identity provider’s access token', async () => {
    const response = await me(t.app, `Bearer ${await t.token(t.org.users.salesStaff)}`);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: t.org.users.salesStaff.id, role: 'staff' });
  });

  it('accepts a forged token whose every claim is right, when the app trusts the forge', async () => {
    const response = await me(forgeApp, `Bearer ${await forge.sign(forge.claimsFor(t.org.users.leader))}`);

    expect(response.status).toBe(200);
  });
});

describe('401 for', () => {
  it('no Authorization header', async () => {
    await expectRefused(await me(t.app));
  });

  it.each([
    ['an empty bearer', () => 'Bearer '],
    ['something that is not a JWT', () => 'Bearer not-a-token'],
    ['another scheme', async () => `Basic ${Buffer.from('ada:secret').toString('base64')}`],
    ['a token without the scheme', async () => t.token(t.org.users.leader)],
    ['a token with trailing junk', async () => `Bearer ${await t.token(t.org.users.leader)} junk`],
    ['two spaces after Bearer', async () => `Bearer  ${await t.token(t.org.users.leader)}`],
  ])('a malformed header: %s', async (_what, header) => {
    await expectRefused(await me(t.app, await header()));
  });

  it('an expired token', async () => {
    const expired = forge.claimsFor(t.org.users.leader, {
      iat: Math.floor(Date.now() / 1000) - 7200,
      exp: Math.floor(Date.now() / 1000) - 60,
    });

    await expectRefused(await me(forgeApp, `Bearer ${await forge.sign(expired)}`));
  });

  it('a token without an expiry', async () => {
    await expectRefused(
      await me(forgeApp, `Bearer ${await forge.sign(forge.claimsFor(t.org.users.leader, { exp: undefined }))}`),
    );
  });

  it('a token not yet valid', async () => {
    const token = await t.token(t.org.users.leader, { nbf: inAnHour() });

    await expectRefused(await me(t.app, `Bearer ${token}`));
  });

  it('a token from another issuer', async () => {
    const claims = forge.claimsFor(t.org.users.leader, {
      iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_other',
    });

    await expectRefused(await me(forgeApp, `Bearer ${await forge.sign(claims)}`));
  });

  it.each([
    ['another client', 'someone-else'],
    ['no client', undefined],
  ])('a token issued to %s', async (_what, id) => {
    const token = await t.token(t.org.users.leader, { client_id: id });

    await expectRefused(await me(t.app, `Bearer ${token}`));
  });

  it('a tampered payload whose signature was kept', async () => {
    const staff = await t.token(t.org.users.salesStaff);
    const promoted = tamper(staff, (claims) => ({
      ...claims,
      sub: t.org.users.leader.id,
      'cognito:groups': ['leader'],
    }));

    await expectRefused(await me(t.app, `Bearer ${promoted}`));
  });

  it('an unsigned token (alg none)', async () => {
    await expectRefused(await me(forgeApp, `Bearer ${unsignedToken(forge.claimsFor(t.org.users.leader))}`));
  });

  it('a token signed with a shared secret (HS256) instead of the issuer’s key', async () => {
    const token = await new SignJWT(forge.claimsFor(t.org.users.leader))
      .setProtectedHeader({ alg: 'HS256', kid: 'forge-1' })
      .sign(new TextEncoder().encode('a secret the attacker chose, 32+ bytes long'));

    await expectRefused(await me(forgeApp, `Bearer ${token}`));
  });

  it('a token signed by a key the server does not trust', async () => {
    const stranger = await createLocalIdentity({ db: t.db, issuer, clientId });
    const token = await stranger.tokenFor(t.org.users.leader.id);

    await expectRefused(await me(t.app, `Bearer ${token}`));
  });

  it.each([
    ['an ID token', 'id'],
    ['a token of no kind', undefined],
  ])('%s', async (_what, tokenUse) => {
    const token = await t.token(t.org.users.leader, { token_use: tokenUse });

    await expectRefused(await me(t.app, `Bearer ${token}`));
  });

  it('a token naming no user in the directory', async () => {
    const stranger: User = { ...t.org.users.leader, id: anId() };

    await expectRefused(await me(forgeApp, `Bearer ${await forge.sign(forge.claimsFor(stranger))}`));
  });

  it('a deactivated user’s token that has not expired', async () => {
    const created = await t.request('POST', '/api/users', {
      as: t.org.users.leader,
      body: { name: 'Dee Parted', email: 'dee.parted@example.test', role: 'advocate' },
    });
    const user = (await created.json()) as User;
    const token = await t.identity.tokenFor(user.id);
    expect((await me(t.app, `Bearer ${token}`)).status).toBe(200);

    const deactivated = await t.request('PATCH', `/api/users/${user.id}`, {
      as: t.org.users.leader,
      body: { active: false },
      headers: { 'If-Match': '"1"' },
    });
    expect(deactivated.status).toBe(200);

    await expectRefused(await me(t.app, `Bearer ${token}`));
  });

  it.each([[['Leader']], [['leaders']], [[' leader']], [['LEADER']], [['leader', 'staff']], ['leader'], [[]]])(
    'the look-alike or ambiguous groups %j',
    async (groups) => {
      const token = await t.token(t.org.users.leader, { 'cognito:groups': groups });

      await expectRefused(await me(t.app, `Bearer ${token}`));
    },
  );

  it('a group that is not the user’s role', async () => {
    const token = await t.token(t.org.users.salesStaff, { 'cognito:groups': ['leader'] });

    await expectRefused(await me(t.app, `Bearer ${token}`));
    const attempt = await t.app.request('/api/teams', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Escalated' }),
    });
    expect(attempt.status).toBe(401);
  });
});
