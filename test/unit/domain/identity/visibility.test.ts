import { describe, expect, it } from 'vitest';
import { NotFoundError } from '#domain/errors.ts';
import type { Caller } from '#domain/identity/roles.ts';
import {
  assertCanSee,
  canSeeRecord,
  mayBeNotified,
  seesReferrerSide,
  type VisibleRecord,
  visibleCustomerIdsOfIssue,
} from '#domain/identity/visibility.ts';
import { aCustomer } from '#test/customer-fixtures.ts';
import { aCaller, anId } from '#test/factories.ts';
import { aHandoff } from '#test/handoff-fixtures.ts';
import { anIssue } from '#test/issue-fixtures.ts';

// One organisation's people: a partner organisation and a user of another, two advocates,
// staff of the sending, receiving and an unrelated team, and a leader.
const northwind = anId();
const [sending, receiving, unrelated] = [anId(), anId(), anId()];
const callers = {
  northwindPartner: aCaller({ role: 'partner', partnerId: northwind }),
  otherPartner: aCaller({ role: 'partner', partnerId: anId() }),
  advocate: aCaller({ role: 'advocate' }),
  otherAdvocate: aCaller({ role: 'advocate' }),
  sendingStaff: aCaller({ role: 'staff', teamId: sending }),
  receivingStaff: aCaller({ role: 'staff', teamId: receiving }),
  unrelatedStaff: aCaller({ role: 'staff', teamId: unrelated }),
  leader: aCaller({ role: 'leader' }),
} satisfies Record<string, Caller>;
type Who = keyof typeof callers;
const everyone = Object.keys(callers) as Who[];
const staffSide: Who[] = ['sendingStaff', 'receivingStaff', 'unrelatedStaff', 'leader'];

const byNorthwind = { referrerId: anId(), partnerId: northwind };
const byAdvocate = { referrerId: callers.advocate.userId };
const [northwindCustomer, advocateCustomer, staffCustomer] = [anId(), anId(), anId()];

const records: [string, VisibleRecord, Who[]][] = [
  ['a partner organisation’s referral', { type: 'referral', record: byNorthwind }, ['northwindPartner', ...staffSide]],
  ['an advocate’s referral', { type: 'referral', record: byAdvocate }, ['advocate', ...staffSide]],
  [
    'a handoff between two teams (sent by an advocate’s id, which gives the advocate nothing)',
    {
      type: 'handoff',
      record: aHandoff({ fromTeamId: sending, toTeamId: receiving, senderId: callers.advocate.userId }),
    },
    ['sendingStaff', 'receivingStaff', 'leader'],
  ],
  [
    'a customer a partner organisation brought',
    { type: 'customer', record: aCustomer({ referredBy: { referralId: anId(), ...byNorthwind } }) },
    ['northwindPartner', ...staffSide],
  ],
  [
    'a customer an advocate brought',
    { type: 'customer', record: aCustomer({ referredBy: { referralId: anId(), ...byAdvocate } }) },
    ['advocate', ...staffSide],
  ],
  ['a customer staff entered', { type: 'customer', record: aCustomer({ referredBy: undefined }) }, staffSide],
  [
    'an issue staff reported about a partner’s customer',
    {
      type: 'issue',
      record: anIssue({
        reportedBy: callers.sendingStaff.userId,
        partnerId: undefined,
        customerIds: [northwindCustomer, staffCustomer],
        customerReferrers: [{ customerId: northwindCustomer, ...byNorthwind }],
      }),
    },
    ['northwindPartner', ...staffSide],
  ],
  [
    'an issue an advocate reported',
    {
      type: 'issue',
      record: anIssue({
        reportedBy: callers.advocate.userId,
        partnerId: undefined,
        customerIds: [advocateCustomer],
        customerReferrers: [{ customerId: advocateCustomer, ...byAdvocate }],
      }),
    },
    ['advocate', ...staffSide],
  ],
];

describe('who may see a record', () => {
  describe.each(records)('%s', (_name, subject, viewers) => {
    it.each(everyone)('%s', (who) => {
      const caller = callers[who];
      const sees = viewers.includes(who);
      expect(canSeeRecord(caller, subject)).toBe(sees);
      // A notification about the record reaches exactly those who may open it.
      expect(mayBeNotified(caller, subject)).toBe(sees);
      if (sees) expect(() => assertCanSee(caller, subject)).not.toThrow();
      // 404, never 403: a record one may not see does not exist for them.
      else expect(() => assertCanSee(caller, subject)).toThrow(new NotFoundError(`No such ${subject.type}.`));
    });
  });

  it('tells only leaders of a webhook', () => {
    const told = everyone.filter((who) => mayBeNotified(callers[who], { type: 'webhook' }));
    expect(told).toEqual(['leader']);
  });

  it('shows partners and advocates the referrer’s side of a record, staff and leaders the whole', () => {
    const referrerSide = everyone.filter((who) => seesReferrerSide(callers[who]));
    expect(referrerSide).toEqual(['northwindPartner', 'otherPartner', 'advocate', 'otherAdvocate']);
  });
});

describe('the affected customers of an issue one sees', () => {
  const issue = anIssue({
    reportedBy: callers.sendingStaff.userId,
    partnerId: undefined,
    customerIds: [northwindCustomer, advocateCustomer, staffCustomer],
    customerReferrers: [
      { customerId: northwindCustomer, ...byNorthwind },
      { customerId: advocateCustomer, ...byAdvocate },
    ],
  });

  it('are all of them for staff and leaders', () => {
    expect(visibleCustomerIdsOfIssue(callers.unrelatedStaff, issue)).toEqual(issue.customerIds);
    expect(visibleCustomerIdsOfIssue(callers.leader, issue)).toEqual(issue.customerIds);
  });

  it('are those a referrer brought, or all of them when the referrer’s side reported it', () => {
    expect(visibleCustomerIdsOfIssue(callers.northwindPartner, issue)).toEqual([northwindCustomer]);
    expect(visibleCustomerIdsOfIssue(callers.advocate, issue)).toEqual([advocateCustomer]);
    expect(visibleCustomerIdsOfIssue(callers.otherPartner, issue)).toEqual([]);
    const reportedByNorthwind = { ...issue, reportedBy: anId(), partnerId: northwind };
    expect(visibleCustomerIdsOfIssue(callers.northwindPartner, reportedByNorthwind)).toEqual(issue.customerIds);
  });
});
