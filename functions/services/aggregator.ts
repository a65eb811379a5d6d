import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { type AggregateEntry, applyAggregateDelta, type MemberChanges } from '#data/aggregate-repository.ts';
import type { Db } from '#data/client.ts';
import { unmarshallImage } from '#data/stream-images.ts';
import { aggregateDelta, memberDelta } from '#domain/scorecard/derive.ts';
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
  return changeOfRecord(record, timeZone).entries;
}

/** The images a stream record compares, or none when it cannot change the scorecard. */
function imagesOf(record: DynamoDBRecord) {
  const name = record.eventName as string | undefined;
  if (name !== 'INSERT' && name !== 'MODIFY' && name !== 'REMOVE') return undefined;
  // A deletion by DynamoDB itself is TTL expiring an idempotency record, a lock or a marker.
  if (name === 'REMOVE' && record.userIdentity?.type === 'Service') return undefined;
  return {
    oldImage: unmarshallImage(record.dynamodb?.OldImage),
    newImage: unmarshallImage(record.dynamodb?.NewImage),
  };
}

/** A stream record's counter changes and the member items it puts and removes. */
export function changeOfRecord(
  record: DynamoDBRecord,
  timeZone: string,
): { entries: AggregateEntry[]; members: MemberChanges } {
  const images = imagesOf(record);
  if (!images) return { entries: [], members: { put: [], remove: [] } };
  return {
    entries: [...aggregateDelta(images.oldImage, images.newImage, timeZone).values()],
    members: memberDelta(images.oldImage, images.newImage, timeZone),
  };
}

/**
 * One record, exactly once: its counter updates, its member writes and its dedup marker in one
 * transaction (a few, each with its marker, past 99 writes).
 */
export async function applyRecord(db: Db, record: DynamoDBRecord, options: AggregatorOptions): Promise<RecordOutcome> {
  const { entries, members } = changeOfRecord(record, options.timeZone);
  if (entries.length === 0 && members.put.length === 0 && members.remove.length === 0) return 'ignored';
  if (!record.eventID) throw new Error('A stream record without an eventID cannot be applied exactly once.');
  const { applied } = await applyAggregateDelta(db, record.eventID, entries, options.now?.() ?? new Date(), members);
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
