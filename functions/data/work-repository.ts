import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Handoff, handoffSchema } from '#domain/handoffs/schemas.ts';
import { type Issue, parseIssueItem } from '#domain/issues/schemas.ts';
import { type Referral, referralSchema } from '#domain/referrals/schemas.ts';
import type { Db } from './client.ts';
import { handoffKeys, issueKeys, referralKeys } from './keys.ts';
import { send } from './send.ts';

/**
 * What "my work" reads: the due-date queues (what falls due before a horizon, and what is past
 * due but not yet swept) and the overdue queues (what the sweeper marked). Every read is a Query
 * on one partition with a key condition; who the work belongs to is a filter expression on that
 * partition, so the reads are bounded by how much work is due, not by how many records exist.
 */

/** Work of one kind, at most `limit` of it, and whether more matched than was read. */
export interface Bounded<T> {
  readonly items: T[];
  readonly more: boolean;
}

/** Whose work: any (leaders), or a staff member's (their own, their team's, and the unowned). */
export type WorkScope = { readonly kind: 'organisation' } | { readonly kind: 'staff'; userId: string; teamId?: string };

interface Read {
  readonly indexName: string;
  readonly keyCondition: string;
  readonly names?: Record<string, string>;
  readonly values: Record<string, unknown>;
  readonly filter?: string | undefined;
  readonly limit: number;
}

/** A Query read page after page until `limit` items matched or the key range ends. */
async function readBounded(db: Db, read: Read): Promise<Bounded<Record<string, unknown>>> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await send(() =>
      db.doc.send(
        new QueryCommand({
          TableName: db.tableName,
          IndexName: read.indexName,
          KeyConditionExpression: read.keyCondition,
          ExpressionAttributeNames: read.names,
          ExpressionAttributeValues: read.values,
          FilterExpression: read.filter,
          ExclusiveStartKey: startKey,
          Limit: 200,
        }),
      ),
    );
    for (const item of page.Items ?? []) {
      if (items.length === read.limit) return { items, more: true };
      items.push(item);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { items, more: false };
}

/** A due-date (or overdue) queue up to `before` (exclusive), oldest due first. */
function queue(
  partition: string,
  before: string | undefined,
  filter: Omit<Read, 'indexName' | 'keyCondition' | 'limit'>,
  limit: number,
): Read {
  return {
    indexName: 'byDueDate',
    keyCondition: before ? 'duepk = :pk AND duesk < :before' : 'duepk = :pk',
    ...(filter.names ? { names: filter.names } : {}),
    values: { ':pk': partition, ...(before ? { ':before': before } : {}), ...filter.values },
    filter: filter.filter,
    limit,
  };
}

/** Staff answer the referrals they own and the unowned ones (triage is every staff member's). */
function referralFilter(scope: WorkScope) {
  if (scope.kind === 'organisation') return { values: {} };
  return { values: { ':me': scope.userId }, filter: 'attribute_not_exists(ownerId) OR ownerId = :me' };
}

/** Staff acknowledge what comes to their team. */
function handoffFilter(scope: WorkScope) {
  if (scope.kind === 'organisation') return { values: {} };
  return { values: { ':team': scope.teamId ?? '-' }, filter: 'toTeamId = :team' };
}

/** Staff work the issues they own, and anyone may take an unowned one. */
const issueFilter = referralFilter;

const parse =
  <T>(schema: { parse(value: unknown): T }) =>
  (page: Bounded<Record<string, unknown>>): Bounded<T> => ({
    items: page.items.map((item) => schema.parse(item)),
    more: page.more,
  });

/** Referrals whose first response falls due before `before`, swept overdue or not. */
export function referralsDue(db: Db, scope: WorkScope, before: string, limit: number): Promise<Bounded<Referral>> {
  return readBounded(db, queue(referralKeys.firstResponseDuePartition, before, referralFilter(scope), limit)).then(
    parse(referralSchema),
  );
}

/** Referrals the sweeper marked overdue and that still await their first response. */
export function referralsOverdue(db: Db, scope: WorkScope, limit: number): Promise<Bounded<Referral>> {
  return readBounded(
    db,
    queue(referralKeys.firstResponseOverduePartition, undefined, referralFilter(scope), limit),
  ).then(parse(referralSchema));
}

export function handoffsDue(db: Db, scope: WorkScope, before: string, limit: number): Promise<Bounded<Handoff>> {
  return readBounded(db, queue(handoffKeys.acknowledgementDuePartition, before, handoffFilter(scope), limit)).then(
    parse(handoffSchema),
  );
}

/**
 * Handoffs awaiting acknowledgement past due. A team's are the overdue group of its inbox (a key
 * condition); the organisation's, the overdue queue.
 */
export function handoffsOverdue(db: Db, scope: WorkScope, limit: number): Promise<Bounded<Handoff>> {
  if (scope.kind === 'staff') {
    if (!scope.teamId) return Promise.resolve({ items: [], more: false });
    const partition = handoffKeys.inboxPartition(scope.teamId);
    return readBounded(db, {
      indexName: 'byParty',
      keyCondition: 'gsi2pk = :pk AND begins_with(gsi2sk, :overdue)',
      names: { '#status': 'status' },
      values: { ':pk': partition, ':overdue': '1#', ':sent': 'sent' },
      filter: '#status = :sent',
      limit,
    }).then(parse(handoffSchema));
  }
  return readBounded(
    db,
    queue(handoffKeys.acknowledgementOverduePartition, undefined, handoffFilter(scope), limit),
  ).then(parse(handoffSchema));
}

/** Issues whose time to own (`own`) or to resolve falls due before `before`, swept or not. */
export function issuesDue(
  db: Db,
  target: 'own' | 'resolve',
  scope: WorkScope,
  before: string,
  limit: number,
): Promise<Bounded<Issue>> {
  const partition = target === 'own' ? issueKeys.ownDuePartition : issueKeys.resolveDuePartition;
  return readBounded(db, queue(partition, before, issueFilter(scope), limit)).then(parse({ parse: parseIssueItem }));
}

/**
 * Open issues past a target the sweeper marked: the open part of the board (a key condition on
 * its `O#` prefix), those with a breach flag.
 */
export function issuesOverdue(db: Db, scope: WorkScope, limit: number): Promise<Bounded<Issue>> {
  const breached = '(ownBreached = :yes AND #status = :reported) OR resolveBreached = :yes';
  const base = { names: { '#status': 'status' }, values: { ':open': 'O#', ':yes': true, ':reported': 'reported' } };
  if (scope.kind === 'organisation') {
    return readBounded(db, {
      indexName: 'byCollection',
      keyCondition: 'gsi1pk = :pk AND begins_with(gsi1sk, :open)',
      ...base,
      values: { ...base.values, ':pk': issueKeys.allPartition },
      filter: breached,
      limit,
    }).then(parse({ parse: parseIssueItem }));
  }
  // A staff member's: the issues they own, then the unowned ones of the whole board.
  return Promise.all([
    readBounded(db, {
      indexName: 'byOwner',
      keyCondition: 'gsi3pk = :pk AND begins_with(gsi3sk, :open)',
      ...base,
      values: { ...base.values, ':pk': issueKeys.ownerPartition(scope.userId) },
      filter: breached,
      limit,
    }),
    readBounded(db, {
      indexName: 'byCollection',
      keyCondition: 'gsi1pk = :pk AND begins_with(gsi1sk, :open)',
      ...base,
      values: { ...base.values, ':pk': issueKeys.allPartition },
      filter: `attribute_not_exists(ownerId) AND (${breached})`,
      limit,
    }),
  ]).then(([owned, unowned]) =>
    parse({ parse: parseIssueItem })({ items: [...owned.items, ...unowned.items], more: owned.more || unowned.more }),
  );
}
