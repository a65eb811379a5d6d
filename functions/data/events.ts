import { ulid } from 'ulid';
import { changedFields, type TimelineEvent, timelineEventSchema } from '#domain/timeline/event.ts';
import type { Db } from './client.ts';
import { staleVersion } from './errors.ts';
import { eventKeys } from './keys.ts';
import { queryAll } from './pagination.ts';
import { type TransactItem, transactWrite } from './send.ts';

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

/** How a kind of record that is saved whole is stored, and what its timeline events show of it. */
export interface RecordKind<T> {
  readonly recordType: string;
  readonly pk: (record: T) => string;
  readonly toItem: (record: T) => Record<string, unknown>;
  /** The fields an event shows; it keeps only those that changed. */
  readonly eventView: (record: T) => Record<string, unknown>;
}

type Versioned = { readonly id: string; readonly version: number; readonly updatedAt: string };

/** An event that shows the record's whole view before and after (a new record has no before). */
export function recordEvent<T extends Versioned>(
  kind: RecordKind<T>,
  before: T | null,
  after: T,
  event: { readonly type: string; readonly actorId: string; readonly note?: string | undefined },
): NewEvent {
  return {
    recordType: kind.recordType,
    recordId: after.id,
    recordPk: kind.pk(after),
    type: event.type,
    actorId: event.actorId,
    at: after.updatedAt,
    before: before ? kind.eventView(before) : null,
    after: kind.eventView(after),
    ...(event.note ? { note: event.note } : {}),
  };
}

/**
 * A new record and its first timeline event: the two Puts a creating transaction starts with.
 * The record must not exist yet; `after` is what the event shows when that is more than the
 * record's view (a play names the figure it came from).
 */
export function creationItems<T extends Versioned>(
  db: Db,
  kind: RecordKind<T>,
  record: T,
  event: { readonly type: string; readonly actorId: string; readonly after?: Record<string, unknown> },
): TransactItem[] {
  const created = recordEvent(kind, null, record, event);
  return [
    { Put: { TableName: db.tableName, Item: kind.toItem(record), ConditionExpression: 'attribute_not_exists(pk)' } },
    eventPut(db, { ...created, after: event.after ?? created.after }).item,
  ];
}

/**
 * A record's next version in place of the version read, and its timeline event, in one
 * transaction: another writer's change in between is a 412.
 */
export async function replaceWithEvent<T extends Versioned>(
  db: Db,
  kind: RecordKind<T>,
  before: T,
  after: T,
  event: { readonly type: string; readonly actorId: string; readonly note?: string | undefined },
): Promise<T> {
  const changed = changedFields(kind.eventView(before), kind.eventView(after));
  await transactWrite(
    db,
    [
      {
        Put: {
          TableName: db.tableName,
          Item: kind.toItem(after),
          ConditionExpression: 'attribute_exists(pk) AND version = :expected',
          ExpressionAttributeValues: { ':expected': before.version },
        },
      },
      eventPut(db, {
        ...event,
        recordType: kind.recordType,
        recordId: after.id,
        recordPk: kind.pk(after),
        at: after.updatedAt,
        before: changed.before,
        after: changed.after,
      }).item,
    ],
    { onConditionFailed: () => staleVersion(kind.recordType) },
  );
  return after;
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
