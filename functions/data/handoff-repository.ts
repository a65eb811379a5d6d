import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, IdempotencyKeyTakenError, ValidationError } from '#domain/errors.ts';
import { handoffEvents } from '#domain/handoffs/events.ts';
import { type Handoff, handoffEventView, handoffSchema } from '#domain/handoffs/schemas.ts';
import { awaitsAcknowledgement, HandoffRatedAlreadyError, type HandoffStatus } from '#domain/handoffs/workflow.ts';
import { type TimelineEvent, timelineEventSchema } from '#domain/timeline/event.ts';
import { checklistChanged } from './checklist-repository.ts';
import type { Db } from './client.ts';
import { staleVersion } from './errors.ts';
import { creationItems, eventPut, type RecordKind, recordEvent } from './events.ts';
import { type IdempotencyToken, idempotencyPut } from './idempotency.ts';
import { customerKeys, eventKeys, handoffKeys, referralKeys, teamKeys } from './keys.ts';
import { type Page, queryAll, queryPage } from './pagination.ts';
import { send, type TransactItem, transactWrite } from './send.ts';

/** The item of a handoff: the record and the keys of every index it appears in. */
function handoffItem(handoff: Handoff) {
  const awaited = awaitsAcknowledgement(handoff.status) && !handoff.overdue;
  return {
    ...handoffKeys.byId(handoff.id),
    ...handoffKeys.all(handoff.createdAt, handoff.id),
    ...handoffKeys.inbox(handoff),
    ...handoffKeys.outbox(handoff),
    ...(awaited ? handoffKeys.acknowledgementDue(handoff.ackDueAt, handoff.id) : {}),
    ...(awaitsAcknowledgement(handoff.status) && handoff.overdue
      ? handoffKeys.acknowledgementOverdue(handoff.ackDueAt, handoff.id)
      : {}),
    entity: 'handoff',
    ...handoff,
  };
}

/** How a handoff is stored, and what its timeline events show of it. */
export const handoffKind: RecordKind<Handoff> = {
  recordType: 'handoff',
  pk: (handoff) => handoffKeys.byId(handoff.id).pk,
  toItem: handoffItem,
  eventView: handoffEventView,
};

/** The item on a customer's or a referral's partition that lists one of its handoffs. */
function handoffLinkPut(
  db: Db,
  handoff: Handoff,
  key: { readonly pk: string; readonly sk: string },
  parent: { readonly entity: string } & Record<string, string>,
): TransactItem {
  return {
    Put: { TableName: db.tableName, Item: { ...key, ...parent, handoffId: handoff.id, linkedAt: handoff.createdAt } },
  };
}

/**
 * Writes a new handoff and its `handoff.sent` event in one transaction, on the conditions that
 * the receiving team exists and is active, the customer (when one is named) exists, the
 * referral (when one is named) is still accepted or qualified, and the receiving team's
 * checklist is the version the answers were checked against, with the
 * idempotency marker when the request had a key: the references are checked by the database in
 * the same write, never read first and trusted after.
 */
export async function createHandoff(
  db: Db,
  handoff: Handoff,
  options: {
    idempotency?: IdempotencyToken | undefined;
    now: Date;
    response: unknown;
    /** The receiving team's checklist the answers were checked against: still current, or 400. */
    checklist?: TransactItem | undefined;
  },
): Promise<Handoff> {
  const items: TransactItem[] = [
    ...creationItems(db, handoffKind, handoff, { type: handoffEvents.sent, actorId: handoff.senderId }),
    {
      ConditionCheck: {
        TableName: db.tableName,
        Key: teamKeys.byId(handoff.toTeamId),
        ConditionExpression: 'attribute_exists(pk) AND active = :active',
        ExpressionAttributeValues: { ':active': true },
      },
    },
  ];
  const customerIndex = handoff.customerId ? items.length : -1;
  if (handoff.customerId) {
    items.push({
      ConditionCheck: {
        TableName: db.tableName,
        Key: customerKeys.byId(handoff.customerId),
        ConditionExpression: 'attribute_exists(pk)',
      },
    });
    // The customer's page lists its handoffs from its own partition.
    items.push(
      handoffLinkPut(db, handoff, customerKeys.handoffLink(handoff.customerId, handoff.id), {
        entity: 'customer-handoff',
        customerId: handoff.customerId,
      }),
    );
  }
  const referralIndex = handoff.referralId ? items.length : -1;
  if (handoff.referralId) {
    // Still accepted or qualified, and not won, as when the service read it.
    items.push({
      ConditionCheck: {
        TableName: db.tableName,
        Key: referralKeys.byId(handoff.referralId),
        ConditionExpression:
          'attribute_exists(pk) AND #status IN (:accepted, :qualified) AND attribute_not_exists(customerId)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':accepted': 'accepted', ':qualified': 'qualified' },
      },
    });
    // The referral's page lists its handoffs (its kickoff) from its own partition.
    items.push(
      handoffLinkPut(db, handoff, referralKeys.handoffLink(handoff.referralId, handoff.id), {
        entity: 'referral-handoff',
        referralId: handoff.referralId,
      }),
    );
  }
  const checklistIndex = options.checklist ? items.length : -1;
  if (options.checklist) items.push(options.checklist);
  const idempotencyIndex = options.idempotency ? items.length : -1;
  if (options.idempotency) {
    items.push(idempotencyPut(db, options.idempotency, { status: 201, body: options.response }, options.now));
  }
  await transactWrite(db, items, {
    onConditionFailed: (reasons) => {
      // A lost race for the idempotency key is answered with the winner's response, not an error.
      if (reasons[idempotencyIndex]) return new IdempotencyKeyTakenError();
      const errors = [
        ...(reasons[2] ? [{ path: 'toTeamId', message: 'No such active team.' }] : []),
        ...(reasons[customerIndex] ? [{ path: 'customerId', message: 'No such customer.' }] : []),
        ...(reasons[referralIndex]
          ? [{ path: 'referralId', message: 'This referral changed just now: it is no longer accepted or qualified.' }]
          : []),
      ];
      if (reasons[checklistIndex] && errors.length === 0) return checklistChanged();
      if (errors.length > 0) return new ValidationError(errors);
      return new ConflictError('The handoff exists already.');
    },
  });
  return handoff;
}

/** A handoff and its timeline, oldest event first: one Query on its partition. */
export async function getHandoffDetail(
  db: Db,
  id: string,
): Promise<{ handoff: Handoff; timeline: TimelineEvent[] } | undefined> {
  const keys = handoffKeys.byId(id);
  const items = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.pk },
    ConsistentRead: true,
  });
  let handoff: Handoff | undefined;
  const timeline: TimelineEvent[] = [];
  for (const item of items) {
    const sk = String(item.sk);
    if (sk === keys.sk) handoff = handoffSchema.parse(item);
    else if (sk.startsWith(eventKeys.prefix)) timeline.push(timelineEventSchema.parse(item));
  }
  return handoff ? { handoff, timeline } : undefined;
}

export async function getHandoff(db: Db, id: string): Promise<Handoff | undefined> {
  return (await getHandoffDetail(db, id))?.handoff;
}

/**
 * Replaces a handoff with its next version and records the event, on the condition that nobody
 * changed it since it was read: a stale version is a 412, and of two concurrent moves from one
 * version exactly one commits.
 */
export async function replaceHandoff(
  db: Db,
  before: Handoff,
  after: Handoff,
  event: { type: string; actorId: string; note?: string | undefined },
): Promise<Handoff> {
  await transactWrite(
    db,
    [
      {
        Put: {
          TableName: db.tableName,
          Item: handoffItem(after),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': before.version },
        },
      },
      eventPut(db, recordEvent(handoffKind, before, after, event)).item,
    ],
    { onConditionFailed: () => staleVersion('handoff') },
  );
  return after;
}

/**
 * Records the rating of a completed handoff: once, whatever races it. The condition that no
 * rating exists is the database's, so of two ratings sent at the same moment one commits and
 * the other is a 409.
 */
export async function rateHandoff(db: Db, before: Handoff, after: Handoff, actorId: string): Promise<Handoff> {
  await transactWrite(
    db,
    [
      {
        Put: {
          TableName: db.tableName,
          Item: handoffItem(after),
          ConditionExpression: 'version = :expected AND attribute_not_exists(rating)',
          ExpressionAttributeValues: { ':expected': before.version },
        },
      },
      eventPut(db, recordEvent(handoffKind, before, after, { type: handoffEvents.rated, actorId })).item,
    ],
    // Once completed, a handoff changes only by its rating: a lost race is a second rating.
    { onConditionFailed: () => new HandoffRatedAlreadyError() },
  );
  return after;
}

export interface HandoffFilters {
  readonly status?: HandoffStatus | undefined;
  readonly overdue?: boolean | undefined;
}

type ListPage = { limit: number; cursor?: string | undefined };

function statusFilter(filters: HandoffFilters, withOverdue: boolean) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const conditions: string[] = [];
  if (filters.status) {
    names['#status'] = 'status';
    values[':status'] = filters.status;
    conditions.push('#status = :status');
  }
  if (withOverdue && filters.overdue !== undefined) {
    values[':overdue'] = filters.overdue;
    conditions.push('overdue = :overdue');
  }
  return {
    ...(Object.keys(names).length > 0 ? { names } : {}),
    values,
    filter: conditions.length > 0 ? conditions.join(' AND ') : undefined,
  };
}

async function parsePage(page: Promise<Page<Record<string, unknown>>>): Promise<Page<Handoff>> {
  const result = await page;
  return { items: result.items.map((item) => handoffSchema.parse(item)), cursor: result.cursor };
}

/**
 * A team's inbox: overdue handoffs first, then the rest, each newest first (see
 * `handoffKeys.inbox`). The overdue filter narrows the key condition rather than filtering.
 */
export function listInbox(db: Db, teamId: string, filters: HandoffFilters, page: ListPage): Promise<Page<Handoff>> {
  const partition = handoffKeys.inboxPartition(teamId);
  const filter = statusFilter(filters, false);
  const byRank = filters.overdue !== undefined;
  return parsePage(
    queryPage(db, {
      indexName: 'byParty',
      partition,
      keyCondition: `gsi2pk = :pk${byRank ? ' AND begins_with(gsi2sk, :rank)' : ''}`,
      ...(filter.names ? { names: filter.names } : {}),
      values: { ':pk': partition, ...(byRank ? { ':rank': filters.overdue ? '1#' : '0#' } : {}), ...filter.values },
      filter: filter.filter,
      newestFirst: true,
      limit: page.limit,
      cursor: page.cursor,
    }),
  );
}

/** What a team sent, newest first. */
export function listOutbox(db: Db, teamId: string, filters: HandoffFilters, page: ListPage): Promise<Page<Handoff>> {
  const partition = handoffKeys.outboxPartition(teamId);
  const filter = statusFilter(filters, true);
  return parsePage(
    queryPage(db, {
      indexName: 'byOwner',
      partition,
      keyCondition: 'gsi3pk = :pk',
      ...(filter.names ? { names: filter.names } : {}),
      values: { ':pk': partition, ...filter.values },
      filter: filter.filter,
      newestFirst: true,
      limit: page.limit,
      cursor: page.cursor,
    }),
  );
}

/** Every handoff, newest first: leaders. */
export function listAllHandoffs(db: Db, filters: HandoffFilters, page: ListPage): Promise<Page<Handoff>> {
  const filter = statusFilter(filters, true);
  return parsePage(
    queryPage(db, {
      indexName: 'byCollection',
      partition: handoffKeys.allPartition,
      keyCondition: 'gsi1pk = :pk',
      ...(filter.names ? { names: filter.names } : {}),
      values: { ':pk': handoffKeys.allPartition, ...filter.values },
      filter: filter.filter,
      newestFirst: true,
      limit: page.limit,
      cursor: page.cursor,
    }),
  );
}

/** Handoffs whose acknowledgement was due before `now` and are not yet marked overdue. */
export async function listAcknowledgementsDue(db: Db, now: Date, limit: number): Promise<Handoff[]> {
  const result = await send(() =>
    db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: 'byDueDate',
        // `<dueAt>#<id>` sorts after a bare `<dueAt>`: one due exactly now is still in time.
        KeyConditionExpression: 'duepk = :pk AND duesk < :now',
        ExpressionAttributeValues: { ':pk': handoffKeys.acknowledgementDuePartition, ':now': now.toISOString() },
        Limit: limit,
      }),
    ),
  );
  return (result.Items ?? []).map((item) => handoffSchema.parse(item));
}
