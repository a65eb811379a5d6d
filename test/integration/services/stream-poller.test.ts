import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Db } from '#data/client.ts';
import { unmarshallImage } from '#data/stream-images.ts';
import { createStreamPoller, type StreamPoller } from '#local/stream-poller.ts';
import { createTestTable } from '#test/harness.ts';

let db: Db;
let poller: StreamPoller;
const records: DynamoDBRecord[] = [];

beforeAll(async () => {
  db = await createTestTable();
  poller = createStreamPoller({
    endpoint: inject('dynamoEndpoint'),
    tableName: db.tableName,
    handler: async (event) => {
      records.push(...event.Records);
      return { batchItemFailures: [] };
    },
  });
});

afterAll(async () => {
  await poller.stop();
});

describe('the local stream poller', () => {
  it('hands over empty maps, nested ones too, as the Lambda event does, so that they unmarshall', async () => {
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          pk: 'PROBE#empty-maps',
          sk: 'PROBE',
          overrides: {},
          nested: { inner: {}, list: [{}, 'x'] },
          list: [],
        },
      }),
    );
    for (let pass = 0; pass < 20 && records.length === 0; pass++) await poller.pollOnce();
    const record = records.find((candidate) => candidate.dynamodb?.Keys?.pk?.S === 'PROBE#empty-maps');
    expect(record?.dynamodb?.NewImage?.overrides).toEqual({ M: {} });
    expect(unmarshallImage(record?.dynamodb?.NewImage)).toEqual({
      pk: 'PROBE#empty-maps',
      sk: 'PROBE',
      overrides: {},
      nested: { inner: {}, list: [{}, 'x'] },
      list: [],
    });
  });

  it('reads a backlog straight through once started, not a page per tick', async () => {
    // Far more than one page (100 records), and a tick so long that only reading page after
    // page within one tick can catch up before the test's time runs out.
    const backlog = 350;
    for (let start = 0; start < backlog; start += 25) {
      const items = Array.from({ length: Math.min(25, backlog - start) }, (_, offset) => ({
        PutRequest: { Item: { pk: `PROBE#backlog#${start + offset}`, sk: 'PROBE' } },
      }));
      await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: items } }));
    }
    const caughtUp = poller.caughtUp();
    poller.start(10 * 60 * 1000);
    await caughtUp;
    const seen = new Set(records.map((record) => record.dynamodb?.Keys?.pk?.S));
    const missing = Array.from({ length: backlog }, (_, n) => `PROBE#backlog#${n}`).filter((pk) => !seen.has(pk));
    expect(missing).toEqual([]);
  });
});
