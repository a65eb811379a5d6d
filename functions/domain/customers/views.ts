import type { Caller } from '#domain/identity/roles.ts';
import { seesReferrerSide } from '#domain/identity/visibility.ts';
import type { TimelineEvent } from '#domain/timeline/event.ts';
import * as z from '#lib/zod.ts';
import { customerEvents } from './events.ts';
import { type Customer, customerSchema, lifecycleStageSchema } from './schemas.ts';
import { nextLifecycleStages } from './workflow.ts';

/**
 * A customer as the API shows it. Staff and leaders get every field; partners and advocates
 * (the customers their won referrals created) get the profile without the stakeholder contacts,
 * the segment, the win-back record and the counters.
 */
export const customerViewSchema = z
  .extend(z.omit(customerSchema, { idempotencyPk: true, prospectKeys: true, openIssueCount: true }), {
    prospectKeys: z.optional(z.array(z.string())),
    openIssueCount: z.optional(z.number().check(z.int(), z.nonnegative())),
    /**
     * The stages the caller may move the customer to now (staff and leaders): the web offers
     * these moves and no others, so the ladder's rules live in the workflow alone.
     */
    nextStages: z.optional(
      z.array(lifecycleStageSchema).apply(z.withMeta, {
        description: 'The stages the caller may move the customer to now; absent for partners and advocates.',
      }),
    ),
  })
  .apply(z.withMeta, { id: 'CustomerView' });
export type CustomerView = z.infer<typeof customerViewSchema>;

/** What a referrer is shown of a customer they brought: an allow-list, so new fields stay internal. */
const referrerFields = [
  'id',
  'name',
  'domain',
  'lifecycle',
  'fit',
  'jobToBeDone',
  'referredBy',
  'lifecycleChangedAt',
  'version',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof Customer)[];

export function customerView(customer: Customer, caller: Caller): CustomerView {
  if (seesReferrerSide(caller)) {
    const shown: Record<string, unknown> = {};
    for (const field of referrerFields) if (customer[field] !== undefined) shown[field] = customer[field];
    return shown as CustomerView;
  }
  const { idempotencyPk: _internal, ...view } = customer;
  return {
    ...view,
    stakeholders: customer.stakeholders ?? [],
    openIssueCount: customer.openIssueCount ?? 0,
    nextStages: [...nextLifecycleStages(customer.lifecycle)],
  };
}

/** One move of the lifecycle, as the customer page's history shows it. */
export const lifecycleHistoryEntrySchema = z
  .object({
    from: z.nullable(lifecycleStageSchema),
    to: lifecycleStageSchema,
    at: z.string(),
    /** Who moved it; empty for a referrer unless it was themselves. */
    by: z.string(),
    note: z.optional(z.string()),
  })
  .apply(z.withMeta, { id: 'LifecycleHistoryEntry' });
export type LifecycleHistoryEntry = z.infer<typeof lifecycleHistoryEntrySchema>;

const stage = lifecycleStageSchema.safeParse.bind(lifecycleStageSchema);

/** The lifecycle's history, oldest first, read from the timeline's creation and moves. */
export function lifecycleHistory(events: readonly TimelineEvent[]): LifecycleHistoryEntry[] {
  const history: LifecycleHistoryEntry[] = [];
  for (const event of events) {
    if (event.type !== customerEvents.created && event.type !== customerEvents.lifecycleMoved) continue;
    const to = stage(event.after?.lifecycle);
    if (!to.success) continue;
    const from = stage(event.before?.lifecycle);
    history.push({
      from: from.success ? from.data : null,
      to: to.data,
      at: event.at,
      by: event.actorId,
      ...(event.note ? { note: event.note } : {}),
    });
  }
  return history;
}

/**
 * A customer's timeline as the caller may see it. Referrers see when it was created and how its
 * lifecycle moved, and who of their own side did it (nobody, usually); not the edits, not the
 * notes, not the staff.
 */
export function customerTimelineView(events: readonly TimelineEvent[], caller: Caller): TimelineEvent[] {
  if (!seesReferrerSide(caller)) return [...events];
  return events
    .filter((event) => event.type === customerEvents.created || event.type === customerEvents.lifecycleMoved)
    .map(({ note: _note, ...event }) => ({
      ...event,
      actorId: event.actorId === caller.userId ? event.actorId : '',
      before: event.before ? { lifecycle: event.before.lifecycle } : null,
      after: event.after ? { lifecycle: event.after.lifecycle } : null,
    }));
}

/** The history as the caller may see it: a referrer sees the moves, not who made them or why. */
export function lifecycleHistoryView(events: readonly TimelineEvent[], caller: Caller): LifecycleHistoryEntry[] {
  return lifecycleHistory(customerTimelineView(events, caller));
}
