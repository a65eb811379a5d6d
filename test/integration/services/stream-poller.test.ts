import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#data/client.ts';
import { unmarshallImage } from '#data/stream-images.ts';
import { createStreamPoller, type StreamPoller } from '#local/stream-poller.ts';
import { dynamoEndpoint } from '#test/dynamo-endpoint.ts';
import { createTestTable } from '#test/harness.ts';

let db: Db;
let poller: StreamPoller;
const records: DynamoDBRecord[] = [];

beforeAll(async () => {
  db = await createTestTable();
  poller = createStreamPoller({
    endpoint: dynamoEndpoint(),
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

  describe('with a checkpoint file', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'stream-checkpoint-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    const put = (pk: string) => db.doc.send(new PutCommand({ TableName: db.tableName, Item: { pk, sk: 'PROBE' } }));

    /** Starts a consumer on the checkpoint, waits until it has read all there is, stops it. */
    async function consume(checkpointFile: string): Promise<string[]> {
      const seen: string[] = [];
      const consumer = createStreamPoller({
        endpoint: dynamoEndpoint(),
        tableName: db.tableName,
        checkpointFile,
        handler: async (event) => {
          for (const record of event.Records) seen.push(String(record.dynamodb?.Keys?.pk?.S));
          return { batchItemFailures: [] };
        },
      });
      const caughtUp = consumer.caughtUp();
      consumer.start(10 * 60 * 1000);
      await caughtUp;
      await consumer.stop();
      return seen;
    }

    it('goes on after a restart from where it stopped: nothing handed over twice, nothing missed', async () => {
      const file = join(dir, 'restart.json');
      await put('PROBE#checkpoint#before');
      const first = await consume(file);
      expect(first).toContain('PROBE#checkpoint#before');
      await put('PROBE#checkpoint#after');
      const second = await consume(file);
      expect(second).toEqual(['PROBE#checkpoint#after']);
      expect(await consume(file)).toEqual([]);
    });

    it('reads the whole stream when the checkpoint is another stream’s, or unreadable', async () => {
      await put('PROBE#checkpoint#foreign');
      const foreign = join(dir, 'foreign.json');
      await writeFile(
        foreign,
        JSON.stringify({ streamArn: 'arn:aws:dynamodb:local:000:table/gone/stream/x', shards: {} }),
      );
      expect(await consume(foreign)).toContain('PROBE#checkpoint#before');
      expect(JSON.parse(await readFile(foreign, 'utf8')).streamArn).not.toContain('/gone/');
      const garbled = join(dir, 'garbled.json');
      await writeFile(garbled, '{"streamArn": ');
      expect(await consume(garbled)).toContain('PROBE#checkpoint#foreign');
    });
  });
});
