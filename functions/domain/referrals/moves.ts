import type { Customer } from '#domain/customers/schemas.ts';
import { ConflictError } from '#domain/errors.ts';
import type { Actor, Moved } from '#domain/workflow.ts';
import { referralEvents } from './events.ts';
import { erased, type Referral } from './schemas.ts';
import { assertTransition, isFirstResponse, isOpen, type ReferralStatus } from './workflow.ts';

/** A status move as staff ask for it; a win also names the customer it creates or links. */
export interface ReferralTransition {
  readonly to: ReferralStatus;
  readonly reason?: string | undefined;
  readonly noteToReferrer?: string | undefined;
  /** A win's customer: the one already known by the prospect's keys, or the id of the one it creates. */
  readonly customerId?: string | undefined;
}

/**
 * The next version of a referral moved to `change.to`, checked by `assertTransition`, and its
 * event. The note staff wrote for the referrer goes with the event: it is what the referrer is
 * told.
 */
export function applyTransition(
  before: Referral,
  change: ReferralTransition,
  actor: Actor,
  now: Date,
): Moved<Referral> {
  assertTransition(before.status, change.to, change.reason);
  if (change.to === 'won' && !change.customerId) throw new Error('A win needs the customer it creates or links.');
  const at = now.toISOString();
  let next: Referral = {
    ...before,
    status: change.to,
    version: before.version + 1,
    updatedAt: at,
    ...(change.noteToReferrer ? { noteToReferrer: change.noteToReferrer } : {}),
    ...(change.to === 'declined' ? { declineReason: change.reason } : {}),
    ...(change.to === 'lost' ? { lossReason: change.reason } : {}),
    ...(change.to === 'won' ? { customerId: change.customerId } : {}),
  };
  if (isFirstResponse(before.status, change.to)) {
    // Answered: no longer overdue (whether it was is kept as respondedLate).
    next = { ...next, firstRespondedAt: at, respondedLate: at > before.firstResponseDueAt, overdue: false };
    // Whoever accepts an unowned referral owns it: someone must quarterback it from here.
    if (change.to === 'accepted' && !next.ownerId && actor.role === 'staff') next = { ...next, ownerId: actor.userId };
  }
  return { next, event: { type: referralEvents[change.to], actorId: actor.userId, note: change.noteToReferrer } };
}

/** An open referral given to its owner (who may act on one is the service's to check). */
export function assignOwner(before: Referral, change: { ownerId: string }, actor: Actor, now: Date): Moved<Referral> {
  if (!isOpen(before.status)) throw new ConflictError(`A ${before.status} referral is closed: it needs no owner.`);
  return {
    next: { ...before, ownerId: change.ownerId, version: before.version + 1, updatedAt: now.toISOString() },
    event: { type: referralEvents.ownerAssigned, actorId: actor.userId },
  };
}

/**
 * The referral without its personal data: the contact, the stakeholders' names and the
 * referrer's free-text notes; the stored first response that held them goes too (the caller
 * erases it by the `idempotencyPk` of `before`). The record, its status history and its scores
 * stay; events never held any of it.
 */
export function eraseContact(before: Referral, _change: object, actor: Actor, now: Date): Moved<Referral> {
  if (before.contactErasedAt) throw new ConflictError('The contact details were erased already.');
  const { idempotencyPk: _stored, notes: _notes, ...kept } = before;
  const at = now.toISOString();
  return {
    next: {
      ...kept,
      contact: { name: erased, email: erased },
      stakeholders: before.stakeholders.map((stakeholder) => ({ ...stakeholder, name: erased })),
      contactErasedAt: at,
      version: before.version + 1,
      updatedAt: at,
    },
    event: { type: referralEvents.contactErased, actorId: actor.userId },
  };
}

/** The customer a won referral creates when none is known by its prospect's keys: a first purchase. */
export function wonCustomer(referral: Referral, id: string, now: Date): Customer {
  const at = now.toISOString();
  return {
    id,
    name: referral.company.name,
    ...(referral.company.domain ? { domain: referral.company.domain } : {}),
    lifecycle: 'first_purchase',
    fit: referral.fit,
    jobToBeDone: referral.jobToBeDone,
    prospectKeys: referral.prospectKeys,
    referredBy: {
      referralId: referral.id,
      referrerId: referral.referrerId,
      ...(referral.partnerId ? { partnerId: referral.partnerId } : {}),
    },
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}
