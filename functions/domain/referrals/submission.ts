import type { Role } from '#domain/identity/roles.ts';
import { normaliseDomain, prospectKeys } from './prospect.ts';
import type { Referral, ReferralSubmission } from './schemas.ts';

const day = 24 * 60 * 60 * 1000;

/** Who submits: the referral keeps their role, and a partner's organisation. */
export interface Referrer {
  readonly id: string;
  readonly role: Role;
  readonly partnerId?: string | undefined;
}

/**
 * A submission as the referral it becomes: its first response due and its protection window
 * counted from `now` in the organisation's days, its prospect keys (what a second submission of
 * the same company collides on) derived from the company and the contact's e-mail. The id is
 * the caller's, so that this stays a function of its inputs.
 */
export function newReferral(
  input: ReferralSubmission,
  referrer: Referrer,
  at: { readonly id: string; readonly now: Date },
  days: { readonly firstResponse: number; readonly protection: number },
): Referral {
  const { now } = at;
  const iso = now.toISOString();
  const domain = input.company.domain ? normaliseDomain(input.company.domain) : undefined;
  return {
    id: at.id,
    status: 'submitted',
    version: 1,
    company: { name: input.company.name, ...(domain ? { domain } : {}) },
    contact: input.contact,
    jobToBeDone: input.jobToBeDone,
    fit: input.fit,
    stakeholders: input.stakeholders,
    ...(input.notes ? { notes: input.notes } : {}),
    referrerId: referrer.id,
    referrerRole: referrer.role,
    ...(referrer.role === 'partner' && referrer.partnerId ? { partnerId: referrer.partnerId } : {}),
    prospectKeys: prospectKeys(input.company, input.contact.email),
    createdAt: iso,
    updatedAt: iso,
    firstResponseDueAt: new Date(now.getTime() + days.firstResponse * day).toISOString(),
    protectedUntil: new Date(now.getTime() + days.protection * day).toISOString(),
    overdue: false,
  };
}
