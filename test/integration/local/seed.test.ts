import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#data/client.ts';
import { partnerRepository, teamRepository, userRepository } from '#data/directory-repository.ts';
import type { User } from '#domain/directory/schemas.ts';
import { roles } from '#domain/identity/roles.ts';
import { demoUsers, isSeeded, seedDemo } from '#local/seed.ts';
import { createTestTable } from '#test/harness.ts';

let db: Db;
let firstSeed: boolean;

beforeAll(async () => {
  db = await createTestTable();
  firstSeed = await seedDemo(db);
  // Twelve weeks of demo history take a while on a busy machine.
}, 180_000);

const everyone = async (): Promise<User[]> =>
  (await userRepository.list(db, { limit: 100, includeInactive: true })).items;

describe('seedDemo', () => {
  it('seeds an empty table and marks it seeded', async () => {
    expect(firstSeed).toBe(true);
    expect(await isSeeded(db)).toBe(true);
  });

  it('seeds the demo teams', async () => {
    const { items } = await teamRepository.list(db, { limit: 100, includeInactive: true });

    expect(items.map((team) => team.name).sort()).toEqual(['Finance', 'Onboarding', 'Product', 'Sales', 'Support']);
  });

  it('seeds at least three partner organisations, each with a user', async () => {
    const { items } = await partnerRepository.list(db, { limit: 100, includeInactive: true });
    const users = await everyone();

    expect(items.length).toBeGreaterThanOrEqual(3);
    for (const partner of items) expect(users.some((user) => user.partnerId === partner.id)).toBe(true);
  });

  it('seeds a user of every role, each active and in the membership the role requires', async () => {
    const users = await everyone();

    expect(new Set(users.map((user) => user.role))).toEqual(new Set(roles));
    expect(users.map((user) => user.email).sort()).toEqual(demoUsers.map((user) => user.email).sort());
    expect(users.every((user) => user.active)).toBe(true);
    expect(users.filter((user) => user.role === 'staff').every((user) => user.teamId)).toBe(true);
    expect(users.filter((user) => user.role === 'partner').every((user) => user.partnerId)).toBe(true);
  });

  it('does nothing on a table seeded already', async () => {
    const before = await everyone();

    const seededAgain = await seedDemo(db);

    expect(seededAgain).toBe(false);
    expect(await everyone()).toEqual(before);
  });
});
