import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createDb, type Db } from '#data/client.ts';
import { config } from '#lib/config.ts';
import { logger } from '#lib/logger.ts';
import * as z from '#lib/zod.ts';
import { attemptDelivery, type DeliveryRef } from '#services/webhook-dispatcher.ts';

const refSchema = z.object({
  webhookId: z.string().check(z.minLength(1), z.maxLength(64)),
  eventId: z.string().check(z.minLength(1), z.maxLength(64)),
});

export type DispatcherHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

/**
 * The queue's consumer: each message names one delivery, attempted and recorded. A receiver's
 * failure is recorded, not thrown (its retry is the table's, on the backoff schedule); only what
 * could not be recorded (DynamoDB unavailable) fails the message, reported alone
 * (`ReportBatchItemFailures`) so the queue retries it and, after five receipts, parks it on the
 * dead-letter queue. A message that names no delivery goes there at once.
 */
export function createDispatcherHandler(db: Db, now: () => Date = () => new Date()): DispatcherHandler {
  return async (event) => {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      try {
        const ref: DeliveryRef = refSchema.parse(JSON.parse(record.body));
        await attemptDelivery(db, ref, { now: now() });
      } catch (error) {
        batchItemFailures.push({ itemIdentifier: record.messageId });
        logger.error('webhook delivery could not be attempted', {
          messageId: record.messageId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return { batchItemFailures };
  };
}

const db = createDb({ tableName: config.TABLE_NAME, region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });

export const handler: DispatcherHandler = createDispatcherHandler(db);
