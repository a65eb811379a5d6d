import { describe, expect, it } from 'vitest';
import { InvalidTransitionError, ValidationError } from '#domain/errors.ts';
import { emptyChecklist, type TeamChecklist } from '#domain/handoffs/checklists.ts';
import { applyTransition, newHandoff, rate } from '#domain/handoffs/moves.ts';
import { HandoffRatedAlreadyError } from '#domain/handoffs/workflow.ts';
import { aHandoff, aHandoffSubmission } from '#test/handoff-fixtures.ts';

const staff = { userId: 'staff-1', role: 'staff' as const };
const sender = { ...staff, fromTeamId: 'team-sales' };
const now = new Date('2026-03-09T10:00:00.000Z');
const round = { ackSlaHours: 4, ackDueAt: '2026-03-09T14:00:00.000Z' };
const checklist: TeamChecklist = {
  ...emptyChecklist('team-ops'),
  kinds: { ...emptyChecklist('team-ops').kinds, kickoff: [{ id: 'seats', label: 'Seats' }] },
};

describe('a new handoff', () => {
  it('is sent by the actor’s team, with its answers, its first round and its event', () => {
    const input = aHandoffSubmission({ toTeamId: 'team-ops', kind: 'kickoff', answers: { seats: '40' } });
    const { next, event } = newHandoff(input, sender, { id: 'h-1', now }, { checklist, round });
    expect(next).toMatchObject({
      id: 'h-1',
      status: 'sent',
      version: 1,
      fromTeamId: 'team-sales',
      toTeamId: 'team-ops',
      senderId: 'staff-1',
      kind: 'kickoff',
      checklist: [{ itemId: 'seats', label: 'Seats', answer: '40' }],
      sentAt: now.toISOString(),
      createdAt: now.toISOString(),
      ackSlaHours: 4,
      ackDueAt: round.ackDueAt,
      overdue: false,
      returnCount: 0,
    });
    expect(event).toEqual({ type: 'handoff.sent', actorId: 'staff-1' });
  });

  it('is of kind other without one, and keeps a due date as an instant in UTC', () => {
    const input = aHandoffSubmission({ toTeamId: 'team-ops', dueAt: '2026-03-20T12:00:00+01:00' });
    const { next } = newHandoff(input, sender, { id: 'h-2', now }, { checklist, round });
    expect(next.kind).toBe('other');
    expect(next.dueAt).toBe('2026-03-20T11:00:00.000Z');
  });

  it('refuses the sender’s own team, a past due date, a customer with a referral, and unanswered items', () => {
    const make = (over: Parameters<typeof aHandoffSubmission>[0]) => () =>
      newHandoff(aHandoffSubmission({ toTeamId: 'team-ops', ...over }), sender, { id: 'h', now }, { checklist, round });
    expect(make({ toTeamId: 'team-sales' })).toThrow(ValidationError);
    expect(make({ dueAt: '2026-03-09T10:00:00Z' })).toThrow(ValidationError);
    expect(make({ customerId: 'c-1', referralId: 'r-1' })).toThrow(ValidationError);
    expect(make({ kind: 'kickoff' })).toThrow(ValidationError);
  });
});

describe('a handoff’s moves', () => {
  it('name their event after the status reached, with the note for the other team', () => {
    const { next, event } = applyTransition(aHandoff(), { to: 'acknowledged', note: 'On it' }, staff, now);
    expect(next).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'staff-1', version: 2 });
    expect(event).toEqual({ type: 'handoff.acknowledged', actorId: 'staff-1', note: 'On it' });
  });

  it('a return lists what is missing, checklist items first in words, and counts the return', () => {
    const acknowledged = aHandoff({
      status: 'acknowledged',
      checklist: [{ itemId: 'seats', label: 'Seats', answer: '40' }],
    });
    const { next, event } = applyTransition(
      acknowledged,
      { to: 'returned', missingItems: ['seats'], missing: ['The order form'] },
      staff,
      now,
    );
    expect(next).toMatchObject({
      status: 'returned',
      missing: ['Seats', 'The order form'],
      missingItemIds: ['seats'],
      returnCount: 1,
      returnedAt: now.toISOString(),
    });
    expect(event.type).toBe('handoff.returned');
  });

  it('a resubmission is its own event, starts a new round and records the answers it revised', () => {
    const returned = aHandoff({
      status: 'returned',
      missing: ['Seats'],
      missingItemIds: ['seats'],
      returnCount: 1,
      acknowledgedAt: '2026-03-04T11:00:00.000Z',
      checklist: [{ itemId: 'seats', label: 'Seats', answer: '40' }],
    });
    const { next, event } = applyTransition(returned, { to: 'sent', answers: { seats: '45' }, round }, staff, now);
    expect(event).toEqual({ type: 'handoff.resubmitted', actorId: 'staff-1', note: undefined });
    expect(next).toMatchObject({ status: 'sent', sentAt: now.toISOString(), ...round, revisedItemIds: ['seats'] });
    expect(next.checklist).toEqual([{ itemId: 'seats', label: 'Seats', answer: '45' }]);
    expect(next.missing).toBeUndefined();
    expect(next.acknowledgedAt).toBeUndefined();
  });

  it('refuses an edge the machine lacks, answers with any move but a resubmission, and unknown items', () => {
    expect(() => applyTransition(aHandoff(), { to: 'completed' }, staff, now)).toThrow(InvalidTransitionError);
    const acknowledged = aHandoff({ status: 'acknowledged' });
    expect(() => applyTransition(acknowledged, { to: 'accepted', answers: { a: 'b' } }, staff, now)).toThrow(
      ValidationError,
    );
    expect(() => applyTransition(acknowledged, { to: 'returned', missingItems: ['nope'] }, staff, now)).toThrow(
      ValidationError,
    );
  });
});

describe('rating a handoff', () => {
  it('keeps the score, the comment and who rated, as the event handoff.rated', () => {
    const completed = aHandoff({ status: 'completed' });
    const { next, event } = rate(completed, { score: 4, comment: 'Clear' }, staff, now);
    expect(next.rating).toEqual({ score: 4, comment: 'Clear', ratedBy: 'staff-1', ratedAt: now.toISOString() });
    expect(next.version).toBe(completed.version + 1);
    expect(event).toEqual({ type: 'handoff.rated', actorId: 'staff-1' });
  });

  it('refuses an open handoff and a second rating', () => {
    expect(() => rate(aHandoff(), { score: 4 }, staff, now)).toThrow(InvalidTransitionError);
    const rated = aHandoff({ status: 'completed', rating: { score: 3, ratedBy: 'u', ratedAt: now.toISOString() } });
    expect(() => rate(rated, { score: 4 }, staff, now)).toThrow(HandoffRatedAlreadyError);
  });
});
