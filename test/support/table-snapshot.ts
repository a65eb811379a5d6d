import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '#data/client.ts';

/**
 * The whole table, read for a test: every item, every attribute, sorted by key, so two
 * snapshots compare with `toEqual`. A Scan is fine here; no request path ever scans.
 */
export type TableSnapshot = Record<string, unknown>[];

export async function snapshotTable(db: Db): Promise<TableSnapshot> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(
      new ScanCommand({ TableName: db.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const key = (item: Record<string, unknown>) => `${String(item.pk)}\u0000${String(item.sk)}`;
  return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * What changed between two snapshots, as keys: enough for a failure message to say which
 * items a request that should have written nothing added, removed or changed.
 */
export function tableDifference(
  before: TableSnapshot,
  after: TableSnapshot,
): { added: string[]; removed: string[]; changed: string[] } {
  const index = (snapshot: TableSnapshot) =>
    new Map(snapshot.map((item) => [`${String(item.pk)} ${String(item.sk)}`, JSON.stringify(item)]));
  const was = index(before);
  const is = index(after);
  return {
    added: [...is.keys()].filter((key) => !was.has(key)),
    removed: [...was.keys()].filter((key) => !is.has(key)),
    changed: [...is.keys()].filter((key) => was.has(key) && was.get(key) !== is.get(key)),
  };
}

/** A record's timeline items, straight from its partition (sk begins with EVENT#). */
export async function eventItemsOf(db: Db, pk: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
        ExpressionAttributeValues: { ':pk': pk, ':events': 'EVENT#' },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/**
 * How many items the table holds: a cheaper check than a whole snapshot, for between two
 * snapshots (every write this application makes adds at least an event item).
 */
export async function countItems(db: Db): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(
      new ScanCommand({ TableName: db.tableName, Select: 'COUNT', ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}
