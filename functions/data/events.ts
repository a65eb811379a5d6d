import { ulid } from 'ulid';
import { type TimelineEvent, timelineEventSchema } from '#domain/timeline/event.ts';
import type { Db } from './client.ts';
import { eventKeys } from './keys.ts';
import { queryAll } from './pagination.ts';
import type { TransactItem } from './send.ts';

export interface NewEvent {
  readonly recordType: string;
  readonly recordId: string;
  readonly recordPk: string;
  readonly type: string;
  readonly actorId: string;
  readonly at: string;
  readonly before: Record<string, unknown> | null;
  readonly after: Record<string, unknown> | null;
  readonly note?: string | undefined;
}

/** The Put of one timeline event, to go in the same transaction as the change it records. */
export function eventPut(db: Db, event: NewEvent): { item: TransactItem; event: TimelineEvent } {
  const id = ulid();
  const stored: TimelineEvent = {
    id,
    recordType: event.recordType,
    recordId: event.recordId,
    type: event.type,
    actorId: event.actorId,
    at: event.at,
    before: event.before,
    after: event.after,
    ...(event.note === undefined ? {} : { note: event.note }),
  };
  return {
    event: stored,
    item: {
      Put: {
        TableName: db.tableName,
        Item: { ...eventKeys.of(event.recordPk, id), entity: 'event', ...stored },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  };
}

/** A record's timeline, oldest first: one Query on the record's partition. */
export async function listTimeline(db: Db, recordPk: string): Promise<TimelineEvent[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': recordPk, ':prefix': eventKeys.prefix },
  });
  return items.map((item) => timelineEventSchema.parse(item));
}

/**
 * A record's partition read in one Query: the record item, its timeline, and whatever else it
 * keeps there under a sort-key prefix (notes, a communication log, links).
 */
export async function readRecordPartition(db: Db, key: { pk: string; sk: string }) {
  const items = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': key.pk },
    ConsistentRead: true,
  });
  const sortKey = (item: Record<string, unknown>) => String(item.sk);
  return {
    record: items.find((item) => sortKey(item) === key.sk),
    timeline: items
      .filter((item) => sortKey(item).startsWith(eventKeys.prefix))
      .map((item) => timelineEventSchema.parse(item)),
    /** The items under a sort-key prefix, in sort-key order. */
    under: (prefix: string) => items.filter((item) => sortKey(item).startsWith(prefix)),
  };
}
