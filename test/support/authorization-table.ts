import { expect } from 'vitest';
import type { User } from '#domain/directory/schemas.ts';
import type { TestApp } from './harness.ts';

/**
 * The callers a route's authorization table names: nobody signed in, staff, a leader, the partner
 * and the advocate who brought a record, and another partner and advocate who brought none of it.
 */
export type Who = 'anonymous' | 'staff' | 'leader' | 'partner' | 'otherPartner' | 'advocate' | 'otherAdvocate';

export const everyone: Who[] = ['anonymous', 'staff', 'leader', 'partner', 'otherPartner', 'advocate', 'otherAdvocate'];

/** The user of the test organisation each caller is; nobody for `anonymous`. */
export function callerOf(t: TestApp, who: Who): User | undefined {
  return {
    anonymous: undefined,
    staff: t.org.users.salesStaff,
    leader: t.org.users.leader,
    partner: t.org.users.northwindPartner,
    otherPartner: t.org.users.bluewavePartner,
    advocate: t.org.users.advocate,
    otherAdvocate: t.org.users.otherAdvocate,
  }[who];
}

/** The request options that call as `who`: none at all for `anonymous`. */
export function requestAs(t: TestApp, who: Who): { as?: User } {
  const user = callerOf(t, who);
  return user ? { as: user } : {};
}

/** A route for staff and leaders only: they get `allowed`, a signed-in referrer 403. */
export function staffAndLeadersOnly(allowed: number): Record<Who, number> {
  return {
    anonymous: 401,
    staff: allowed,
    leader: allowed,
    partner: 403,
    otherPartner: 403,
    advocate: 403,
    otherAdvocate: 403,
  };
}

/**
 * Reading a record entered by staff, one the partner brought and one the advocate brought (in
 * that order): staff and leaders read all three; a referrer reads only what it brought, and the
 * others are 404, as if they did not exist. Customers and the issues on them share the rule.
 */
export const readableByWhoBroughtIt: Record<Who, [number, number, number]> = {
  anonymous: [401, 401, 401],
  staff: [200, 200, 200],
  leader: [200, 200, 200],
  partner: [404, 200, 404],
  otherPartner: [404, 404, 404],
  advocate: [404, 404, 200],
  otherAdvocate: [404, 404, 404],
};

/**
 * Changing a record entered by staff and one the partner brought (in that order): staff and
 * leaders may; a referrer is refused (403) what it reads, and what it does not read is 404.
 * Customers and the issues on them share the rule.
 */
export const changedByStaffAndLeaders: Record<Who, [number, number]> = {
  anonymous: [401, 401],
  staff: [200, 200],
  leader: [200, 200],
  partner: [404, 403],
  otherPartner: [404, 404],
  advocate: [404, 404],
  otherAdvocate: [404, 404],
};

/** Every caller's status for one request, checked against the table, a caller at a time. */
export async function expectStatusOf(
  expected: Record<Who, number>,
  status: (who: Who) => Promise<number>,
): Promise<void> {
  for (const who of everyone) expect(await status(who), who).toBe(expected[who]);
}

/**
 * Every caller's statuses for the same request on each target in turn, checked against the
 * table: a row a caller, a column a target.
 */
export async function expectStatusesOn<Target>(
  expected: Record<Who, readonly number[]>,
  targets: readonly Target[],
  status: (who: Who, target: Target) => Promise<number>,
): Promise<void> {
  for (const who of everyone) {
    const statuses: number[] = [];
    for (const target of targets) statuses.push(await status(who, target));
    expect(statuses, who).toEqual(expected[who]);
  }
}
