import { handoffEvents } from '#domain/handoffs/events.ts';
import { handoffStatuses } from '#domain/handoffs/workflow.ts';
import { issueEvents } from '#domain/issues/events.ts';
import { referralEvents } from '#domain/referrals/events.ts';
import { referralStatuses } from '#domain/referrals/workflow.ts';

/**
 * The event types a webhook may subscribe to: what the portal's timelines record about
 * referrals, handoffs, issues and customers' lifecycles, as receivers see them. Types are taken
 * from the workflows' own lists so that a new status is a new type here too; docs/webhooks.md
 * lists them for receivers.
 */
export const webhookEventTypes = [
  ...referralStatuses.map((status) => `referral.${status}`),
  referralEvents.ownerAssigned,
  referralEvents.noteAdded,
  referralEvents.overdue,
  referralEvents.contactErased,
  ...handoffStatuses.map((status) => `handoff.${status}`),
  handoffEvents.resubmitted,
  handoffEvents.rated,
  handoffEvents.overdue,
  ...Object.values(issueEvents),
  'customer.lifecycle_changed',
] as const satisfies readonly string[];

/** The families a subscription may name with a wildcard (`referral.*`). */
export const webhookEventFamilies = ['referral', 'handoff', 'issue', 'customer'] as const;

const known = new Set<string>(webhookEventTypes);

/**
 * The webhook type of a timeline event, or undefined when receivers are not told of it (a
 * customer's profile edit, a conflict, a directory change). The timeline's
 * `customer.lifecycle_moved` is published under the name receivers expect.
 */
export function webhookTypeOf(timelineType: string): string | undefined {
  const type = timelineType === 'customer.lifecycle_moved' ? 'customer.lifecycle_changed' : timelineType;
  return known.has(type) ? type : undefined;
}

/** Whether a subscription (exact types and `family.*` wildcards) covers a type. */
export function subscribes(patterns: readonly string[], type: string): boolean {
  return patterns.some((pattern) =>
    pattern.endsWith('.*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type,
  );
}

/** A pattern a subscription may hold: a known type or a known family's wildcard. */
export function isEventPattern(pattern: string): boolean {
  if (pattern.endsWith('.*')) return (webhookEventFamilies as readonly string[]).includes(pattern.slice(0, -2));
  return known.has(pattern);
}
