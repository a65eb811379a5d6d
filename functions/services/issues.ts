import { ulid } from 'ulid';
import type { Db } from '#data/client.ts';
import { getCustomer, getCustomers } from '#data/customer-repository.ts';
import { userRepository } from '#data/directory-repository.ts';
import { staleVersion } from '#data/errors.ts';
import {
  addCommunication,
  createIssue,
  getIssueDetail,
  type IssueFilters,
  listAllIssues,
  listIssuesByCustomer,
  listIssuesByOwner,
  listIssuesByPartner,
  listIssuesDue,
  replaceIssue,
} from '#data/issue-repository.ts';
import { emptyPage, type Page } from '#data/pagination.ts';
import { getSettings } from '#data/settings-repository.ts';
import type { LifecycleStage } from '#domain/customers/schemas.ts';
import { NotFoundError, PreconditionFailedError, ValidationError } from '#domain/errors.ts';
import { assertCan } from '#domain/identity/authorization.ts';
import { canSeeCustomer, canSeeIssue, seesReferrerSide } from '#domain/identity/visibility.ts';
import { applyTransition, edit, handOver, markBreached, newIssue } from '#domain/issues/moves.ts';
import type { Communication, Issue, IssueChange, IssueReport } from '#domain/issues/schemas.ts';
import { type IssueView, issueTimelineView, issueView } from '#domain/issues/views.ts';
import type { IssueStatus } from '#domain/issues/workflow.ts';
import type { TimelineEvent } from '#domain/timeline/event.ts';
import { logger } from '#lib/logger.ts';
import type { CreateOptions, ListOptions, ServiceContext } from './context.ts';

/** An affected customer as the issue page names it. */
export interface AffectedCustomer {
  readonly id: string;
  readonly name: string;
  readonly lifecycle: LifecycleStage;
}

export interface IssueDetail extends IssueView {
  readonly customers: AffectedCustomer[];
  readonly timeline: TimelineEvent[];
  /** The customer-communication log, oldest first: staff and leaders only. */
  readonly communications?: Communication[];
}

export interface IssueListQuery extends IssueFilters {
  /** `me`, or a user id: the issues someone owns. */
  readonly owner?: string | undefined;
  readonly customerId?: string | undefined;
}

/** The issue if the caller may see it, else 404: visibility is checked before any role rule. */
async function requireIssue(ctx: ServiceContext, id: string) {
  const detail = await getIssueDetail(ctx.db, id);
  if (!detail || !canSeeIssue(ctx.caller, detail.issue)) throw new NotFoundError('No such issue.');
  return detail;
}

function assertVersion(issue: Issue, expectedVersion: number) {
  if (issue.version !== expectedVersion) throw staleVersion('issue');
}

async function assertCanOwn(ctx: ServiceContext, userId: string) {
  const user = await userRepository.get(ctx.db, userId);
  if (!user?.active || (user.role !== 'staff' && user.role !== 'leader')) {
    throw new ValidationError([{ path: 'userId', message: 'An active staff member or leader owns an issue.' }]);
  }
}

export const issues = {
  /**
   * Reports an issue (staff, leaders; partners for the customers their organisation's won
   * referrals created). Its targets come from the severity and the leaders' settings; each
   * affected customer's count of unresolved issues goes up in the same transaction.
   */
  async report(ctx: ServiceContext, input: IssueReport, options: CreateOptions = {}): Promise<IssueView> {
    assertCan(ctx.caller, 'issue.create');
    const found = new Map((await getCustomers(ctx.db, input.customerIds)).map((customer) => [customer.id, customer]));
    // A customer the caller may not see is answered exactly like one that does not exist.
    const missing = input.customerIds.flatMap((customerId, index) => {
      const customer = found.get(customerId);
      return customer && canSeeCustomer(ctx.caller, customer)
        ? []
        : [{ path: `customerIds.${index}`, message: 'No such customer.' }];
    });
    if (missing.length > 0) throw new ValidationError(missing);
    const settings = await getSettings(ctx.db);
    const now = ctx.now();
    const { next: issue } = newIssue(
      input,
      ctx.caller,
      { id: ulid(now.getTime()), now },
      { customers: found, targets: settings.issueTargets },
    );
    const response = issueView(issue, ctx.caller);
    await createIssue(ctx.db, issue, { idempotency: options.idempotency, now, response });
    return response;
  },

  /**
   * Issues, open first, most severe first, newest first. Staff and leaders: all of them, or
   * one customer's (`customerId`), or one person's (`owner`, `me` for the caller's own), each
   * filtered by status and severity. A partner: the issues its organisation reported, or those
   * of a customer it brought; an advocate: those of a customer they brought.
   */
  async list(ctx: ServiceContext, query: IssueListQuery, page: ListOptions): Promise<Page<IssueView>> {
    assertCan(ctx.caller, 'issue.read');
    const { caller, db } = ctx;
    const { owner, customerId, ...filters } = query;
    const ownerId = owner === 'me' ? caller.userId : owner;
    const none = () => emptyPage<IssueView>(page.cursor);
    let result: Page<Issue>;
    if (seesReferrerSide(caller)) {
      // Referrers own nothing, and see the issues of the customers they brought.
      if (ownerId) return none();
      if (customerId) {
        const customer = await getCustomer(db, customerId);
        if (!customer || !canSeeCustomer(caller, customer)) return none();
        result = await listIssuesByCustomer(db, customerId, filters, page);
      } else if (caller.role === 'partner' && caller.partnerId) {
        result = await listIssuesByPartner(db, caller.partnerId, filters, page);
      } else {
        return none();
      }
    } else if (customerId) {
      result = await listIssuesByCustomer(db, customerId, { ...filters, ownerId }, page);
    } else if (ownerId) {
      result = await listIssuesByOwner(db, ownerId, filters, page);
    } else {
      result = await listAllIssues(db, filters, page);
    }
    return { items: result.items.map((issue) => issueView(issue, caller)), cursor: result.cursor };
  },

  /** An issue with its affected customers and timeline; staff and leaders get the communication log too. */
  async get(ctx: ServiceContext, id: string): Promise<IssueDetail> {
    const { issue, timeline, communications } = await requireIssue(ctx, id);
    assertCan(ctx.caller, 'issue.read');
    const view = issueView(issue, ctx.caller);
    const shownIds = new Set(view.customerIds);
    const affected = (await getCustomers(ctx.db, issue.customerIds))
      .filter((customer) => shownIds.has(customer.id))
      .map((customer) => ({ id: customer.id, name: customer.name, lifecycle: customer.lifecycle }));
    if (seesReferrerSide(ctx.caller)) {
      return { ...view, customers: affected, timeline: issueTimelineView(timeline, ctx.caller) };
    }
    return { ...view, customers: affected, timeline, communications };
  },

  /** Edits the title, severity (its targets follow), impact, what the customer was told, and the factors. */
  async update(ctx: ServiceContext, id: string, expectedVersion: number, change: IssueChange): Promise<IssueView> {
    const { issue: before } = await requireIssue(ctx, id);
    assertCan(ctx.caller, 'issue.work');
    assertVersion(before, expectedVersion);
    // The targets are the leaders' settings, read only when the severity moves.
    const severityMoves = change.severity !== undefined && change.severity !== before.severity;
    const targets = severityMoves ? (await getSettings(ctx.db)).issueTargets : undefined;
    const moved = edit(before, { ...change, targets }, ctx.caller, ctx.now());
    if (!moved) return issueView(before, ctx.caller);
    await replaceIssue(ctx.db, before, moved.next, moved.event);
    return issueView(moved.next, ctx.caller);
  },

  /**
   * Moves an issue along `reported → owned → (mitigated →) resolved`. Taking it to `owned` makes
   * the caller its owner; mitigating may say how (a note on the record and its event);
   * resolving needs the follow-up note and takes the issue off its customers' counts of
   * unresolved issues.
   */
  async transition(
    ctx: ServiceContext,
    id: string,
    expectedVersion: number,
    change: { to: IssueStatus; followUp?: string | undefined; note?: string | undefined },
  ): Promise<IssueView> {
    const { issue: before } = await requireIssue(ctx, id);
    assertCan(ctx.caller, 'issue.work');
    assertVersion(before, expectedVersion);
    const { next, event } = applyTransition(before, change, ctx.caller, ctx.now());
    await replaceIssue(ctx.db, before, next, event);
    return issueView(next, ctx.caller);
  },

  /**
   * Hands the issue to another owner (an event), or gives a reported issue its first owner (it
   * is then owned). One owner at a time: the write is conditional on the version read.
   */
  async handOver(ctx: ServiceContext, id: string, expectedVersion: number, userId: string): Promise<IssueView> {
    const { issue: before } = await requireIssue(ctx, id);
    assertCan(ctx.caller, 'issue.work');
    assertVersion(before, expectedVersion);
    await assertCanOwn(ctx, userId);
    const { next, event } = handOver(before, { ownerId: userId }, ctx.caller, ctx.now());
    await replaceIssue(ctx.db, before, next, event);
    return issueView(next, ctx.caller);
  },

  /** Logs a communication with the affected customers (staff, leaders). */
  async communicate(
    ctx: ServiceContext,
    id: string,
    input: { channel: Communication['channel']; summary: string },
    options: CreateOptions = {},
  ): Promise<Communication> {
    await requireIssue(ctx, id);
    assertCan(ctx.caller, 'issue.work');
    const now = ctx.now();
    const entry: Communication = {
      id: ulid(now.getTime()),
      channel: input.channel,
      summary: input.summary,
      authorId: ctx.caller.userId,
      at: now.toISOString(),
    };
    return addCommunication(ctx.db, id, entry, { idempotency: options.idempotency, now });
  },
};

export interface IssueSweepResult {
  readonly issueOwnTargetsBreached: number;
  readonly issueResolveTargetsBreached: number;
}

const batch = 25;
/** A bound on one run; what is left is found by the next. */
const maxRounds = 40;

async function markBreaches(db: Db, now: Date, target: 'own' | 'resolve'): Promise<number> {
  let marked = 0;
  for (let round = 0; round < maxRounds; round++) {
    const due = await listIssuesDue(db, target, now, batch);
    for (const before of due) {
      try {
        const { next, event } = markBreached(before, target, now);
        await replaceIssue(db, before, next, event);
        marked++;
      } catch (error) {
        // Owned or resolved at the last moment: left as it is; whatever is still due, the next run finds.
        if (!(error instanceof PreconditionFailedError)) throw error;
      }
    }
    if (due.length < batch) break;
  }
  return marked;
}

/**
 * Marks issues whose time-to-own or time-to-resolve target passed, once each, as an event. It
 * reads the due-date index, never the whole table; own targets first, so that an issue that
 * missed both is found in its resolve queue in the same run.
 */
export async function sweepIssueTargets(db: Db, now: Date): Promise<IssueSweepResult> {
  const issueOwnTargetsBreached = await markBreaches(db, now, 'own');
  const issueResolveTargetsBreached = await markBreaches(db, now, 'resolve');
  if (issueOwnTargetsBreached > 0 || issueResolveTargetsBreached > 0) {
    logger.info('issue targets swept', { issueOwnTargetsBreached, issueResolveTargetsBreached });
  }
  return { issueOwnTargetsBreached, issueResolveTargetsBreached };
}
