import type { Customer } from '#domain/customers/schemas.ts';
import { NotFoundError } from '#domain/errors.ts';
import type { Handoff } from '#domain/handoffs/schemas.ts';
import type { Issue } from '#domain/issues/schemas.ts';
import type { Referral } from '#domain/referrals/schemas.ts';
import { can, canSee, type RecordParties } from './authorization.ts';
import type { Caller } from './roles.ts';

/**
 * Who may see which record: the one place each record's rule is written. Services ask it before
 * they show a record (a 404 otherwise) or list the records linked to one; notifications and the
 * webhook notices ask it before they tell anyone; exports are the services' lists, so they see
 * what the lists show. The parties of each record go to `canSee` (authorization.ts), which knows
 * the roles.
 */

type ReferralParts = Pick<Referral, 'referrerId' | 'partnerId'> & Partial<Pick<Referral, 'ownerId'>>;
type HandoffParts = Pick<Handoff, 'senderId' | 'fromTeamId' | 'toTeamId'>;
type CustomerParts = Pick<Customer, 'referredBy'>;
type IssueParts = Pick<Issue, 'reportedBy' | 'partnerId' | 'customerReferrers'>;

/** A referral is its referrer's and their partner organisation's; staff and leaders see every one. */
function referralParties(referral: ReferralParts): RecordParties {
  return { createdBy: referral.referrerId, partnerId: referral.partnerId, ownerId: referral.ownerId };
}

/** A handoff is its two teams' (and the leaders'): staff of another team do not see it, referrers never. */
function handoffParties(handoff: HandoffParts): RecordParties {
  return { createdBy: handoff.senderId, teamIds: [handoff.fromTeamId, handoff.toTeamId], teamsOnly: true };
}

/**
 * A customer belongs, as far as access goes, to the referrer (and partner organisation) whose
 * won referral created it; one staff entered belongs to no referrer.
 */
function customerParties(customer: CustomerParts): RecordParties {
  return { createdBy: customer.referredBy?.referrerId, partnerId: customer.referredBy?.partnerId };
}

/** Whoever reported an issue, with their partner organisation. */
function reporterParties(issue: IssueParts): RecordParties {
  return { createdBy: issue.reportedBy, partnerId: issue.partnerId };
}

export function canSeeReferral(caller: Caller, referral: ReferralParts): boolean {
  return canSee(caller, referralParties(referral));
}

export function canSeeHandoff(caller: Caller, handoff: HandoffParts): boolean {
  return canSee(caller, handoffParties(handoff));
}

export function canSeeCustomer(caller: Caller, customer: CustomerParts): boolean {
  return canSee(caller, customerParties(customer));
}

/**
 * Which of an issue's affected customers the caller sees: all of them for staff and leaders and
 * for the side that reported it; for another referrer, those they brought.
 */
export function visibleCustomerIdsOfIssue(caller: Caller, issue: IssueParts & Pick<Issue, 'customerIds'>): string[] {
  if (canSee(caller, reporterParties(issue))) return [...issue.customerIds];
  return issue.customerIds.filter((customerId) =>
    issue.customerReferrers.some(
      (link) =>
        link.customerId === customerId && canSee(caller, { createdBy: link.referrerId, partnerId: link.partnerId }),
    ),
  );
}

/** An issue: whoever reported it, and whoever referred any affected customer. */
export function canSeeIssue(caller: Caller, issue: IssueParts): boolean {
  return (
    canSee(caller, reporterParties(issue)) ||
    issue.customerReferrers.some((link) => canSee(caller, { createdBy: link.referrerId, partnerId: link.partnerId }))
  );
}

/**
 * Partners and advocates see the referrer's side of a record (what happened to the customers
 * they brought), never how staff run it: each capability's views trim to it.
 */
export function seesReferrerSide(caller: Caller): boolean {
  return caller.role === 'partner' || caller.role === 'advocate';
}

/** A record by its kind, as notifications and the 404 of a record not to be seen name it. */
export type VisibleRecord =
  | { readonly type: 'referral'; readonly record: ReferralParts }
  | { readonly type: 'handoff'; readonly record: HandoffParts }
  | { readonly type: 'customer'; readonly record: CustomerParts }
  | { readonly type: 'issue'; readonly record: IssueParts };

export function canSeeRecord(caller: Caller, subject: VisibleRecord): boolean {
  switch (subject.type) {
    case 'referral':
      return canSeeReferral(caller, subject.record);
    case 'handoff':
      return canSeeHandoff(caller, subject.record);
    case 'customer':
      return canSeeCustomer(caller, subject.record);
    case 'issue':
      return canSeeIssue(caller, subject.record);
  }
}

/** Throws 404 (never 403) for a record the caller may not see, so that its existence is not leaked. */
export function assertCanSee(caller: Caller, subject: VisibleRecord): void {
  if (!canSeeRecord(caller, subject)) throw new NotFoundError(`No such ${subject.type}.`);
}

/**
 * Whom a notification may reach, in the feed or by e-mail: only someone who may see the record
 * it is about. A webhook is seen by those who manage webhooks (leaders), so only they hear of one.
 */
export function mayBeNotified(recipient: Caller, about: VisibleRecord | { readonly type: 'webhook' }): boolean {
  return about.type === 'webhook' ? can(recipient, 'webhooks.manage') : canSeeRecord(recipient, about);
}
