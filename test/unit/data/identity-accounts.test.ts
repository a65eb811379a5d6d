import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { cognitoIdentityAccounts, localIdentityAccounts } from '#data/identity-accounts.ts';
import { idSchema } from '#domain/directory/schemas.ts';
import { ConflictError } from '#domain/errors.ts';

const cognito = mockClient(CognitoIdentityProviderClient);
const client = new CognitoIdentityProviderClient({ region: 'eu-west-1' });
const accounts = cognitoIdentityAccounts('eu-west-1_pool', client);
const sub = '7d1e5a3c-1234-4cde-9abc-0123456789ab';

beforeEach(() => {
  cognito.reset();
});

describe('Cognito sign-in accounts', () => {
  it('creates the account with a verified e-mail, puts it in its role’s group and returns its subject', async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: { Attributes: [{ Name: 'sub', Value: sub }] } });
    cognito.on(AdminAddUserToGroupCommand).resolves({});

    const id = await accounts.create({ email: 'nina@northwind.example', name: 'Nina', role: 'partner' });

    expect(id).toBe(sub);
    expect(idSchema.safeParse(id).success).toBe(true);
    expect(cognito).toHaveReceivedCommandWith(AdminCreateUserCommand, {
      UserPoolId: 'eu-west-1_pool',
      Username: 'nina@northwind.example',
      UserAttributes: [
        { Name: 'email', Value: 'nina@northwind.example' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Nina' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(cognito).toHaveReceivedCommandWith(AdminAddUserToGroupCommand, {
      UserPoolId: 'eu-west-1_pool',
      Username: 'nina@northwind.example',
      GroupName: 'partner',
    });
  });

  it('answers an e-mail address that has an account already with a 409', async () => {
    const exists = new Error('User account already exists');
    exists.name = 'UsernameExistsException';
    cognito.on(AdminCreateUserCommand).rejects(exists);

    await expect(
      accounts.create({ email: 'nina@northwind.example', name: 'Nina', role: 'partner' }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(cognito).not.toHaveReceivedCommand(AdminAddUserToGroupCommand);
  });

  it('disables and enables the account with the user', async () => {
    cognito.on(AdminDisableUserCommand).resolves({});
    cognito.on(AdminEnableUserCommand).resolves({});
    await accounts.setEnabled({ id: sub, email: 'nina@northwind.example' }, false);
    expect(cognito).toHaveReceivedCommandWith(AdminDisableUserCommand, {
      UserPoolId: 'eu-west-1_pool',
      Username: 'nina@northwind.example',
    });
    expect(cognito).not.toHaveReceivedCommand(AdminEnableUserCommand);
    await accounts.setEnabled({ id: sub, email: 'nina@northwind.example' }, true);
    expect(cognito).toHaveReceivedCommand(AdminEnableUserCommand);
  });

  it('deletes the account of a user an import never wrote', async () => {
    cognito.on(AdminDeleteUserCommand).resolves({});
    await accounts.remove({ id: sub, email: 'nina@northwind.example' });
    expect(cognito).toHaveReceivedCommandWith(AdminDeleteUserCommand, {
      UserPoolId: 'eu-west-1_pool',
      Username: 'nina@northwind.example',
    });
  });
});

describe('local sign-in accounts', () => {
  it('key users by a fresh ULID', async () => {
    const one = await localIdentityAccounts.create({ email: 'a@example.test', name: 'A', role: 'staff' });
    const two = await localIdentityAccounts.create({ email: 'b@example.test', name: 'B', role: 'staff' });
    expect(one).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(two).not.toBe(one);
  });
});
