import { idSchema, text } from '#domain/directory/schemas.ts';
import { roleSchema } from '#domain/identity/roles.ts';
import * as z from '#lib/zod.ts';
import { severitySchema } from './targets.ts';
import { issueStatusSchema } from './workflow.ts';

/**
 * What contributed to an issue (seed 002: ownership, not blame). A fixed list of causes in the
 * system; there is no field, anywhere on an issue, that names a person at fault.
 */
export const contributingFactors = ['process', 'tooling', 'communication', 'capacity', 'product', 'partner'] as const;
export const contributingFactorSchema = z.enum(contributingFactors);
export type ContributingFactor = z.infer<typeof contributingFactorSchema>;

export const communicationChannels = ['email', 'phone', 'meeting', 'chat', 'status_page', 'other'] as const;
export const communicationChannelSchema = z.enum(communicationChannels);

const unique = <T>(values: readonly T[]) => new Set(values).size === values.length;

const factorsInput = z
  .array(contributingFactorSchema)
  .max(contributingFactors.length)
  .refine(unique, 'Name each factor once.');

/**
 * A report of something that hurts external customers. Strict: status, owner, factors, due
 * dates and version are the workflow's, never the reporter's.
 */
export const reportIssueSchema = z
  .strictObject({
    customerIds: z
      .array(idSchema)
      .min(1, 'Name at least one affected customer.')
      .max(20, 'At most 20 customers.')
      .refine(unique, 'Name each customer once.'),
    severity: severitySchema,
    /** How the customers are hurt. */
    impact: text(2000),
    /** What the customers have been told so far. */
    customerTold: text(2000),
  })
  .openapi('IssueReport');
export type IssueReport = z.infer<typeof reportIssueSchema>;

/** An edit by staff: severity (its targets follow), the texts, the contributing factors. */
export const updateIssueSchema = z
  .strictObject({
    severity: severitySchema.optional(),
    impact: text(2000).optional(),
    customerTold: text(2000).optional(),
    /** Replaces the set of contributing factors. */
    factors: factorsInput.optional(),
  })
  .refine((value) => Object.keys(value).length > 0, 'Name a field to change.')
  .openapi('IssueChange');
export type IssueChange = z.infer<typeof updateIssueSchema>;

export const issueTransitionSchema = z
  .strictObject({
    to: issueStatusSchema,
    /** Required when resolving, refused otherwise: what follows up on it. */
    followUp: text(1000).optional(),
  })
  .openapi('IssueTransition');

export const issueOwnerSchema = z.strictObject({ userId: idSchema }).openapi('IssueOwner');

export const communicationInputSchema = z
  .strictObject({ channel: communicationChannelSchema, summary: text(1000) })
  .openapi('IssueCommunicationEntry');

/** One entry of the customer-communication log. */
export const communicationSchema = z
  .object({
    id: z.string(),
    channel: communicationChannelSchema,
    summary: z.string(),
    authorId: z.string(),
    at: z.string(),
  })
  .openapi('IssueCommunication');
export type Communication = z.infer<typeof communicationSchema>;

/** Who brought an affected customer: the referrer and their partner organisation, if any. */
const customerReferrerSchema = z.object({
  customerId: z.string(),
  referrerId: z.string(),
  partnerId: z.string().optional(),
});

export const issueSchema = z
  .object({
    id: idSchema,
    status: issueStatusSchema,
    severity: severitySchema,
    version: z.number().int().positive(),
    customerIds: z.array(z.string()).min(1),
    impact: z.string(),
    customerTold: z.string(),
    factors: z.array(contributingFactorSchema),
    reportedBy: z.string(),
    reporterRole: roleSchema,
    /** The reporter's partner organisation, when a partner reported it. */
    partnerId: z.string().optional(),
    /**
     * Internal: who referred each affected customer that came from a referral, fixed when the
     * issue is reported (a customer's referrer never changes). Decides what referrers may see.
     */
    customerReferrers: z.array(customerReferrerSchema),
    /** Exactly one owner from `owned` on; handing over replaces it, with an event. */
    ownerId: z.string().optional(),
    ownDueAt: z.string(),
    resolveDueAt: z.string(),
    /** Set by the sweeper, once, when the target passed before the issue got there. */
    ownBreached: z.boolean(),
    resolveBreached: z.boolean(),
    ownedAt: z.string().optional(),
    ownedLate: z.boolean().optional(),
    mitigatedAt: z.string().optional(),
    resolvedAt: z.string().optional(),
    resolvedBy: z.string().optional(),
    resolvedLate: z.boolean().optional(),
    followUp: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Issue');
export type Issue = z.infer<typeof issueSchema>;

/**
 * The fields of an issue that may go into an event: ids, statuses, severities, dates, factors.
 * The free texts (impact, what the customer was told, follow-up) stay on the record.
 */
export function issueEventView(issue: Issue): Record<string, unknown> {
  return {
    status: issue.status,
    severity: issue.severity,
    ownerId: issue.ownerId ?? null,
    customerIds: issue.customerIds,
    factors: issue.factors,
    ownDueAt: issue.ownDueAt,
    resolveDueAt: issue.resolveDueAt,
    ownBreached: issue.ownBreached,
    resolveBreached: issue.resolveBreached,
    ownedLate: issue.ownedLate ?? null,
    resolvedLate: issue.resolvedLate ?? null,
  };
}
