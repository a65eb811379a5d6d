import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { encodeTime } from 'ulid';
import {
  defaultPreferences,
  type NewNotification,
  type Notification,
  type NotificationPreferences,
  notificationKindSchema,
  notificationSchema,
} from '#domain/notifications/schemas.ts';
import type { Db } from './client.ts';
import { notificationKeys } from './keys.ts';
import { type Page, queryAll, queryPage } from './pagination.ts';
import { send, transactWrite } from './send.ts';

/** A notification is kept 90 days; the feed is a recent history, not an archive. */
export const notificationRetentionSeconds = 90 * 24 * 60 * 60;

const ttlOf = (at: Date) => Math.floor(at.getTime() / 1000) + notificationRetentionSeconds;

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A feed entry's id: shaped like a ULID whose time is the notification's `at` and whose random
 * part comes from the event, so the feed sorts by when things happened (not when the notifier
 * got to them, which the demo's back-dated history and a backlog would scramble), and the same
 * event always gives the same id. Entries written before collapsing are keyed by their event's
 * ULID, the same shape, so both sort together.
 */
export function feedIdOf(at: string, eventId: string): string {
  const time = Number.isFinite(Date.parse(at)) ? Date.parse(at) : 0;
  const random = /^[0-9A-HJKMNP-TV-Z]{26}$/.test(eventId)
    ? eventId.slice(10)
    : [...createHash('sha256').update(eventId).digest()]
        .slice(0, 16)
        .map((byte) => crockford[byte % 32])
        .join('');
  return `${encodeTime(time, 10)}${random}`;
}

interface Group {
  readonly feedId: string;
  readonly count: number;
  readonly firstAt: string;
  readonly shown: NewNotification;
}

const groupOf = (item: Record<string, unknown> | undefined): Group | undefined =>
  item ? (item as unknown as Group) : undefined;

/**
 * Writes a notification into the user's feed, once per event: repeats of one kind about one
 * record collapse into one entry, which shows the latest of them (`at`, title, body), counts them
 * and is unread again. One transaction: the event's marker (`E#`, whose condition makes a
 * redelivered event change nothing, so a notification already read stays read), the group
 * (`G#<kind>#<type>#<id>`, conditional on the entry it pointed at, so two writers cannot both
 * move it), the entry at its new place with its unread marker, and the old place's removal.
 * Resolves the entry as written, or undefined when the event was written before.
 */
export async function putNotification(
  db: Db,
  userId: string,
  notification: NewNotification,
  now: Date,
): Promise<Notification | undefined> {
  const ttl = ttlOf(now);
  const groupKey = notificationKeys.group(userId, notification.kind, notification.recordType, notification.recordId);
  for (let attempt = 0; ; attempt++) {
    const read = await send(() =>
      db.doc.send(new GetCommand({ TableName: db.tableName, Key: groupKey, ConsistentRead: true })),
    );
    const group = groupOf(read.Item);
    // A late event older than what the entry shows adds to the count but does not replace it.
    const newer = !group || notification.at >= group.shown.at;
    const shown = newer ? notification : (group as Group).shown;
    const feedId = newer ? feedIdOf(notification.at, notification.eventId) : (group as Group).feedId;
    const count = (group?.count ?? 0) + 1;
    const firstAt = group && group.firstAt < notification.at ? group.firstAt : notification.at;
    const { eventId: _event, ...display } = shown;
    const entry: Notification = {
      ...display,
      id: feedId,
      count,
      ...(count > 1 ? { firstAt } : {}),
    };
    const moved = group && group.feedId !== feedId ? group.feedId : undefined;
    try {
      await transactWrite(
        db,
        [
          {
            Put: {
              TableName: db.tableName,
              Item: {
                ...notificationKeys.received(userId, notification.eventId),
                entity: 'notification-received',
                ttl,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: db.tableName,
              Item: { ...groupKey, entity: 'notification-group', feedId, count, firstAt, shown, ttl },
              ...(group
                ? { ConditionExpression: 'feedId = :seen', ExpressionAttributeValues: { ':seen': group.feedId } }
                : { ConditionExpression: 'attribute_not_exists(pk)' }),
            },
          },
          ...(moved
            ? [
                { Delete: { TableName: db.tableName, Key: notificationKeys.item(userId, moved) } },
                { Delete: { TableName: db.tableName, Key: notificationKeys.unread(userId, moved) } },
              ]
            : []),
          {
            Put: {
              TableName: db.tableName,
              Item: { ...notificationKeys.item(userId, feedId), entity: 'notification', ...entry, ttl },
            },
          },
          {
            Put: {
              TableName: db.tableName,
              Item: { ...notificationKeys.unread(userId, feedId), entity: 'notification-unread', ttl },
            },
          },
        ],
        { onConditionFailed: (reasons) => new NotWritten(reasons[0] !== undefined) },
      );
      return entry;
    } catch (error) {
      if (!(error instanceof NotWritten)) throw error;
      if (error.duplicate) return undefined;
      // Another write moved the group between the read and this one: read it again.
      if (attempt >= 4) throw new Error('The notification group kept changing; the event is retried.');
    }
  }
}

class NotWritten extends Error {
  constructor(readonly duplicate: boolean) {
    super('notification not written');
  }
}

export async function wasMailed(db: Db, userId: string, eventId: string): Promise<boolean> {
  const result = await send(() =>
    db.doc.send(
      new GetCommand({ TableName: db.tableName, Key: notificationKeys.mailed(userId, eventId), ConsistentRead: true }),
    ),
  );
  return result.Item !== undefined;
}

export async function markMailed(db: Db, userId: string, eventId: string, now: Date): Promise<void> {
  await send(() =>
    db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...notificationKeys.mailed(userId, eventId), entity: 'notification-mailed', ttl: ttlOf(now) },
      }),
    ),
  );
}

/** A page of the user's feed, newest first. */
export async function listNotifications(
  db: Db,
  userId: string,
  options: { limit: number; cursor?: string | undefined },
): Promise<Page<Notification>> {
  const partition = notificationKeys.partition(userId);
  const page = await queryPage(db, {
    partition,
    // ULID-shaped ids only: an entry written before feed ids sorted by time under another id
    // (an import's `import-<job>`) would sit above everything else until it expires.
    keyCondition: 'pk = :pk AND sk BETWEEN :from AND :to',
    values: { ':pk': partition, ...feedRange(notificationKeys.itemPrefix) },
    newestFirst: true,
    limit: options.limit,
    cursor: options.cursor,
  });
  return { items: page.items.map((item) => notificationSchema.parse(item)), cursor: page.cursor };
}

/** The sort-key range of ULID-shaped ids under a prefix (ULIDs start with 0–7). */
function feedRange(prefix: string) {
  return { ':from': `${prefix}0`, ':to': `${prefix}8` };
}

/** How many of the user's notifications are unread: a count over the unread markers only. */
export async function countUnread(db: Db, userId: string): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await send(() =>
      db.doc.send(
        new QueryCommand({
          TableName: db.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': notificationKeys.partition(userId),
            ...feedRange(notificationKeys.unreadPrefix),
          },
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        }),
      ),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

/** The ids of the user's unread notifications. */
export async function listUnreadIds(db: Db, userId: string): Promise<string[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': notificationKeys.partition(userId),
      ...feedRange(notificationKeys.unreadPrefix),
    },
    ProjectionExpression: 'sk',
  });
  return items.map((item) => String(item.sk).slice(notificationKeys.unreadPrefix.length));
}

/**
 * Marks one notification read: its `readAt` and the removal of its unread marker, together. An
 * id that is not the user's, or already read, changes nothing.
 */
export async function markRead(db: Db, userId: string, eventId: string, now: Date): Promise<void> {
  try {
    await transactWrite(
      db,
      [
        {
          Update: {
            TableName: db.tableName,
            Key: notificationKeys.item(userId, eventId),
            UpdateExpression: 'SET readAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(readAt)',
            ExpressionAttributeValues: { ':at': now.toISOString() },
          },
        },
        { Delete: { TableName: db.tableName, Key: notificationKeys.unread(userId, eventId) } },
      ],
      { onConditionFailed: (reasons) => new NothingToMark(reasons) },
    );
  } catch (error) {
    if (error instanceof NothingToMark) {
      // A notification TTL already removed may leave its marker: drop that too.
      await send(() =>
        db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: notificationKeys.unread(userId, eventId) })),
      );
      return;
    }
    throw error;
  }
}

class NothingToMark extends Error {
  constructor(readonly reasons: (string | undefined)[]) {
    super('nothing to mark');
  }
}

export async function getPreferences(db: Db, userId: string): Promise<NotificationPreferences> {
  const result = await send(() =>
    db.doc.send(new GetCommand({ TableName: db.tableName, Key: notificationKeys.preferences(userId) })),
  );
  if (!result.Item) return defaultPreferences;
  // A kind added after the user chose gets its default; one since removed is dropped.
  const email = { ...defaultPreferences.email };
  const stored = (result.Item.email ?? {}) as Record<string, unknown>;
  for (const [kind, on] of Object.entries(stored)) {
    if (notificationKindSchema.safeParse(kind).success && typeof on === 'boolean')
      email[kind as keyof typeof email] = on;
  }
  return { email };
}

export async function putPreferences(db: Db, userId: string, preferences: NotificationPreferences, now: Date) {
  await send(() =>
    db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          ...notificationKeys.preferences(userId),
          entity: 'notification-preferences',
          ...preferences,
          updatedAt: now.toISOString(),
        },
      }),
    ),
  );
}

/** Turns one kind's e-mail off, whatever else the user chose: the unsubscribe link's write. */
export async function turnEmailOff(db: Db, userId: string, kind: string, now: Date): Promise<void> {
  const current = await getPreferences(db, userId);
  await putPreferences(db, userId, { email: { ...current.email, [kind]: false } }, now);
}
