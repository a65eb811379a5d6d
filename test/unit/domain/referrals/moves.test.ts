import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidTransitionError, ValidationError } from '#domain/errors.ts';
import { applyTransition, assignOwner, eraseContact, wonCustomer } from '#domain/referrals/moves.ts';
import { erased } from '#domain/referrals/schemas.ts';
import { newReferral } from '#domain/referrals/submission.ts';
import { aSubmission } from '#test/referral-fixtures.ts';

const submittedAt = new Date('2025-01-06T09:00:00.000Z');
const referral = newReferral(
  aSubmission(),
  { id: 'referrer-1', role: 'advocate' },
  { id: 'ref-1', now: submittedAt },
  { firstResponse: 2, protection: 90 },
);
const staff = { userId: 'staff-1', role: 'staff' as const };
const leader = { userId: 'leader-1', role: 'leader' as const };
const onTime = new Date('2025-01-07T09:00:00.000Z');
const late = new Date('2025-01-09T09:00:00.000Z');

describe('a referral’s moves', () => {
  it('accepting answers the referrer: first response, on time, owned by the staff member who accepted', () => {
    const { next, event } = applyTransition(referral, { to: 'accepted', noteToReferrer: 'Thanks' }, staff, onTime);
    expect(next).toMatchObject({
      status: 'accepted',
      version: 2,
      updatedAt: onTime.toISOString(),
      firstRespondedAt: onTime.toISOString(),
      respondedLate: false,
      overdue: false,
      ownerId: 'staff-1',
      noteToReferrer: 'Thanks',
    });
    expect(event).toEqual({ type: 'referral.accepted', actorId: 'staff-1', note: 'Thanks' });
  });

  it('a leader who accepts does not become its owner, and a late answer is recorded as late', () => {
    const { next } = applyTransition(referral, { to: 'accepted' }, leader, late);
    expect(next.ownerId).toBeUndefined();
    expect(next.respondedLate).toBe(true);
  });

  it('declining keeps its reason; losing keeps its reason; neither leaves a first response unset when it is one', () => {
    const declined = applyTransition(referral, { to: 'declined', reason: 'No fit' }, staff, onTime);
    expect(declined.next).toMatchObject({ status: 'declined', declineReason: 'No fit' });
    expect(declined.event.type).toBe('referral.declined');
    const qualified = { ...referral, status: 'qualified' as const };
    const lost = applyTransition(qualified, { to: 'lost', reason: 'Budget' }, staff, onTime);
    expect(lost.next).toMatchObject({ status: 'lost', lossReason: 'Budget' });
    expect(lost.next.firstRespondedAt).toBeUndefined();
  });

  it('a win records its customer', () => {
    const qualified = { ...referral, status: 'qualified' as const };
    const { next, event } = applyTransition(qualified, { to: 'won', customerId: 'cust-1' }, staff, onTime);
    expect(next).toMatchObject({ status: 'won', customerId: 'cust-1' });
    expect(event.type).toBe('referral.won');
    expect(() => applyTransition(qualified, { to: 'won' }, staff, onTime)).toThrow();
  });

  it('refuses what the state machine refuses', () => {
    expect(() => applyTransition(referral, { to: 'won', customerId: 'c' }, staff, onTime)).toThrow(
      InvalidTransitionError,
    );
    expect(() => applyTransition(referral, { to: 'declined' }, staff, onTime)).toThrow(ValidationError);
  });

  it('assigns an owner to an open referral only', () => {
    const { next, event } = assignOwner(referral, { ownerId: 'staff-2' }, leader, onTime);
    expect(next).toMatchObject({ ownerId: 'staff-2', version: 2 });
    expect(event).toEqual({ type: 'referral.owner_assigned', actorId: 'leader-1' });
    expect(() => assignOwner({ ...referral, status: 'won' }, { ownerId: 'staff-2' }, leader, onTime)).toThrow(
      ConflictError,
    );
  });

  it('erases the contact once: names, notes and the stored answer go, the record stays', () => {
    const withNotes = { ...referral, notes: 'Call Ann', idempotencyPk: 'idem#1' };
    const { next, event } = eraseContact(withNotes, {}, leader, onTime);
    expect(next.contact).toEqual({ name: erased, email: erased });
    expect(next.stakeholders.every((stakeholder) => stakeholder.name === erased)).toBe(true);
    expect(next).not.toHaveProperty('notes');
    expect(next).not.toHaveProperty('idempotencyPk');
    expect(next).toMatchObject({ contactErasedAt: onTime.toISOString(), version: 2, company: referral.company });
    expect(event).toEqual({ type: 'referral.contact_erased', actorId: 'leader-1' });
    expect(() => eraseContact(next, {}, leader, onTime)).toThrow(ConflictError);
  });

  it('a won referral’s new customer is a first purchase crediting its referrer', () => {
    const customer = wonCustomer(referral, 'cust-9', onTime);
    expect(customer).toMatchObject({
      id: 'cust-9',
      name: referral.company.name,
      lifecycle: 'first_purchase',
      prospectKeys: referral.prospectKeys,
      referredBy: { referralId: 'ref-1', referrerId: 'referrer-1' },
      version: 1,
      createdAt: onTime.toISOString(),
    });
  });
});
