import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createDb } from '#data/client.ts';
import { config } from '#lib/config.ts';
import { type DeliveryRef, type DeliverySink, pumpDueDeliveries } from '#services/webhook-dispatcher.ts';

/**
 * The sink of deployed deliveries: the queue, ten messages a call (SQS's batch size). A message
 * the queue refuses fails the run; its delivery's lease runs out and the next run claims it again.
 */
export function queueSink(sqs: SQSClient, queueUrl: string): DeliverySink {
  return async (refs: readonly DeliveryRef[]) => {
    for (let start = 0; start < refs.length; start += 10) {
      const batch = refs.slice(start, start + 10);
      const result = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((ref, index) => ({ Id: String(index), MessageBody: JSON.stringify(ref) })),
        }),
      );
      if ((result.Failed ?? []).length > 0) {
        throw new Error(`The queue refused ${result.Failed?.length} of ${batch.length} deliveries.`);
      }
    }
  };
}

const db = createDb({ tableName: config.TABLE_NAME, region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
const sqs = new SQSClient({ region: config.AWS_REGION });

/** Run by an EventBridge schedule: what is due goes onto the queue. */
export const handler = async () => {
  if (!config.WEBHOOK_QUEUE_URL) throw new Error('WEBHOOK_QUEUE_URL is not set.');
  const sink = queueSink(sqs, config.WEBHOOK_QUEUE_URL);
  // Up to a thousand a run, a hundred a Query: the schedule comes back in a minute for the rest.
  let total = 0;
  for (let round = 0; round < 10; round++) {
    const claimed = await pumpDueDeliveries(db, new Date(), sink);
    total += claimed;
    if (claimed < 100) break;
  }
  return { claimed: total };
};
