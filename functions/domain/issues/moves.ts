import type { Customer } from '#domain/customers/schemas.ts';
import { ConflictError } from '#domain/errors.ts';
import type { Caller } from '#domain/identity/roles.ts';
import type { Actor, Moved } from '#domain/workflow.ts';
import { issueEvents } from './events.ts';
import {
  type ContributingFactor,
  contributingFactors,
  type Issue,
  type IssueChange,
  type IssueReport,
} from './schemas.ts';
import { type IssueTargets, issueDueDates } from './targets.ts';
import { assertTransition, type IssueStatus } from './workflow.ts';

/** What an issue's event carries besides who and when: an edit names the fields it changed. */
export interface IssueEvent {
  readonly type: string;
  readonly actorId: string;
  readonly note?: string | undefined;
  readonly extra?: Record<string, unknown>;
}

/**
 * A report as the issue it becomes, and its event. Its targets come from its severity and the
 * leaders' settings (`targets`); for each affected customer (`customers`, found and checked by
 * the caller) that a referral brought, who referred it, so that the referrer may follow it. A
 * partner's report keeps the partner.
 */
export function newIssue(
  input: IssueReport,
  reporter: Actor & Pick<Caller, 'partnerId'>,
  at: { readonly id: string; readonly now: Date },
  context: { readonly customers: ReadonlyMap<string, Pick<Customer, 'referredBy'>>; readonly targets: IssueTargets },
): Moved<Issue> {
  const iso = at.now.toISOString();
  const issue: Issue = {
    id: at.id,
    status: 'reported',
    title: input.title,
    severity: input.severity,
    version: 1,
    customerIds: input.customerIds,
    impact: input.impact,
    customerTold: input.customerTold,
    factors: [],
    reportedBy: reporter.userId,
    reporterRole: reporter.role,
    ...(reporter.role === 'partner' && reporter.partnerId ? { partnerId: reporter.partnerId } : {}),
    customerReferrers: input.customerIds.flatMap((customerId) => {
      const referredBy = context.customers.get(customerId)?.referredBy;
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
    ...issueDueDates(iso, input.severity, context.targets),
    ownBreached: false,
    resolveBreached: false,
    createdAt: iso,
    updatedAt: iso,
  };
  return { next: issue, event: { type: issueEvents.reported, actorId: reporter.userId } };
}

/** A status move as its owner asks for it: resolving says what follows up, mitigating may say how. */
export interface IssueTransition {
  readonly to: IssueStatus;
  readonly followUp?: string | undefined;
  readonly note?: string | undefined;
}

/**
 * The next version of an issue moved along `reported → owned → (mitigated →) resolved`,
 * checked by `assertTransition`, and its event. Taking it to `owned` makes the actor its owner;
 * the note the move needs (follow-up, mitigation) goes with the event too.
 */
export function applyTransition(before: Issue, change: IssueTransition, actor: Actor, now: Date): Moved<Issue> {
  assertTransition(before.status, change.to, change.followUp, change.note);
  const at = now.toISOString();
  let next: Issue = { ...before, status: change.to, version: before.version + 1, updatedAt: at };
  if (change.to === 'owned') {
    next = { ...next, ownerId: actor.userId, ownedAt: at, ownedLate: at > before.ownDueAt };
  } else if (change.to === 'mitigated') {
    next = { ...next, mitigatedAt: at, ...(change.note ? { mitigationNote: change.note } : {}) };
  } else if (change.to === 'resolved') {
    next = {
      ...next,
      resolvedAt: at,
      resolvedBy: actor.userId,
      resolvedLate: at > before.resolveDueAt,
      followUp: change.followUp,
    };
  }
  const note = change.to === 'resolved' ? change.followUp : change.to === 'mitigated' ? change.note : undefined;
  return { next, event: { type: issueEvents[change.to], actorId: actor.userId, note } };
}

/**
 * The issue handed to another owner (an event), or a reported issue given its first owner (it
 * is then owned). Whether the new owner may own an issue is the service's to check.
 */
export function handOver(before: Issue, change: { ownerId: string }, actor: Actor, now: Date): Moved<Issue> {
  if (before.status === 'resolved') throw new ConflictError('A resolved issue needs no owner.');
  if (before.ownerId === change.ownerId) throw new ConflictError('They own the issue already.');
  const at = now.toISOString();
  const firstOwner = before.status === 'reported';
  return {
    next: {
      ...before,
      ownerId: change.ownerId,
      ...(firstOwner ? { status: 'owned' as const, ownedAt: at, ownedLate: at > before.ownDueAt } : {}),
      version: before.version + 1,
      updatedAt: at,
    },
    event: { type: firstOwner ? issueEvents.owned : issueEvents.handedOver, actorId: actor.userId },
  };
}

/** Factors in the list's own order, so that the same set is always the same value. */
function canonicalFactors(factors: readonly ContributingFactor[]): ContributingFactor[] {
  return contributingFactors.filter((factor) => factors.includes(factor));
}

/**
 * An edit of the title, severity, impact, what the customer was told and the factors; a new
 * severity brings its targets (`targets`, the leaders' settings, which the caller reads only
 * then). Undefined when the edit changes nothing: there is nothing to record. The texts stay on
 * the record: the event says only which of them changed.
 */
export function edit(
  before: Issue,
  change: IssueChange & { readonly targets?: IssueTargets | undefined },
  actor: Actor,
  now: Date,
): Moved<Issue, IssueEvent> | undefined {
  let next: Issue = { ...before };
  if (change.title !== undefined) next.title = change.title;
  if (change.impact !== undefined) next.impact = change.impact;
  if (change.customerTold !== undefined) next.customerTold = change.customerTold;
  if (change.factors !== undefined) next.factors = canonicalFactors(change.factors);
  if (change.severity !== undefined && change.severity !== before.severity) {
    if (!change.targets) throw new Error('A new severity needs the targets it brings.');
    next = { ...next, severity: change.severity, ...issueDueDates(before.createdAt, change.severity, change.targets) };
  }
  const edited = (['title', 'impact', 'customerTold'] as const).filter((field) => next[field] !== before[field]);
  const moved = next.severity !== before.severity || JSON.stringify(next.factors) !== JSON.stringify(before.factors);
  if (edited.length === 0 && !moved) return undefined;
  return {
    next: { ...next, version: before.version + 1, updatedAt: now.toISOString() },
    event: { type: issueEvents.updated, actorId: actor.userId, extra: { edited } },
  };
}

/** The sweeper's mark on an issue past its time-to-own or time-to-resolve target: once, as an event. */
export function markBreached(before: Issue, target: 'own' | 'resolve', now: Date): Moved<Issue> {
  return {
    next: {
      ...before,
      ...(target === 'own' ? { ownBreached: true } : { resolveBreached: true }),
      version: before.version + 1,
      updatedAt: now.toISOString(),
    },
    event: { type: target === 'own' ? issueEvents.ownBreached : issueEvents.resolveBreached, actorId: 'system' },
  };
}
