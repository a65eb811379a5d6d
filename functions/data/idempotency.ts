import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '#lib/zod.ts';
import type { Db } from './client.ts';
import { idempotencyKeys } from './keys.ts';
import { send, type TransactItem } from './send.ts';

/** What a creating request carries when it came with an `Idempotency-Key`. */
export interface IdempotencyToken {
  /** The caller and the operation: a key is only ever compared within one scope. */
  readonly scope: string;
  readonly key: string;
  /** A hash of the request body: the same key with another body is refused. */
  readonly requestHash: string;
  /**
   * The collection the created record's `Location` is under (`/api/referrals`), when the
   * answer has one: a replay must carry it too, and it is only known where the route is.
   */
  readonly location?: string | undefined;
}

const storedSchema = z.object({
  requestHash: z.string(),
  status: z.number().check(z.int()),
  /** The body as it was sent, byte for byte: a map in DynamoDB would not keep its keys' order. */
  text: z.optional(z.string()),
  headers: z.optional(z.record(z.string(), z.string())),
  /** Markers written before `text`: the body as a map. */
  body: z.optional(z.unknown()),
});

/** The first answer to a key, to be sent again as it was. */
export interface StoredResponse {
  readonly requestHash: string;
  readonly status: number;
  readonly text: string;
  readonly headers: Record<string, string>;
}

/** The headers a created record's answer carries: its version and, when it has one, its place. */
function answerHeaders(token: IdempotencyToken, body: unknown): Record<string, string> {
  const record = (body ?? {}) as { id?: unknown; version?: unknown };
  const headers: Record<string, string> = {};
  if (typeof record.version === 'number') headers.ETag = `"${record.version}"`;
  if (token.location !== undefined && typeof record.id === 'string')
    headers.Location = `${token.location}/${record.id}`;
  return headers;
}

/**
 * The partition of a token's marker. A record created with a key keeps it (`idempotencyPk`):
 * erasing the record's personal data erases the stored first answer too (`idempotencyErasure`).
 */
export function idempotencyPkOf(token: IdempotencyToken): string {
  return idempotencyKeys.of(token.scope, token.key).pk;
}

/** The write that forgets a stored first response (it holds the contact) on erasure. */
export function idempotencyErasure(db: Db, idempotencyPk: string): TransactItem {
  return { Delete: { TableName: db.tableName, Key: idempotencyKeys.ofPk(idempotencyPk) } };
}

/** How long a key is remembered. */
const retentionSeconds = 24 * 60 * 60;

/**
 * The marker that claims an idempotency key, with the response to replay. It goes into the
 * same transaction as the record it created, so a key is never claimed for a record that was
 * not written, and two requests with one key never both write.
 */
export function idempotencyPut(
  db: Db,
  token: IdempotencyToken,
  response: { status: number; body: unknown },
  now: Date,
): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: {
        ...idempotencyKeys.of(token.scope, token.key),
        entity: 'idempotency',
        requestHash: token.requestHash,
        status: response.status,
        text: JSON.stringify(response.body),
        headers: answerHeaders(token, response.body),
        ttl: Math.floor(now.getTime() / 1000) + retentionSeconds,
      },
      // An expired marker that TTL has not yet deleted no longer holds the key.
      ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
    },
  };
}

/**
 * The response stored under a key, if it is still remembered. DynamoDB's TTL deletes lazily, so
 * an expired marker is treated as gone.
 */
export async function findStoredResponse(
  db: Db,
  token: IdempotencyToken,
  now: Date,
): Promise<StoredResponse | undefined> {
  const result = await send(() =>
    db.doc.send(
      new GetCommand({
        TableName: db.tableName,
        Key: idempotencyKeys.of(token.scope, token.key),
        ConsistentRead: true,
      }),
    ),
  );
  if (!result.Item) return undefined;
  const ttl = result.Item.ttl;
  if (typeof ttl === 'number' && ttl < now.getTime() / 1000) return undefined;
  const stored = storedSchema.parse(result.Item);
  return {
    requestHash: stored.requestHash,
    status: stored.status,
    text: stored.text ?? JSON.stringify(stored.body),
    headers: stored.headers ?? answerHeaders({ ...token, location: undefined }, stored.body),
  };
}
