import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#data/client.ts';
import { createStreamPoller, type StreamPoller } from '#local/stream-poller.ts';
import { contextAs } from '#services/context.ts';
import { referrals } from '#services/referrals.ts';
import { dynamoEndpoint } from '#test/dynamo-endpoint.ts';
import { createTestTable, type Organisation, seedOrganisation } from '#test/harness.ts';
import { aSubmission } from '#test/referral-fixtures.ts';
import { notifierStreamFilter } from '../../../infra/aws/notifier.ts';
import { type FilterPattern, matchesPattern as matches } from '../../../infra/aws/stream-filters.ts';

/**
 * The notifier's event-source filter, exactly as deployed (the pattern string CloudFormation
 * gets), held against the records DynamoDB's stream really carries when a referral is
 * submitted and then accepted: the record, its events, markers and aggregates.
 */

let db: Db;
let org: Organisation;
let poller: StreamPoller;
const records: DynamoDBRecord[] = [];

beforeAll(async () => {
  db = await createTestTable();
  org = await seedOrganisation(db);
  poller = createStreamPoller({
    endpoint: dynamoEndpoint(),
    tableName: db.tableName,
    handler: async (event) => {
      records.push(...event.Records);
      return { batchItemFailures: [] };
    },
  });
  const submitted = await referrals.submit(contextAs(db, org.users.northwindPartner), aSubmission());
  await referrals.transition(contextAs(db, org.users.salesStaff), submitted.id, 1, { to: 'accepted' });
  poller.start(200);
  await poller.caughtUp();
});

afterAll(async () => {
  await poller.stop();
});

describe("the notifier's stream filter", () => {
  const pattern = () => JSON.parse(lambda.FilterCriteria.filter(notifierStreamFilter).pattern) as FilterPattern;
  const entity = (record: DynamoDBRecord) => record.dynamodb?.NewImage?.entity?.S;

  it('lets through every new timeline event', () => {
    const events = records.filter((record) => record.eventName === 'INSERT' && entity(record) === 'event');
    // The users' creation, the submission and the acceptance, at least.
    expect(events.length).toBeGreaterThanOrEqual(3);
    for (const record of events) expect(matches(pattern(), record), record.eventID).toBe(true);
  });

  it('keeps out everything else: the records themselves, their updates, markers and removals', () => {
    const others = records.filter((record) => !(record.eventName === 'INSERT' && entity(record) === 'event'));
    expect(others.some((record) => record.eventName === 'MODIFY')).toBe(true);
    expect(others.some((record) => record.eventName === 'INSERT')).toBe(true);
    for (const record of others)
      expect(matches(pattern(), record), `${record.eventName} ${entity(record)}`).toBe(false);
  });

  it('is what the local poller applies: the notifier is handed the events and nothing else', async () => {
    const handed: DynamoDBRecord[] = [];
    const filtered = createStreamPoller({
      endpoint: dynamoEndpoint(),
      tableName: db.tableName,
      filter: pattern(),
      handler: async (event) => {
        handed.push(...event.Records);
        return { batchItemFailures: [] };
      },
    });
    const caughtUp = filtered.caughtUp();
    filtered.start(60_000);
    await caughtUp;
    await filtered.stop();
    const events = records.filter((record) => record.eventName === 'INSERT' && entity(record) === 'event');
    expect(handed.map((record) => record.eventID)).toEqual(events.map((record) => record.eventID));
  });
});
