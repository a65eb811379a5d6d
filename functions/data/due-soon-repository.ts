import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.ts';
import { eventPut } from './events.ts';
import { dueSoonKeys } from './keys.ts';
import { send, transactWrite } from './send.ts';

/** The records of a due-date queue whose due date lies between two instants (both included). */
export async function listDueBetween(
  db: Db,
  partition: string,
  from: Date,
  to: Date,
): Promise<{ id: string; dueAt: string }[]> {
  const due: { id: string; dueAt: string }[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await send(() =>
      db.doc.send(
        new QueryCommand({
          TableName: db.tableName,
          IndexName: 'byDueDate',
          KeyConditionExpression: 'duepk = :pk AND duesk BETWEEN :from AND :to',
          // `<dueAt>#<id>` sorts after a bare `<dueAt>`: one due exactly at `to` is included.
          ExpressionAttributeValues: {
            ':pk': partition,
            ':from': from.toISOString(),
            ':to': `${to.toISOString()}\uffff`,
          },
          ProjectionExpression: 'duesk',
          ExclusiveStartKey: startKey,
        }),
      ),
    );
    for (const item of page.Items ?? []) {
      const [dueAt = '', id = ''] = String(item.duesk).split('#');
      due.push({ id, dueAt });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return due;
}

/**
 * The due-soon event of one due date of a record and its marker, in one transaction, unless the
 * marker is there already. Resolves whether this call marked it.
 */
export async function markDueSoonOnce(
  db: Db,
  due: { recordType: string; recordPk: string; id: string; dueAt: string },
  now: Date,
): Promise<boolean> {
  const { recordType, recordPk, id, dueAt } = due;
  const marker = dueSoonKeys.marker(recordPk, dueAt);
  const existing = await send(() => db.doc.send(new GetCommand({ TableName: db.tableName, Key: marker })));
  if (existing.Item) return false;
  try {
    await transactWrite(
      db,
      [
        {
          Put: {
            TableName: db.tableName,
            // Kept a week past the due date, then TTL clears it.
            Item: { ...marker, entity: 'due-soon-marker', ttl: Math.floor(Date.parse(dueAt) / 1000) + 7 * 86_400 },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        eventPut(db, {
          recordType: recordType,
          recordId: id,
          recordPk,
          type: `${recordType}.due_soon`,
          actorId: 'system',
          at: now.toISOString(),
          before: null,
          after: { dueAt },
        }).item,
      ],
      { onConditionFailed: () => new AlreadyMarked() },
    );
    return true;
  } catch (error) {
    if (error instanceof AlreadyMarked) return false;
    throw error;
  }
}

class AlreadyMarked extends Error {}
