import { setTimeout as sleep } from 'node:timers/promises';
import { BatchGetCommand, DeleteCommand, PutCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AggregateKey,
  type AggregateValues,
  type Family,
  families,
  type Member,
  scoredEntities,
  zeroValues,
} from '#domain/scorecard/derive.ts';
import { bucketCount } from '#domain/scorecard/histogram.ts';
import type { Db } from './client.ts';
import { cancellationReasons, isTransactionConflict, mapInfrastructureError } from './errors.ts';
import { aggregateKeys } from './keys.ts';
import { type Page, queryAll, queryPage } from './pagination.ts';
import { send, type TransactItem } from './send.ts';

export type AggregateEntry = AggregateKey & { values: AggregateValues };

/** How long a dedup marker outlives its stream record: streams keep records for 24 hours. */
export const dedupTtlSeconds = 7 * 24 * 60 * 60;
/** A transaction holds at most 100 items: the marker and 99 counter updates and member writes. */
const updatesPerTransaction = 99;

/** The member items one stream record puts and removes (the drill-down's index). */
export interface MemberChanges {
  readonly put: readonly Member[];
  readonly remove: readonly Member[];
}

const noMemberChanges: MemberChanges = { put: [], remove: [] };

function memberItem(member: Member): Record<string, unknown> {
  return {
    ...aggregateKeys.member(member),
    entity: 'aggregate-member',
    family: member.family,
    period: member.period,
    figure: member.figure,
    recordType: member.recordType,
    recordId: member.recordId,
    at: member.at,
    dimensions: [...member.dimensions],
    ...(member.outcome ? { outcome: member.outcome } : {}),
    ...(member.value !== undefined ? { value: member.value } : {}),
  };
}

function memberWrites(db: Db, changes: MemberChanges): TransactItem[] {
  return [
    ...changes.put.map((member): TransactItem => ({ Put: { TableName: db.tableName, Item: memberItem(member) } })),
    ...changes.remove.map(
      (member): TransactItem => ({ Delete: { TableName: db.tableName, Key: aggregateKeys.member(member) } }),
    ),
  ];
}

const bucketAttribute = (index: number) => `b${index}`;

function updateOf(db: Db, entry: AggregateEntry): TransactItem {
  const names: Record<string, string> = {
    '#entity': 'entity',
    '#family': 'family',
    '#period': 'period',
    '#figure': 'figure',
    '#dimension': 'dimension',
  };
  const values: Record<string, unknown> = {
    ':entity': 'aggregate',
    ':family': entry.family,
    ':period': entry.period,
    ':figure': entry.figure,
    ':dimension': entry.dimension,
  };
  const additions: string[] = [];
  const add = (attribute: string, amount: number) => {
    if (amount === 0) return;
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = amount;
    additions.push(`#${attribute} :${attribute}`);
  };
  add('count', entry.values.count);
  add('n', entry.values.n);
  add('sum', entry.values.sum);
  for (const [index, amount] of entry.values.buckets.entries()) add(bucketAttribute(index), amount);
  return {
    Update: {
      TableName: db.tableName,
      Key: aggregateKeys.item(entry),
      UpdateExpression: `SET #entity = :entity, #family = :family, #period = :period, #figure = :figure, #dimension = :dimension${
        additions.length ? ` ADD ${additions.join(', ')}` : ''
      }`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * Applies one stream record's changes to the aggregates and their members, exactly once: each
 * transaction puts a dedup marker (conditional on its absence, with a TTL) beside the counter
 * updates and member writes, so a second delivery of the record fails the condition and
 * changes nothing. Returns how many of its transactions were duplicates.
 */
export async function applyAggregateDelta(
  db: Db,
  recordId: string,
  entries: readonly AggregateEntry[],
  now: Date,
  members: MemberChanges = noMemberChanges,
): Promise<{ applied: number; duplicates: number }> {
  let applied = 0;
  let duplicates = 0;
  const expiresAt = Math.floor(now.getTime() / 1000) + dedupTtlSeconds;
  const writes = [...entries.map((entry) => updateOf(db, entry)), ...memberWrites(db, members)];
  for (let start = 0, part = 0; start < writes.length; start += updatesPerTransaction, part++) {
    const markerId = part === 0 ? recordId : `${recordId}#${part}`;
    const items: TransactItem[] = [
      {
        Put: {
          TableName: db.tableName,
          Item: { ...aggregateKeys.dedup(markerId), entity: 'aggregate-dedup', ttl: expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...writes.slice(start, start + updatesPerTransaction),
    ];
    // Shards are processed side by side and share the `all` counters: a transaction that races
    // another on them is cancelled (TransactionConflict) and tried again; a duplicate never is.
    for (let attempt = 0; ; attempt++) {
      try {
        await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
        applied++;
        break;
      } catch (error) {
        if (cancellationReasons(error)[0] === 'ConditionalCheckFailed') {
          duplicates++;
          break;
        }
        if (isTransactionConflict(error) && attempt < 4) {
          await sleep(20 * 2 ** attempt + Math.random() * 20);
          continue;
        }
        throw mapInfrastructureError(error) ?? error;
      }
    }
  }
  return { applied, duplicates };
}

function entryOf(item: Record<string, unknown>): AggregateEntry | undefined {
  if (item.entity !== 'aggregate') return undefined;
  const family = item.family as Family;
  if (!families.includes(family)) return undefined;
  const values = zeroValues();
  values.count = Number(item.count ?? 0);
  values.n = Number(item.n ?? 0);
  values.sum = Number(item.sum ?? 0);
  for (let index = 0; index < bucketCount; index++) values.buckets[index] = Number(item[bucketAttribute(index)] ?? 0);
  return {
    family,
    period: String(item.period),
    figure: String(item.figure),
    dimension: String(item.dimension),
    values,
  };
}

/**
 * A family's aggregates from `fromPeriod` on (weeks sort before `current`): one Query, paged
 * only when the family's items for the range exceed 1 MB. Its cost depends on the weeks and
 * the dimensions (teams, partners), never on how many records there are.
 */
export async function queryAggregates(db: Db, family: Family, fromPeriod: string): Promise<AggregateEntry[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk AND sk >= :from',
    ExpressionAttributeValues: { ':pk': aggregateKeys.partition(family), ':from': fromPeriod },
  });
  return items.map(entryOf).filter((entry): entry is AggregateEntry => entry !== undefined);
}

/** Every aggregate of every family (reconcile). */
export async function listAllAggregates(db: Db): Promise<AggregateEntry[]> {
  const all: AggregateEntry[] = [];
  // Every period sorts after '0': ISO weeks (`2026-W47`) and `current`.
  for (const family of families) all.push(...(await queryAggregates(db, family, '0')));
  return all;
}

/**
 * Every item the scorecard has rules for, page by page: a Scan, for the reconcile tool only
 * (no request path scans).
 */
export async function scanScoredItems(db: Db, onPage: (items: Record<string, unknown>[]) => void): Promise<void> {
  let startKey: Record<string, unknown> | undefined;
  const names = Object.fromEntries(scoredEntities.map((entity, index) => [`:e${index}`, entity]));
  do {
    const page = await send(() =>
      db.doc.send(
        new ScanCommand({
          TableName: db.tableName,
          FilterExpression: `#entity IN (${Object.keys(names).join(', ')})`,
          ExpressionAttributeNames: { '#entity': 'entity' },
          ExpressionAttributeValues: names,
          ExclusiveStartKey: startKey,
        }),
      ),
    );
    onPage(page.Items ?? []);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** Overwrites one aggregate with recomputed values (reconcile --fix). */
export async function putAggregate(db: Db, entry: AggregateEntry): Promise<void> {
  const buckets = Object.fromEntries(entry.values.buckets.map((count, index) => [bucketAttribute(index), count]));
  await send(() =>
    db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          ...aggregateKeys.item(entry),
          entity: 'aggregate',
          family: entry.family,
          period: entry.period,
          figure: entry.figure,
          dimension: entry.dimension,
          count: entry.values.count,
          n: entry.values.n,
          sum: entry.values.sum,
          ...buckets,
        },
      }),
    ),
  );
}

function memberOf(item: Record<string, unknown>): Member | undefined {
  if (item.entity !== 'aggregate-member') return undefined;
  const family = item.family as Family;
  if (!families.includes(family)) return undefined;
  return {
    family,
    period: String(item.period),
    figure: String(item.figure),
    key: String(item.sk),
    recordType: String(item.recordType),
    recordId: String(item.recordId),
    at: String(item.at),
    dimensions: Array.isArray(item.dimensions) ? item.dimensions.map(String) : [],
    ...(item.outcome === 'met' || item.outcome === 'missed' ? { outcome: item.outcome } : {}),
    ...(item.value !== undefined ? { value: Number(item.value) } : {}),
  };
}

/** Every member item (reconcile only: a Scan). */
export async function scanMembers(db: Db): Promise<Member[]> {
  const members: Member[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await send(() =>
      db.doc.send(
        new ScanCommand({
          TableName: db.tableName,
          FilterExpression: '#entity = :member',
          ExpressionAttributeNames: { '#entity': 'entity' },
          ExpressionAttributeValues: { ':member': 'aggregate-member' },
          ExclusiveStartKey: startKey,
        }),
      ),
    );
    for (const item of page.Items ?? []) {
      const member = memberOf(item);
      if (member) members.push(member);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return members;
}

/** Writes or removes one member item (reconcile --fix). */
export async function putMember(db: Db, member: Member): Promise<void> {
  await send(() => db.doc.send(new PutCommand({ TableName: db.tableName, Item: memberItem(member) })));
}

export async function deleteMember(db: Db, member: Member): Promise<void> {
  await send(() => db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: aggregateKeys.member(member) })));
}

/**
 * One page of the members of a stored figure in a period, by Query on its partition, those
 * that count under every one of `dimensions` (a filter on the item's list of dimensions).
 */
export async function queryMembers(
  db: Db,
  partition: { family: string; period: string; figure: string },
  dimensions: readonly string[],
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<Member>> {
  const pk = aggregateKeys.memberPartition(partition.family, partition.period, partition.figure);
  const values: Record<string, unknown> = { ':pk': pk };
  dimensions.forEach((dimension, index) => {
    values[`:d${index}`] = dimension;
  });
  const result = await queryPage(db, {
    partition: pk,
    keyCondition: 'pk = :pk',
    names: dimensions.length > 0 ? { '#dimensions': 'dimensions' } : undefined,
    values,
    filter:
      dimensions.length > 0
        ? dimensions.map((_, index) => `contains(#dimensions, :d${index})`).join(' AND ')
        : undefined,
    limit: page.limit,
    cursor: page.cursor,
  });
  return {
    items: result.items.map(memberOf).filter((member): member is Member => member !== undefined),
    cursor: result.cursor,
  };
}

/** Every member of a stored figure in a period under `dimensions`: `queryMembers`, page after page. */
export async function queryAllMembers(
  db: Db,
  partition: { family: string; period: string; figure: string },
  dimensions: readonly string[],
): Promise<Member[]> {
  const members: Member[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryMembers(db, partition, dimensions, { limit: 100, cursor });
    members.push(...page.items);
    cursor = page.cursor ?? undefined;
  } while (cursor);
  return members;
}

/** The items of records by key (those that exist), read with a projection of `attributes`. */
export async function getRecordItems(
  db: Db,
  keys: readonly { pk: string; sk: string }[],
  attributes: readonly string[],
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  const names = Object.fromEntries(attributes.map((attribute, index) => [`#a${index}`, attribute]));
  const projection = Object.keys(names).join(', ');
  for (let start = 0; start < keys.length; start += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(start, start + 100);
    // A batch may leave keys unprocessed under load: ask again for those.
    for (let attempt = 0; pending && pending.length > 0 && attempt < 5; attempt++) {
      const request: Record<string, unknown>[] = pending;
      const result = await send(() =>
        db.doc.send(
          new BatchGetCommand({
            RequestItems: {
              [db.tableName]: { Keys: request, ProjectionExpression: projection, ExpressionAttributeNames: names },
            },
          }),
        ),
      );
      found.push(...(result.Responses?.[db.tableName] ?? []));
      pending = result.UnprocessedKeys?.[db.tableName]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return found;
}
