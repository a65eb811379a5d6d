import fc from 'fast-check';

/**
 * Stored records of every kind the scorecard derives figures from, as fast-check arbitraries,
 * for the property tests of derive.ts and drilldown.ts: the same records, so that what one
 * property proves of them the other can rely on. Without ids: each test gives its own.
 */

// Instants over a few weeks, around a change of ISO week and of summer time.
export const instant = fc.constantFrom(
  '2026-03-20T09:00:00.000Z',
  '2026-03-22T23:30:00.000Z',
  '2026-03-23T00:30:00.000Z',
  '2026-03-29T00:59:00.000Z',
  '2026-03-30T12:00:00.000Z',
  '2026-04-06T08:15:00.000Z',
  '2026-04-14T17:45:00.000Z',
);
export const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
export const partyId = fc.constantFrom('p1', 'p2');
const teamId = fc.constantFrom('t1', 't2', 't3');
export const stage = fc.constantFrom('prospect', 'first_purchase', 'repeat', 'loyal', 'advocate', 'lapsed', 'won_back');

export const referral = fc.record({
  entity: fc.constant('referral'),
  status: fc.constantFrom('submitted', 'accepted', 'declined', 'qualified', 'won', 'lost'),
  partnerId: maybe(partyId),
  referrerId: fc.constantFrom('u1', 'u2'),
  createdAt: instant,
  firstRespondedAt: maybe(instant),
  firstResponseDueAt: instant,
  respondedLate: fc.boolean(),
  overdue: fc.boolean(),
});

export const handoff = fc.record({
  entity: fc.constant('handoff'),
  fromTeamId: teamId,
  toTeamId: teamId,
  createdAt: instant,
  sentAt: instant,
  returnCount: fc.nat(2),
  acknowledgedAt: maybe(instant),
  ackDueAt: instant,
  acknowledgedLate: fc.boolean(),
  overdue: fc.boolean(),
  rating: maybe(fc.record({ score: fc.integer({ min: 1, max: 5 }), ratedAt: instant })),
});

export const issue = fc.record({
  entity: fc.constant('issue'),
  severity: fc.constantFrom('sev1', 'sev2', 'sev3', 'sev4'),
  status: fc.constantFrom('reported', 'owned', 'mitigated', 'resolved'),
  createdAt: instant,
  ownedAt: maybe(instant),
  resolvedAt: maybe(instant),
  ownDueAt: instant,
  resolveDueAt: instant,
  ownedLate: fc.boolean(),
  resolvedLate: fc.boolean(),
  ownBreached: fc.boolean(),
  resolveBreached: fc.boolean(),
});

export const customer = fc.record({
  entity: fc.constant('customer'),
  lifecycle: stage,
  lifecycleChangedAt: instant,
  createdAt: instant,
  openIssueCount: fc.nat(2),
  referredBy: maybe(fc.record({ referrerId: fc.constantFrom('u1', 'u2'), partnerId: maybe(partyId) })),
});
