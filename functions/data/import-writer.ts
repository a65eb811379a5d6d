import { BatchGetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#domain/errors.ts';
import { logger } from '#lib/logger.ts';
import type { Db } from './client.ts';
import { queryAll } from './pagination.ts';
import { send, type TransactItem, transactWrite } from './send.ts';

/** DynamoDB's limit on the items of one TransactWriteItems. */
export const maxTransactItems = 100;

/**
 * Groups each record's writes (its item, its event, its markers: never split) into
 * transactions of at most 100 items.
 */
export function chunkWrites(records: readonly TransactItem[][]): TransactItem[][] {
  const chunks: TransactItem[][] = [];
  let current: TransactItem[] = [];
  for (const writes of records) {
    if (writes.length > maxTransactItems) throw new RangeError('One record needs more than 100 writes.');
    if (current.length + writes.length > maxTransactItems) {
      chunks.push(current);
      current = [];
    }
    current.push(...writes);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function keyOf(item: TransactItem): { pk: string; sk: string } | undefined {
  const put = item.Put?.Item as { pk?: unknown; sk?: unknown } | undefined;
  return put && typeof put.pk === 'string' && typeof put.sk === 'string' ? { pk: put.pk, sk: put.sk } : undefined;
}

/**
 * Writes many new records all or nothing. Each transaction (≤ 100 items) commits whole; every
 * put is conditional on its item not existing, so a later transaction that fails (a marker
 * claimed meanwhile, the database away) fails before it writes, and the items the earlier
 * transactions put are then deleted again, in transactions of their own (the ids are this
 * import's fresh ULIDs and markers it claimed, so nobody else wrote them). Between the first commit and that undo, readers may
 * briefly see part of the import; after it, nothing of it remains.
 */
export async function writeAllOrNothing(db: Db, records: readonly TransactItem[][]): Promise<void> {
  const chunks = chunkWrites(records);
  const written: TransactItem[][] = [];
  try {
    for (const chunk of chunks) {
      await transactWrite(db, chunk, {
        onConditionFailed: () =>
          new ConflictError(
            'Another change claimed a name, e-mail address or key this import needs: nothing was imported.',
          ),
      });
      written.push(chunk);
    }
  } catch (error) {
    await undo(db, written);
    throw error;
  }
}

/** Deletes what the committed transactions put: the compensation of a failed import. */
async function undo(db: Db, written: readonly TransactItem[][]): Promise<void> {
  for (const chunk of written) {
    const deletes = chunk.flatMap((item): TransactItem[] => {
      const key = keyOf(item);
      return key ? [{ Delete: { TableName: db.tableName, Key: key } }] : [];
    });
    try {
      await send(() => db.doc.send(new TransactWriteCommand({ TransactItems: deletes })));
    } catch (error) {
      // Left for an operator: the log names the keys (ids only, never personal data) to delete.
      // Only records' own items are named: marker keys hold e-mail addresses and company names.
      const records = deletes.map((item) => item.Delete?.Key).filter((key) => key && !String(key.sk).includes('#'));
      logger.error('import undo failed', {
        records: records.map((key) => `${key?.pk}`).filter((pk) => !pk.includes('@') && !pk.includes('_')),
      });
      throw error;
    }
  }
}

/** Which of these keys name an item (uniqueness markers an import would claim): by `pk`. */
export async function existingKeys(db: Db, keys: readonly { pk: string; sk: string }[]): Promise<Set<string>> {
  const found = new Set<string>();
  const unique = [...new Map(keys.map((key) => [key.pk, key])).values()];
  for (let start = 0; start < unique.length; start += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
      [db.tableName]: { Keys: unique.slice(start, start + 100), ConsistentRead: true },
    };
    // BatchGetItem may answer part of a batch and hand back the rest: ask again until none is left.
    for (let attempt = 0; request && Object.keys(request).length > 0 && attempt < 10; attempt++) {
      const result = await send(() =>
        db.doc.send(new BatchGetCommand({ RequestItems: request as NonNullable<typeof request> })),
      );
      for (const item of result.Responses?.[db.tableName] ?? []) found.add(String(item.pk));
      request = result.UnprocessedKeys as typeof request;
    }
  }
  return found;
}

/** Every item of a directory collection (teams, partner organisations), inactive ones too: small by nature. */
export async function readCollection(db: Db, partition: string): Promise<Record<string, unknown>[]> {
  return queryAll(db, {
    IndexName: 'byCollection',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': partition },
  });
}
