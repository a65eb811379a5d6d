import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '#domain/errors.ts';
import type { Db } from './client.ts';
import { send } from './send.ts';
import { type IndexName, indexKeys, tableDefinition } from './table-definition.ts';

/** One page of a list, and the opaque cursor of the next page (null on the last). */
export interface Page<T> {
  readonly items: T[];
  readonly cursor: string | null;
}

type Key = Record<string, string>;

function keyAttributes(indexName: string | undefined): string[] {
  const table = [tableDefinition.partitionKey.name, tableDefinition.sortKey.name];
  const index = tableDefinition.indexes.find((candidate) => candidate.name === indexName);
  return index ? [...table, index.partitionKey.name, index.sortKey.name] : table;
}

function partitionAttribute(indexName: string | undefined): string {
  const index = tableDefinition.indexes.find((candidate) => candidate.name === indexName);
  return index ? index.partitionKey.name : tableDefinition.partitionKey.name;
}

export function encodeCursor(key: Key): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const invalidCursor = () => new ValidationError([{ path: 'cursor', message: 'Not a cursor from this list.' }]);

/**
 * The answer of a list that is empty by rule (another organisation's, a filter that excludes
 * everything): it never hands out a cursor, so one sent to it is not a cursor from this list.
 */
export function emptyPage<T>(cursor: string | undefined): Page<T> {
  if (cursor) throw invalidCursor();
  return { items: [], cursor: null };
}

/** DynamoDB's refusal of an ExclusiveStartKey (outside the key condition's range, say). */
function isStartingKeyRefusal(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationException' && /starting key/i.test(error.message);
}

/**
 * A cursor is only ever accepted for the list it came from: a forged one naming another
 * partition would otherwise page through records the caller may not list.
 */
export function decodeCursor(cursor: string, indexName: string | undefined, partition: string): Key {
  const invalid = invalidCursor;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid();
  const allowed = keyAttributes(indexName);
  const entries = Object.entries(parsed);
  if (entries.length !== allowed.length) throw invalid();
  for (const [name, value] of entries) {
    // DynamoDB refuses an empty key value outright: no item has one, so no cursor does either.
    if (!allowed.includes(name) || typeof value !== 'string' || value === '' || value.length > 1024) {
      throw invalid();
    }
  }
  const key = parsed as Key;
  if (key[partitionAttribute(indexName)] !== partition) throw invalid();
  return key;
}

export interface PageQuery {
  readonly indexName?: string | undefined;
  /** The value of the partition key queried: checked against a cursor's. */
  readonly partition: string;
  readonly keyCondition: string;
  readonly names?: Record<string, string>;
  readonly values: Record<string, unknown>;
  readonly filter?: string | undefined;
  readonly newestFirst?: boolean;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** How many round trips one page may take when a filter drops most of what is read. */
const maxRoundTrips = 10;

/**
 * One page of a Query. With a filter, DynamoDB may return fewer items than asked for; this
 * reads on until the page is full or the partition ends, and builds the next cursor from the
 * last item returned so that nothing is skipped or repeated.
 */
export async function queryPage(db: Db, query: PageQuery): Promise<Page<Record<string, unknown>>> {
  const attributes = keyAttributes(query.indexName);
  const items: Record<string, unknown>[] = [];
  let startKey: Key | undefined = query.cursor
    ? decodeCursor(query.cursor, query.indexName, query.partition)
    : undefined;
  for (let trip = 0; trip < maxRoundTrips; trip++) {
    const input: QueryCommandInput = {
      TableName: db.tableName,
      IndexName: query.indexName,
      KeyConditionExpression: query.keyCondition,
      ExpressionAttributeNames: query.names,
      ExpressionAttributeValues: query.values,
      FilterExpression: query.filter,
      ScanIndexForward: !query.newestFirst,
      Limit: query.limit - items.length + (query.filter ? 10 : 0),
      ExclusiveStartKey: startKey,
    };
    const page = await send(() => db.doc.send(new QueryCommand(input))).catch((error: unknown) => {
      // A client's cursor may name a key outside the range this query asks for (another date
      // range than the one it came from): DynamoDB refuses such a starting key, and that is
      // the client's mistake, not ours.
      if (trip === 0 && query.cursor && isStartingKeyRefusal(error)) throw invalidCursor();
      throw error;
    });
    for (const item of page.Items ?? []) {
      if (items.length === query.limit) {
        return { items, cursor: encodeCursor(pickKey(items[items.length - 1] ?? item, attributes)) };
      }
      items.push(item);
    }
    startKey = page.LastEvaluatedKey as Key | undefined;
    if (!startKey) return { items, cursor: null };
    if (items.length === query.limit)
      return { items, cursor: encodeCursor(pickKey(items[items.length - 1] ?? {}, attributes)) };
  }
  return { items, cursor: startKey ? encodeCursor(startKey) : null };
}

/**
 * A list's Query on one partition of an index, built from the filters its caller set: a range or
 * a prefix of the sort key narrows the key condition, every other filter is a filter
 * expression. Each attribute goes through a name placeholder, so a reserved word (`status`,
 * `segment`) needs no care where the filter is set.
 */
export class IndexQuery {
  private readonly values: Record<string, unknown>;
  private readonly names: Record<string, string> = {};
  private readonly conditions: string[] = [];
  private keyCondition: string;
  private readonly sortKey: string;

  constructor(
    private readonly index: IndexName,
    private readonly partition: string,
  ) {
    const [partitionKey, sortKey] = indexKeys[index];
    this.values = { ':pk': partition };
    this.keyCondition = `${partitionKey} = :pk`;
    this.sortKey = sortKey;
  }

  sortKeyBeginsWith(prefix: string): this {
    this.values[':prefix'] = prefix;
    this.keyCondition += ` AND begins_with(${this.sortKey}, :prefix)`;
    return this;
  }

  sortKeyBetween(from: string, to: string): this {
    this.values[':from'] = from;
    this.values[':to'] = to;
    this.keyCondition += ` AND ${this.sortKey} BETWEEN :from AND :to`;
    return this;
  }

  where(attribute: string, value: unknown): this {
    this.names[`#${attribute}`] = attribute;
    this.values[`:${attribute}`] = value;
    this.conditions.push(`#${attribute} = :${attribute}`);
    return this;
  }

  whereIn(attribute: string, values: readonly unknown[]): this {
    this.names[`#${attribute}`] = attribute;
    values.forEach((value, index) => {
      this.values[`:${attribute}${index}`] = value;
    });
    this.conditions.push(`#${attribute} IN (${values.map((_, index) => `:${attribute}${index}`).join(', ')})`);
    return this;
  }

  page(
    db: Db,
    page: { readonly limit: number; readonly cursor?: string | undefined },
    order: { readonly newestFirst?: boolean } = {},
  ): Promise<Page<Record<string, unknown>>> {
    return queryPage(db, {
      indexName: this.index,
      partition: this.partition,
      keyCondition: this.keyCondition,
      ...(Object.keys(this.names).length > 0 ? { names: this.names } : {}),
      values: this.values,
      filter: this.conditions.length > 0 ? this.conditions.join(' AND ') : undefined,
      ...order,
      limit: page.limit,
      cursor: page.cursor,
    });
  }
}

function pickKey(item: Record<string, unknown>, attributes: string[]): Key {
  const key: Key = {};
  for (const name of attributes) {
    const value = item[name];
    if (typeof value === 'string') key[name] = value;
  }
  return key;
}

/**
 * Every item of a query, page after page: for a bounded partition such as one record's
 * timeline, never for a list a user pages through.
 */
export async function queryAll(db: Db, input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>) {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await send(() =>
      db.doc.send(new QueryCommand({ ...input, TableName: db.tableName, ExclusiveStartKey: startKey })),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
