import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, IdempotencyKeyTakenError, NotFoundError } from '#domain/errors.ts';
import { referralEvents } from '#domain/referrals/events.ts';
import {
  type Referral,
  type ReferralConflict,
  referralConflictSchema,
  referralEventView,
  referralSchema,
} from '#domain/referrals/schemas.ts';
import { isOpen, type ReferralStatus, referralStatuses } from '#domain/referrals/workflow.ts';
import type { TimelineEvent } from '#domain/timeline/event.ts';
import * as z from '#lib/zod.ts';
import type { Db } from './client.ts';
import { customerReferralLinkPut } from './customer-repository.ts';
import { staleVersion } from './errors.ts';
import { creationItems, eventPut, type RecordKind, readRecordPartition, recordEvent } from './events.ts';
import { type IdempotencyToken, idempotencyPut } from './idempotency.ts';
import { prospectKeys, referralConflictKeys, referralKeys } from './keys.ts';
import { IndexQuery, type Page, queryPage } from './pagination.ts';
import { getRecord, send, type TransactItem, transactParts, transactWrite } from './send.ts';

/** The item of a referral: the record and the keys of every index it appears in. */
function referralItem(referral: Referral) {
  const awaitingFirstResponse = referral.status === 'submitted' && !referral.overdue;
  return {
    ...referralKeys.byId(referral.id),
    ...referralKeys.all(referral.createdAt, referral.id),
    ...referralKeys.party(referral),
    ...(referral.ownerId ? referralKeys.owner(referral.ownerId, referral.createdAt, referral.id) : {}),
    ...(awaitingFirstResponse ? referralKeys.firstResponseDue(referral.firstResponseDueAt, referral.id) : {}),
    ...(referral.status === 'submitted' && referral.overdue
      ? referralKeys.firstResponseOverdue(referral.firstResponseDueAt, referral.id)
      : {}),
    entity: 'referral',
    ...referral,
  };
}

const referralKind: RecordKind<Referral> = {
  recordType: 'referral',
  pk: (referral) => referralKeys.byId(referral.id).pk,
  toItem: referralItem,
  eventView: referralEventView,
};

/** The record of a new referral and its `referral.submitted` event. */
export function referralCreateItems(db: Db, referral: Referral, actorId = referral.referrerId): TransactItem[] {
  return creationItems(db, referralKind, referral, { type: referralEvents.submitted, actorId });
}

/** A lock on a prospect key, as read back when a submission collided with it. */
export interface ProspectLock {
  readonly prospectKey: string;
  readonly referralId: string;
  readonly registeredAt: string;
  readonly expiresAt: string;
}

/** The submission collided with an open registration of the same prospect. */
export class ProspectTakenError extends Error {
  constructor(readonly prospectKeys: string[]) {
    super('The prospect is registered already.');
    this.name = 'ProspectTakenError';
  }
}

/**
 * One lock per prospect key of a new referral, each taken only when nobody holds it or its
 * holder's protection window has passed at `now`.
 */
export function prospectLockPuts(db: Db, referral: Referral, now: Date): TransactItem[] {
  return referral.prospectKeys.map((key) => ({
    Put: {
      TableName: db.tableName,
      Item: {
        ...prospectKeys.lock(key),
        entity: 'prospect-lock',
        prospectKey: key,
        referralId: referral.id,
        registeredAt: referral.createdAt,
        expiresAt: referral.protectedUntil,
        ttl: Math.ceil(Date.parse(referral.protectedUntil) / 1000),
      },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': now.toISOString() },
    },
  }));
}

/**
 * Writes a new referral with its event, one lock per prospect key and (when the request had
 * one) its idempotency marker, all in one transaction. A lock is free when nobody holds it or
 * its protection window has passed; of two submissions of one prospect, exactly one commits.
 */
export async function createReferral(
  db: Db,
  referral: Referral,
  options: { idempotency?: IdempotencyToken | undefined; now: Date; protect: boolean; response: unknown },
): Promise<Referral> {
  await transactParts(
    db,
    {
      referral: referralCreateItems(db, referral),
      locks: options.protect ? prospectLockPuts(db, referral, options.now) : [],
      idempotency: options.idempotency
        ? [idempotencyPut(db, options.idempotency, { status: 201, body: options.response }, options.now)]
        : [],
    },
    {
      onConditionFailed: (failed) => {
        // A lost race for the idempotency key is answered with the winner's response, not a conflict.
        if (failed.idempotency.some(Boolean)) return new IdempotencyKeyTakenError();
        const taken = referral.prospectKeys.filter((_, index) => failed.locks[index]);
        if (taken.length > 0) return new ProspectTakenError(taken);
        return new ConflictError('The referral exists already.');
      },
    },
  );
  return referral;
}

const lockSchema = z.object({
  prospectKey: z.string(),
  referralId: z.string(),
  registeredAt: z.string(),
  expiresAt: z.string(),
});

export async function readProspectLocks(db: Db, keys: readonly string[]): Promise<ProspectLock[]> {
  if (keys.length === 0) return [];
  const result = await send(() =>
    db.doc.send(
      new BatchGetCommand({
        RequestItems: { [db.tableName]: { Keys: keys.map((key) => prospectKeys.lock(key)), ConsistentRead: true } },
      }),
    ),
  );
  return (result.Responses?.[db.tableName] ?? []).map((item) => lockSchema.parse(item));
}

/** Deletes of the locks a referral holds, for the transaction that closes it. */
export function lockReleases(db: Db, referralId: string, locks: readonly ProspectLock[]): TransactItem[] {
  return locks
    .filter((lock) => lock.referralId === referralId)
    .map((lock) => ({
      Delete: {
        TableName: db.tableName,
        Key: prospectKeys.lock(lock.prospectKey),
        ConditionExpression: 'attribute_not_exists(pk) OR referralId = :id',
        ExpressionAttributeValues: { ':id': referralId },
      },
    }));
}

export async function getReferral(db: Db, id: string): Promise<Referral | undefined> {
  const detail = await getReferralDetail(db, id);
  return detail?.referral;
}

export interface InternalNote {
  readonly id: string;
  readonly authorId: string;
  readonly text: string;
  readonly at: string;
}

const noteSchema = z.object({ id: z.string(), authorId: z.string(), text: z.string(), at: z.string() });

/** A referral, its timeline and its internal notes: one Query on its partition. */
export async function getReferralDetail(
  db: Db,
  id: string,
): Promise<{ referral: Referral; timeline: TimelineEvent[]; notes: InternalNote[]; handoffIds: string[] } | undefined> {
  const partition = await readRecordPartition(db, referralKeys.byId(id));
  if (!partition.record) return undefined;
  const referral = referralSchema.parse(partition.record);
  const timeline = partition.timeline;
  const notes = partition.under(referralKeys.notePrefix).map((item) => noteSchema.parse(item));
  const handoffIds = partition.under(referralKeys.handoffLinkPrefix).map((item) => String(item.handoffId));
  return { referral, timeline, notes, handoffIds };
}

/**
 * Replaces a referral with its next version and records the event, on the condition that
 * nobody changed it since it was read (a stale version is a 412). `extra` writes go in the
 * same transaction: lock releases, a customer created by a win, an erased idempotency record.
 */
export async function replaceReferral(
  db: Db,
  before: Referral,
  after: Referral,
  event: { type: string; actorId: string; note?: string | undefined },
  extra: TransactItem[] = [],
): Promise<Referral> {
  await transactWrite(
    db,
    [
      {
        Put: {
          TableName: db.tableName,
          Item: referralItem(after),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': before.version },
        },
      },
      eventPut(db, recordEvent(referralKind, before, after, event)).item,
      ...extra,
      // A referral that gains its customer (a win) is linked from the customer's partition.
      ...(after.customerId && after.customerId !== before.customerId
        ? [
            customerReferralLinkPut(db, {
              customerId: after.customerId,
              referralId: after.id,
              referrerId: after.referrerId,
              partnerId: after.partnerId,
              at: after.updatedAt,
            }),
          ]
        : []),
    ],
    {
      onConditionFailed: (reasons) =>
        reasons[0]
          ? staleVersion('referral')
          : new ConflictError('Something this change depends on changed at the same moment: try again.'),
    },
  );
  return after;
}

export async function addInternalNote(db: Db, referralId: string, note: InternalNote): Promise<InternalNote> {
  const pk = referralKeys.byId(referralId).pk;
  await transactWrite(
    db,
    [
      {
        ConditionCheck: {
          TableName: db.tableName,
          Key: referralKeys.byId(referralId),
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
      {
        Put: {
          TableName: db.tableName,
          Item: { ...referralKeys.note(referralId, note.id), entity: 'referral-note', ...note },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      eventPut(db, {
        recordType: 'referral',
        recordId: referralId,
        recordPk: pk,
        type: referralEvents.noteAdded,
        actorId: note.authorId,
        at: note.at,
        before: null,
        after: { noteId: note.id },
      }).item,
    ],
    { onConditionFailed: () => new NotFoundError('No such referral.') },
  );
  return note;
}

export interface ReferralFilters {
  readonly status?: ReferralStatus | undefined;
  /** Open (submitted, accepted, qualified) or closed (declined, won, lost). */
  readonly open?: boolean | undefined;
  readonly referrerId?: string | undefined;
  readonly partnerId?: string | undefined;
  readonly ownerId?: string | undefined;
  readonly overdue?: boolean | undefined;
  readonly createdFrom?: string | undefined;
  readonly createdTo?: string | undefined;
}

type Scope =
  | { readonly index: 'byCollection'; readonly partition: 'REFERRALS' }
  | { readonly index: 'byParty'; readonly partition: string }
  | { readonly index: 'byOwner'; readonly partition: string };

async function listReferralsIn(
  db: Db,
  scope: Scope,
  filters: ReferralFilters,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<Referral>> {
  const query = new IndexQuery(scope.index, scope.partition);
  if (filters.createdFrom || filters.createdTo) {
    // Sort keys start with the ISO creation time, so a date range is a key condition.
    query.sortKeyBetween(filters.createdFrom ?? '0', `${filters.createdTo ?? '9999'}\uffff`);
  }
  if (filters.status) query.where('status', filters.status);
  if (filters.open !== undefined) {
    query.whereIn(
      'status',
      referralStatuses.filter((status) => isOpen(status) === filters.open),
    );
  }
  if (filters.referrerId) query.where('referrerId', filters.referrerId);
  if (filters.partnerId && scope.index !== 'byParty') query.where('partnerId', filters.partnerId);
  if (filters.ownerId && scope.index !== 'byOwner') query.where('ownerId', filters.ownerId);
  if (filters.overdue !== undefined) query.where('overdue', filters.overdue);
  const result = await query.page(db, page, { newestFirst: true });
  return { items: result.items.map((item) => referralSchema.parse(item)), cursor: result.cursor };
}

type ListPage = { limit: number; cursor?: string | undefined };

/** Every referral, newest first: staff and leaders. */
export const listAllReferrals = (db: Db, filters: ReferralFilters, page: ListPage) =>
  listReferralsIn(db, { index: 'byCollection', partition: 'REFERRALS' }, filters, page);

/** A partner organisation's referrals, newest first. */
export const listReferralsByPartner = (db: Db, partnerId: string, filters: ReferralFilters, page: ListPage) =>
  listReferralsIn(db, { index: 'byParty', partition: referralKeys.partnerPartition(partnerId) }, filters, page);

/** The referrals a referrer without a partner organisation made (advocates, staff), newest first. */
export const listReferralsByReferrer = (db: Db, referrerId: string, filters: ReferralFilters, page: ListPage) =>
  listReferralsIn(db, { index: 'byParty', partition: referralKeys.referrerPartition(referrerId) }, filters, page);

/** The referrals a staff member owns, newest first. */
export const listReferralsByOwner = (db: Db, ownerId: string, filters: ReferralFilters, page: ListPage) =>
  listReferralsIn(db, { index: 'byOwner', partition: referralKeys.ownerPartition(ownerId) }, filters, page);

/** Referrals whose first response came due by `now` and are not yet marked overdue. */
export async function listFirstResponsesDue(db: Db, now: Date, limit: number): Promise<Referral[]> {
  const result = await send(() =>
    db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: 'byDueDate',
        KeyConditionExpression: 'duepk = :pk AND duesk <= :now',
        ExpressionAttributeValues: {
          ':pk': referralKeys.firstResponseDuePartition,
          ':now': `${now.toISOString()}\uffff`,
        },
        Limit: limit,
      }),
    ),
  );
  return (result.Items ?? []).map((item) => referralSchema.parse(item));
}

// Conflicts

function conflictItem(conflict: ReferralConflict) {
  return {
    ...referralConflictKeys.byId(conflict.id),
    ...referralConflictKeys.all(conflict.createdAt, conflict.id),
    ...referralConflictKeys.ofReferral(conflict.existingReferralId, conflict.createdAt, conflict.id),
    entity: 'referral-conflict',
    ...conflict,
  };
}

function conflictEventView(conflict: ReferralConflict): Record<string, unknown> {
  return {
    status: conflict.status,
    existingReferralId: conflict.existingReferralId,
    referrerId: conflict.referrerId,
    partnerId: conflict.partnerId ?? null,
    admittedReferralId: conflict.admittedReferralId ?? null,
  };
}

export async function createConflict(db: Db, conflict: ReferralConflict): Promise<ReferralConflict> {
  const pk = referralConflictKeys.byId(conflict.id).pk;
  await transactWrite(
    db,
    [
      {
        Put: { TableName: db.tableName, Item: conflictItem(conflict), ConditionExpression: 'attribute_not_exists(pk)' },
      },
      eventPut(db, {
        recordType: 'referral-conflict',
        recordId: conflict.id,
        recordPk: pk,
        type: 'referral_conflict.recorded',
        actorId: conflict.referrerId,
        at: conflict.createdAt,
        before: null,
        after: conflictEventView(conflict),
      }).item,
    ],
    { onConditionFailed: () => new ConflictError('The conflict exists already.') },
  );
  return conflict;
}

export async function getConflict(db: Db, id: string): Promise<ReferralConflict | undefined> {
  return getRecord(db, referralConflictKeys.byId(id), referralConflictSchema);
}

export async function replaceConflict(
  db: Db,
  before: ReferralConflict,
  after: ReferralConflict,
  actorId: string,
  extra: TransactItem[] = [],
): Promise<ReferralConflict> {
  await transactWrite(
    db,
    [
      {
        Put: {
          TableName: db.tableName,
          Item: conflictItem(after),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': before.version },
        },
      },
      eventPut(db, {
        recordType: 'referral-conflict',
        recordId: after.id,
        recordPk: referralConflictKeys.byId(after.id).pk,
        type: `referral_conflict.${after.status}`,
        actorId,
        at: after.updatedAt,
        before: conflictEventView(before),
        after: conflictEventView(after),
      }).item,
      ...extra,
    ],
    {
      onConditionFailed: (reasons) =>
        reasons[0] ? staleVersion('conflict') : new ConflictError('The admitted referral could not be written.'),
    },
  );
  return after;
}

/** Conflicts, newest first, optionally only those still awaiting a ruling. */
export async function listConflicts(
  db: Db,
  options: { open?: boolean | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<ReferralConflict>> {
  const page = await queryPage(db, {
    indexName: 'byCollection',
    partition: referralConflictKeys.allPartition,
    keyCondition: 'gsi1pk = :pk',
    ...(options.open === undefined ? {} : { names: { '#status': 'status' } }),
    values: {
      ':pk': referralConflictKeys.allPartition,
      ...(options.open === undefined ? {} : { ':open': 'open' }),
    },
    filter: options.open === undefined ? undefined : options.open ? '#status = :open' : '#status <> :open',
    newestFirst: true,
    limit: options.limit,
    cursor: options.cursor,
  });
  return { items: page.items.map((item) => referralConflictSchema.parse(item)), cursor: page.cursor };
}

/** The conflicts raised against one referral. */
export async function listConflictsOfReferral(db: Db, referralId: string): Promise<ReferralConflict[]> {
  const partition = referralConflictKeys.ofReferralPartition(referralId);
  const page = await queryPage(db, {
    indexName: 'byParty',
    partition,
    keyCondition: 'gsi2pk = :pk',
    values: { ':pk': partition },
    newestFirst: true,
    limit: 100,
  });
  return page.items.map((item) => referralConflictSchema.parse(item));
}
