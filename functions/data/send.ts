import { setTimeout as sleep } from 'node:timers/promises';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AppError } from '#domain/errors.ts';
import type { Db } from './client.ts';
import { cancellationReasons, isTransactionConflict, mapInfrastructureError } from './errors.ts';

/**
 * Every DynamoDB call goes through here (`send(() => db.doc.send(command))`), so that
 * throttling and an unreachable database mean the same thing to a client wherever they happen.
 */
export async function send<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw mapInfrastructureError(error) ?? error;
  }
}

/** One record by its key, read consistently (a change may just have written it), as its schema parses it. */
export async function getRecord<T>(
  db: Db,
  key: Record<string, string>,
  schema: { parse: (item: unknown) => T },
): Promise<T | undefined> {
  const result = await send(() =>
    db.doc.send(new GetCommand({ TableName: db.tableName, Key: key, ConsistentRead: true })),
  );
  return result.Item ? schema.parse(result.Item) : undefined;
}

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface TransactOptions {
  /**
   * Called when the transaction was cancelled because a condition failed; gets the failed
   * reason per item (undefined where the item was fine) and returns the error to throw.
   */
  readonly onConditionFailed: (reasons: (string | undefined)[]) => AppError | Error;
  /** How often to try again when another transaction touched the same items. */
  readonly conflictRetries?: number;
}

/**
 * One `TransactWriteItems`: a record, its event and its uniqueness markers, all or nothing.
 * DynamoDB cancels a transaction that races another on the same item (`TransactionConflict`);
 * those are retried with jittered backoff, a failed condition never is.
 */
export async function transactWrite(db: Db, items: TransactItem[], options: TransactOptions): Promise<void> {
  const retries = options.conflictRetries ?? 3;
  for (let attempt = 0; ; attempt++) {
    try {
      await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons.includes('ConditionalCheckFailed')) throw options.onConditionFailed(reasons);
      if (isTransactionConflict(error) && attempt < retries) {
        await sleep(20 * 2 ** attempt + Math.random() * 20);
        continue;
      }
      throw mapInfrastructureError(error) ?? error;
    }
  }
}

/** Per named part of a transaction, which of its items' conditions failed. */
export type FailedParts<P extends string> = { readonly [K in P]: readonly boolean[] };

/**
 * One transaction of named parts (the record, its locks, its idempotency marker, …). DynamoDB
 * answers a cancellation with one reason per item of the flattened list; here each reason is read
 * back by the part it came from, so that no caller counts positions in a list built elsewhere.
 */
export async function transactParts<P extends string>(
  db: Db,
  parts: { readonly [K in P]: readonly TransactItem[] },
  options: {
    readonly onConditionFailed: (failed: FailedParts<P>) => AppError | Error;
    readonly conflictRetries?: number;
  },
): Promise<void> {
  const names = Object.keys(parts) as P[];
  await transactWrite(
    db,
    names.flatMap((name) => parts[name]),
    {
      ...options,
      onConditionFailed: (reasons) => {
        const failed = {} as { [K in P]: boolean[] };
        let offset = 0;
        for (const name of names) {
          failed[name] = parts[name].map((_, index) => reasons[offset + index] !== undefined);
          offset += parts[name].length;
        }
        return options.onConditionFailed(failed);
      },
    },
  );
}
