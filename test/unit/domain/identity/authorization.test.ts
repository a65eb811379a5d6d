import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '#domain/errors.ts';
import { type Action, assertCan, assertVisible, can, canSee } from '#domain/identity/authorization.ts';
import type { Role } from '#domain/identity/roles.ts';
import { aCaller, anId, callersByRole, someParties } from '#test/factories.ts';

/**
 * Who may do what in the directory and settings: the table the authorization module must agree
 * with. (The referral actions are the referrals capability's, tested with it.)
 */
const expected: Partial<Record<Action, readonly Role[]>> = {
  'directory.manage': ['leader'],
  'teams.list': ['staff', 'partner', 'advocate', 'leader'],
  'directory.read': ['staff', 'leader'],
  'settings.manage': ['leader'],
};

const allRoles: readonly Role[] = ['staff', 'partner', 'advocate', 'leader'];
const cases = Object.entries(expected).flatMap(([action, granted = []]) =>
  allRoles.map((role) => ({ action: action as Action, role, allowed: granted.includes(role) })),
);

describe('can / assertCan', () => {
  it.each(cases)('$role may $action: $allowed', ({ action, role, allowed }) => {
    const caller = aCaller({ role });

    expect(can(caller, action)).toBe(allowed);
    if (allowed) expect(() => assertCan(caller, action)).not.toThrow();
    else expect(() => assertCan(caller, action)).toThrow(ForbiddenError);
  });

  it('names the role in the 403 it throws', () => {
    const caller = aCaller({ role: 'partner' });

    expect(() => assertCan(caller, 'directory.manage')).toThrow(/partner/);
  });
});

describe('canSee / assertVisible', () => {
  const organisation = anId();
  const callers = callersByRole({ partnerId: organisation });

  it.each(['staff', 'leader'] as const)('lets %s see every record', (role) => {
    const caller = callers[role];
    const records = [someParties(), someParties({ partnerId: undefined, createdBy: undefined }), {}];

    for (const parties of records) {
      expect(canSee(caller, parties)).toBe(true);
      expect(() => assertVisible(caller, parties)).not.toThrow();
    }
  });

  it('lets a partner see its own organisation’s records, whoever created them', () => {
    const parties = someParties({ partnerId: organisation });

    expect(canSee(callers.partner, parties)).toBe(true);
  });

  it('hides another organisation’s records from a partner', () => {
    const parties = someParties({ partnerId: anId(), createdBy: callers.partner.userId });

    expect(canSee(callers.partner, parties)).toBe(false);
  });

  it('hides records without a partner organisation from a partner', () => {
    expect(canSee(callers.partner, someParties({ partnerId: undefined }))).toBe(false);
  });

  it('hides everything from a partner user who belongs to no organisation', () => {
    const orphan = aCaller({ role: 'partner', partnerId: undefined });

    expect(canSee(orphan, someParties({ partnerId: undefined }))).toBe(false);
    expect(canSee(orphan, {})).toBe(false);
  });

  it('lets an advocate see only the records they created', () => {
    const own = someParties({ createdBy: callers.advocate.userId });
    const others = someParties({ ownerId: callers.advocate.userId, partnerId: organisation });

    expect(canSee(callers.advocate, own)).toBe(true);
    expect(canSee(callers.advocate, others)).toBe(false);
  });

  it('answers 404, never 403, for a record the caller may not see', () => {
    const parties = someParties();

    const attempt = () => assertVisible(callers.advocate, parties, 'referral');

    expect(attempt).toThrow(NotFoundError);
    expect(attempt).not.toThrow(ForbiddenError);
    expect(attempt).toThrow('No such referral.');
  });
});
