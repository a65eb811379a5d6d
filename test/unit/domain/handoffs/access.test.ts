import { describe, expect, it } from 'vitest';
import { NotFoundError } from '#domain/errors.ts';
import { handoffView } from '#domain/handoffs/views.ts';
import { type Action, assertVisible, can, canActFor, canSee } from '#domain/identity/authorization.ts';
import type { Role } from '#domain/identity/roles.ts';
import { aCaller, anId, someParties } from '#test/factories.ts';
import { aHandoff } from '#test/handoff-fixtures.ts';

const sender = anId();
const receiver = anId();
const parties = { createdBy: anId(), teamIds: [sender, receiver], teamsOnly: true };

describe('who may do what with handoffs', () => {
  const expected: Record<Action & `handoff.${string}`, readonly Role[]> = {
    'handoff.create': ['staff'],
    'handoff.read': ['staff', 'leader'],
    'handoff.act': ['staff', 'leader'],
    'handoff.rate': ['staff'],
    'handoff.checklist': ['staff', 'leader'],
  };
  it.each(Object.entries(expected))('%s: %j', (action, roles) => {
    for (const role of ['staff', 'partner', 'advocate', 'leader'] as const) {
      expect(can(aCaller({ role }), action as Action)).toBe(roles.includes(role));
    }
  });
});

describe('seeing a handoff', () => {
  it('shows it to the staff of the sending and of the receiving team, and to leaders', () => {
    expect(canSee(aCaller({ teamId: sender }), parties)).toBe(true);
    expect(canSee(aCaller({ teamId: receiver }), parties)).toBe(true);
    expect(canSee(aCaller({ role: 'leader' }), parties)).toBe(true);
  });

  it('hides it (404) from staff of any other team, staff without a team, partners and advocates', () => {
    const others = [
      aCaller({ teamId: anId() }),
      aCaller({ teamId: undefined }),
      aCaller({ role: 'partner', partnerId: anId() }),
      aCaller({ role: 'advocate' }),
    ];
    for (const caller of others) {
      expect(canSee(caller, parties)).toBe(false);
      expect(() => assertVisible(caller, parties, 'handoff')).toThrow(NotFoundError);
    }
    // Even the advocate who happens to be named as its creator.
    const advocate = aCaller({ role: 'advocate' });
    expect(canSee(advocate, { ...parties, createdBy: advocate.userId })).toBe(false);
  });

  it('leaves records that are not team-only as they were: staff see them all', () => {
    expect(canSee(aCaller({ teamId: anId() }), someParties())).toBe(true);
  });
});

describe('acting for a team', () => {
  it('is for the team’s staff, and for leaders on behalf of any team', () => {
    expect(canActFor(aCaller({ teamId: sender }), sender)).toBe(true);
    expect(canActFor(aCaller({ teamId: sender }), receiver)).toBe(false);
    expect(canActFor(aCaller({ role: 'leader' }), receiver)).toBe(true);
    expect(canActFor(aCaller({ role: 'partner', partnerId: anId() }), receiver)).toBe(false);
  });
});

describe('the actions a handoff view offers', () => {
  const handoff = (overrides = {}) => aHandoff({ fromTeamId: sender, toTeamId: receiver, ...overrides });
  const senderStaff = aCaller({ teamId: sender });
  const receiverStaff = aCaller({ teamId: receiver });
  const leader = aCaller({ role: 'leader' });

  it('offers the receiving team its moves, and the sending team nothing until it is returned', () => {
    expect(handoffView(handoff(), receiverStaff).actions).toEqual({ transitions: ['acknowledged'], rate: false });
    expect(handoffView(handoff(), senderStaff).actions).toEqual({ transitions: [], rate: false });
    expect(handoffView(handoff({ status: 'acknowledged' }), receiverStaff).actions.transitions).toEqual([
      'accepted',
      'returned',
    ]);
    expect(handoffView(handoff({ status: 'returned' }), senderStaff).actions.transitions).toEqual(['sent']);
    expect(handoffView(handoff({ status: 'returned' }), receiverStaff).actions.transitions).toEqual([]);
  });

  it('offers leaders every move but not the rating, and the receiving team the rating once', () => {
    expect(handoffView(handoff({ status: 'returned' }), leader).actions.transitions).toEqual(['sent']);
    const completed = handoff({ status: 'completed' });
    expect(handoffView(completed, leader).actions).toEqual({ transitions: [], rate: false });
    expect(handoffView(completed, senderStaff).actions.rate).toBe(false);
    expect(handoffView(completed, receiverStaff).actions.rate).toBe(true);
    const rated = handoff({ status: 'completed', rating: { score: 5, ratedBy: 'u', ratedAt: '2026-03-09T10:00:00Z' } });
    expect(handoffView(rated, receiverStaff).actions.rate).toBe(false);
  });
});
