import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  InternalErrorException,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { InternalServerError } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transactionCancelled } from '#test/aws-errors.ts';
import { createFirstLeader, type FirstLeaderOptions } from '../../../infra/aws/first-leader.ts';

// A user pool and a table that keep what they are told, refuse what a real one refuses
// (a second account of one address, a put over an existing key) and fail once on demand, as
// a throttled or broken service would: enough to run `npm run create-leader` twice.
const options: FirstLeaderOptions = {
  userPoolId: 'eu-west-2_pool',
  tableName: 'TotalCustomer-Table',
  region: 'eu-west-2',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
};
const meta = { $metadata: { httpStatusCode: 500 } };

const cognito = mockClient(CognitoIdentityProviderClient);
const dynamo = mockClient(DynamoDBDocumentClient);
let accounts: Map<string, { username: string; sub: string; groups: Set<string> }>;
let items: Map<string, Record<string, unknown>>;
let failNext: Set<'AdminCreateUser' | 'AdminAddUserToGroup' | 'TransactWrite'>;
let regions: string[];

const keyOf = (key: Record<string, unknown>) => `${String(key.pk)}|${String(key.sk)}`;

async function noteRegion(getClient: () => { config: { region: unknown } }) {
  const region = getClient().config.region;
  regions.push(typeof region === 'function' ? await region() : String(region));
}

beforeEach(() => {
  accounts = new Map();
  items = new Map();
  failNext = new Set();
  regions = [];
  cognito.reset();
  dynamo.reset();

  cognito.on(AdminGetUserCommand).callsFake(async (input: { Username: string }, getClient) => {
    await noteRegion(getClient);
    const account = accounts.get(input.Username);
    if (!account) throw new UserNotFoundException({ message: 'User does not exist.', $metadata: {} });
    return { Username: account.username, UserAttributes: [{ Name: 'sub', Value: account.sub }], Enabled: true };
  });
  cognito.on(AdminCreateUserCommand).callsFake(async (input: { Username: string }, getClient) => {
    await noteRegion(getClient);
    if (failNext.delete('AdminCreateUser')) throw new InternalErrorException({ message: 'Internal error', ...meta });
    if (accounts.has(input.Username)) {
      throw new UsernameExistsException({ message: 'An account with the given email already exists.', $metadata: {} });
    }
    const sub = `0000000${accounts.size}-1111-4222-8333-444444444444`;
    accounts.set(input.Username, { username: sub, sub, groups: new Set() });
    return { User: { Username: sub, Attributes: [{ Name: 'sub', Value: sub }] } };
  });
  cognito
    .on(AdminAddUserToGroupCommand)
    .callsFake(async (input: { Username: string; GroupName: string }, getClient) => {
      await noteRegion(getClient);
      if (failNext.delete('AdminAddUserToGroup'))
        throw new InternalErrorException({ message: 'Internal error', ...meta });
      const account = accounts.get(input.Username);
      if (!account) throw new UserNotFoundException({ message: 'User does not exist.', $metadata: {} });
      // Adding a user to a group it is in already succeeds, as in Cognito.
      account.groups.add(input.GroupName);
      return {};
    });

  dynamo.on(GetCommand).callsFake(async (input: { Key: Record<string, unknown> }, getClient) => {
    await noteRegion(getClient);
    return { Item: items.get(keyOf(input.Key)) };
  });
  dynamo
    .on(TransactWriteCommand)
    .callsFake(async (input: { TransactItems: { Put?: { Item: Record<string, unknown> } }[] }, getClient) => {
      await noteRegion(getClient);
      if (failNext.delete('TransactWrite'))
        throw new InternalServerError({ message: 'Internal server error', ...meta });
      const puts = input.TransactItems.map((item) => item.Put?.Item ?? {});
      // Every put of a directory create is conditioned on attribute_not_exists(pk).
      const codes = puts.map((item) => (items.has(keyOf(item)) ? 'ConditionalCheckFailed' : 'None'));
      if (codes.some((code) => code !== 'None')) throw transactionCancelled(codes);
      for (const item of puts) items.set(keyOf(item), item);
      return {};
    });
});

afterEach(() => {
  // Every client the run made, Cognito and DynamoDB alike, was in the stack's region.
  expect(regions.length).toBeGreaterThan(0);
  expect(new Set(regions)).toEqual(new Set(['eu-west-2']));
});

const usersInTable = () => [...items.values()].filter((item) => item.entity === 'user');
const markersInTable = () => [...items.values()].filter((item) => item.entity === 'user-marker');

function expectOneLeader() {
  expect([...accounts.keys()]).toEqual(['ada@example.com']);
  const account = accounts.get('ada@example.com');
  expect([...(account?.groups ?? [])]).toEqual(['leader']);
  expect(usersInTable()).toEqual([
    expect.objectContaining({ id: account?.sub, email: 'ada@example.com', role: 'leader' }),
  ]);
  expect(markersInTable()).toEqual([expect.objectContaining({ recordId: account?.sub })]);
}

describe('npm run create-leader', () => {
  it('creates the account, its group and the user in one run', async () => {
    const result = await createFirstLeader(options);

    expect(result.outcome).toBe('created');
    expectOneLeader();
    expect(cognito).toHaveReceivedCommandTimes(AdminCreateUserCommand, 1);
  });

  it('run again after the account was created but the directory write failed, finishes with one account and one user', async () => {
    failNext.add('TransactWrite');
    await expect(createFirstLeader(options)).rejects.toThrow();
    expect(accounts.size).toBe(1);
    expect(usersInTable()).toEqual([]);

    const result = await createFirstLeader(options);

    expect(result.outcome).toBe('created');
    expectOneLeader();
    // The account left behind is taken over: no second invitation e-mail.
    expect(cognito).toHaveReceivedCommandTimes(AdminCreateUserCommand, 1);
  });

  it('run again after the account was created but not put in its group, puts it there and writes the user once', async () => {
    failNext.add('AdminAddUserToGroup');
    await expect(createFirstLeader(options)).rejects.toThrow();
    expect(accounts.get('ada@example.com')?.groups.size).toBe(0);
    expect(usersInTable()).toEqual([]);

    const result = await createFirstLeader(options);

    expect(result.outcome).toBe('created');
    expectOneLeader();
    expect(cognito).toHaveReceivedCommandTimes(AdminCreateUserCommand, 1);
  });

  it('run again after Cognito failed before creating anything, creates the leader then', async () => {
    failNext.add('AdminCreateUser');
    await expect(createFirstLeader(options)).rejects.toThrow();
    expect(accounts.size).toBe(0);
    expect(items.size).toBe(0);

    const result = await createFirstLeader(options);

    expect(result.outcome).toBe('created');
    expectOneLeader();
  });

  it('run again after it succeeded, changes nothing', async () => {
    await createFirstLeader(options);
    const before = new Map(items);
    cognito.resetHistory();
    dynamo.resetHistory();

    const result = await createFirstLeader(options);

    expect(result.outcome).toBe('leader-already');
    expect(items).toEqual(before);
    expectOneLeader();
    expect(cognito).not.toHaveReceivedAnyCommand();
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('uses the given region for every client, whatever the shell’s default', async () => {
    const shell = process.env.AWS_REGION;
    process.env.AWS_REGION = 'us-east-1';
    try {
      failNext.add('TransactWrite');
      await expect(createFirstLeader(options)).rejects.toThrow();
      await createFirstLeader(options);
    } finally {
      if (shell === undefined) delete process.env.AWS_REGION;
      else process.env.AWS_REGION = shell;
    }
    // Both services were called, so the afterEach's region check covers both clients.
    expect(cognito).toHaveReceivedCommand(AdminCreateUserCommand);
    expect(dynamo).toHaveReceivedCommand(TransactWriteCommand);
  });
});
