import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '#data/table-definition.ts';
import { ensureTable } from '#local/bootstrap.ts';
import { type LocalDynamo, startDynamo } from '#local/dynamodb.ts';

// A DynamoDB Local of its own: it builds added indexes one at a time on a shared worker, so on
// the suite's busy emulator an index build queues behind everyone else's work.
let dynamo: LocalDynamo;
let client: DynamoDBClient;

beforeAll(async () => {
  dynamo = await startDynamo();
  // No SDK retries: ensureTable must get it right the first time, not be rescued by backoff.
  client = new DynamoDBClient({
    region: 'local',
    endpoint: dynamo.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  await dynamo.stop();
});

const aTableName = () => `bootstrap-${ulid()}`;

/** A table as an older version of the code would have made it: the base keys and some indexes. */
async function createBareTable(name: string, indexNames: readonly string[]): Promise<void> {
  const indexes = tableDefinition.indexes.filter((index) => indexNames.includes(index.name));
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        ...indexes.flatMap((index) => [
          { AttributeName: index.partitionKey.name, AttributeType: index.partitionKey.type },
          { AttributeName: index.sortKey.name, AttributeType: index.sortKey.type },
        ]),
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      ...(indexes.length > 0
        ? {
            GlobalSecondaryIndexes: indexes.map((index) => ({
              IndexName: index.name,
              KeySchema: [
                { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
                { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
              ],
              Projection: { ProjectionType: 'ALL' as const },
            })),
          }
        : {}),
    }),
  );
}

async function describeTable(name: string) {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
  return { table: Table, ttl: ttl.TimeToLiveDescription };
}

function indexesOf(table: Awaited<ReturnType<typeof describeTable>>['table']) {
  return (table?.GlobalSecondaryIndexes ?? [])
    .map((index) => ({ name: index.IndexName, keys: index.KeySchema?.map((key) => key.AttributeName) }))
    .sort((a, b) => String(a.name).localeCompare(String(b.name)));
}

const expectedIndexes = tableDefinition.indexes
  .map((index) => ({ name: index.name, keys: [index.partitionKey.name, index.sortKey.name] }))
  .sort((a, b) => a.name.localeCompare(b.name));

describe('ensureTable', () => {
  it('creates the table from the one definition, with streams and TTL', async () => {
    const name = aTableName();

    expect(await ensureTable(client, name)).toBe('created');

    const { table, ttl } = await describeTable(name);
    expect(table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(indexesOf(table)).toEqual(expectedIndexes);
    expect(table?.StreamSpecification).toMatchObject({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(ttl).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' });
  });

  it('changes nothing when run again', async () => {
    const name = aTableName();
    await ensureTable(client, name);
    const before = await describeTable(name);

    const outcome = await ensureTable(client, name);

    expect(outcome).toBe('unchanged');
    const after = await describeTable(name);
    expect(indexesOf(after.table)).toEqual(indexesOf(before.table));
    expect(after.table?.CreationDateTime).toEqual(before.table?.CreationDateTime);
  });

  it.each([
    ['no index at all', []],
    ['all indexes but one', ['byCollection', 'byParty', 'byOwner']],
  ])('adds what is missing to a table made with %s, ready to query, and switches TTL on', async (_what, present) => {
    const name = aTableName();
    await createBareTable(name, present);

    const outcome = await ensureTable(client, name);

    expect(outcome).toBe('updated');
    const { table, ttl } = await describeTable(name);
    expect(indexesOf(table)).toEqual(expectedIndexes);
    expect(ttl?.TimeToLiveStatus).toBe('ENABLED');
    for (const index of tableDefinition.indexes) {
      const query = client.send(
        new QueryCommand({
          TableName: name,
          IndexName: index.name,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': index.partitionKey.name },
          ExpressionAttributeValues: { ':pk': { S: 'nothing' } },
        }),
      );
      await expect(query).resolves.toMatchObject({ Count: 0 });
    }
    expect(await ensureTable(client, name)).toBe('unchanged');
  });
});
