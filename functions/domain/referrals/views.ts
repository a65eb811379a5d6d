import type { Caller } from '#domain/identity/roles.ts';
import { seesReferrerSide } from '#domain/identity/visibility.ts';
import type { TimelineEvent } from '#domain/timeline/event.ts';
import * as z from '#lib/zod.ts';
import { referralEvents } from './events.ts';
import { type Referral, referralSchema } from './schemas.ts';

/** A referral as the API shows it; partners and advocates get fewer fields. */
export const referralViewSchema = z
  .extend(z.omit(referralSchema, { idempotencyPk: true, prospectKeys: true, lossReason: true }), {
    prospectKeys: z.optional(z.array(z.string())),
    lossReason: z.optional(z.string()),
    overdue: z.boolean(),
  })
  .apply(z.withMeta, { id: 'ReferralView' });
export type ReferralView = z.infer<typeof referralViewSchema>;

/** Referrers see what happened to their referral, not how staff run it. */
const internalFields = ['ownerId', 'prospectKeys', 'lossReason', 'admittedFromConflictId'] as const;

export function referralView(referral: Referral, caller: Caller): ReferralView {
  const { idempotencyPk: _internal, ...view } = referral;
  if (!seesReferrerSide(caller)) return view;
  const shown: Record<string, unknown> = { ...view };
  for (const field of internalFields) delete shown[field];
  return shown as ReferralView;
}

const statusEvents = new Set<string>([
  referralEvents.submitted,
  referralEvents.accepted,
  referralEvents.declined,
  referralEvents.qualified,
  referralEvents.won,
  referralEvents.lost,
  referralEvents.contactErased,
]);

/**
 * A referral's timeline as the caller may see it. Referrers see the status moves of their
 * referral and who of their own side made them; staff names, owners and internal notes stay in.
 */
export function timelineView(events: readonly TimelineEvent[], caller: Caller): TimelineEvent[] {
  if (!seesReferrerSide(caller)) return [...events];
  return events
    .filter((event) => statusEvents.has(event.type))
    .map((event) => ({
      ...event,
      actorId: event.actorId === caller.userId ? event.actorId : '',
      before: event.before ? { status: event.before.status } : null,
      after: event.after ? { status: event.after.status } : null,
    }));
}
