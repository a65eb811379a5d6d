import { emailSchema, idSchema, text } from '#domain/directory/schemas.ts';
import { normaliseDomain } from '#domain/referrals/prospect.ts';
import { fitSchema, influenceRoleSchema } from '#domain/referrals/schemas.ts';
import * as z from '#lib/zod.ts';
import { type LifecycleStage, lifecycleStages } from './stages.ts';

export { type LifecycleStage, lifecycleStages };

export const lifecycleStageSchema = z.enum(lifecycleStages);

const phoneSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(3, 'A phone number.'),
    z.maxLength(32, 'At most 32 characters.'),
    z.regex(/^\+?[0-9 ()./-]+$/, 'Digits, spaces and + ( ) . / - only.'),
  );

/**
 * A person at the customer and their influence on the decision (seed 002). Personal data: it
 * lives on the customer record only, never in an event, and partners and advocates never see it.
 */
export const stakeholderContactSchema = z
  .strictObject({
    name: text(100),
    role: influenceRoleSchema,
    /** Their job title at the customer ("Head of Operations"). */
    title: z.optional(text(100)),
    email: z.optional(emailSchema),
    phone: z.optional(phoneSchema),
  })
  .apply(z.withMeta, { id: 'StakeholderContact' });
export type StakeholderContact = z.infer<typeof stakeholderContactSchema>;

const domainInput = z.string().check(
  z.trim(),
  z.maxLength(253),
  z.refine((value) => normaliseDomain(value) !== undefined, 'A domain such as example.com.'),
);

const stakeholdersInput = z.array(stakeholderContactSchema).check(z.maxLength(30, 'At most 30 stakeholders.'));

/**
 * A new customer, as staff enter it. Strict: the version, the counters, who referred it and
 * the win-back record are the system's; `won_back` is reached only by a lifecycle move that
 * says what settled it, never by creation.
 */
export const createCustomerSchema = z
  .strictObject({
    name: text(200),
    domain: z.optional(domainInput),
    segment: z.optional(text(60)),
    lifecycle: z
      ._default(
        z.enum(lifecycleStages.filter((stage): stage is Exclude<LifecycleStage, 'won_back'> => stage !== 'won_back')),
        'prospect',
      )
      .apply(z.withMeta, { description: 'The stage the customer is at today; `won_back` only by a lifecycle move.' }),
    fit: z.optional(fitSchema),
    jobToBeDone: z.optional(text(1000)),
    stakeholders: z._default(stakeholdersInput, []),
  })
  .apply(z.withMeta, { id: 'CustomerCreation' });
export type CustomerCreation = z.infer<typeof createCustomerSchema>;

/**
 * An edit of the profile. `null` clears an optional field. The lifecycle is not here: it moves
 * only by `POST /api/customers/{id}/lifecycle`, with its event.
 */
export const updateCustomerSchema = z
  .strictObject({
    name: z.optional(text(200)),
    domain: z.optional(z.nullable(domainInput)),
    segment: z.optional(z.nullable(text(60))),
    fit: z.optional(z.nullable(fitSchema)),
    jobToBeDone: z.optional(z.nullable(text(1000))),
    /** Replaces the whole stakeholder map; a contact left out is erased from the record. */
    stakeholders: z.optional(stakeholdersInput),
  })
  .check(z.refine((value) => Object.keys(value).length > 0, 'Name a field to change.'))
  .apply(z.withMeta, { id: 'CustomerChange' });
export type CustomerChange = z.infer<typeof updateCustomerSchema>;

export const lifecycleMoveSchema = z
  .strictObject({
    to: lifecycleStageSchema,
    /** Why; required when moving to `won_back`: what settled it. */
    note: z.optional(text(1000)),
  })
  .apply(z.withMeta, { id: 'CustomerLifecycleMove' });
export type LifecycleMove = z.infer<typeof lifecycleMoveSchema>;

/**
 * A customer record. A won referral creates a minimal one (name, domain, fit, job, who referred
 * it); staff complete it. Everything a won referral does not know is optional.
 */
export const customerSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    domain: z.optional(z.string()),
    segment: z.optional(z.string()),
    lifecycle: lifecycleStageSchema,
    fit: z.optional(fitSchema),
    jobToBeDone: z.optional(z.string()),
    stakeholders: z.optional(z.array(stakeholderContactSchema)),
    prospectKeys: z.array(z.string()),
    /** The referral that brought the customer, and whom it credits. */
    referredBy: z.optional(
      z.object({ referralId: z.string(), referrerId: z.string(), partnerId: z.optional(z.string()) }),
    ),
    /** When the lifecycle last moved (creation counts). */
    lifecycleChangedAt: z.optional(z.string()),
    /** When the customer last lapsed; the win-back list orders by it. */
    lapsedAt: z.optional(z.string()),
    /** The last win-back: who did it, when, and what settled it. */
    wonBack: z.optional(z.object({ by: z.string(), at: z.string(), note: z.string() })),
    /**
     * Unresolved issues affecting the customer: kept by the issues' own transactions (a record
     * and its counter in one transaction), never by an edit of the customer.
     */
    openIssueCount: z.optional(z.number().check(z.int(), z.nonnegative())),
    createdBy: z.optional(z.string()),
    /** Internal: the stored first response of an idempotent creation (it holds the contacts). */
    idempotencyPk: z.optional(z.string()),
    version: z.number().check(z.int(), z.positive()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .apply(z.withMeta, { id: 'Customer' });
export type Customer = z.infer<typeof customerSchema>;

/**
 * The fields of a customer that may go into an event: no stakeholder contact, ever. The
 * stakeholder map shows only as the influence roles it holds.
 */
export function customerEventView(customer: Customer): Record<string, unknown> {
  return {
    name: customer.name,
    domain: customer.domain ?? null,
    segment: customer.segment ?? null,
    lifecycle: customer.lifecycle,
    fit: customer.fit ?? null,
    jobToBeDone: customer.jobToBeDone ?? null,
    stakeholderRoles: (customer.stakeholders ?? []).map((stakeholder) => stakeholder.role),
    referredBy: customer.referredBy ?? null,
  };
}
