import {
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PreSignUpTriggerEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cognitoIdentityAccounts } from '#data/identity-accounts.ts';
import type { User } from '#domain/directory/schemas.ts';
import { FederatedSignInRefused, type FederationPolicy } from '#domain/identity/federation.ts';
import { users } from '#services/directory.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { createFederatedSignUpHandler } from '../../../functions/handlers/federated-sign-up.ts';

const userPoolId = 'eu-west-2_pool';
const policy: FederationPolicy = { providerName: 'EntraID', emailDomains: [] };
const cognito = mockClient(CognitoIdentityProviderClient);
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

/** The pool as Cognito holds it: one enabled account per directory user, named by a UUID, its `sub` the user's id. */
function poolHolds(accounts: readonly User[], disabled: readonly User[] = []) {
  cognito.on(AdminGetUserCommand).callsFake((input: { Username: string }) => {
    const user = accounts.find((candidate) => candidate.email === input.Username.toLowerCase());
    if (!user) throw new UserNotFoundException({ message: 'User does not exist.', $metadata: {} });
    return {
      Username: `uuid-of-${user.id}`,
      Enabled: !disabled.includes(user),
      UserAttributes: [
        { Name: 'sub', Value: user.id },
        { Name: 'email', Value: user.email },
      ],
    };
  });
  cognito.on(AdminLinkProviderForUserCommand).resolves({});
}

/** A first sign-in at the IdP, as Cognito hands it to the pre-sign-up trigger. */
function aFederatedSignUp(
  attributes: Record<string, string>,
  subject = 'AAAAAAAAAAAAAAAAAAAAAE2rCVLkHgUVL-2dLbXE',
): PreSignUpTriggerEvent {
  return {
    version: '1',
    region: 'eu-west-2',
    userPoolId,
    userName: `EntraID_${subject}`,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'web-client-id' },
    triggerSource: 'PreSignUp_ExternalProvider',
    request: { userAttributes: attributes, validationData: {} },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  } as PreSignUpTriggerEvent;
}

const handler = () =>
  createFederatedSignUpHandler(t.db, policy, (pool) =>
    cognitoIdentityAccounts(pool, new CognitoIdentityProviderClient({ region: 'eu-west-2' })),
  );

beforeEach(() => {
  cognito.reset();
});

describe('a first sign-in at the company’s identity provider', () => {
  it('is linked to the account of the directory user with its verified e-mail, and signs in with that user’s role', async () => {
    poolHolds(Object.values(t.org.users));
    const staff = t.org.users.salesStaff;

    // The IdP's own idea of the person's standing is not mapped, and would change nothing.
    await handler()(
      aFederatedSignUp({ email: staff.email.toUpperCase(), email_verified: 'true', name: 'Sally at the IdP' }),
    );

    expect(cognito).toHaveReceivedCommandTimes(AdminLinkProviderForUserCommand, 1);
    expect(cognito).toHaveReceivedCommandWith(AdminLinkProviderForUserCommand, {
      UserPoolId: userPoolId,
      DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: `uuid-of-${staff.id}` },
      SourceUser: {
        ProviderName: 'EntraID',
        ProviderAttributeName: 'Cognito_Subject',
        ProviderAttributeValue: 'AAAAAAAAAAAAAAAAAAAAAE2rCVLkHgUVL-2dLbXE',
      },
    });
    // Linked, Cognito signs the person in as that account: its sub, its group. The API takes
    // the role from the directory and refuses a token claiming any other.
    const me = await t.request('GET', '/api/me', { as: staff });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: staff.id, role: 'staff' });
    const claimingLeader = await t.token(staff, { 'cognito:groups': ['leader'] });
    const elevated = await t.app.request('/api/me', { headers: { Authorization: `Bearer ${claimingLeader}` } });
    expect(elevated.status).toBe(401);
  });

  it('is refused for an e-mail address no directory user has, and nobody is linked', async () => {
    poolHolds(Object.values(t.org.users));

    const signIn = handler()(aFederatedSignUp({ email: 'stranger@example.test', email_verified: 'true' }));

    await expect(signIn).rejects.toBeInstanceOf(FederatedSignInRefused);
    await expect(signIn).rejects.toThrow(/No Total Customer user has the e-mail address stranger@example.test/);
    expect(cognito).not.toHaveReceivedCommand(AdminLinkProviderForUserCommand);
  });

  it('is refused when the IdP has not verified the address, or says nothing of it, even for a directory user', async () => {
    poolHolds(Object.values(t.org.users));
    const leader = t.org.users.leader;

    const unverified: Record<string, string>[] = [
      { email: leader.email, email_verified: 'false' },
      { email: leader.email },
    ];
    for (const attributes of unverified) {
      await expect(handler()(aFederatedSignUp(attributes))).rejects.toThrow(/has not verified the e-mail address/);
    }
    await expect(handler()(aFederatedSignUp({ email_verified: 'true' }))).rejects.toThrow(/sent no e-mail address/);
    expect(cognito).not.toHaveReceivedCommand(AdminLinkProviderForUserCommand);
  });

  it('takes an address in a domain the IdP is the authority for as verified (SAML sends no claim)', async () => {
    poolHolds(Object.values(t.org.users));
    const samlHandler = createFederatedSignUpHandler(
      t.db,
      { providerName: 'Okta', emailDomains: ['example.test'] },
      (pool) => cognitoIdentityAccounts(pool, new CognitoIdentityProviderClient({ region: 'eu-west-2' })),
    );
    const event = { ...aFederatedSignUp({ email: t.org.users.supportStaff.email }), userName: 'Okta_sue@example.test' };

    await samlHandler(event);

    expect(cognito).toHaveReceivedCommandWith(AdminLinkProviderForUserCommand, {
      DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: `uuid-of-${t.org.users.supportStaff.id}` },
      SourceUser: {
        ProviderName: 'Okta',
        ProviderAttributeName: 'Cognito_Subject',
        ProviderAttributeValue: 'sue@example.test',
      },
    });
  });

  it('is refused for a deactivated user, before Cognito is asked', async () => {
    const ctx = {
      db: t.db,
      caller: { userId: 'system', role: 'leader' as const, name: 'System', email: 'system@example.test' },
      now: () => new Date(),
    };
    const leaver = await users.create(ctx, {
      name: 'Lena Leaver',
      email: 'lena.leaver@example.test',
      role: 'staff',
      teamId: t.org.teams.sales.id,
    });
    await users.update(ctx, leaver.id, leaver.version, { active: false });
    poolHolds([leaver]);

    await expect(handler()(aFederatedSignUp({ email: leaver.email, email_verified: 'true' }))).rejects.toThrow(
      /deactivated/,
    );
    expect(cognito).not.toHaveReceivedCommand(AdminLinkProviderForUserCommand);
  });

  it('is refused when the directory user’s account is disabled or is another account', async () => {
    const staff = t.org.users.supportStaff;
    poolHolds([staff], [staff]);
    await expect(handler()(aFederatedSignUp({ email: staff.email, email_verified: 'true' }))).rejects.toThrow(
      /sign-in is disabled/,
    );

    cognito.reset();
    // An account of that address whose subject is not the user's id: not the user's own.
    cognito
      .on(AdminGetUserCommand)
      .resolves({ Username: 'someone', Enabled: true, UserAttributes: [{ Name: 'sub', Value: 'other' }] });
    await expect(handler()(aFederatedSignUp({ email: staff.email, email_verified: 'true' }))).rejects.toThrow(
      /no sign-in account/,
    );
    expect(cognito).not.toHaveReceivedCommand(AdminLinkProviderForUserCommand);
  });

  it('lets a leader’s own additions (AdminCreateUser) through untouched', async () => {
    const event = {
      ...aFederatedSignUp({ email: 'new@example.test' }),
      triggerSource: 'PreSignUp_AdminCreateUser' as const,
      userName: 'new@example.test',
    };

    await expect(handler()(event)).resolves.toEqual(event);
    expect(cognito).not.toHaveReceivedAnyCommand();
  });

  it('refuses a sign-in from a provider it was not set up for', async () => {
    poolHolds(Object.values(t.org.users));
    const event = {
      ...aFederatedSignUp({ email: t.org.users.leader.email, email_verified: 'true' }),
      userName: 'Google_1234',
    };

    await expect(handler()(event)).rejects.toThrow(/not accepted here/);
    expect(cognito).not.toHaveReceivedCommand(AdminLinkProviderForUserCommand);
  });
});
