import type { Caller } from '#domain/identity/roles.ts';
import { seesReferrerSide, visibleCustomerIdsOfIssue } from '#domain/identity/visibility.ts';
import type { TimelineEvent } from '#domain/timeline/event.ts';
import * as z from '#lib/zod.ts';
import { issueEvents } from './events.ts';
import { type Issue, issueSchema } from './schemas.ts';

/**
 * An issue as the API shows it. Staff and leaders see it whole (but the internal referrer
 * links); partners and advocates see what happened to the customers they brought, not how staff
 * run it: no owner, factors, targets, breaches, follow-up or communication log.
 */
export const issueViewSchema = z
  .partial(z.omit(issueSchema, { customerReferrers: true }), {
    factors: true,
    reportedBy: true,
    reporterRole: true,
    ownDueAt: true,
    resolveDueAt: true,
    ownBreached: true,
    resolveBreached: true,
  })
  .apply(z.withMeta, { id: 'IssueView' });
export type IssueView = z.infer<typeof issueViewSchema>;

const referrerFields = [
  'id',
  'status',
  'title',
  'severity',
  'version',
  'impact',
  'customerTold',
  'ownedAt',
  'mitigatedAt',
  'resolvedAt',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof Issue)[];

export function issueView(issue: Issue, caller: Caller): IssueView {
  if (!seesReferrerSide(caller)) {
    const { customerReferrers: _internal, ...view } = issue;
    return view;
  }
  const shown: Record<string, unknown> = {};
  for (const field of referrerFields) if (issue[field] !== undefined) shown[field] = issue[field];
  // Only the affected customers the referrer brought (all of them, when their side reported it).
  shown.customerIds = visibleCustomerIdsOfIssue(caller, issue);
  if (issue.reportedBy === caller.userId) shown.reportedBy = issue.reportedBy;
  return shown as IssueView;
}

const statusEvents = new Set<string>([
  issueEvents.reported,
  issueEvents.owned,
  issueEvents.mitigated,
  issueEvents.resolved,
]);

/** An issue's timeline as the caller may see it: referrers see its status moves, nobody's names. */
export function issueTimelineView(events: readonly TimelineEvent[], caller: Caller): TimelineEvent[] {
  if (!seesReferrerSide(caller)) return [...events];
  return events
    .filter((event) => statusEvents.has(event.type))
    .map(({ note: _note, ...event }) => ({
      ...event,
      actorId: event.actorId === caller.userId ? event.actorId : '',
      before: event.before ? { status: event.before.status } : null,
      after: event.after ? { status: event.after.status } : null,
    }));
}

/** A customer's open issue on the win-back list: what went wrong, in a line. */
export const grievanceSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    severity: issueSchema.shape.severity,
    status: issueSchema.shape.status,
    impact: z.string(),
    ownerId: z.optional(z.string()),
    createdAt: z.string(),
  })
  .apply(z.withMeta, { id: 'IssueGrievance' });
export type Grievance = z.infer<typeof grievanceSchema>;

export function grievanceOf(issue: Issue): Grievance {
  return {
    id: issue.id,
    title: issue.title,
    severity: issue.severity,
    status: issue.status,
    impact: issue.impact,
    ...(issue.ownerId ? { ownerId: issue.ownerId } : {}),
    createdAt: issue.createdAt,
  };
}
