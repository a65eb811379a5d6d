import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, IdempotencyKeyTakenError, NotFoundError, ValidationError } from '#domain/errors.ts';
import { issueEvents } from '#domain/issues/events.ts';
import {
  type Communication,
  communicationSchema,
  type Issue,
  issueEventView,
  parseIssueItem,
} from '#domain/issues/schemas.ts';
import type { Severity } from '#domain/issues/targets.ts';
import { type IssueStatus, isOpenIssue } from '#domain/issues/workflow.ts';
import type { TimelineEvent } from '#domain/timeline/event.ts';
import type { Db } from './client.ts';
import { openIssueCountChange } from './customer-repository.ts';
import { staleVersion } from './errors.ts';
import { eventPut, readRecordPartition } from './events.ts';
import { type IdempotencyToken, idempotencyPut } from './idempotency.ts';
import { issueKeys } from './keys.ts';
import { emptyPage, IndexQuery, type Page, queryAll } from './pagination.ts';
import { send, type TransactItem, transactParts, transactWrite } from './send.ts';

/**
 * Which due-date queue an issue waits in: for its owner while it is reported and that target
 * has not passed, then for its resolution while it is open and that target has not passed.
 * Time to own is never longer than time to resolve, so nothing is skipped.
 */
function dueKeys(issue: Issue) {
  if (issue.status === 'reported' && !issue.ownBreached) return issueKeys.ownDue(issue.ownDueAt, issue.id);
  if (isOpenIssue(issue.status) && !issue.resolveBreached) return issueKeys.resolveDue(issue.resolveDueAt, issue.id);
  return {};
}

/** The item of an issue: the record and the keys of every index it appears in. */
function issueItem(issue: Issue) {
  return {
    ...issueKeys.byId(issue.id),
    ...issueKeys.all(issue),
    ...(issue.partnerId ? issueKeys.partner(issue.partnerId, issue) : {}),
    ...(issue.ownerId ? issueKeys.owner(issue.ownerId, issue) : {}),
    ...dueKeys(issue),
    entity: 'issue',
    ...issue,
  };
}

/** One item per affected customer: a copy of the issue, listed under the customer. */
function linkPuts(db: Db, issue: Issue): TransactItem[] {
  return issue.customerIds.map((customerId) => ({
    Put: {
      TableName: db.tableName,
      Item: {
        ...issueKeys.customerLink(issue.id, customerId),
        ...issueKeys.ofCustomer(customerId, issue),
        entity: 'issue-customer',
        ...issue,
      },
    },
  }));
}

function issueEvent(
  db: Db,
  before: Issue | null,
  after: Issue,
  event: { type: string; actorId: string; note?: string | undefined; extra?: Record<string, unknown> },
) {
  return eventPut(db, {
    recordType: 'issue',
    recordId: after.id,
    recordPk: issueKeys.byId(after.id).pk,
    type: event.type,
    actorId: event.actorId,
    at: after.updatedAt,
    before: before ? issueEventView(before) : null,
    after: { ...issueEventView(after), ...event.extra },
    note: event.note,
  }).item;
}

/**
 * Writes a new issue, one link per affected customer, the customers' counts of unresolved
 * issues (each conditional on the customer existing), its `issue.reported` event and, when the
 * request had one, its idempotency marker: all or nothing.
 */
export async function createIssue(
  db: Db,
  issue: Issue,
  options: { idempotency?: IdempotencyToken | undefined; now: Date; response: unknown },
): Promise<Issue> {
  await transactParts(
    db,
    {
      record: [
        { Put: { TableName: db.tableName, Item: issueItem(issue), ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
      // Each conditional on its customer existing: a failed one names the customer that does not.
      counters: issue.customerIds.map((customerId) => openIssueCountChange(db, customerId, 1)),
      links: linkPuts(db, issue),
      event: [issueEvent(db, null, issue, { type: issueEvents.reported, actorId: issue.reportedBy })],
      idempotency: options.idempotency
        ? [idempotencyPut(db, options.idempotency, { status: 201, body: options.response }, options.now)]
        : [],
    },
    {
      onConditionFailed: (failed) => {
        if (failed.idempotency.some(Boolean)) return new IdempotencyKeyTakenError();
        const missing = issue.customerIds.flatMap((_, index) =>
          failed.counters[index] ? [{ path: `customerIds.${index}`, message: 'No such customer.' }] : [],
        );
        if (missing.length > 0) return new ValidationError(missing);
        return new ConflictError('The issue exists already.');
      },
    },
  );
  return issue;
}

/**
 * Replaces an issue with its next version, rewrites its customer links and records the event,
 * on the condition that nobody changed it since it was read (a stale version is a 412: of two
 * people taking ownership at once, exactly one succeeds). Resolving takes the issue off its
 * customers' counts of unresolved issues, in the same transaction.
 */
export async function replaceIssue(
  db: Db,
  before: Issue,
  after: Issue,
  event: { type: string; actorId: string; note?: string | undefined; extra?: Record<string, unknown> },
): Promise<Issue> {
  const closing = isOpenIssue(before.status) && !isOpenIssue(after.status);
  await transactWrite(
    db,
    [
      {
        Put: {
          TableName: db.tableName,
          Item: issueItem(after),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': before.version },
        },
      },
      issueEvent(db, before, after, event),
      ...linkPuts(db, after),
      ...(closing ? after.customerIds.map((customerId) => openIssueCountChange(db, customerId, -1)) : []),
    ],
    {
      onConditionFailed: (reasons) =>
        reasons[0]
          ? staleVersion('issue')
          : new ConflictError('Something this change depends on changed at the same moment: try again.'),
    },
  );
  return after;
}

/** An issue, its timeline and its communication log: one Query on its partition. */
export async function getIssueDetail(
  db: Db,
  id: string,
): Promise<{ issue: Issue; timeline: TimelineEvent[]; communications: Communication[] } | undefined> {
  const partition = await readRecordPartition(db, issueKeys.byId(id));
  if (!partition.record) return undefined;
  const issue = parseIssueItem(partition.record);
  const timeline = partition.timeline;
  const communications = partition.under(issueKeys.communicationPrefix).map((item) => communicationSchema.parse(item));
  return { issue, timeline, communications };
}

/**
 * Adds an entry to the customer-communication log, with its event (the channel, not the
 * summary) and, when the request had one, its idempotency marker. The log is append-only: it
 * does not move the issue's version.
 */
export async function addCommunication(
  db: Db,
  issueId: string,
  entry: Communication,
  options: { idempotency?: IdempotencyToken | undefined; now: Date },
): Promise<Communication> {
  const items: TransactItem[] = [
    {
      ConditionCheck: {
        TableName: db.tableName,
        Key: issueKeys.byId(issueId),
        ConditionExpression: 'attribute_exists(pk)',
      },
    },
    {
      Put: {
        TableName: db.tableName,
        Item: { ...issueKeys.communication(issueId, entry.id), entity: 'issue-communication', ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    eventPut(db, {
      recordType: 'issue',
      recordId: issueId,
      recordPk: issueKeys.byId(issueId).pk,
      type: issueEvents.communicated,
      actorId: entry.authorId,
      at: entry.at,
      before: null,
      after: { communicationId: entry.id, channel: entry.channel },
    }).item,
  ];
  if (options.idempotency) {
    items.push(idempotencyPut(db, options.idempotency, { status: 201, body: entry }, options.now));
  }
  await transactWrite(db, items, {
    onConditionFailed: (reasons) => {
      if (options.idempotency && reasons[items.length - 1]) return new IdempotencyKeyTakenError();
      return new NotFoundError('No such issue.');
    },
  });
  return entry;
}

export interface IssueFilters {
  readonly status?: IssueStatus | undefined;
  readonly severity?: Severity | undefined;
  /** Open (any status but resolved) or resolved only. */
  readonly open?: boolean | undefined;
  readonly ownerId?: string | undefined;
}

type Scope =
  | { readonly index: 'byCollection'; readonly partition: string }
  | { readonly index: 'byParty'; readonly partition: string }
  | { readonly index: 'byOwner'; readonly partition: string };

/**
 * One page of issues in a partition, open first, most severe first, newest first. Open or not
 * (which a status implies) and the severity narrow the key condition; the exact status and the
 * owner are filters.
 */
async function listIssuesIn(
  db: Db,
  scope: Scope,
  filters: IssueFilters,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<Issue>> {
  const query = new IndexQuery(scope.index, scope.partition);
  const open = filters.status ? isOpenIssue(filters.status) : filters.open;
  if (open !== undefined && filters.open !== undefined && open !== filters.open) return emptyPage(page.cursor);
  if (open !== undefined) query.sortKeyBeginsWith(issueKeys.boardPrefix(open, filters.severity));
  if (filters.status) query.where('status', filters.status);
  if (filters.severity && open === undefined) query.where('severity', filters.severity);
  if (filters.ownerId && scope.index !== 'byOwner') query.where('ownerId', filters.ownerId);
  const result = await query.page(db, page, { newestFirst: true });
  return { items: result.items.map((item) => parseIssueItem(item)), cursor: result.cursor };
}

type ListPage = { limit: number; cursor?: string | undefined };

/** Every issue, open first: the board of staff and leaders. */
export const listAllIssues = (db: Db, filters: IssueFilters, page: ListPage) =>
  listIssuesIn(db, { index: 'byCollection', partition: issueKeys.allPartition }, filters, page);

/** The issues a staff member owns ("mine"). */
export const listIssuesByOwner = (db: Db, ownerId: string, filters: IssueFilters, page: ListPage) =>
  listIssuesIn(db, { index: 'byOwner', partition: issueKeys.ownerPartition(ownerId) }, filters, page);

/** The issues affecting one customer (from their links). */
export const listIssuesByCustomer = (db: Db, customerId: string, filters: IssueFilters, page: ListPage) =>
  listIssuesIn(db, { index: 'byParty', partition: issueKeys.ofCustomerPartition(customerId) }, filters, page);

/** The issues a partner organisation reported. */
export const listIssuesByPartner = (db: Db, partnerId: string, filters: IssueFilters, page: ListPage) =>
  listIssuesIn(db, { index: 'byParty', partition: issueKeys.partnerPartition(partnerId) }, filters, page);

/** Every issue affecting a customer, open first (for the customer page; bounded by the customer's history). */
export async function listAllIssuesOfCustomer(db: Db, customerId: string, options: { openOnly?: boolean } = {}) {
  const items = await queryAll(db, {
    IndexName: 'byParty',
    KeyConditionExpression: options.openOnly ? 'gsi2pk = :pk AND begins_with(gsi2sk, :open)' : 'gsi2pk = :pk',
    ExpressionAttributeValues: {
      ':pk': issueKeys.ofCustomerPartition(customerId),
      ...(options.openOnly ? { ':open': issueKeys.boardPrefix(true) } : {}),
    },
    ScanIndexForward: false,
  });
  return items.map((item) => parseIssueItem(item));
}

/** Issues whose own (`own`) or resolve (`resolve`) target passed by `now` and are not yet marked. */
export async function listIssuesDue(db: Db, target: 'own' | 'resolve', now: Date, limit: number): Promise<Issue[]> {
  const result = await send(() =>
    db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: 'byDueDate',
        KeyConditionExpression: 'duepk = :pk AND duesk <= :now',
        ExpressionAttributeValues: {
          ':pk': target === 'own' ? issueKeys.ownDuePartition : issueKeys.resolveDuePartition,
          ':now': `${now.toISOString()}\uffff`,
        },
        Limit: limit,
      }),
    ),
  );
  return (result.Items ?? []).map((item) => parseIssueItem(item));
}
