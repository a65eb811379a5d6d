import { ulid } from 'ulid';
import type { Partner, Team, User } from '#domain/directory/schemas.ts';
import type { RecordParties } from '#domain/identity/authorization.ts';
import type { Caller } from '#domain/identity/roles.ts';

/**
 * Fixture factories: a valid value by default, any field overridden by the test that cares
 * about it (`aCaller({ role: 'partner', partnerId })`).
 */

const at = '2025-01-06T09:00:00.000Z';

export function anId(): string {
  return ulid();
}

export function aCaller(overrides: Partial<Caller> = {}): Caller {
  return {
    userId: anId(),
    role: 'staff',
    name: 'Casey Caller',
    email: 'casey.caller@example.test',
    ...overrides,
  };
}

/** A caller of each role, with the membership that role has. */
export function callersByRole(ids: { teamId?: string; partnerId?: string } = {}) {
  return {
    staff: aCaller({ role: 'staff', teamId: ids.teamId ?? anId() }),
    partner: aCaller({ role: 'partner', partnerId: ids.partnerId ?? anId() }),
    advocate: aCaller({ role: 'advocate' }),
    leader: aCaller({ role: 'leader' }),
  };
}

export function someParties(overrides: Partial<RecordParties> = {}): RecordParties {
  return { createdBy: anId(), partnerId: anId(), ownerId: anId(), teamIds: [anId()], ...overrides };
}

export function aTeam(overrides: Partial<Team> = {}): Team {
  return { id: anId(), name: 'Sales', active: true, version: 1, createdAt: at, updatedAt: at, ...overrides };
}

export function aPartner(overrides: Partial<Partner> = {}): Partner {
  return { id: anId(), name: 'Northwind', active: true, version: 1, createdAt: at, updatedAt: at, ...overrides };
}

export function aUser(overrides: Partial<User> = {}): User {
  return {
    id: anId(),
    name: 'Ada Advocate',
    email: `ada.${anId().toLowerCase()}@example.test`,
    role: 'advocate',
    active: true,
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}
