import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { type IndexDefinition, tableDefinition } from '#data/table-definition.ts';

function attributeDefinitions(indexes: readonly IndexDefinition[]) {
  const attributes = new Map<string, 'S' | 'N'>();
  for (const key of [tableDefinition.partitionKey, tableDefinition.sortKey]) attributes.set(key.name, key.type);
  for (const index of indexes) {
    attributes.set(index.partitionKey.name, index.partitionKey.type);
    attributes.set(index.sortKey.name, index.sortKey.type);
  }
  return [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
}

function indexSpec(index: IndexDefinition) {
  return {
    IndexName: index.name,
    KeySchema: [
      { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
      { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  };
}

async function waitForActiveIndexes(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if ((Table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE')) return;
    await sleep(100);
  }
  throw new Error(`The indexes of ${tableName} did not become active within a minute.`);
}

/**
 * Creates the table from the one definition, or brings an existing one up to it: a missing
 * index is added, TTL switched on. Running it again changes nothing. (No point-in-time recovery
 * here: DynamoDB Local does not implement it; the CDK stack sets it.)
 *
 * `streams: false` creates it without its stream, for tables nobody polls (a test's, the
 * bench's): DynamoDB Local keeps every stream record for 24 hours, deleted tables' too, and
 * each write gets slower the more it holds (12,000 items into a streamed table: 271 rows/s into
 * the first, 37 into the second, 10 into the third).
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  options: { streams?: boolean } = {},
): Promise<'created' | 'updated' | 'unchanged'> {
  let outcome: 'created' | 'updated' | 'unchanged' = 'unchanged';
  let existing: string[] | undefined;
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    existing = (Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName ?? '');
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  if (existing === undefined) {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions(tableDefinition.indexes),
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey.name, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: tableDefinition.indexes.map(indexSpec),
        ...(options.streams === false
          ? {}
          : { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' as const } }),
      }),
    );
    outcome = 'created';
  } else {
    for (const index of tableDefinition.indexes) {
      if (existing.includes(index.name)) continue;
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: attributeDefinitions([index]),
          GlobalSecondaryIndexUpdates: [{ Create: indexSpec(index) }],
        }),
      );
      // One index at a time: another Create while this one builds is a LimitExceededException,
      // and a query on it before it is ACTIVE fails.
      await waitForActiveIndexes(client, tableName);
      outcome = 'updated';
    }
  }
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
      }),
    );
  }
  return outcome;
}
