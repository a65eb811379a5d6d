import { InvalidTransitionError, ValidationError } from '#domain/errors.ts';
import * as z from '#lib/zod.ts';

export const referralStatuses = ['submitted', 'accepted', 'declined', 'qualified', 'won', 'lost'] as const;
export const referralStatusSchema = z.enum(referralStatuses);
export type ReferralStatus = z.infer<typeof referralStatusSchema>;

/** submitted → accepted | declined; accepted → qualified; qualified → won | lost. */
const transitions: Record<ReferralStatus, readonly ReferralStatus[]> = {
  submitted: ['accepted', 'declined'],
  accepted: ['qualified'],
  qualified: ['won', 'lost'],
  declined: [],
  won: [],
  lost: [],
};

export function nextStatuses(from: ReferralStatus): readonly ReferralStatus[] {
  return transitions[from];
}

/** Open referrals protect their prospect; closed ones no longer do. */
export function isOpen(status: ReferralStatus): boolean {
  return transitions[status].length > 0;
}

/** Accepting or declining is the first response the referrer waits for. */
export function isFirstResponse(from: ReferralStatus, to: ReferralStatus): boolean {
  return from === 'submitted' && (to === 'accepted' || to === 'declined');
}

/**
 * Checks a requested move: 409 when the state machine has no such edge, 400 when a decline or
 * a loss comes without its reason.
 */
export function assertTransition(from: ReferralStatus, to: ReferralStatus, reason: string | undefined): void {
  if (!transitions[from].includes(to)) {
    throw new InvalidTransitionError(
      `A ${from} referral cannot become ${to}${transitions[from].length ? `; it can become ${transitions[from].join(' or ')}` : ''}.`,
    );
  }
  if ((to === 'declined' || to === 'lost') && !reason?.trim()) {
    throw new ValidationError([{ path: 'reason', message: `Say why the referral is ${to}.` }]);
  }
}
