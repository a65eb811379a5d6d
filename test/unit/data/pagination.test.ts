import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '#data/client.ts';
import { decodeCursor, encodeCursor, queryPage } from '#data/pagination.ts';
import { ValidationError } from '#domain/errors.ts';

/** A team's key as the byCollection index sees it. */
function aTeamKey(overrides: Record<string, string> = {}): Record<string, string> {
  return { pk: 'TEAM#01J0', sk: 'TEAM', gsi1pk: 'TEAMS', gsi1sk: 'sales#01J0', ...overrides };
}

function cursorOf(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function expectRefused(decode: () => unknown): void {
  let thrown: unknown;
  try {
    decode();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ValidationError);
  expect((thrown as ValidationError).errors).toEqual([{ path: 'cursor', message: 'Not a cursor from this list.' }]);
}

describe('encodeCursor / decodeCursor', () => {
  it('round-trips a key of the list it came from', () => {
    const key = aTeamKey();

    expect(decodeCursor(encodeCursor(key), 'byCollection', 'TEAMS')).toEqual(key);
  });

  it('round-trips a key of the table itself', () => {
    const key = { pk: 'USER#1', sk: 'EVENT#2' };

    expect(decodeCursor(encodeCursor(key), undefined, 'USER#1')).toEqual(key);
  });

  it('is opaque: URL-safe, no JSON showing', () => {
    expect(encodeCursor(aTeamKey({ gsi1sk: 'a/b+c?d#e' }))).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('refuses a cursor naming another partition', () => {
    const forged = encodeCursor(aTeamKey({ gsi1pk: 'USERS' }));

    expectRefused(() => decodeCursor(forged, 'byCollection', 'TEAMS'));
  });

  it('refuses a table cursor naming another record', () => {
    expectRefused(() => decodeCursor(encodeCursor({ pk: 'USER#2', sk: 'EVENT#1' }), undefined, 'USER#1'));
  });

  it.each(['not a cursor!', '%%%', '', 'e30', cursorOf('TEAMS'), cursorOf(['TEAMS']), cursorOf(null), cursorOf(7)])(
    'refuses the junk cursor %j',
    (junk) => {
      expectRefused(() => decodeCursor(junk, 'byCollection', 'TEAMS'));
    },
  );

  it('refuses a cursor with an extra attribute', () => {
    expectRefused(() => decodeCursor(cursorOf({ ...aTeamKey(), role: 'leader' }), 'byCollection', 'TEAMS'));
  });

  it('refuses a cursor swapping a key attribute for another one', () => {
    const { sk: _sk, ...rest } = aTeamKey();

    expectRefused(() => decodeCursor(cursorOf({ ...rest, gsi2pk: 'x' }), 'byCollection', 'TEAMS'));
  });

  it('refuses a cursor missing a key attribute', () => {
    const { gsi1sk: _gsi1sk, ...rest } = aTeamKey();

    expectRefused(() => decodeCursor(cursorOf(rest), 'byCollection', 'TEAMS'));
  });

  it.each([{ sk: 7 }, { sk: null }, { sk: { S: 'TEAM' } }, { sk: ['TEAM'] }, { sk: true }])(
    'refuses non-string values (%j)',
    (value) => {
      expectRefused(() => decodeCursor(cursorOf({ ...aTeamKey(), ...value }), 'byCollection', 'TEAMS'));
    },
  );

  it('refuses an oversized value', () => {
    expectRefused(() => decodeCursor(cursorOf(aTeamKey({ gsi1sk: 'x'.repeat(1025) })), 'byCollection', 'TEAMS'));
  });
});

describe('queryPage', () => {
  const dynamo = mockClient(DynamoDBDocumentClient);
  const db = createDb({ tableName: 'unit-table', region: 'eu-west-1' });
  const team = (n: number) => ({ ...aTeamKey({ pk: `TEAM#${n}`, gsi1sk: `team ${n}#${n}` }), name: `Team ${n}` });
  const query = {
    indexName: 'byCollection',
    partition: 'TEAMS',
    keyCondition: 'gsi1pk = :pk',
    values: { ':pk': 'TEAMS', ':active': true },
    filter: 'active = :active',
    limit: 2,
  };

  beforeEach(() => {
    dynamo.reset();
  });

  it('reads on until the page is full when a filter drops items, then cursors from the last item kept', async () => {
    dynamo
      .on(QueryCommand)
      .resolvesOnce({ Items: [team(1)], LastEvaluatedKey: aTeamKey({ pk: 'TEAM#9' }) })
      .resolvesOnce({ Items: [team(2), team(3)], LastEvaluatedKey: aTeamKey({ pk: 'TEAM#99' }) });

    const page = await queryPage(db, query);

    expect(page.items).toEqual([team(1), team(2)]);
    expect(decodeCursor(page.cursor ?? '', 'byCollection', 'TEAMS')).toEqual({
      pk: 'TEAM#2',
      sk: 'TEAM',
      gsi1pk: 'TEAMS',
      gsi1sk: 'team 2#2',
    });
    expect(dynamo).toHaveReceivedNthCommandWith(QueryCommand, 1, {
      TableName: 'unit-table',
      IndexName: 'byCollection',
      KeyConditionExpression: 'gsi1pk = :pk',
      FilterExpression: 'active = :active',
      ExpressionAttributeValues: { ':pk': 'TEAMS', ':active': true },
      ScanIndexForward: true,
      Limit: 12,
      ExclusiveStartKey: undefined,
    });
    expect(dynamo).toHaveReceivedNthCommandWith(QueryCommand, 2, {
      Limit: 11,
      ExclusiveStartKey: aTeamKey({ pk: 'TEAM#9' }),
    });
  });

  it('starts from the key a cursor names', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const start = aTeamKey({ pk: 'TEAM#5', gsi1sk: 'team 5#5' });

    const page = await queryPage(db, { ...query, filter: undefined, cursor: encodeCursor(start) });

    expect(page).toEqual({ items: [], cursor: null });
    expect(dynamo).toHaveReceivedCommandExactlyOnceWith(QueryCommand, { ExclusiveStartKey: start, Limit: 2 });
  });

  it('ends the list when the partition ends', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [team(1)] });

    expect(await queryPage(db, query)).toEqual({ items: [team(1)], cursor: null });
  });

  it('refuses a forged cursor before reading anything', async () => {
    const forged = encodeCursor(aTeamKey({ gsi1pk: 'USERS' }));

    await expect(queryPage(db, { ...query, cursor: forged })).rejects.toBeInstanceOf(ValidationError);
    expect(dynamo).not.toHaveReceivedCommand(QueryCommand);
  });
});
