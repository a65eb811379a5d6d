import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { TimelineEvent } from '#domain/timeline/event.ts';
import type { Db } from './client.ts';
import { isConditionFailure } from './errors.ts';
import { leaderNoticeKeys } from './keys.ts';
import { send } from './send.ts';

/** Scheduled notices are kept a quarter, then DynamoDB's TTL removes them. */
const retentionSeconds = 92 * 24 * 60 * 60;

/**
 * Writes a scheduled notice as an `event` item under its own key, once: resolves false when
 * the key was written before (an earlier sweep raised it), so nobody hears of it twice.
 */
export async function raiseOnce(
  db: Db,
  key: { pk: string; sk: string },
  event: Omit<TimelineEvent, 'id' | 'actorId'>,
  now: Date,
): Promise<boolean> {
  try {
    await send(() =>
      db.doc.send(
        new PutCommand({
          TableName: db.tableName,
          Item: {
            ...key,
            entity: 'event',
            id: ulid(now.getTime()),
            actorId: 'system',
            ...event,
            ttl: Math.floor(now.getTime() / 1000) + retentionSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function wasChecked(db: Db, week: string): Promise<boolean> {
  const result = await send(() =>
    db.doc.send(new GetCommand({ TableName: db.tableName, Key: leaderNoticeKeys.checked(week), ConsistentRead: true })),
  );
  return result.Item !== undefined;
}

export async function markChecked(db: Db, week: string, now: Date): Promise<void> {
  await send(() =>
    db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          ...leaderNoticeKeys.checked(week),
          entity: 'warnings-checked',
          at: now.toISOString(),
          ttl: Math.floor(now.getTime() / 1000) + retentionSeconds,
        },
      }),
    ),
  );
}
