import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '#data/client.ts';
import { teamRepository, userRepository } from '#data/directory-repository.ts';
import { ConflictError, IdempotencyKeyTakenError, PreconditionFailedError } from '#domain/errors.ts';
import { transactionCancelled } from '#test/aws-errors.ts';
import { aTeam, aUser } from '#test/factories.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const db = createDb({ tableName: 'unit-table', region: 'eu-west-1' });
const actorId = 'ACTOR';

beforeEach(() => {
  dynamo.reset();
});

describe('creating a record', () => {
  it('writes the record, its event and nothing else in one transaction', async () => {
    const team = aTeam({ name: 'Sales' });
    dynamo.on(TransactWriteCommand).resolves({});

    await teamRepository.create(db, team, actorId);

    expect(dynamo).toHaveReceivedCommandExactlyOnceWith(TransactWriteCommand, {
      TransactItems: [
        {
          Put: {
            TableName: 'unit-table',
            Item: {
              pk: `TEAM#${team.id}`,
              sk: 'TEAM',
              gsi1pk: 'TEAMS',
              gsi1sk: `sales#${team.id}`,
              entity: 'team',
              ...team,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: 'unit-table',
            Item: {
              pk: `TEAM#${team.id}`,
              sk: expect.stringMatching(/^EVENT#[0-9A-Z]{26}$/),
              entity: 'event',
              id: expect.any(String),
              recordType: 'team',
              recordId: team.id,
              type: 'team.created',
              actorId,
              at: team.createdAt,
              before: null,
              after: team,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    });
  });

  it('claims a user’s e-mail address with a marker, and keeps name and e-mail out of the event', async () => {
    const user = aUser({ email: 'ada@example.test', name: 'Ada' });
    dynamo.on(TransactWriteCommand).resolves({});

    await userRepository.create(db, user, actorId);

    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(3);
    expect(items[1]?.Put?.Item?.after).not.toHaveProperty('email');
    expect(items[1]?.Put?.Item?.after).not.toHaveProperty('name');
    expect(items[2]?.Put).toEqual({
      TableName: 'unit-table',
      Item: { pk: 'USER_EMAIL#ada@example.test', sk: 'USER_EMAIL', entity: 'user-marker', recordId: user.id },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('reports a taken e-mail address as a 409 about the e-mail', async () => {
    dynamo.on(TransactWriteCommand).rejects(transactionCancelled(['None', 'None', 'ConditionalCheckFailed']));

    const failure = userRepository.create(db, aUser(), actorId);

    await expect(failure).rejects.toBeInstanceOf(ConflictError);
    await expect(failure).rejects.toThrow(/e-mail/);
  });

  it('reports an idempotency key another request claimed first', async () => {
    dynamo.on(TransactWriteCommand).rejects(transactionCancelled(['None', 'None', 'ConditionalCheckFailed']));
    const token = { scope: 'U#POST#/api/teams', key: 'k1', requestHash: 'h' };

    await expect(teamRepository.create(db, aTeam(), actorId, token)).rejects.toBeInstanceOf(IdempotencyKeyTakenError);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('reports an id that exists already as a 409', async () => {
    dynamo.on(TransactWriteCommand).rejects(transactionCancelled(['ConditionalCheckFailed', 'None']));

    await expect(teamRepository.create(db, aTeam(), actorId)).rejects.toThrow(/exists already/);
  });
});

describe('replacing a record', () => {
  it('conditions the write on the version read, and records only what changed', async () => {
    const before = aTeam({ name: 'Sales', version: 3 });
    const after = { ...before, name: 'Sales & Renewals', version: 4, updatedAt: '2025-03-01T00:00:00.000Z' };
    dynamo.on(TransactWriteCommand).resolves({});

    await teamRepository.replace(db, before, after, actorId, 'team.renamed');

    const [put, event] = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(put?.Put).toMatchObject({
      ConditionExpression: 'attribute_exists(pk) AND version = :expected',
      ExpressionAttributeValues: { ':expected': 3 },
      Item: { version: 4, name: 'Sales & Renewals', gsi1sk: `sales & renewals#${before.id}` },
    });
    expect(event?.Put?.Item).toMatchObject({
      type: 'team.renamed',
      before: { name: 'Sales' },
      after: { name: 'Sales & Renewals' },
    });
  });

  it('turns a failed version condition into a 412', async () => {
    const before = aTeam();
    dynamo.on(TransactWriteCommand).rejects(transactionCancelled(['ConditionalCheckFailed', 'None']));

    const failure = teamRepository.replace(db, before, { ...before, version: 2 }, actorId, 'team.updated');

    await expect(failure).rejects.toBeInstanceOf(PreconditionFailedError);
  });
});
