import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshallImage } from '#data/stream-images.ts';
import { logger } from '#lib/logger.ts';
import { streamedEventOf } from '#services/event-reactions.ts';
import type { NamedReaction, ReactionContext, StreamedEvent } from '#services/reaction.ts';

export type NotifierOutcome = 'reacted' | 'ignored';

/** The timeline event a stream record inserted, if it inserted one. */
export function insertedEvent(record: DynamoDBRecord): StreamedEvent | undefined {
  if (record.eventName !== 'INSERT') return undefined;
  return streamedEventOf(unmarshallImage(record.dynamodb?.NewImage));
}

/**
 * The events consumer: every reaction, in order, for each new timeline event. A record whose
 * reactions fail is reported by sequence number (`ReportBatchItemFailures`) and delivered again
 * with those after it; reactions are idempotent per event, so the ones that had already run do
 * no harm the second time.
 */
export async function processEventBatch(
  ctx: ReactionContext,
  reactions: readonly NamedReaction[],
  event: DynamoDBStreamEvent,
): Promise<DynamoDBBatchResponse & { outcomes: Record<NotifierOutcome, number> }> {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  const outcomes: Record<NotifierOutcome, number> = { reacted: 0, ignored: 0 };
  for (const record of event.Records ?? []) {
    const inserted = insertedEvent(record);
    if (!inserted) {
      outcomes.ignored++;
      continue;
    }
    let failed = false;
    for (const reaction of reactions) {
      try {
        await reaction.react(ctx, inserted);
      } catch (error) {
        failed = true;
        logger.error('reaction failed', {
          reaction: reaction.name,
          eventId: inserted.id,
          eventType: inserted.type,
          sequenceNumber: record.dynamodb?.SequenceNumber,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    if (failed) batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? record.eventID ?? '' });
    else outcomes.reacted++;
  }
  return { batchItemFailures, outcomes };
}
