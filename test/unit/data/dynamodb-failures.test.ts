import { createHash } from 'node:crypto';
import { InternalServerError, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '#api/app.ts';
import { createDb } from '#data/client.ts';
import { mapInfrastructureError } from '#data/errors.ts';
import { transactWrite } from '#data/send.ts';
import { ConflictError, ServiceUnavailableError } from '#domain/errors.ts';
import { connectionRefused, requestTimedOut, throttlingErrors, transactionCancelled } from '#test/aws-errors.ts';
import { anId, aUser } from '#test/factories.ts';
import { createTokenForge, type TokenForge } from '#test/token-forge.ts';

/**
 * Every way DynamoDB fails that DynamoDB Local never shows (it serialises transactions and never
 * throttles), mapped to what a client is told: retried where a retry can help, then 409 for a
 * transaction that kept racing another, 503 with Retry-After for throttling and an unreachable
 * database, 412 for a failed version condition. test/unit/data/errors.test.ts and send.test.ts
 * cover the mapping function and the retry loop one error at a time; this file adds the
 * cancellation reasons they do not, the SDK's server errors, and the same failures end to end
 * through the HTTP app, so the status, the problem document and the headers are checked too.
 */
const dynamo = mockClient(DynamoDBDocumentClient);
const tableName = 'unit-table';
const issuer = 'https://issuer.example.test';
const clientId = 'unit-client';
let forge: TokenForge;

beforeAll(async () => {
  forge = await createTokenForge({ issuer, clientId });
});

beforeEach(() => {
  dynamo.reset();
});

describe('mapInfrastructureError, beyond errors.test.ts', () => {
  it.each([
    ['ThrottlingError', ['ThrottlingError', 'None']],
    ['ProvisionedThroughputExceeded', ['None', 'ProvisionedThroughputExceeded']],
    ['throttling beside a conflict', ['ThrottlingError', 'TransactionConflict']],
  ])('maps a transaction cancelled for %s to a 503 with Retry-After', (_what, codes) => {
    const mapped = mapInfrastructureError(transactionCancelled(codes));

    expect(mapped).toBeInstanceOf(ServiceUnavailableError);
    expect(mapped?.headers['Retry-After']).toBe('2');
  });

  it.each([
    ['InternalServerError', () => new InternalServerError({ message: 'Internal server error', $metadata: {} })],
    ['ServiceUnavailable', () => Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' })],
    ['RequestTimeout', () => Object.assign(new Error('Request timed out'), { name: 'RequestTimeout' })],
    [
      'LimitExceededException',
      () => Object.assign(new Error('Too many operations'), { name: 'LimitExceededException' }),
    ],
    // What the SDK threw in the soak (bench/soak) when DynamoDB Local was killed mid-request.
    ['a socket hang up', () => Object.assign(new Error('socket hang up'), { name: 'TimeoutError' })],
    // Any server-side failure the SDK knows by no name of ours.
    [
      'an unnamed server fault',
      () => Object.assign(new Error('Something broke'), { name: 'UnknownError', $fault: 'server', $metadata: {} }),
    ],
    // A 5xx that was not DynamoDB's JSON: the SDK fails to parse it and throws a SyntaxError.
    [
      'an unparseable 502',
      () => Object.assign(new SyntaxError('Unexpected token <'), { $metadata: { httpStatusCode: 502 } }),
    ],
  ])('maps %s to a 503 with Retry-After', (_name, make) => {
    const mapped = mapInfrastructureError(make());

    expect(mapped).toBeInstanceOf(ServiceUnavailableError);
    expect(Number(mapped?.headers['Retry-After'])).toBeGreaterThan(0);
  });

  it('leaves a client-side fault alone: it is a bug of ours, a 500, not something to retry', () => {
    const validation = Object.assign(new Error('One or more parameter values were invalid'), {
      name: 'ValidationException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });

    expect(mapInfrastructureError(validation)).toBeUndefined();
  });

  it('never answers 429: throttling is the database’s capacity, not this caller’s rate, so it is a 503', () => {
    for (const make of Object.values(throttlingErrors)) expect(mapInfrastructureError(make())?.status).toBe(503);
  });
});

describe('transactWrite, beyond send.test.ts', () => {
  const db = createDb({ tableName, region: 'eu-west-1' });
  const items = [{ ConditionCheck: { TableName: tableName, Key: { pk: 'A', sk: 'A' }, ConditionExpression: 'x' } }];

  it('retries a TransactionConflictException (not only a cancelled transaction) and gives up with a 409', async () => {
    dynamo.on(TransactWriteCommand).rejects(new TransactionConflictException({ message: 'conflict', $metadata: {} }));

    const failure = transactWrite(db, items, { onConditionFailed: () => new Error('unused'), conflictRetries: 2 });

    await expect(failure).rejects.toBeInstanceOf(ConflictError);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 3);
  });

  it('does not retry a transaction cancelled for throttling itself (the SDK has), and answers 503', async () => {
    dynamo.on(TransactWriteCommand).rejects(transactionCancelled(['ThrottlingError']));

    await expect(transactWrite(db, items, { onConditionFailed: () => new Error('unused') })).rejects.toMatchObject({
      status: 503,
    });
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });
});

/**
 * The HTTP app on a mocked table: a staff member moves a Northwind referral along. The caller's
 * directory record and the referral are read with Get and Query; the change is one transaction.
 */
describe('through the API', () => {
  const staff = aUser({ role: 'staff', teamId: anId() });
  const referralId = anId();
  const at = '2025-01-06T09:00:00.000Z';
  const referralItem = {
    pk: `REFERRAL#${referralId}`,
    sk: 'REFERRAL',
    entity: 'referral',
    id: referralId,
    status: 'submitted',
    version: 1,
    company: { name: 'Prospect Ltd' },
    contact: { name: 'Jane Buyer', email: 'jane@prospect.example' },
    jobToBeDone: 'Onboard faster.',
    fit: { resources: 3, functional: 3, technical: 3, cultural: 3 },
    stakeholders: [],
    referrerId: anId(),
    referrerRole: 'partner',
    partnerId: anId(),
    prospectKeys: ['name:prospect'],
    createdAt: at,
    updatedAt: at,
    firstResponseDueAt: '2025-01-08T09:00:00.000Z',
    protectedUntil: '2025-04-06T09:00:00.000Z',
    overdue: false,
  };

  function app() {
    return createApp({
      db: createDb({ tableName, region: 'eu-west-1' }),
      auth: { issuer, clientId, keys: forge.keys },
    });
  }

  async function accept(): Promise<Response> {
    const token = await forge.sign(forge.claimsFor(staff));
    return app().request(`/api/referrals/${referralId}/transitions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'If-Match': '"1"' },
      body: JSON.stringify({ to: 'accepted' }),
    });
  }

  async function problemOf(response: Response, status: number) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem.status).toBe(status);
    // Nothing of the SDK's error reaches the client.
    expect(JSON.stringify(problem)).not.toMatch(/Exception|Cancell?ation|stack|\.ts:\d/);
    return problem;
  }

  beforeEach(() => {
    dynamo.on(GetCommand, { Key: { pk: `USER#${staff.id}`, sk: 'USER' } }).resolves({ Item: { ...staff } });
    dynamo.on(QueryCommand).resolves({ Items: [referralItem] });
  });

  it('commits when the table answers (the control for every failure below)', async () => {
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await accept();

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'accepted', version: 2 });
  });

  it('retries a transaction that raced another, and succeeds', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(transactionCancelled(['TransactionConflict', 'None']))
      .rejectsOnce(transactionCancelled(['None', 'TransactionConflict']))
      .resolves({});

    expect((await accept()).status).toBe(200);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 3);
  });

  it('answers 409 when the transaction keeps racing another, after its retries', async () => {
    dynamo.on(TransactWriteCommand).rejects(transactionCancelled(['TransactionConflict', 'None']));

    expect(await problemOf(await accept(), 409)).toMatchObject({ type: '/problems/conflict' });
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 4);
  });

  it('answers 412 when the version condition failed (someone else changed it first), without retrying', async () => {
    dynamo.on(TransactWriteCommand).rejects(transactionCancelled(['ConditionalCheckFailed', 'None']));

    expect(await problemOf(await accept(), 412)).toMatchObject({ type: '/problems/stale-version' });
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it.each([
    ...Object.entries(throttlingErrors).map(([name, make]) => [name, make, '2'] as const),
    ['a transaction cancelled for throttling', () => transactionCancelled(['ThrottlingError', 'None']), '2'] as const,
    ['a refused connection', connectionRefused, '5'] as const,
    ['a timeout', requestTimedOut, '5'] as const,
  ])('answers 503 with Retry-After when the transaction fails with %s', async (_what, make, retryAfter) => {
    dynamo.on(TransactWriteCommand).rejects(make());

    const response = await accept();

    expect(await problemOf(response, 503)).toMatchObject({ type: '/problems/unavailable' });
    expect(response.headers.get('retry-after')).toBe(retryAfter);
  });

  async function expectUnavailableBeforeAnyWrite(response: Response) {
    await problemOf(response, 503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
  }

  it('answers 503 when the caller’s directory record cannot be read (throttled)', async () => {
    dynamo.on(GetCommand).rejects(throttlingErrors.ThrottlingException());

    await expectUnavailableBeforeAnyWrite(await accept());
  });

  it('answers 503 when the referral cannot be read (database unreachable)', async () => {
    dynamo.on(QueryCommand).rejects(connectionRefused());

    await expectUnavailableBeforeAnyWrite(await accept());
  });

  it('replays the winner’s answer when a create lost the race for its Idempotency-Key', async () => {
    const partner = aUser({ role: 'partner', partnerId: anId() });
    const winner = { id: anId(), status: 'submitted', version: 1 };
    dynamo.on(GetCommand, { Key: { pk: `USER#${partner.id}`, sk: 'USER' } }).resolves({ Item: { ...partner } });
    dynamo.on(GetCommand, { Key: { pk: 'SETTINGS' } }).resolves({});
    dynamo.on(TransactWriteCommand).callsFake((input: { TransactItems: unknown[] }) => {
      const codes = input.TransactItems.map((_, index) =>
        index === input.TransactItems.length - 1 ? 'ConditionalCheckFailed' : 'None',
      );
      throw transactionCancelled(codes);
    });
    const body = JSON.stringify({
      company: { name: 'Raced Ltd' },
      contact: { name: 'Ray Race', email: 'ray@raced.example' },
      jobToBeDone: 'Win the race.',
      fit: { resources: 3, functional: 3, technical: 3, cultural: 3 },
    });
    // The key is free when first looked at; the transaction then finds it claimed (its last
    // item is the idempotency marker); the answer stored with the claim, for this very body
    // (another body's would be a 422), is replayed.
    dynamo
      .on(GetCommand, { Key: { sk: 'IDEMPOTENCY' } })
      .resolvesOnce({})
      .resolves({
        Item: { requestHash: createHash('sha256').update(body).digest('base64url'), status: 201, body: winner },
      });

    const response = await app().request('/api/referrals', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await forge.sign(forge.claimsFor(partner))}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': 'raced-key',
      },
      body,
    });

    expect(response.status).toBe(201);
    expect(response.headers.get('idempotent-replayed')).toBe('true');
    expect(await response.json()).toEqual(winner);
  });
});
