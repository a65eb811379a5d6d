import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  defaultPreferences,
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

/**
 * Writes a notification and its unread marker, once: a second write for the same event and
 * recipient (a redelivered stream record) changes nothing, so a notification already read stays
 * read. Resolves whether this call wrote it.
 */
export async function putNotification(db: Db, userId: string, notification: Notification, now: Date) {
  const ttl = ttlOf(now);
  try {
    await transactWrite(
      db,
      [
        {
          Put: {
            TableName: db.tableName,
            Item: { ...notificationKeys.item(userId, notification.id), entity: 'notification', ...notification, ttl },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: db.tableName,
            Item: { ...notificationKeys.unread(userId, notification.id), entity: 'notification-unread', ttl },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      { onConditionFailed: () => new DuplicateNotification() },
    );
    return true;
  } catch (error) {
    if (error instanceof DuplicateNotification) return false;
    throw error;
  }
}

class DuplicateNotification extends Error {}

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
    keyCondition: 'pk = :pk AND begins_with(sk, :prefix)',
    values: { ':pk': partition, ':prefix': notificationKeys.itemPrefix },
    newestFirst: true,
    limit: options.limit,
    cursor: options.cursor,
  });
  return { items: page.items.map((item) => notificationSchema.parse(item)), cursor: page.cursor };
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
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': notificationKeys.partition(userId),
            ':prefix': notificationKeys.unreadPrefix,
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
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': notificationKeys.partition(userId), ':prefix': notificationKeys.unreadPrefix },
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
