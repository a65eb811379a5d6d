import { emailSchema, idSchema, text } from '#domain/directory/schemas.ts';
import * as z from '#lib/zod.ts';
import { normaliseDomain } from './prospect.ts';
import { referralStatusSchema } from './workflow.ts';

export const influenceRoles = ['decision_maker', 'ally', 'bag_of_wind', 'champion'] as const;
export const influenceRoleSchema = z.enum(influenceRoles);

/** The four fits (seed 000): each scored 1 (poor) to 5 (excellent). */
const score = z
  .number({ error: 'Choose a score from 1 to 5.' })
  .check(
    z.int('Choose a score from 1 to 5.'),
    z.gte(1, 'Choose a score from 1 to 5.'),
    z.lte(5, 'Choose a score from 1 to 5.'),
  );
export const fitSchema = z.strictObject({ resources: score, functional: score, technical: score, cultural: score });

export const stakeholderSchema = z.strictObject({ name: text(100), role: influenceRoleSchema });

const phoneSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(3, 'A phone number.'),
    z.maxLength(32, 'At most 32 characters.'),
    z.regex(/^\+?[0-9 ()./-]+$/, 'Digits, spaces and + ( ) . / - only.'),
  );

/**
 * What a referrer sends. Strict: a field the form does not have (status, ownerId, partnerId,
 * version, …) is refused, never silently taken.
 */
export const submitReferralSchema = z
  .strictObject({
    company: z.strictObject({
      name: text(200),
      domain: z.optional(
        z.string().check(
          z.trim(),
          z.maxLength(253),
          z.refine((value) => normaliseDomain(value) !== undefined, 'A domain such as example.com.'),
        ),
      ),
    }),
    contact: z.strictObject({ name: text(100), email: emailSchema, phone: z.optional(phoneSchema) }),
    jobToBeDone: text(1000),
    fit: fitSchema,
    stakeholders: z._default(z.array(stakeholderSchema).check(z.maxLength(20, 'At most 20 stakeholders.')), []),
    notes: z.optional(text(2000)),
  })
  .apply(z.withMeta, { id: 'ReferralSubmission' });
export type ReferralSubmission = z.infer<typeof submitReferralSchema>;

export const transitionSchema = z
  .strictObject({
    to: referralStatusSchema,
    reason: z.optional(text(1000)),
    /** A note for the referrer, shown with the new status. */
    noteToReferrer: z.optional(text(1000)),
  })
  .apply(z.withMeta, { id: 'ReferralTransition' });

export const assignOwnerSchema = z.strictObject({ userId: idSchema }).apply(z.withMeta, { id: 'ReferralOwner' });
export const internalNoteSchema = z
  .strictObject({ text: text(2000) })
  .apply(z.withMeta, { id: 'ReferralInternalNote' });

/** What erasure leaves where personal data was. */
export const erased = '(erased)';

export const referralSchema = z
  .object({
    id: idSchema,
    status: referralStatusSchema,
    version: z.number().check(z.int(), z.positive()),
    company: z.object({ name: z.string(), domain: z.optional(z.string()) }),
    contact: z.object({ name: z.string(), email: z.string(), phone: z.optional(z.string()) }),
    jobToBeDone: z.string(),
    fit: fitSchema,
    stakeholders: z.array(z.object({ name: z.string(), role: influenceRoleSchema })),
    notes: z.optional(z.string()),
    referrerId: z.string(),
    referrerRole: z.enum(['partner', 'advocate', 'staff', 'leader']),
    partnerId: z.optional(z.string()),
    ownerId: z.optional(z.string()),
    prospectKeys: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
    firstResponseDueAt: z.string(),
    firstRespondedAt: z.optional(z.string()),
    respondedLate: z.optional(z.boolean()),
    overdue: z.boolean(),
    protectedUntil: z.string(),
    declineReason: z.optional(z.string()),
    lossReason: z.optional(z.string()),
    noteToReferrer: z.optional(z.string()),
    customerId: z.optional(z.string()),
    contactErasedAt: z.optional(z.string()),
    /** Set when a conflict ruling admitted this referral beside an earlier one. */
    admittedFromConflictId: z.optional(z.string()),
    /**
     * Internal: the stored first response of an idempotent submission, which holds the contact
     * and so is deleted on erasure. Never shown.
     */
    idempotencyPk: z.optional(z.string()),
  })
  .apply(z.withMeta, { id: 'Referral' });
export type Referral = z.infer<typeof referralSchema>;

export const conflictOutcomes = ['upheld', 'admitted'] as const;

export const referralConflictSchema = z
  .object({
    id: idSchema,
    status: z.enum(['open', 'upheld', 'admitted']),
    version: z.number().check(z.int(), z.positive()),
    /** The open referral that holds the prospect. */
    existingReferralId: z.string(),
    registeredAt: z.string(),
    prospectKeys: z.array(z.string()),
    /** The refused submission, kept so staff can admit it; its contact is dropped on an upheld ruling. */
    submission: z.optional(submitReferralSchema),
    /** The company as the refused submission spelled it. */
    companyName: z.string(),
    /** The company as the registered referral names it (older conflicts lack it). */
    registeredCompanyName: z.optional(z.string()),
    referrerId: z.string(),
    referrerRole: z.enum(['partner', 'advocate', 'staff', 'leader']),
    partnerId: z.optional(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
    ruledBy: z.optional(z.string()),
    ruledAt: z.optional(z.string()),
    ruling: z.optional(z.string()),
    admittedReferralId: z.optional(z.string()),
  })
  .apply(z.withMeta, { id: 'ReferralConflict' });
export type ReferralConflict = z.infer<typeof referralConflictSchema>;

export const conflictRulingSchema = z
  .strictObject({ outcome: z.enum(conflictOutcomes), note: z.optional(text(1000)) })
  .apply(z.withMeta, { id: 'ReferralConflictRuling' });

/** The fields of a referral that may go into an event: ids, statuses, dates, scores. */
export function referralEventView(referral: Referral): Record<string, unknown> {
  return {
    status: referral.status,
    ownerId: referral.ownerId ?? null,
    overdue: referral.overdue,
    partnerId: referral.partnerId ?? null,
    referrerId: referral.referrerId,
    fit: referral.fit,
    customerId: referral.customerId ?? null,
    firstResponseDueAt: referral.firstResponseDueAt,
    respondedLate: referral.respondedLate ?? null,
    contactErased: referral.contactErasedAt !== undefined,
  };
}
