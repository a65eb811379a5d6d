import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { type AggregateEntry, applyAggregateDelta } from '#data/aggregate-repository.ts';
import type { Db } from '#data/client.ts';
import { unmarshallImage } from '#data/stream-images.ts';
import { aggregateDelta } from '#domain/scorecard/derive.ts';
import { logger } from '#lib/logger.ts';

export interface AggregatorOptions {
  /** The organisation's time zone: weeks are ISO weeks there. */
  readonly timeZone: string;
  readonly now?: () => Date;
}

export type RecordOutcome = 'applied' | 'duplicate' | 'ignored';

/**
 * The aggregates one stream record changes: the difference between what its item's new and old
 * images contribute (functions/domain/scorecard/derive.ts). TTL deletions and items without a
 * rule (events of other kinds, markers, the aggregates themselves) change nothing.
 */
export function deltaOfRecord(record: DynamoDBRecord, timeZone: string): AggregateEntry[] {
  const name = record.eventName as string | undefined;
  if (name !== 'INSERT' && name !== 'MODIFY' && name !== 'REMOVE') return [];
  // A deletion by DynamoDB itself is TTL expiring an idempotency record, a lock or a marker.
  if (name === 'REMOVE' && record.userIdentity?.type === 'Service') return [];
  const oldImage = unmarshallImage(record.dynamodb?.OldImage);
  const newImage = unmarshallImage(record.dynamodb?.NewImage);
  return [...aggregateDelta(oldImage, newImage, timeZone).values()];
}

/** One record, exactly once: its counter updates and its dedup marker in one transaction. */
export async function applyRecord(db: Db, record: DynamoDBRecord, options: AggregatorOptions): Promise<RecordOutcome> {
  const entries = deltaOfRecord(record, options.timeZone);
  if (entries.length === 0) return 'ignored';
  if (!record.eventID) throw new Error('A stream record without an eventID cannot be applied exactly once.');
  const { applied } = await applyAggregateDelta(db, record.eventID, entries, options.now?.() ?? new Date());
  return applied > 0 ? 'applied' : 'duplicate';
}

/**
 * The stream handler: every record of the batch is tried, and those that failed are reported
 * by sequence number (`ReportBatchItemFailures`), so one poisoned record never holds back the
 * others; the event source retries from the first failure, and the records after it that did
 * apply are then skipped by their dedup markers.
 */
export async function processStreamBatch(
  db: Db,
  event: DynamoDBStreamEvent,
  options: AggregatorOptions,
): Promise<DynamoDBBatchResponse & { outcomes: Record<RecordOutcome, number> }> {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  const outcomes: Record<RecordOutcome, number> = { applied: 0, duplicate: 0, ignored: 0 };
  for (const record of event.Records ?? []) {
    try {
      outcomes[await applyRecord(db, record, options)]++;
    } catch (error) {
      const itemIdentifier = record.dynamodb?.SequenceNumber ?? record.eventID ?? '';
      batchItemFailures.push({ itemIdentifier });
      logger.error('aggregation failed', {
        eventId: record.eventID,
        sequenceNumber: record.dynamodb?.SequenceNumber,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { batchItemFailures, outcomes };
}
