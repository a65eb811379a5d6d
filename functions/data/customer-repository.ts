import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { type Customer, customerEventView, customerSchema } from '#domain/customers/schemas.ts';
import { ConflictError, IdempotencyKeyTakenError } from '#domain/errors.ts';
import { type Handoff, handoffSchema } from '#domain/handoffs/schemas.ts';
import { type Referral, referralSchema } from '#domain/referrals/schemas.ts';
import type { TimelineEvent } from '#domain/timeline/event.ts';
import * as z from '#lib/zod.ts';
import type { Db } from './client.ts';
import { staleVersion } from './errors.ts';
import { eventPut, readRecordPartition } from './events.ts';
import { type IdempotencyToken, idempotencyPut } from './idempotency.ts';
import { customerKeys, handoffKeys, referralKeys } from './keys.ts';
import { IndexQuery, type Page, queryAll } from './pagination.ts';
import { getRecord, send, type TransactItem, transactParts, transactWrite } from './send.ts';

/** The customer already known under any of a prospect's keys, if there is one. */
export async function findCustomerIdByProspect(db: Db, prospectKeys: readonly string[]): Promise<string | undefined> {
  if (prospectKeys.length === 0) return undefined;
  const result = await send(() =>
    db.doc.send(
      new BatchGetCommand({
        RequestItems: {
          [db.tableName]: { Keys: prospectKeys.map((key) => customerKeys.prospectMarker(key)), ConsistentRead: true },
        },
      }),
    ),
  );
  const markers = result.Responses?.[db.tableName] ?? [];
  // Keys are tried in the prospect's order (name first, then domain), whatever order the batch returns.
  for (const key of prospectKeys) {
    const marker = markers.find((item) => item.pk === customerKeys.prospectMarker(key).pk);
    if (typeof marker?.customerId === 'string') return marker.customerId;
  }
  return undefined;
}

/** The item of a customer: the record and the keys of every index it appears in. */
function customerItem(customer: Customer) {
  return {
    ...customerKeys.byId(customer.id),
    ...customerKeys.all(customer.name, customer.id),
    ...(customer.referredBy ? customerKeys.party(customer.referredBy, customer.name, customer.id) : {}),
    ...(customer.lifecycle === 'lapsed' && customer.lapsedAt
      ? customerKeys.lapsed(customer.lapsedAt, customer.id)
      : {}),
    entity: 'customer',
    ...customer,
  };
}

function markerPut(db: Db, prospectKey: string, customerId: string): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...customerKeys.prospectMarker(prospectKey), entity: 'customer-key', customerId },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The writes that create a customer: the record, its prospect markers and its event. */
export function customerCreateItems(db: Db, customer: Customer, actorId: string): TransactItem[] {
  return [
    {
      Put: { TableName: db.tableName, Item: customerItem(customer), ConditionExpression: 'attribute_not_exists(pk)' },
    },
    ...customer.prospectKeys.map((key) => markerPut(db, key, customer.id)),
    eventPut(db, {
      recordType: 'customer',
      recordId: customer.id,
      recordPk: customerKeys.byId(customer.id).pk,
      type: 'customer.created',
      actorId,
      at: customer.createdAt,
      before: null,
      after: customerEventView(customer),
    }).item,
  ];
}

/** Another customer is known under one of the new customer's name or domain. */
export class CustomerKeyTakenError extends Error {
  constructor(readonly prospectKeys: string[]) {
    super('A customer with this name or domain exists.');
    this.name = 'CustomerKeyTakenError';
  }
}

/**
 * Writes a new customer with its event, its prospect markers (so that a later won referral of
 * the same company links to it instead of making a twin) and, when the request had one, its
 * idempotency marker: all or nothing.
 */
export async function createCustomer(
  db: Db,
  customer: Customer,
  options: { actorId: string; idempotency?: IdempotencyToken | undefined; now: Date; response: unknown },
): Promise<Customer> {
  const [record, ...rest] = customerCreateItems(db, customer, options.actorId);
  await transactParts(
    db,
    {
      record: record ? [record] : [],
      markers: rest.slice(0, customer.prospectKeys.length),
      event: rest.slice(customer.prospectKeys.length),
      idempotency: options.idempotency
        ? [idempotencyPut(db, options.idempotency, { status: 201, body: options.response }, options.now)]
        : [],
    },
    {
      onConditionFailed: (failed) => {
        if (failed.idempotency.some(Boolean)) return new IdempotencyKeyTakenError();
        const taken = customer.prospectKeys.filter((_, index) => failed.markers[index]);
        if (taken.length > 0) return new CustomerKeyTakenError(taken);
        return new ConflictError('The customer exists already.');
      },
    },
  );
  return customer;
}

export async function getCustomer(db: Db, id: string): Promise<Customer | undefined> {
  return getRecord(db, customerKeys.byId(id), customerSchema);
}

/** Items by key (those that exist), in one or a few `BatchGetItem`s, in no particular order. */
async function batchGet(db: Db, keys: readonly { pk: string; sk: string }[]): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(start, start + 100);
    // A batch may leave keys unprocessed under load: ask again for those.
    for (let attempt = 0; pending && pending.length > 0 && attempt < 5; attempt++) {
      const request: Record<string, unknown>[] = pending;
      const result = await send(() =>
        db.doc.send(new BatchGetCommand({ RequestItems: { [db.tableName]: { Keys: request, ConsistentRead: true } } })),
      );
      found.push(...(result.Responses?.[db.tableName] ?? []));
      pending = result.UnprocessedKeys?.[db.tableName]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return found;
}

/** Customers by id (those that exist). */
export async function getCustomers(db: Db, ids: readonly string[]): Promise<Customer[]> {
  const items = await batchGet(
    db,
    [...new Set(ids)].map((id) => customerKeys.byId(id)),
  );
  return items.map((item) => customerSchema.parse(item));
}

/** The referrals a customer's links name, oldest first. */
export async function getLinkedReferrals(db: Db, referralIds: readonly string[]): Promise<Referral[]> {
  const items = await batchGet(
    db,
    [...new Set(referralIds)].map((id) => referralKeys.byId(id)),
  );
  return items.map((item) => referralSchema.parse(item)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

const referralLinkSchema = z.object({ referralId: z.string(), linkedAt: z.string() });

/**
 * A customer, its timeline and the won referrals linked to it: one Query on its partition.
 */
export async function getCustomerDetail(
  db: Db,
  id: string,
): Promise<{ customer: Customer; timeline: TimelineEvent[]; referralIds: string[]; handoffIds: string[] } | undefined> {
  const partition = await readRecordPartition(db, customerKeys.byId(id));
  if (!partition.record) return undefined;
  const customer = customerSchema.parse(partition.record);
  const timeline = partition.timeline;
  const referralIds = partition
    .under(customerKeys.referralLinkPrefix)
    .map((item) => referralLinkSchema.parse(item).referralId);
  // The referral that created the customer is known from the record itself, linked or not.
  if (customer.referredBy && !referralIds.includes(customer.referredBy.referralId)) {
    referralIds.unshift(customer.referredBy.referralId);
  }
  const handoffIds = partition
    .under(customerKeys.handoffLinkPrefix)
    .map((item) => handoffLinkSchema.parse(item).handoffId);
  return { customer, timeline, referralIds, handoffIds };
}

const handoffLinkSchema = z.object({ handoffId: z.string() });

/** The handoffs a customer's links name, newest first. */
export async function getLinkedHandoffs(db: Db, handoffIds: readonly string[]): Promise<Handoff[]> {
  const items = await batchGet(
    db,
    [...new Set(handoffIds)].map((id) => handoffKeys.byId(id)),
  );
  return items.map((item) => handoffSchema.parse(item)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/**
 * The link from a customer's partition to a won referral, for the transaction in which the
 * referral gains its customer (created or linked).
 */
export function customerReferralLinkPut(
  db: Db,
  link: { customerId: string; referralId: string; referrerId: string; partnerId?: string | undefined; at: string },
): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: {
        ...customerKeys.referralLink(link.customerId, link.referralId),
        entity: 'customer-referral',
        customerId: link.customerId,
        referralId: link.referralId,
        referrerId: link.referrerId,
        ...(link.partnerId ? { partnerId: link.partnerId } : {}),
        linkedAt: link.at,
      },
    },
  };
}

/**
 * The change of a customer's count of unresolved issues, for the transaction of the issue that
 * opens or resolves. It is an update, not a put, and a customer's own edits never write the
 * count, so neither overwrites the other; and it is conditional on the customer existing.
 */
export function openIssueCountChange(db: Db, customerId: string, delta: 1 | -1): TransactItem {
  return {
    Update: {
      TableName: db.tableName,
      Key: customerKeys.byId(customerId),
      UpdateExpression: 'ADD openIssueCount :delta',
      ConditionExpression: 'attribute_exists(pk) AND entity = :customer',
      ExpressionAttributeValues: { ':delta': delta, ':customer': 'customer' },
    },
  };
}

/** Attributes a customer's own change never writes: kept by other records' transactions. */
const countedElsewhere = new Set(['pk', 'sk', 'openIssueCount']);

/**
 * Replaces a customer with its next version and records the event, on the condition that
 * nobody changed it since it was read (a stale version is a 412). An update of every attribute
 * but the issue counter, rather than a put, so that an issue reported at the same moment keeps
 * its count. `extra` writes go in the same transaction (new prospect markers, an erased
 * idempotency record).
 */
export async function replaceCustomer(
  db: Db,
  before: Customer,
  after: Customer,
  event: {
    type: string;
    actorId: string;
    note?: string | undefined;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  },
  extra: TransactItem[] = [],
): Promise<Customer> {
  const next: Record<string, unknown> = customerItem(after);
  const previous: Record<string, unknown> = customerItem(before);
  const names: Record<string, string> = { '#version': 'version' };
  const values: Record<string, unknown> = { ':expected': before.version };
  const sets: string[] = [];
  const removes: string[] = [];
  let index = 0;
  for (const [name, value] of Object.entries(next)) {
    if (countedElsewhere.has(name) || value === undefined) continue;
    names[`#a${index}`] = name;
    values[`:a${index}`] = value;
    sets.push(`#a${index} = :a${index}`);
    index++;
  }
  for (const [name, value] of Object.entries(previous)) {
    if (countedElsewhere.has(name) || value === undefined || next[name] !== undefined) continue;
    names[`#a${index}`] = name;
    removes.push(`#a${index}`);
    index++;
  }
  await transactWrite(
    db,
    [
      {
        Update: {
          TableName: db.tableName,
          Key: customerKeys.byId(after.id),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      eventPut(db, {
        recordType: 'customer',
        recordId: after.id,
        recordPk: customerKeys.byId(after.id).pk,
        type: event.type,
        actorId: event.actorId,
        at: after.updatedAt,
        before: event.before,
        after: event.after,
        note: event.note,
      }).item,
      ...extra,
    ],
    {
      onConditionFailed: (reasons) => {
        if (reasons[0]) return staleVersion('customer');
        const taken = after.prospectKeys.filter((key) => !before.prospectKeys.includes(key));
        return taken.length > 0
          ? new CustomerKeyTakenError(taken)
          : new ConflictError('Something this change depends on changed at the same moment: try again.');
      },
    },
  );
  return after;
}

/** The prospect markers a renamed or re-domained customer adds (its old ones stay: it was known by them). */
export function customerMarkerPuts(db: Db, customerId: string, prospectKeys: readonly string[]): TransactItem[] {
  return prospectKeys.map((key) => markerPut(db, key, customerId));
}

export interface CustomerFilters {
  readonly lifecycle?: string | undefined;
  readonly segment?: string | undefined;
  /** The start of the name, any case. */
  readonly name?: string | undefined;
}

type Scope = { readonly index: 'byCollection' | 'byParty'; readonly partition: string };

async function listCustomersIn(
  db: Db,
  scope: Scope,
  filters: CustomerFilters,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<Customer>> {
  const query = new IndexQuery(scope.index, scope.partition);
  // Sort keys start with the lower-cased name: a name prefix is a key condition.
  if (filters.name) query.sortKeyBeginsWith(filters.name.toLowerCase());
  if (filters.lifecycle) query.where('lifecycle', filters.lifecycle);
  if (filters.segment) query.where('segment', filters.segment);
  const result = await query.page(db, page);
  return { items: result.items.map((item) => customerSchema.parse(item)), cursor: result.cursor };
}

type ListPage = { limit: number; cursor?: string | undefined };

/** Every customer, by name: staff and leaders. */
export const listAllCustomers = (db: Db, filters: CustomerFilters, page: ListPage) =>
  listCustomersIn(db, { index: 'byCollection', partition: customerKeys.allPartition }, filters, page);

/** The customers a partner organisation's won referrals created, by name. */
export const listCustomersByPartner = (db: Db, partnerId: string, filters: CustomerFilters, page: ListPage) =>
  listCustomersIn(db, { index: 'byParty', partition: customerKeys.partnerPartition(partnerId) }, filters, page);

/** The customers a referrer without a partner organisation (an advocate) brought, by name. */
export const listCustomersByReferrer = (db: Db, referrerId: string, filters: CustomerFilters, page: ListPage) =>
  listCustomersIn(db, { index: 'byParty', partition: customerKeys.referrerPartition(referrerId) }, filters, page);

/**
 * Every lapsed customer: one Query on the sparse lapsed partition (a customer is in it only
 * while lapsed), read to its end because the win-back order is not the index's.
 */
export async function listLapsedCustomers(db: Db): Promise<Customer[]> {
  const items = await queryAll(db, {
    IndexName: 'byOwner',
    KeyConditionExpression: 'gsi3pk = :pk',
    ExpressionAttributeValues: { ':pk': customerKeys.lapsedPartition },
  });
  return items.map((item) => customerSchema.parse(item));
}
