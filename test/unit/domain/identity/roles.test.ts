import { describe, expect, it } from 'vitest';
import { roleFromGroups, roles } from '#domain/identity/roles.ts';

describe('roleFromGroups', () => {
  it.each(roles)('grants %s to a token in exactly that group', (role) => {
    expect(roleFromGroups([role])).toBe(role);
  });

  it('ignores groups that are not portal roles', () => {
    expect(roleFromGroups(['admins', 'leader', 'eu-west-1_pool_Google'])).toBe('leader');
  });

  it.each([['Leader'], ['leaders'], [' leader'], ['leader '], ['LEADER'], ['staff\u0000']])(
    'grants nothing to the look-alike %j',
    (group) => {
      expect(roleFromGroups([group])).toBeUndefined();
    },
  );

  it.each([[['leader', 'staff']], [['partner', 'advocate']]])(
    'refuses a token in two portal groups (%j) rather than guessing',
    (groups) => {
      expect(roleFromGroups(groups)).toBeUndefined();
    },
  );

  it('grants nothing to a token naming the same group twice', () => {
    // Two entries are two grants: the rule is "exactly one", not "one distinct".
    expect(roleFromGroups(['staff', 'staff'])).toBeUndefined();
  });

  it.each([[undefined], [null], ['leader'], [{ 0: 'leader', length: 1 }], [42], [[]]])(
    'grants nothing when the groups claim is %j',
    (groups) => {
      expect(roleFromGroups(groups)).toBeUndefined();
    },
  );

  it('grants nothing for non-string members', () => {
    expect(roleFromGroups([['leader'], { role: 'leader' }, 1])).toBeUndefined();
  });
});
