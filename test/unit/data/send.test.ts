import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createDb } from '#data/client.ts';
import { teamRepository } from '#data/directory-repository.ts';
import { send, type TransactItem, transactWrite } from '#data/send.ts';
import { ConflictError, ServiceUnavailableError, UnprocessableError } from '#domain/errors.ts';
import { connectionRefused, requestTimedOut, throttlingErrors, transactionCancelled } from '#test/aws-errors.ts';
import { anId } from '#test/factories.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const db = createDb({ tableName: 'unit-table', region: 'eu-west-1' });

beforeEach(() => {
  dynamo.reset();
});

function someItems(): TransactItem[] {
  return [
    {
      Put: {
        TableName: db.tableName,
        Item: { pk: 'TEAM#1', sk: 'TEAM', name: 'Sales', version: 2 },
        ConditionExpression: 'attribute_exists(pk) AND version = :expected',
        ExpressionAttributeValues: { ':expected': 1 },
      },
    },
    {
      Put: {
        TableName: db.tableName,
        Item: { pk: 'TEAM#1', sk: 'EVENT#1', entity: 'event' },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
}

describe('send', () => {
  it.each(Object.keys(throttlingErrors) as (keyof typeof throttlingErrors)[])(
    'turns %s into a 503 with Retry-After',
    async (name) => {
      const id = anId();
      dynamo.on(GetCommand).rejects(throttlingErrors[name]());

      const failure = teamRepository.get(db, id);

      await expect(failure).rejects.toBeInstanceOf(ServiceUnavailableError);
      await expect(failure).rejects.toMatchObject({ status: 503, headers: { 'Retry-After': '2' } });
      expect(dynamo).toHaveReceivedCommandExactlyOnceWith(GetCommand, {
        TableName: 'unit-table',
        Key: { pk: `TEAM#${id}`, sk: 'TEAM' },
      });
    },
  );

  it.each([
    ['a refused connection', connectionRefused],
    ['a timeout', requestTimedOut],
  ])('turns %s into a 503 with Retry-After', async (_what, make) => {
    dynamo.on(GetCommand).rejects(make());

    const failure = teamRepository.get(db, anId());

    await expect(failure).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(failure).rejects.toMatchObject({ status: 503, headers: { 'Retry-After': '5' } });
  });

  it('passes other errors through unchanged', async () => {
    const bug = new TypeError('not a database problem');

    await expect(send(() => Promise.reject(bug))).rejects.toBe(bug);
  });

  it('returns what the operation returns', async () => {
    dynamo.on(GetCommand).resolves({ Item: undefined });

    await expect(teamRepository.get(db, anId())).resolves.toBeUndefined();
  });
});

describe('transactWrite', () => {
  const conflict = () => transactionCancelled(['TransactionConflict', 'None']);

  it('retries a transaction that raced another, then succeeds, sending the same items each time', async () => {
    const items = someItems();
    const onConditionFailed = vi.fn(() => new ConflictError('unused'));
    dynamo.on(TransactWriteCommand).rejectsOnce(conflict()).rejectsOnce(conflict()).resolves({});

    await transactWrite(db, items, { onConditionFailed });

    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 3);
    const inputs = dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input);
    expect(inputs).toEqual([
      { TransactItems: someItems() },
      { TransactItems: someItems() },
      { TransactItems: someItems() },
    ]);
    expect(onConditionFailed).not.toHaveBeenCalled();
  });

  it('gives up on a conflict that persists with a 409, after the configured retries', async () => {
    dynamo.on(TransactWriteCommand).rejects(conflict());

    const failure = transactWrite(db, someItems(), {
      onConditionFailed: () => new UnprocessableError('unused'),
      conflictRetries: 2,
    });

    await expect(failure).rejects.toBeInstanceOf(ConflictError);
    await expect(failure).rejects.toMatchObject({ status: 409 });
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 3);
  });

  it('retries three times by default', async () => {
    dynamo.on(TransactWriteCommand).rejects(conflict());

    await expect(transactWrite(db, someItems(), { onConditionFailed: () => new Error('unused') })).rejects.toThrow(
      ConflictError,
    );

    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 4);
  });

  it('hands a failed condition to onConditionFailed with the reason per item, and never retries it', async () => {
    const refusal = new UnprocessableError('condition failed');
    const onConditionFailed = vi.fn((_reasons: (string | undefined)[]) => refusal);
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(transactionCancelled(['None', 'ConditionalCheckFailed', 'TransactionConflict']))
      .resolves({});

    const failure = transactWrite(db, someItems(), { onConditionFailed });

    await expect(failure).rejects.toBe(refusal);
    expect(onConditionFailed).toHaveBeenCalledExactlyOnceWith([
      undefined,
      'ConditionalCheckFailed',
      'TransactionConflict',
    ]);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('maps throttling to a 503 without retrying it itself (the SDK already has)', async () => {
    dynamo.on(TransactWriteCommand).rejects(throttlingErrors.ThrottlingException());

    await expect(transactWrite(db, someItems(), { onConditionFailed: () => new Error('unused') })).rejects.toThrow(
      ServiceUnavailableError,
    );
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('maps an unreachable database to a 503', async () => {
    dynamo.on(TransactWriteCommand).rejects(connectionRefused());

    await expect(
      transactWrite(db, someItems(), { onConditionFailed: () => new Error('unused') }),
    ).rejects.toMatchObject({ status: 503, headers: { 'Retry-After': '5' } });
  });
});
