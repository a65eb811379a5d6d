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
  .check(z.maxLength(contributingFactors.length), z.refine(unique, 'Name each factor once.'));

/**
 * A report of something that hurts external customers. Strict: status, owner, factors, due
 * dates and version are the workflow's, never the reporter's.
 */
export const reportIssueSchema = z
  .strictObject({
    customerIds: z
      .array(idSchema)
      .check(
        z.minLength(1, 'Name at least one affected customer.'),
        z.maxLength(20, 'At most 20 customers.'),
        z.refine(unique, 'Name each customer once.'),
      ),
    /** A short name for the issue: its heading, and what every notification calls it. */
    title: text(120),
    severity: severitySchema,
    /** How the customers are hurt. */
    impact: text(2000),
    /** What the customers have been told so far. */
    customerTold: text(2000),
  })
  .apply(z.withMeta, { id: 'IssueReport' });
export type IssueReport = z.infer<typeof reportIssueSchema>;

/** An edit by staff: the title, severity (its targets follow), the texts, the contributing factors. */
export const updateIssueSchema = z
  .strictObject({
    title: z.optional(text(120)),
    severity: z.optional(severitySchema),
    impact: z.optional(text(2000)),
    customerTold: z.optional(text(2000)),
    /** Replaces the set of contributing factors. */
    factors: z.optional(factorsInput),
  })
  .check(z.refine((value) => Object.keys(value).length > 0, 'Name a field to change.'))
  .apply(z.withMeta, { id: 'IssueChange' });
export type IssueChange = z.infer<typeof updateIssueSchema>;

export const issueTransitionSchema = z
  .strictObject({
    to: issueStatusSchema,
    /** Required when resolving, refused otherwise: what follows up on it. */
    followUp: z.optional(text(1000)),
    /** With `to: mitigated` only, and optional: how the harm was stopped. */
    note: z.optional(text(1000)),
  })
  .apply(z.withMeta, { id: 'IssueTransition' });

export const issueOwnerSchema = z.strictObject({ userId: idSchema }).apply(z.withMeta, { id: 'IssueOwner' });

export const communicationInputSchema = z
  .strictObject({ channel: communicationChannelSchema, summary: text(1000) })
  .apply(z.withMeta, { id: 'IssueCommunicationEntry' });

/** One entry of the customer-communication log. */
export const communicationSchema = z
  .object({
    id: z.string(),
    channel: communicationChannelSchema,
    summary: z.string(),
    authorId: z.string(),
    at: z.string(),
  })
  .apply(z.withMeta, { id: 'IssueCommunication' });
export type Communication = z.infer<typeof communicationSchema>;

/** Who brought an affected customer: the referrer and their partner organisation, if any. */
const customerReferrerSchema = z.object({
  customerId: z.string(),
  referrerId: z.string(),
  partnerId: z.optional(z.string()),
});

export const issueSchema = z
  .object({
    id: idSchema,
    status: issueStatusSchema,
    /** Issues reported before titles existed read with one made from their impact (`withIssueTitle`). */
    title: z.string(),
    severity: severitySchema,
    version: z.number().check(z.int(), z.positive()),
    customerIds: z.array(z.string()).check(z.minLength(1)),
    impact: z.string(),
    customerTold: z.string(),
    factors: z.array(contributingFactorSchema),
    reportedBy: z.string(),
    reporterRole: roleSchema,
    /** The reporter's partner organisation, when a partner reported it. */
    partnerId: z.optional(z.string()),
    /**
     * Internal: who referred each affected customer that came from a referral, fixed when the
     * issue is reported (a customer's referrer never changes). Decides what referrers may see.
     */
    customerReferrers: z.array(customerReferrerSchema),
    /** Exactly one owner from `owned` on; handing over replaces it, with an event. */
    ownerId: z.optional(z.string()),
    ownDueAt: z.string(),
    resolveDueAt: z.string(),
    /** Set by the sweeper, once, when the target passed before the issue got there. */
    ownBreached: z.boolean(),
    resolveBreached: z.boolean(),
    ownedAt: z.optional(z.string()),
    ownedLate: z.optional(z.boolean()),
    mitigatedAt: z.optional(z.string()),
    /** What the owner said when mitigating, if anything: how the harm was stopped. */
    mitigationNote: z.optional(z.string()),
    resolvedAt: z.optional(z.string()),
    resolvedBy: z.optional(z.string()),
    resolvedLate: z.optional(z.boolean()),
    followUp: z.optional(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .apply(z.withMeta, { id: 'Issue' });
export type Issue = z.infer<typeof issueSchema>;

/** The longest title made for an issue stored before titles were required. */
const fallbackTitleLength = 80;

/**
 * A stored issue item as the schema reads it. Issues reported before titles were required have
 * none, and items are never rewritten in bulk: such an issue is read with the first line of its
 * impact as its title (cut at a word, with an ellipsis) until an edit gives it one of its own.
 */
export function withIssueTitle(item: Record<string, unknown>): Record<string, unknown> {
  if (typeof item.title === 'string' && item.title.trim() !== '') return item;
  const impact = typeof item.impact === 'string' ? item.impact : '';
  const firstLine =
    impact
      .split(/\r?\n/)
      .find((line) => line.trim() !== '')
      ?.trim() ?? '';
  if (firstLine === '') return { ...item, title: 'Untitled issue' };
  if (firstLine.length <= fallbackTitleLength) return { ...item, title: firstLine };
  const cut = firstLine.slice(0, fallbackTitleLength - 1);
  const atWord = cut.lastIndexOf(' ') > fallbackTitleLength / 2 ? cut.slice(0, cut.lastIndexOf(' ')) : cut;
  return { ...item, title: `${atWord.replace(/[\s,;:.–-]+$/, '')}…` };
}

/** Parses a stored issue item (the record or one of its customer copies). */
export function parseIssueItem(item: unknown): Issue {
  return issueSchema.parse(typeof item === 'object' && item !== null ? withIssueTitle({ ...item }) : item);
}

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
