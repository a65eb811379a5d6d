import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { TimelineEvent } from '#domain/timeline/event.ts';
import type { Db } from './client.ts';
import { isConditionFailure } from './errors.ts';
import { dueSoonKeys } from './keys.ts';
import { queryAll } from './pagination.ts';
import { send } from './send.ts';

/** The records of a due-date queue whose due date lies between two instants (both included). */
export async function listDueBetween(
  db: Db,
  partition: string,
  from: Date,
  to: Date,
): Promise<{ id: string; dueAt: string }[]> {
  const items = await queryAll(db, {
    IndexName: 'byDueDate',
    KeyConditionExpression: 'duepk = :pk AND duesk BETWEEN :from AND :to',
    // `<dueAt>#<id>` sorts after a bare `<dueAt>`: one due exactly at `to` is included.
    ExpressionAttributeValues: { ':pk': partition, ':from': from.toISOString(), ':to': `${to.toISOString()}\uffff` },
    ProjectionExpression: 'duesk',
  });
  return items.map((item) => {
    const [dueAt = '', id = ''] = String(item.duesk).split('#');
    return { id, dueAt };
  });
}

/**
 * The due-soon event of one due date of a record, once: an `event` item, so the stream's
 * consumers (the notifier) react to it as to any other, but kept under `DUE_SOON#<dueAt>`
 * rather than `EVENT#`, so it never enters the record's timeline: nothing about the record
 * changed. The key is the marker: a second sweep finds it and writes nothing. Resolves whether
 * this call wrote it.
 */
export async function markDueSoonOnce(
  db: Db,
  due: { recordType: string; recordPk: string; id: string; dueAt: string },
  now: Date,
): Promise<boolean> {
  const { recordType, recordPk, id, dueAt } = due;
  const key = dueSoonKeys.marker(recordPk, dueAt);
  const existing = await send(() => db.doc.send(new GetCommand({ TableName: db.tableName, Key: key })));
  if (existing.Item) return false;
  const event: TimelineEvent = {
    id: ulid(now.getTime()),
    recordType,
    recordId: id,
    type: `${recordType}.due_soon`,
    actorId: 'system',
    at: now.toISOString(),
    before: null,
    after: { dueAt },
  };
  try {
    await send(() =>
      db.doc.send(
        new PutCommand({
          TableName: db.tableName,
          // Kept a week past the due date, then TTL clears it.
          Item: { ...key, entity: 'event', ...event, ttl: Math.floor(Date.parse(dueAt) / 1000) + 7 * 86_400 },
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
