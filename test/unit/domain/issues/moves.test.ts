import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidTransitionError, ValidationError } from '#domain/errors.ts';
import { applyTransition, edit, handOver, markBreached, newIssue } from '#domain/issues/moves.ts';
import { defaultIssueTargets, issueDueDates } from '#domain/issues/targets.ts';
import { anIssue, anIssueReport } from '#test/issue-fixtures.ts';

const staff = { userId: 'staff-1', role: 'staff' as const };
const early = new Date('2025-01-06T09:00:00.000Z');
const late = new Date('2025-01-08T09:00:00.000Z');

describe('an issue’s moves', () => {
  it('owning makes the actor its owner and records whether it was late', () => {
    const { next, event } = applyTransition(anIssue(), { to: 'owned' }, staff, early);
    expect(next).toMatchObject({ status: 'owned', ownerId: 'staff-1', ownedAt: early.toISOString(), ownedLate: false });
    expect(next.version).toBe(2);
    expect(event).toEqual({ type: 'issue.owned', actorId: 'staff-1', note: undefined });
    expect(applyTransition(anIssue(), { to: 'owned' }, staff, late).next.ownedLate).toBe(true);
  });

  it('mitigating keeps its note on the record and the event', () => {
    const owned = anIssue({ status: 'owned', ownerId: 'staff-1' });
    const { next, event } = applyTransition(owned, { to: 'mitigated', note: 'Paused the run' }, staff, early);
    expect(next).toMatchObject({ status: 'mitigated', mitigationNote: 'Paused the run' });
    expect(event).toEqual({ type: 'issue.mitigated', actorId: 'staff-1', note: 'Paused the run' });
  });

  it('resolving records who, when, whether late, and the follow-up', () => {
    const owned = anIssue({ status: 'owned', ownerId: 'staff-1' });
    const { next, event } = applyTransition(owned, { to: 'resolved', followUp: 'Add a check' }, staff, late);
    expect(next).toMatchObject({ resolvedBy: 'staff-1', resolvedLate: true, followUp: 'Add a check' });
    expect(event.note).toBe('Add a check');
  });

  it('refuses what the workflow refuses', () => {
    expect(() => applyTransition(anIssue(), { to: 'resolved', followUp: 'x' }, staff, early)).toThrow(
      InvalidTransitionError,
    );
    const owned = anIssue({ status: 'owned' });
    expect(() => applyTransition(owned, { to: 'resolved' }, staff, early)).toThrow(ValidationError);
  });

  it('a first owner owns a reported issue; a later one is a hand-over', () => {
    const first = handOver(anIssue(), { ownerId: 'staff-2' }, staff, early);
    expect(first.next).toMatchObject({ status: 'owned', ownerId: 'staff-2' });
    expect(first.event.type).toBe('issue.owned');
    const second = handOver(first.next, { ownerId: 'staff-3' }, staff, early);
    expect(second.next).toMatchObject({ status: 'owned', ownerId: 'staff-3' });
    expect(second.event.type).toBe('issue.handed_over');
    expect(() => handOver(second.next, { ownerId: 'staff-3' }, staff, early)).toThrow(ConflictError);
    expect(() => handOver(anIssue({ status: 'resolved' }), { ownerId: 'x' }, staff, early)).toThrow(ConflictError);
  });

  it('an edit names the texts it changed; a new severity brings its targets; no change is nothing', () => {
    const before = anIssue();
    const texts = edit(before, { title: 'Invoices sent three times' }, staff, early);
    expect(texts?.event).toEqual({ type: 'issue.updated', actorId: 'staff-1', extra: { edited: ['title'] } });
    const severity = edit(before, { severity: 'sev1', targets: defaultIssueTargets }, staff, early);
    expect(severity?.next.severity).toBe('sev1');
    expect(severity?.next.ownDueAt).not.toBe(before.ownDueAt);
    expect(edit(before, { title: before.title }, staff, early)).toBeUndefined();
  });

  it('marks a breach as the system, once per target', () => {
    expect(markBreached(anIssue(), 'own', late)).toMatchObject({
      next: { ownBreached: true, resolveBreached: false, version: 2 },
      event: { type: 'issue.own_target_breached', actorId: 'system' },
    });
    expect(markBreached(anIssue(), 'resolve', late).event.type).toBe('issue.resolve_target_breached');
  });
});

describe('a new issue', () => {
  const customers = new Map([
    ['c-referred', { referredBy: { referralId: 'r-1', referrerId: 'adv-1', partnerId: 'p-1' } }],
    ['c-direct', {}],
  ]);

  it('is reported, with its severity’s targets, the referrers of its customers and its event', () => {
    const input = anIssueReport(['c-referred', 'c-direct'], { severity: 'sev1' });
    const { next, event } = newIssue(
      input,
      staff,
      { id: 'i-1', now: early },
      { customers, targets: defaultIssueTargets },
    );
    expect(next).toMatchObject({
      id: 'i-1',
      status: 'reported',
      severity: 'sev1',
      version: 1,
      customerIds: ['c-referred', 'c-direct'],
      factors: [],
      reportedBy: 'staff-1',
      reporterRole: 'staff',
      customerReferrers: [{ customerId: 'c-referred', referrerId: 'adv-1', partnerId: 'p-1' }],
      ownBreached: false,
      resolveBreached: false,
      createdAt: early.toISOString(),
      ...issueDueDates(early.toISOString(), 'sev1', defaultIssueTargets),
    });
    expect(next.ownDueAt > early.toISOString()).toBe(true);
    expect(next.partnerId).toBeUndefined();
    expect(event).toEqual({ type: 'issue.reported', actorId: 'staff-1' });
  });

  it('keeps the partner of a partner’s report', () => {
    const partner = { userId: 'partner-user', role: 'partner' as const, partnerId: 'p-9' };
    const { next } = newIssue(
      anIssueReport(['c-referred']),
      partner,
      { id: 'i-2', now: early },
      {
        customers,
        targets: defaultIssueTargets,
      },
    );
    expect(next).toMatchObject({ reporterRole: 'partner', partnerId: 'p-9' });
  });
});
