import { ValidationError } from '#domain/errors.ts';
import type { Caller } from '#domain/identity/roles.ts';
import { canSeeReferral } from '#domain/identity/visibility.ts';
import type { Referral } from '#domain/referrals/schemas.ts';
import type { ReferralStatus } from '#domain/referrals/workflow.ts';

/**
 * A handoff is about an external customer or a prospect still on its referral: one accepted or
 * qualified and not yet a customer (a won one has its customer, which is what to name then).
 */
export const linkableReferralStatuses: readonly ReferralStatus[] = ['accepted', 'qualified'];

/**
 * Refuses a referral the caller may not link, as a field error on `referralId`: one they may
 * not see reads exactly like an id that names nothing (its existence is not leaked), one they
 * may see says why it cannot be the subject yet, or any more.
 */
export function assertLinkableReferral(caller: Caller, referral: Referral | undefined): void {
  const visible = referral !== undefined && canSeeReferral(caller, referral);
  if (!referral || !visible) throw new ValidationError([{ path: 'referralId', message: 'No such referral.' }]);
  if (referral.customerId) {
    throw new ValidationError([
      {
        path: 'referralId',
        message: `This referral is a customer now: name the customer (${referral.customerId}) instead.`,
      },
    ]);
  }
  if (!linkableReferralStatuses.includes(referral.status)) {
    throw new ValidationError([
      {
        path: 'referralId',
        message: `Only an accepted or qualified referral can be handed on; this one is ${referral.status}.`,
      },
    ]);
  }
}
