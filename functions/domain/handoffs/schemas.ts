import { idSchema, text } from '#domain/directory/schemas.ts';
import * as z from '#lib/zod.ts';
import { answeredItemSchema, handoffKindSchema } from './checklists.ts';

export const handoffStatuses = ['sent', 'acknowledged', 'accepted', 'returned', 'completed'] as const;
export const handoffStatusSchema = z.enum(handoffStatuses);
export type HandoffStatus = z.infer<typeof handoffStatusSchema>;

const instant = z.iso.datetime({ offset: true, message: 'An ISO 8601 date and time with its offset.' });

/**
 * What a staff member sends to hand work to another team. Strict: the sending team, the
 * status, the due time of the acknowledgement, the version… come from the caller and the
 * rules, never from the body (mass assignment is refused).
 */
export const createHandoffSchema = z
  .strictObject({
    /** The receiving team: the internal customer. */
    toTeamId: idSchema,
    /** What kind of work it is: the receiving team's checklist for the kind applies. */
    kind: z._default(handoffKindSchema, 'other'),
    /** The external customer concerned, if there is one (a customer record's id). */
    customerId: z.optional(idSchema),
    /**
     * Or the prospect: an accepted or qualified referral not yet a customer (a kickoff). A
     * handoff is about a customer or a referral, never both.
     */
    referralId: z.optional(idSchema),
    summary: text(300),
    /** What the customer was promised. */
    promised: text(2000),
    /** What the receiving team needs to do its part. */
    needs: text(2000),
    /** When the work itself is due (not the acknowledgement, whose time the SLA sets). */
    dueAt: z.optional(instant),
    /**
     * The answer to each item of the receiving team's checklist for the kind, by item id: every
     * item is required (`GET /api/teams/{id}/checklist` lists them).
     */
    answers: z._default(
      z
        .record(idSchema, text(1000))
        .check(z.refine((answers) => Object.keys(answers).length <= 50, 'At most 50 answers.')),
      {},
    ),
  })
  .apply(z.withMeta, { id: 'HandoffSubmission' });
/** What the service takes: the body before its defaults (a kind of `other`, no answers). */
export type HandoffSubmission = z.input<typeof createHandoffSchema>;

export const handoffTransitionSchema = z
  .strictObject({
    to: handoffStatusSchema,
    /** With `to: returned` only: what the receiving team is missing, in words, one item each. */
    missing: z.optional(
      z.array(text(300)).check(z.minLength(1, 'Say what is missing: at least one item.'), z.maxLength(20)),
    ),
    /** With `to: returned` only: the items of the handoff's checklist that were missing (their ids). */
    missingItems: z.optional(z.array(idSchema).check(z.minLength(1, 'Choose at least one item.'), z.maxLength(20))),
    /** A word for the other team, kept on the timeline ("added the contract number"). */
    note: z.optional(text(2000)),
    /**
     * With `to: sent` (a resubmission) only: new answers to items of the handoff's checklist, by
     * item id, typically those the return named. The items not named keep their answers.
     */
    answers: z.optional(
      z
        .record(idSchema, text(1000))
        .check(z.refine((answers) => Object.keys(answers).length <= 50, 'At most 50 answers.')),
    ),
  })
  .apply(z.withMeta, { id: 'HandoffTransition' });
export type HandoffTransition = z.infer<typeof handoffTransitionSchema>;

const score = z
  .number()
  .check(z.int('A whole number from 1 to 5.'), z.gte(1, 'From 1 to 5.'), z.lte(5, 'From 1 to 5.'));

/** The receiving team's satisfaction with a completed handoff: the internal customer's voice. */
export const handoffRatingSchema = z
  .strictObject({ score, comment: z.optional(text(1000)) })
  .apply(z.withMeta, { id: 'HandoffRatingSubmission' });

export const handoffRatingRecordSchema = z
  .object({ score, comment: z.optional(z.string()), ratedBy: z.string(), ratedAt: z.string() })
  .apply(z.withMeta, { id: 'HandoffRating' });

export const handoffSchema = z
  .object({
    id: idSchema,
    status: handoffStatusSchema,
    version: z.number().check(z.int(), z.positive()),
    fromTeamId: z.string(),
    toTeamId: z.string(),
    /** The staff member who sent it. */
    senderId: z.string(),
    /** Older handoffs, sent before kinds existed, read as `other`. */
    kind: z._default(handoffKindSchema, 'other'),
    customerId: z.optional(z.string()),
    /** The referral the handoff is about, when it was sent before its prospect became a customer. */
    referralId: z.optional(z.string()),
    summary: z.string(),
    promised: z.string(),
    needs: z.string(),
    dueAt: z.optional(z.string()),
    /** The receiving team's checklist for the kind as it stood when sent, with the sender's answers. */
    checklist: z._default(z.array(answeredItemSchema), []),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** When it was last sent: the creation, or the latest resubmission. */
    sentAt: z.string(),
    /** The acknowledgement SLA of the team pair when it was sent, in working hours. */
    ackSlaHours: z.number(),
    /** When the acknowledgement of the latest sending falls due. */
    ackDueAt: z.string(),
    /** Awaiting acknowledgement past `ackDueAt` (set by the sweeper, cleared by the acknowledgement). */
    overdue: z.boolean(),
    acknowledgedAt: z.optional(z.string()),
    acknowledgedBy: z.optional(z.string()),
    /** The latest acknowledgement came after its due time. */
    acknowledgedLate: z.optional(z.boolean()),
    acceptedAt: z.optional(z.string()),
    returnedAt: z.optional(z.string()),
    /** While returned: what the receiving team is missing. */
    missing: z.optional(z.array(z.string())),
    /** While returned: which of its checklist's items were missing (their ids; labels are in `missing`). */
    missingItemIds: z.optional(z.array(z.string())),
    /** The checklist items whose answers the latest resubmission changed (their ids). */
    revisedItemIds: z.optional(z.array(z.string())),
    /** How often the receiving team returned it for missing information. */
    returnCount: z.number().check(z.int(), z.nonnegative()),
    completedAt: z.optional(z.string()),
    rating: z.optional(handoffRatingRecordSchema),
  })
  .apply(z.withMeta, { id: 'Handoff' });
export type Handoff = z.infer<typeof handoffSchema>;
export type HandoffRating = z.infer<typeof handoffRatingRecordSchema>;

/**
 * The fields of a handoff that go into its events: ids, statuses, dates, counts and the score —
 * what the scorecard needs (time to acknowledge, SLA attainment, returns, satisfaction) — and
 * the list of what was missing, so each return stays on the timeline after a resubmission
 * clears it from the record; the kind and the missing items' ids, by which the scorecard breaks
 * returns down; and the ids of the items a resubmission answered anew. The summary, promise,
 * needs, answers and comments stay on the record.
 */
export function handoffEventView(handoff: Handoff): Record<string, unknown> {
  return {
    status: handoff.status,
    fromTeamId: handoff.fromTeamId,
    toTeamId: handoff.toTeamId,
    kind: handoff.kind,
    customerId: handoff.customerId ?? null,
    referralId: handoff.referralId ?? null,
    sentAt: handoff.sentAt,
    ackSlaHours: handoff.ackSlaHours,
    ackDueAt: handoff.ackDueAt,
    overdue: handoff.overdue,
    acknowledgedAt: handoff.acknowledgedAt ?? null,
    acknowledgedLate: handoff.acknowledgedLate ?? null,
    returnCount: handoff.returnCount,
    missing: handoff.missing ?? null,
    missingItemIds: handoff.missingItemIds ?? null,
    revisedItemIds: handoff.revisedItemIds ?? null,
    completedAt: handoff.completedAt ?? null,
    score: handoff.rating?.score ?? null,
  };
}
