import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { ScheduledEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '#data/client.ts';
import { getReferral } from '#data/referral-repository.ts';
import { noMailer } from '#domain/notifications/mailer.ts';
import { createStreamPoller } from '#local/stream-poller.ts';
import { contextAs } from '#services/context.ts';
import { referrals } from '#services/referrals.ts';
import { webhooks } from '#services/webhooks.ts';
import { dynamoEndpoint } from '#test/dynamo-endpoint.ts';
import { aScheduledEvent } from '#test/eventbridge-events.ts';
import { createTestTable, type Organisation, seedOrganisation } from '#test/harness.ts';
import { aSubmission } from '#test/referral-fixtures.ts';
import { createNotifierHandler } from '../../../functions/handlers/notifier.ts';

/**
 * The two scheduled functions, loaded as Lambda loads them (their configuration from the
 * environment) and invoked with the event an EventBridge schedule sends. The queue the pump
 * hands deliveries to is mocked: DynamoDB Local has no SQS beside it.
 */
let db: Db;
let org: Organisation;
const variables = ['TABLE_NAME', 'DYNAMODB_ENDPOINT', 'AWS_REGION', 'WEBHOOK_QUEUE_URL'];
const savedEnv = Object.fromEntries(variables.map((name) => [name, process.env[name]]));
const sqs = mockClient(SQSClient);
const queueUrl = 'https://sqs.eu-west-2.amazonaws.com/123456789012/TotalCustomer-WebhooksQueue';

type Scheduled = (event: ScheduledEvent) => Promise<Record<string, number>>;
let sweeper: Scheduled;
let pump: Scheduled;

beforeAll(async () => {
  db = await createTestTable();
  org = await seedOrganisation(db);
  Object.assign(process.env, {
    TABLE_NAME: db.tableName,
    DYNAMODB_ENDPOINT: dynamoEndpoint(),
    AWS_REGION: 'local',
    WEBHOOK_QUEUE_URL: queueUrl,
  });
  // The configuration is parsed when its module loads: load the handlers afresh, after the env.
  vi.resetModules();
  sweeper = (await import('../../../functions/handlers/sweeper.ts')).handler as unknown as Scheduled;
  pump = (await import('../../../functions/handlers/webhook-pump.ts')).handler as unknown as Scheduled;
});

afterAll(() => {
  sqs.restore();
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('the sweeper, invoked by its schedule', () => {
  it('marks what has fallen due overdue and says how much', async () => {
    // Submitted long ago and never answered: past due whatever today's date.
    const referral = await referrals.submit(
      contextAs(db, org.users.northwindPartner, new Date('2020-01-06T09:00:00Z')),
      aSubmission(),
    );

    const result = await sweeper(aScheduledEvent({ rule: 'TotalCustomer-SweeperSchedule', time: new Date() }));

    expect(result.referralsMarkedOverdue).toBe(1);
    expect((await getReferral(db, referral.id))?.overdue).toBe(true);
  });
});

describe('the webhook pump, invoked by its schedule', () => {
  it('hands every due delivery to the queue, one message each', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const leader = contextAs(db, org.users.leader, new Date());
    await webhooks.create(
      leader,
      { url: 'https://hooks.example.com/total-customer', events: ['referral.submitted'] },
      { allowLoopback: false },
    );
    await referrals.submit(contextAs(db, org.users.northwindPartner, new Date()), aSubmission());
    // The events consumer, fed from the table's stream, enqueues the delivery the pump finds due.
    const consumer = createStreamPoller({
      endpoint: dynamoEndpoint(),
      tableName: db.tableName,
      name: 'notifier',
      handler: createNotifierHandler({
        db,
        now: () => new Date(),
        mailer: noMailer,
        webBaseUrl: 'https://portal.example.com',
        unsubscribeSecret: 'a-test-unsubscribe-secret',
        timeZone: 'Europe/London',
      }),
    });
    consumer.start(200);
    await consumer.caughtUp();
    await consumer.stop();

    const result = await pump(aScheduledEvent({ rule: 'TotalCustomer-WebhooksSchedule', time: new Date() }));

    expect(result.claimed).toBeGreaterThanOrEqual(1);
    const sent = sqs.commandCalls(SendMessageBatchCommand).flatMap((call) => call.args[0].input.Entries ?? []);
    expect(sent).toHaveLength(result.claimed ?? 0);
    expect(sqs.commandCalls(SendMessageBatchCommand)[0]?.args[0].input.QueueUrl).toBe(queueUrl);
    expect(JSON.parse(sent[0]?.MessageBody ?? '{}')).toEqual({
      webhookId: expect.any(String),
      eventId: expect.any(String),
    });
  });
});
