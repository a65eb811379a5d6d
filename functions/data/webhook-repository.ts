import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, IdempotencyKeyTakenError } from '#domain/errors.ts';
import {
  type DeliveryAttempt,
  type DeliveryView,
  deliverySchema,
  type WebhookRecord,
  webhookRecordSchema,
} from '#domain/webhooks/schemas.ts';
import * as z from '#lib/zod.ts';
import type { Db } from './client.ts';
import { isConditionFailure, staleVersion } from './errors.ts';
import { creationItems, eventPut, type RecordKind, replaceWithEvent } from './events.ts';
import { type IdempotencyToken, idempotencyPut } from './idempotency.ts';
import { webhookKeys } from './keys.ts';
import { type Page, queryAll, queryPage } from './pagination.ts';
import { getRecord, send, transactParts, transactWrite } from './send.ts';

/**
 * What an endpoint's timeline events hold: never a secret, and of the URL only its host (a
 * receiver's path often carries a token of its own).
 */
function eventView(record: WebhookRecord): Record<string, unknown> {
  return {
    host: new URL(record.url).host,
    events: record.events,
    enabled: record.enabled,
    ...(record.disabledReason ? { disabledReason: record.disabledReason } : {}),
    ...(record.previousSecretUntil ? { previousSecretUntil: record.previousSecretUntil } : {}),
  };
}

function toItem(record: WebhookRecord) {
  return {
    ...webhookKeys.byId(record.id),
    ...webhookKeys.all(record.createdAt, record.id),
    entity: 'webhook',
    ...record,
  };
}

const webhooks: RecordKind<WebhookRecord> = {
  recordType: 'webhook',
  pk: (record) => webhookKeys.byId(record.id).pk,
  toItem,
  eventView,
};

export async function getWebhook(db: Db, id: string): Promise<WebhookRecord | undefined> {
  return getRecord(db, webhookKeys.byId(id), webhookRecordSchema);
}

export async function createWebhook(
  db: Db,
  record: WebhookRecord,
  answer: unknown,
  idempotency: IdempotencyToken | undefined,
): Promise<void> {
  await transactParts(
    db,
    {
      record: creationItems(db, webhooks, record, { type: 'webhook.created', actorId: record.createdBy }),
      idempotency: idempotency
        ? [idempotencyPut(db, idempotency, { status: 201, body: answer }, new Date(record.createdAt))]
        : [],
    },
    {
      onConditionFailed: (failed) =>
        failed.idempotency.some(Boolean)
          ? new IdempotencyKeyTakenError()
          : new ConflictError('The webhook exists already.'),
    },
  );
}

/** A leader's change (or the dispatcher's disabling): the record at its version, and its event. */
export async function replaceWebhook(
  db: Db,
  before: WebhookRecord,
  after: WebhookRecord,
  actorId: string,
  eventType: string,
): Promise<WebhookRecord> {
  return replaceWithEvent(db, webhooks, before, after, { type: eventType, actorId });
}

/** The endpoint goes; its deliveries stay in its partition (they expire) and are never attempted again. */
export async function deleteWebhook(db: Db, before: WebhookRecord, actorId: string, at: string): Promise<void> {
  await transactWrite(
    db,
    [
      {
        Delete: {
          TableName: db.tableName,
          Key: webhookKeys.byId(before.id),
          ConditionExpression: 'attribute_exists(pk) AND version = :expected',
          ExpressionAttributeValues: { ':expected': before.version },
        },
      },
      eventPut(db, {
        recordType: 'webhook',
        recordId: before.id,
        recordPk: webhookKeys.byId(before.id).pk,
        type: 'webhook.deleted',
        actorId,
        at,
        before: eventView(before),
        after: null,
      }).item,
    ],
    { onConditionFailed: () => staleVersion('webhook') },
  );
}

export async function listWebhooks(
  db: Db,
  options: { limit: number; cursor?: string | undefined },
): Promise<Page<WebhookRecord>> {
  const page = await queryPage(db, {
    indexName: 'byCollection',
    partition: webhookKeys.allPartition,
    keyCondition: 'gsi1pk = :pk',
    values: { ':pk': webhookKeys.allPartition },
    newestFirst: true,
    limit: options.limit,
    cursor: options.cursor,
  });
  return { items: page.items.map((item) => webhookRecordSchema.parse(item)), cursor: page.cursor };
}

/** Every endpoint: a handful per organisation, read once per event to find the subscribers. */
export async function allWebhooks(db: Db): Promise<WebhookRecord[]> {
  const items = await queryAll(db, {
    IndexName: 'byCollection',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': webhookKeys.allPartition },
  });
  return items.map((item) => webhookRecordSchema.parse(item));
}

/** A delivery as stored: its view, the exact body every attempt sends, and when it was first tried. */
export const storedDeliverySchema = z.extend(deliverySchema, {
  body: z.string(),
  eventAt: z.string(),
  firstAttemptAt: z.optional(z.string()),
  duesk: z.optional(z.string()),
  gsi2sk: z.optional(z.string()),
});
export type StoredDelivery = z.infer<typeof storedDeliverySchema>;

export function deliveryView(stored: StoredDelivery): DeliveryView {
  const { body: _body, eventAt: _at, firstAttemptAt: _first, duesk: _duesk, gsi2sk: _lane, ...view } = stored;
  return deliverySchema.parse(view);
}

/** Deliveries are kept a month for the log, then DynamoDB's TTL removes them. */
const deliveryRetentionSeconds = 30 * 24 * 60 * 60;

/**
 * Enqueues one delivery, due now; false when it was enqueued before (the same event handled
 * twice), so a replayed stream record sends nothing twice.
 */
export async function putDelivery(
  db: Db,
  delivery: Omit<StoredDelivery, 'duesk' | 'gsi2sk'> & { nextAttemptAt: string },
): Promise<boolean> {
  try {
    await send(() =>
      db.doc.send(
        new PutCommand({
          TableName: db.tableName,
          Item: {
            ...webhookKeys.delivery(delivery.webhookId, delivery.eventId),
            ...webhookKeys.due(delivery.nextAttemptAt, delivery.webhookId, delivery.eventId),
            ...webhookKeys.lane(
              delivery.webhookId,
              delivery.recordType,
              delivery.recordId,
              delivery.eventAt,
              delivery.eventId,
            ),
            entity: 'webhook-delivery',
            ...delivery,
            ttl: Math.floor(new Date(delivery.createdAt).getTime() / 1000) + deliveryRetentionSeconds,
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

export async function getDelivery(db: Db, webhookId: string, eventId: string): Promise<StoredDelivery | undefined> {
  const result = await send(() =>
    db.doc.send(
      new GetCommand({ TableName: db.tableName, Key: webhookKeys.delivery(webhookId, eventId), ConsistentRead: true }),
    ),
  );
  return result.Item ? storedDeliverySchema.parse(result.Item) : undefined;
}

export async function listDeliveries(
  db: Db,
  webhookId: string,
  options: { limit: number; cursor?: string | undefined },
): Promise<Page<DeliveryView>> {
  const { pk } = webhookKeys.byId(webhookId);
  const page = await queryPage(db, {
    partition: pk,
    keyCondition: 'pk = :pk AND begins_with(sk, :prefix)',
    values: { ':pk': pk, ':prefix': webhookKeys.deliveryPrefix },
    newestFirst: true,
    limit: options.limit,
    cursor: options.cursor,
  });
  return { items: page.items.map((item) => deliveryView(storedDeliverySchema.parse(item))), cursor: page.cursor };
}

/** Pending deliveries due at or before `now`, the most overdue first: one Query on the due index. */
export async function dueDeliveries(db: Db, now: Date, limit: number): Promise<StoredDelivery[]> {
  const result = await send(() =>
    db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: 'byDueDate',
        KeyConditionExpression: 'duepk = :pk AND duesk <= :until',
        ExpressionAttributeValues: { ':pk': webhookKeys.duePartition, ':until': `${now.toISOString()}#~` },
        Limit: limit,
      }),
    ),
  );
  return (result.Items ?? []).map((item) => storedDeliverySchema.parse(item));
}

/**
 * Moves a pending delivery's due time, if it is still where it was seen: a claim (the lease
 * while a dispatcher holds it, after which it is due again if the attempt never reported), or a
 * wait behind an earlier delivery of its record. False when another dispatcher moved it first.
 */
export async function moveDue(db: Db, delivery: StoredDelivery, dueAt: string, seen = true): Promise<boolean> {
  const due = webhookKeys.due(dueAt, delivery.webhookId, delivery.eventId);
  try {
    await send(() =>
      db.doc.send(
        new UpdateCommand({
          TableName: db.tableName,
          Key: webhookKeys.delivery(delivery.webhookId, delivery.eventId),
          UpdateExpression: 'SET duesk = :due',
          ConditionExpression: seen ? '#status = :pending AND duesk = :seen' : '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':due': due.duesk,
            ':pending': 'pending',
            ...(seen ? { ':seen': delivery.duesk } : {}),
          },
        }),
      ),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The first pending delivery of a lane (an endpoint and a record), in event order. */
export async function laneHead(db: Db, delivery: StoredDelivery): Promise<StoredDelivery | undefined> {
  const partition = webhookKeys.lanePartition(delivery.webhookId, delivery.recordType, delivery.recordId);
  const result = await send(() =>
    db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: 'byParty',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        Limit: 2,
      }),
    ),
  );
  // The index lags the table: a delivery just finished may still be listed; its own item says.
  for (const item of result.Items ?? []) {
    const candidate = storedDeliverySchema.parse(item);
    if (candidate.eventId === delivery.eventId) return candidate;
    const fresh = await getDelivery(db, candidate.webhookId, candidate.eventId);
    if (fresh?.status === 'pending') return fresh;
  }
  return undefined;
}

/** The next pending delivery of a lane after `delivery`, if any. */
export async function laneNext(db: Db, delivery: StoredDelivery): Promise<StoredDelivery | undefined> {
  const partition = webhookKeys.lanePartition(delivery.webhookId, delivery.recordType, delivery.recordId);
  const result = await send(() =>
    db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: 'byParty',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk > :after',
        ExpressionAttributeValues: { ':pk': partition, ':after': `${delivery.eventAt}#${delivery.eventId}` },
        Limit: 1,
      }),
    ),
  );
  const [item] = result.Items ?? [];
  return item ? getDelivery(db, String(item.webhookId), String(item.eventId)) : undefined;
}

/**
 * Records an attempt: appended to the log, and the delivery pending again (due at
 * `nextAttemptAt`) or finished. Conditional on the number of attempts seen, so a duplicate
 * queue message cannot record one attempt twice.
 */
export async function recordAttempt(
  db: Db,
  delivery: StoredDelivery,
  attempt: DeliveryAttempt,
  outcome: { status: 'pending' | 'succeeded' | 'failed'; nextAttemptAt?: string | undefined },
): Promise<boolean> {
  const pending = outcome.status === 'pending' && outcome.nextAttemptAt;
  const sets = [
    'attempts = list_append(attempts, :attempt)',
    '#status = :status',
    'firstAttemptAt = if_not_exists(firstAttemptAt, :at)',
  ];
  const removes: string[] = [];
  const values: Record<string, unknown> = {
    ':attempt': [attempt],
    ':status': outcome.status,
    ':at': attempt.at,
    ':count': delivery.attempts.length,
  };
  if (pending) {
    sets.push('nextAttemptAt = :next', 'duesk = :due');
    values[':next'] = outcome.nextAttemptAt;
    values[':due'] = webhookKeys.due(outcome.nextAttemptAt as string, delivery.webhookId, delivery.eventId).duesk;
  } else {
    removes.push('nextAttemptAt', 'duepk', 'duesk', 'gsi2pk', 'gsi2sk');
  }
  try {
    await send(() =>
      db.doc.send(
        new UpdateCommand({
          TableName: db.tableName,
          Key: webhookKeys.delivery(delivery.webhookId, delivery.eventId),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: '#status = :pending AND size(attempts) = :count',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ...values, ':pending': 'pending' },
        }),
      ),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Finishes a delivery without an attempt: its endpoint was deleted or disabled. */
export async function abandonDelivery(db: Db, delivery: StoredDelivery, reason: string, at: string): Promise<void> {
  await recordAttempt(db, delivery, { at, error: reason, durationMs: 0 }, { status: 'failed' });
}

/**
 * The endpoint's health, beside its versioned fields (a leader's If-Match is not made stale by
 * deliveries): when its current run of failures began, cleared by any success.
 */
export async function markEndpointHealth(db: Db, webhookId: string, failingSince: string | null): Promise<void> {
  try {
    await send(() =>
      db.doc.send(
        new UpdateCommand({
          TableName: db.tableName,
          Key: webhookKeys.byId(webhookId),
          ...(failingSince === null
            ? { UpdateExpression: 'REMOVE failingSince', ConditionExpression: 'attribute_exists(failingSince)' }
            : {
                UpdateExpression: 'SET failingSince = :since',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(failingSince)',
                ExpressionAttributeValues: { ':since': failingSince },
              }),
        }),
      ),
    );
  } catch (error) {
    // Already so, or the endpoint was deleted meanwhile: nothing to change.
    if (!isConditionFailure(error)) throw error;
  }
}
