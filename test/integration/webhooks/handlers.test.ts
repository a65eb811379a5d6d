import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listNotifications } from '#data/notification-repository.ts';
import { queryAll } from '#data/pagination.ts';
import { getDelivery, getWebhook, replaceWebhook } from '#data/webhook-repository.ts';
import { callerOf } from '#domain/directory/schemas.ts';
import { type MailMessage, noMailer } from '#domain/notifications/mailer.ts';
import { eventReactions } from '#services/event-reactions.ts';
import { referrals } from '#services/referrals.ts';
import { pumpDueDeliveries } from '#services/webhook-dispatcher.ts';
import { webhooks } from '#services/webhooks.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { aSubmission } from '#test/referral-fixtures.ts';
import { createNotifierHandler } from '../../../functions/handlers/notifier.ts';
import { createDispatcherHandler } from '../../../functions/handlers/webhook-dispatcher.ts';
import { queueSink } from '../../../functions/handlers/webhook-pump.ts';
import { type Receiver, startReceiver } from './receiver.ts';

let t: TestApp;
/** Dozens of DynamoDB round trips per test: generous on a busy machine (no timing is asserted). */
// A day of retries, step by step: seconds on a quiet machine; a budget for two busy cores.
const slow = { timeout: 300_000 };
let receiver: Receiver;

beforeAll(async () => {
  t = await createTestApp();
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
});

const leader = () => ({ db: t.db, caller: callerOf(t.org.users.leader), now: () => new Date() });

/** A fresh referral's `referral.submitted` event item, as the table's stream carries it. */
async function submittedEventRecord() {
  const referral = await referrals.submit(
    { db: t.db, caller: callerOf(t.org.users.northwindPartner), now: () => new Date() },
    aSubmission(),
  );
  const [item] = await queryAll(t.db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': `REFERRAL#${referral.id}`, ':prefix': 'EVENT#' },
  });
  if (!item) throw new Error('no event item');
  const stream: DynamoDBStreamEvent = {
    Records: [
      {
        eventID: `evt-${item.id}`,
        eventName: 'INSERT',
        dynamodb: {
          NewImage: marshall(item, { removeUndefinedValues: true }) as never,
          SequenceNumber: '1',
        },
      },
    ],
  };
  return { referral, eventId: String(item.id), stream };
}

describe('the events consumer', () => {
  it(
    'runs the webhooks reaction: a new timeline event is enqueued for each subscribed endpoint, with a link to the web app',
    slow,
    async () => {
      expect(eventReactions.map((reaction) => reaction.name)).toContain('webhooks');
      // Deployed rules: the endpoint is never called here, only enqueued.
      const hook = await webhooks.create(
        leader(),
        { url: 'https://hooks.example.com/in', events: ['referral.submitted'] },
        {
          allowLoopback: false,
        },
      );
      const { referral, eventId, stream } = await submittedEventRecord();
      const handler = createNotifierHandler({
        db: t.db,
        now: () => new Date(),
        mailer: noMailer,
        webBaseUrl: 'https://portal.example.com',
        unsubscribeSecret: 'a-test-unsubscribe-secret',
        timeZone: 'Europe/London',
      });

      expect(await handler(stream)).toEqual({ batchItemFailures: [] });
      const delivery = await getDelivery(t.db, hook.id, eventId);
      expect(delivery).toMatchObject({ status: 'pending', type: 'referral.submitted', recordId: referral.id });
      expect(JSON.parse(delivery?.body ?? '{}').data.link).toBe(`https://portal.example.com/referrals/${referral.id}`);

      // Delivered again by the stream: nothing more is enqueued.
      expect(await handler(stream)).toEqual({ batchItemFailures: [] });
      const page = await webhooks.deliveries(leader(), hook.id, { limit: 10 });
      expect(page.items).toHaveLength(1);
    },
  );
});

describe('an endpoint the dispatcher disabled', () => {
  it('is told to the leader who registered it, in the feed and by e-mail, once', slow, async () => {
    const hook = await webhooks.create(
      leader(),
      { url: 'https://hooks.example.com/down', events: ['issue.*'] },
      {
        allowLoopback: false,
      },
    );
    const before = await getWebhook(t.db, hook.id);
    if (!before) throw new Error('no webhook');
    const at = new Date().toISOString();
    // As the dispatcher disables it after a day of failures (dispatcher.test.ts shows it does).
    await replaceWebhook(
      t.db,
      before,
      { ...before, enabled: false, disabledReason: 'failing', version: before.version + 1, updatedAt: at },
      'system',
      'webhook.disabled',
    );
    const [item] = (
      await queryAll(t.db, {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `WEBHOOK#${hook.id}`, ':prefix': 'EVENT#' },
      })
    ).filter((event) => event.type === 'webhook.disabled');
    if (!item) throw new Error('no event item');
    const stream: DynamoDBStreamEvent = {
      Records: [
        {
          eventID: 'evt-disabled',
          eventName: 'INSERT',
          dynamodb: { NewImage: marshall(item) as never, SequenceNumber: '2' },
        },
      ],
    };
    const sent: MailMessage[] = [];
    const handler = createNotifierHandler({
      db: t.db,
      now: () => new Date(),
      mailer: { send: async (message) => void sent.push(message) },
      webBaseUrl: 'https://portal.example.com',
      unsubscribeSecret: 'a-test-unsubscribe-secret',
      timeZone: 'Europe/London',
    });

    expect(await handler(stream)).toEqual({ batchItemFailures: [] });
    expect(await handler(stream)).toEqual({ batchItemFailures: [] });

    const feed = await listNotifications(t.db, t.org.users.leader.id, { limit: 50 });
    const notices = feed.items.filter((notification) => notification.kind === 'webhook_disabled');
    expect(notices).toEqual([
      expect.objectContaining({
        recordType: 'webhook',
        recordId: hook.id,
        path: '/settings/webhooks',
        title: expect.stringContaining('hooks.example.com'),
      }),
    ]);
    expect(sent.map((message) => message.to)).toEqual([t.org.users.leader.email]);
    // Nobody else is told.
    const staffFeed = await listNotifications(t.db, t.org.users.salesStaff.id, { limit: 50 });
    expect(staffFeed.items.filter((notification) => notification.kind === 'webhook_disabled')).toEqual([]);
  });
});

describe('the pump and the queue consumer', () => {
  it('hands claimed deliveries to the queue in batches of ten, and the consumer attempts each', slow, async () => {
    const hook = await webhooks.create(
      leader(),
      { url: receiver.url, events: ['referral.*'] },
      { allowLoopback: true },
    );
    const events = [];
    for (let index = 0; index < 12; index++) {
      const { stream, eventId } = await submittedEventRecord();
      events.push(eventId);
      await createNotifierHandler({
        db: t.db,
        now: () => new Date(),
        mailer: noMailer,
        webBaseUrl: 'https://portal.example.com',
        unsubscribeSecret: 'a-test-unsubscribe-secret',
        timeZone: 'Europe/London',
      })(stream);
    }
    const sqs = mockClient(SQSClient);
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const now = new Date();
    // Other endpoints' deliveries of this file may be due too: only this one's are looked at.
    await pumpDueDeliveries(t.db, now, queueSink(new SQSClient({ region: 'eu-west-1' }), 'https://sqs.example/queue'));
    const sent = sqs
      .commandCalls(SendMessageBatchCommand)
      .flatMap((call) => call.args[0].input.Entries ?? [])
      .map((entry) => JSON.parse(entry.MessageBody ?? '{}') as { webhookId: string; eventId: string })
      .filter((ref) => ref.webhookId === hook.id);
    expect(sent.map((ref) => ref.eventId).sort()).toEqual([...events].sort());
    for (const call of sqs.commandCalls(SendMessageBatchCommand)) {
      expect(call.args[0].input.Entries?.length).toBeLessThanOrEqual(10);
    }
    // Claimed: a second pump right away hands none of them over again.
    sqs.resetHistory();
    await pumpDueDeliveries(t.db, now, queueSink(new SQSClient({ region: 'eu-west-1' }), 'https://sqs.example/queue'));
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    sqs.restore();

    const consumer = createDispatcherHandler(t.db, () => now);
    const message = (body: string, messageId: string) => ({ messageId, body }) as SQSEvent['Records'][number];
    const result = await consumer({
      Records: [
        ...sent.map((ref, index) => message(JSON.stringify(ref), `m${index}`)),
        message('not json', 'bad-1'),
        message(JSON.stringify({ webhookId: 'x' }), 'bad-2'),
      ],
    });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'bad-1' }, { itemIdentifier: 'bad-2' }]);
    expect(receiver.received).toHaveLength(12);
    for (const eventId of events) expect((await getDelivery(t.db, hook.id, eventId))?.status).toBe('succeeded');
  });

  it(
    'fails the pump when the queue refuses messages, so their leases run out and they are claimed again',
    slow,
    async () => {
      const sqs = mockClient(SQSClient);
      sqs.on(SendMessageBatchCommand).resolves({ Failed: [{ Id: '0', SenderFault: false, Code: 'InternalError' }] });
      const sink = queueSink(new SQSClient({ region: 'eu-west-1' }), 'https://sqs.example/queue');
      await expect(sink([{ webhookId: 'w', eventId: 'e' }])).rejects.toThrow(/refused 1 of 1/);
      sqs.restore();
    },
  );
});
