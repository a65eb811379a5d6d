import { describe, expect, it } from 'vitest';
import { canSeeIssue } from '#domain/identity/visibility.ts';
import { issueTimelineView, issueView } from '#domain/issues/views.ts';
import type { TimelineEvent } from '#domain/timeline/event.ts';
import { aCaller, anId } from '#test/factories.ts';
import { anIssue } from '#test/issue-fixtures.ts';

describe('issue visibility', () => {
  const northwind = anId();
  const advocateId = anId();
  const [referredByPartner, referredByAdvocate, enteredByStaff] = [anId(), anId(), anId()];
  const issue = anIssue({
    customerIds: [referredByPartner, referredByAdvocate, enteredByStaff],
    customerReferrers: [
      { customerId: referredByPartner, referrerId: anId(), partnerId: northwind },
      { customerId: referredByAdvocate, referrerId: advocateId },
    ],
    ownerId: anId(),
    factors: ['process'],
    followUp: 'Add a check.',
  });

  it('shows staff and leaders every issue', () => {
    expect(canSeeIssue(aCaller({ role: 'staff' }), issue)).toBe(true);
    expect(canSeeIssue(aCaller({ role: 'leader' }), issue)).toBe(true);
  });

  it('shows a referrer the issues of the customers they brought, and no other', () => {
    expect(canSeeIssue(aCaller({ role: 'partner', partnerId: northwind }), issue)).toBe(true);
    expect(canSeeIssue(aCaller({ role: 'partner', partnerId: anId() }), issue)).toBe(false);
    expect(canSeeIssue(aCaller({ userId: advocateId, role: 'advocate' }), issue)).toBe(true);
    expect(canSeeIssue(aCaller({ role: 'advocate' }), issue)).toBe(false);
  });

  it('gives a referrer no internals, and only their own customers among those affected', () => {
    const shown = issueView(issue, aCaller({ role: 'partner', partnerId: northwind }));
    expect(shown.customerIds).toEqual([referredByPartner]);
    for (const internal of [
      'ownerId',
      'factors',
      'followUp',
      'ownDueAt',
      'ownBreached',
      'customerReferrers',
      'reportedBy',
    ]) {
      expect(shown).not.toHaveProperty(internal);
    }
    const staff = issueView(issue, aCaller({ role: 'staff' }));
    expect(staff).toMatchObject({ ownerId: issue.ownerId, factors: ['process'] });
    expect(staff).not.toHaveProperty('customerReferrers');
  });

  it('gives a referrer the status moves of the timeline, without names or notes', () => {
    const events: TimelineEvent[] = ['issue.reported', 'issue.handed_over', 'issue.resolved'].map((type) => ({
      id: anId(),
      recordType: 'issue',
      recordId: issue.id,
      type,
      actorId: 'someone',
      at: '2025-01-01T00:00:00.000Z',
      before: { status: 'owned', ownerId: 'x' },
      after: { status: 'resolved', ownerId: 'y' },
      note: 'Follow-up with a name in it',
    }));
    const shown = issueTimelineView(events, aCaller({ role: 'advocate', userId: advocateId }));
    expect(shown.map((event) => event.type)).toEqual(['issue.reported', 'issue.resolved']);
    expect(JSON.stringify(shown)).not.toMatch(/someone|name in it|ownerId/);
  });
});
