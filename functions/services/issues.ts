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
import { ConflictError, NotFoundError, PreconditionFailedError, ValidationError } from '#domain/errors.ts';
import { assertCan } from '#domain/identity/authorization.ts';
import { canSeeCustomer, canSeeIssue, seesReferrerSide } from '#domain/identity/visibility.ts';
import { issueEvents } from '#domain/issues/events.ts';
import {
  type Communication,
  type ContributingFactor,
  contributingFactors,
  type Issue,
  type IssueChange,
  type IssueReport,
} from '#domain/issues/schemas.ts';
import { issueDueDates } from '#domain/issues/targets.ts';
import { type IssueView, issueTimelineView, issueView } from '#domain/issues/views.ts';
import { assertIssueTransition, type IssueStatus } from '#domain/issues/workflow.ts';
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

/** Factors in the list's own order, so that the same set is always the same value. */
function canonicalFactors(factors: readonly ContributingFactor[]): ContributingFactor[] {
  return contributingFactors.filter((factor) => factors.includes(factor));
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
    const at = now.toISOString();
    const issue: Issue = {
      id: ulid(now.getTime()),
      status: 'reported',
      title: input.title,
      severity: input.severity,
      version: 1,
      customerIds: input.customerIds,
      impact: input.impact,
      customerTold: input.customerTold,
      factors: [],
      reportedBy: ctx.caller.userId,
      reporterRole: ctx.caller.role,
      ...(ctx.caller.role === 'partner' && ctx.caller.partnerId ? { partnerId: ctx.caller.partnerId } : {}),
      customerReferrers: input.customerIds.flatMap((customerId) => {
        const referredBy = found.get(customerId)?.referredBy;
        return referredBy
          ? [
              {
                customerId,
                referrerId: referredBy.referrerId,
                ...(referredBy.partnerId ? { partnerId: referredBy.partnerId } : {}),
              },
            ]
          : [];
      }),
      ...issueDueDates(at, input.severity, settings.issueTargets),
      ownBreached: false,
      resolveBreached: false,
      createdAt: at,
      updatedAt: at,
    };
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
    let after: Issue = { ...before };
    if (change.title !== undefined) after.title = change.title;
    if (change.impact !== undefined) after.impact = change.impact;
    if (change.customerTold !== undefined) after.customerTold = change.customerTold;
    if (change.factors !== undefined) after.factors = canonicalFactors(change.factors);
    if (change.severity !== undefined && change.severity !== before.severity) {
      const settings = await getSettings(ctx.db);
      after = {
        ...after,
        severity: change.severity,
        ...issueDueDates(before.createdAt, change.severity, settings.issueTargets),
      };
    }
    const edited = (['title', 'impact', 'customerTold'] as const).filter((field) => after[field] !== before[field]);
    const moved =
      after.severity !== before.severity || JSON.stringify(after.factors) !== JSON.stringify(before.factors);
    if (edited.length === 0 && !moved) return issueView(before, ctx.caller);
    after = { ...after, version: before.version + 1, updatedAt: ctx.now().toISOString() };
    // The texts themselves stay on the record: the event says only that they changed.
    await replaceIssue(ctx.db, before, after, {
      type: issueEvents.updated,
      actorId: ctx.caller.userId,
      extra: { edited },
    });
    return issueView(after, ctx.caller);
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
    assertIssueTransition(before.status, change.to, change.followUp, change.note);
    const at = ctx.now().toISOString();
    let after: Issue = { ...before, status: change.to, version: before.version + 1, updatedAt: at };
    if (change.to === 'owned') {
      after = { ...after, ownerId: ctx.caller.userId, ownedAt: at, ownedLate: at > before.ownDueAt };
    } else if (change.to === 'mitigated') {
      after = { ...after, mitigatedAt: at, ...(change.note ? { mitigationNote: change.note } : {}) };
    } else if (change.to === 'resolved') {
      after = {
        ...after,
        resolvedAt: at,
        resolvedBy: ctx.caller.userId,
        resolvedLate: at > before.resolveDueAt,
        followUp: change.followUp,
      };
    }
    await replaceIssue(ctx.db, before, after, {
      type: `issue.${change.to}`,
      actorId: ctx.caller.userId,
      note: change.to === 'resolved' ? change.followUp : change.to === 'mitigated' ? change.note : undefined,
    });
    return issueView(after, ctx.caller);
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
    if (before.status === 'resolved') throw new ConflictError('A resolved issue needs no owner.');
    if (before.ownerId === userId) throw new ConflictError('They own the issue already.');
    const at = ctx.now().toISOString();
    const firstOwner = before.status === 'reported';
    const after: Issue = {
      ...before,
      ownerId: userId,
      ...(firstOwner ? { status: 'owned' as const, ownedAt: at, ownedLate: at > before.ownDueAt } : {}),
      version: before.version + 1,
      updatedAt: at,
    };
    await replaceIssue(ctx.db, before, after, {
      type: firstOwner ? issueEvents.owned : issueEvents.handedOver,
      actorId: ctx.caller.userId,
    });
    return issueView(after, ctx.caller);
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
        await replaceIssue(
          db,
          before,
          {
            ...before,
            ...(target === 'own' ? { ownBreached: true } : { resolveBreached: true }),
            version: before.version + 1,
            updatedAt: now.toISOString(),
          },
          { type: target === 'own' ? issueEvents.ownBreached : issueEvents.resolveBreached, actorId: 'system' },
        );
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
