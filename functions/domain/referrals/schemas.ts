import { emailSchema, idSchema, text } from '#domain/directory/schemas.ts';
import * as z from '#lib/zod.ts';
import { normaliseDomain } from './prospect.ts';
import { referralStatusSchema } from './workflow.ts';

export const influenceRoles = ['decision_maker', 'ally', 'bag_of_wind', 'champion'] as const;
export const influenceRoleSchema = z.enum(influenceRoles);

/** The four fits (seed 000): each scored 1 (poor) to 5 (excellent). */
const score = z
  .number({ error: 'Choose a score from 1 to 5.' })
  .int('Choose a score from 1 to 5.')
  .min(1, 'Choose a score from 1 to 5.')
  .max(5, 'Choose a score from 1 to 5.');
export const fitSchema = z.strictObject({ resources: score, functional: score, technical: score, cultural: score });

export const stakeholderSchema = z.strictObject({ name: text(100), role: influenceRoleSchema });

const phoneSchema = z
  .string()
  .trim()
  .min(3, 'A phone number.')
  .max(32, 'At most 32 characters.')
  .regex(/^\+?[0-9 ()./-]+$/, 'Digits, spaces and + ( ) . / - only.');

/**
 * What a referrer sends. Strict: a field the form does not have (status, ownerId, partnerId,
 * version, …) is refused, never silently taken.
 */
export const submitReferralSchema = z
  .strictObject({
    company: z.strictObject({
      name: text(200),
      domain: z
        .string()
        .trim()
        .max(253)
        .refine((value) => normaliseDomain(value) !== undefined, 'A domain such as example.com.')
        .optional(),
    }),
    contact: z.strictObject({ name: text(100), email: emailSchema, phone: phoneSchema.optional() }),
    jobToBeDone: text(1000),
    fit: fitSchema,
    stakeholders: z.array(stakeholderSchema).max(20, 'At most 20 stakeholders.').default([]),
    notes: text(2000).optional(),
  })
  .meta({ id: 'ReferralSubmission' });
export type ReferralSubmission = z.infer<typeof submitReferralSchema>;

export const transitionSchema = z
  .strictObject({
    to: referralStatusSchema,
    reason: text(1000).optional(),
    /** A note for the referrer, shown with the new status. */
    noteToReferrer: text(1000).optional(),
  })
  .meta({ id: 'ReferralTransition' });

export const assignOwnerSchema = z.strictObject({ userId: idSchema }).meta({ id: 'ReferralOwner' });
export const internalNoteSchema = z.strictObject({ text: text(2000) }).meta({ id: 'ReferralInternalNote' });

/** What erasure leaves where personal data was. */
export const erased = '(erased)';

export const referralSchema = z
  .object({
    id: idSchema,
    status: referralStatusSchema,
    version: z.number().int().positive(),
    company: z.object({ name: z.string(), domain: z.string().optional() }),
    contact: z.object({ name: z.string(), email: z.string(), phone: z.string().optional() }),
    jobToBeDone: z.string(),
    fit: fitSchema,
    stakeholders: z.array(z.object({ name: z.string(), role: influenceRoleSchema })),
    notes: z.string().optional(),
    referrerId: z.string(),
    referrerRole: z.enum(['partner', 'advocate', 'staff', 'leader']),
    partnerId: z.string().optional(),
    ownerId: z.string().optional(),
    prospectKeys: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
    firstResponseDueAt: z.string(),
    firstRespondedAt: z.string().optional(),
    respondedLate: z.boolean().optional(),
    overdue: z.boolean(),
    protectedUntil: z.string(),
    declineReason: z.string().optional(),
    lossReason: z.string().optional(),
    noteToReferrer: z.string().optional(),
    customerId: z.string().optional(),
    contactErasedAt: z.string().optional(),
    /** Set when a conflict ruling admitted this referral beside an earlier one. */
    admittedFromConflictId: z.string().optional(),
    /**
     * Internal: the stored first response of an idempotent submission, which holds the contact
     * and so is deleted on erasure. Never shown.
     */
    idempotencyPk: z.string().optional(),
  })
  .meta({ id: 'Referral' });
export type Referral = z.infer<typeof referralSchema>;

export const conflictOutcomes = ['upheld', 'admitted'] as const;

export const referralConflictSchema = z
  .object({
    id: idSchema,
    status: z.enum(['open', 'upheld', 'admitted']),
    version: z.number().int().positive(),
    /** The open referral that holds the prospect. */
    existingReferralId: z.string(),
    registeredAt: z.string(),
    prospectKeys: z.array(z.string()),
    /** The refused submission, kept so staff can admit it; its contact is dropped on an upheld ruling. */
    submission: submitReferralSchema.optional(),
    /** The company as the refused submission spelled it. */
    companyName: z.string(),
    /** The company as the registered referral names it (older conflicts lack it). */
    registeredCompanyName: z.string().optional(),
    referrerId: z.string(),
    referrerRole: z.enum(['partner', 'advocate', 'staff', 'leader']),
    partnerId: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    ruledBy: z.string().optional(),
    ruledAt: z.string().optional(),
    ruling: z.string().optional(),
    admittedReferralId: z.string().optional(),
  })
  .meta({ id: 'ReferralConflict' });
export type ReferralConflict = z.infer<typeof referralConflictSchema>;

export const conflictRulingSchema = z
  .strictObject({ outcome: z.enum(conflictOutcomes), note: text(1000).optional() })
  .meta({ id: 'ReferralConflictRuling' });

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
