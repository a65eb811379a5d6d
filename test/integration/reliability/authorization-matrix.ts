/**
 * The authorization matrix: every route × every role × the record's relation to the caller →
 * what the API answers. One table, read by `authorization-matrix.test.ts` (which runs every
 * cell against DynamoDB Local and fails when the app has a route this table lacks) and by
 * `fuzz.test.ts` (which takes the refused callers of each route from it).
 *
 * A new route is a new row. A status is either one number for every relation the role has to
 * that kind of record, or one per relation. For list routes `listed` and `hidden` mean a 200
 * whose items do or do not include the record.
 */

/** The callers: the four portal roles, and nobody (no token at all). */
export const matrixRoles = ['anonymous', 'staff', 'partner', 'advocate', 'leader'] as const;
export type MatrixRole = (typeof matrixRoles)[number];
export type SignedInRole = Exclude<MatrixRole, 'anonymous'>;

/**
 * How the record stands to the caller: theirs (they made it, or it is their own team,
 * organisation or user), made by or being someone of the same team, of the same organisation
 * (the caller's partner organisation; for staff and leaders, the company), or someone else's.
 */
export const relations = ['own', 'sameTeam', 'sameOrganisation', 'others'] as const;
export type Relation = (typeof relations)[number];

export type RecordKind = 'referral' | 'conflict' | 'team' | 'partner' | 'user';

/** Seeded users (test/support/harness.ts) and one more sales colleague made by the test. */
export type UserKey =
  | 'leader'
  | 'salesStaff'
  | 'salesColleague'
  | 'supportStaff'
  | 'northwindPartner'
  | 'northwindColleague'
  | 'bluewavePartner'
  | 'advocate'
  | 'otherAdvocate';

/** Who calls in each role. */
export const actingAs: Record<SignedInRole, UserKey> = {
  staff: 'salesStaff',
  partner: 'northwindPartner',
  advocate: 'advocate',
  leader: 'leader',
};

const referrers: Record<SignedInRole, Partial<Record<Relation, UserKey>>> = {
  staff: { own: 'salesStaff', sameTeam: 'salesColleague', sameOrganisation: 'supportStaff', others: 'bluewavePartner' },
  partner: { own: 'northwindPartner', sameOrganisation: 'northwindColleague', others: 'bluewavePartner' },
  advocate: { own: 'advocate', others: 'otherAdvocate' },
  leader: { own: 'leader', sameOrganisation: 'supportStaff', others: 'bluewavePartner' },
};

/**
 * The counterpart that puts a record in each relation to each role's caller: a referral's
 * referrer, a conflict's refused submitter, the team or partner organisation itself, the user
 * itself. A role without an entry has no such relation to that kind of record (an advocate
 * has no team).
 */
export const counterparts: {
  readonly referral: Record<SignedInRole, Partial<Record<Relation, UserKey>>>;
  readonly conflict: Record<SignedInRole, Partial<Record<Relation, UserKey>>>;
  readonly user: Record<SignedInRole, Partial<Record<Relation, UserKey>>>;
  readonly team: Record<SignedInRole, Partial<Record<Relation, 'sales' | 'support'>>>;
  readonly partner: Record<SignedInRole, Partial<Record<Relation, 'northwind' | 'bluewave'>>>;
} = {
  referral: referrers,
  conflict: referrers,
  user: referrers,
  team: {
    staff: { own: 'sales', others: 'support' },
    partner: { others: 'support' },
    advocate: { others: 'support' },
    leader: { others: 'support' },
  },
  partner: {
    staff: { others: 'bluewave' },
    partner: { own: 'northwind', others: 'bluewave' },
    advocate: { others: 'bluewave' },
    leader: { others: 'bluewave' },
  },
};

/** The relations a role has to a kind of record, in the order of `relations`. */
export function relationsOf(kind: RecordKind, role: SignedInRole): Relation[] {
  return relations.filter((relation) => counterparts[kind][role][relation] !== undefined);
}

export type Outcome = 200 | 201 | 401 | 403 | 404 | 'listed' | 'hidden';
export type Expectation = Outcome | Partial<Record<Relation, Outcome>>;

export interface MatrixRow {
  /** Method and path template, as Hono lists them in `app.routes`. */
  readonly route: `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /api/${string}`;
  /** The record the path names, or the list shows; none for routes about no record. */
  readonly record?: RecordKind;
  readonly expect: Record<MatrixRole, Expectation>;
}

export const listed = 'listed';
export const hidden = 'hidden';

/** Referrers see their own and (partners) their organisation's; a hidden record is a 404. */
const referrerRefused = {
  partner: { own: 403, sameOrganisation: 403, others: 404 },
  advocate: { own: 403, others: 404 },
} as const;

export const authorizationMatrix = [
  // Health is the one route without a token.
  { route: 'GET /api/health', expect: { anonymous: 200, staff: 200, partner: 200, advocate: 200, leader: 200 } },
  { route: 'GET /api/me', expect: { anonymous: 401, staff: 200, partner: 200, advocate: 200, leader: 200 } },

  // Teams: everyone names a team; leaders manage them.
  {
    route: 'GET /api/teams',
    record: 'team',
    expect: { anonymous: 401, staff: listed, partner: listed, advocate: listed, leader: listed },
  },
  {
    route: 'GET /api/teams/:id',
    record: 'team',
    expect: { anonymous: 401, staff: 200, partner: 200, advocate: 200, leader: 200 },
  },
  { route: 'POST /api/teams', expect: { anonymous: 401, staff: 403, partner: 403, advocate: 403, leader: 201 } },
  {
    route: 'PATCH /api/teams/:id',
    record: 'team',
    expect: { anonymous: 401, staff: 403, partner: 403, advocate: 403, leader: 200 },
  },

  // Partner organisations and users: staff and leaders read the directory; leaders manage it.
  {
    route: 'GET /api/partners',
    record: 'partner',
    expect: { anonymous: 401, staff: listed, partner: 403, advocate: 403, leader: listed },
  },
  {
    route: 'GET /api/partners/:id',
    record: 'partner',
    expect: { anonymous: 401, staff: 200, partner: 403, advocate: 403, leader: 200 },
  },
  { route: 'POST /api/partners', expect: { anonymous: 401, staff: 403, partner: 403, advocate: 403, leader: 201 } },
  {
    route: 'PATCH /api/partners/:id',
    record: 'partner',
    expect: { anonymous: 401, staff: 403, partner: 403, advocate: 403, leader: 200 },
  },
  {
    route: 'GET /api/users',
    record: 'user',
    expect: { anonymous: 401, staff: listed, partner: 403, advocate: 403, leader: listed },
  },
  {
    route: 'GET /api/users/:id',
    record: 'user',
    expect: { anonymous: 401, staff: 200, partner: 403, advocate: 403, leader: 200 },
  },
  { route: 'POST /api/users', expect: { anonymous: 401, staff: 403, partner: 403, advocate: 403, leader: 201 } },
  {
    route: 'PATCH /api/users/:id',
    record: 'user',
    expect: { anonymous: 401, staff: 403, partner: 403, advocate: 403, leader: 200 },
  },

  // Organisation settings: leaders only.
  { route: 'GET /api/settings', expect: { anonymous: 401, staff: 403, partner: 403, advocate: 403, leader: 200 } },
  { route: 'PATCH /api/settings', expect: { anonymous: 401, staff: 403, partner: 403, advocate: 403, leader: 200 } },

  // Referrals: everyone refers; partners see their organisation's, advocates their own, staff
  // and leaders all; only staff and leaders move them, only leaders erase.
  { route: 'POST /api/referrals', expect: { anonymous: 401, staff: 201, partner: 201, advocate: 201, leader: 201 } },
  {
    route: 'GET /api/referrals',
    record: 'referral',
    expect: {
      anonymous: 401,
      staff: listed,
      partner: { own: listed, sameOrganisation: listed, others: hidden },
      advocate: { own: listed, others: hidden },
      leader: listed,
    },
  },
  {
    route: 'GET /api/referrals/:id',
    record: 'referral',
    expect: {
      anonymous: 401,
      staff: 200,
      partner: { own: 200, sameOrganisation: 200, others: 404 },
      advocate: { own: 200, others: 404 },
      leader: 200,
    },
  },
  {
    route: 'POST /api/referrals/:id/transitions',
    record: 'referral',
    expect: { anonymous: 401, staff: 200, leader: 200, ...referrerRefused },
  },
  {
    route: 'PUT /api/referrals/:id/owner',
    record: 'referral',
    expect: { anonymous: 401, staff: 200, leader: 200, ...referrerRefused },
  },
  {
    route: 'POST /api/referrals/:id/notes',
    record: 'referral',
    expect: { anonymous: 401, staff: 201, leader: 201, ...referrerRefused },
  },
  {
    route: 'POST /api/referrals/:id/erasure',
    record: 'referral',
    expect: { anonymous: 401, staff: 403, leader: 200, ...referrerRefused },
  },

  // Conflicts between referrals of one prospect: staff and leaders only, whoever submitted.
  {
    route: 'GET /api/referrals/conflicts',
    record: 'conflict',
    expect: { anonymous: 401, staff: listed, partner: 403, advocate: 403, leader: listed },
  },
  {
    route: 'GET /api/referrals/conflicts/:id',
    record: 'conflict',
    expect: { anonymous: 401, staff: 200, partner: 403, advocate: 403, leader: 200 },
  },
  {
    route: 'POST /api/referrals/conflicts/:id/ruling',
    record: 'conflict',
    expect: { anonymous: 401, staff: 200, partner: 403, advocate: 403, leader: 200 },
  },
] as const satisfies readonly MatrixRow[];

export type RouteKey = (typeof authorizationMatrix)[number]['route'];

/** One cell of the matrix: a caller, the record's relation to them (if any), the outcome. */
export interface MatrixCase {
  readonly route: RouteKey;
  readonly record: RecordKind | undefined;
  readonly role: MatrixRole;
  readonly relation: Relation | undefined;
  readonly outcome: Outcome;
}

/**
 * Every cell. Anonymous callers are refused before any record is read, so they get one case
 * per route, on someone else's record.
 */
export function matrixCases(): MatrixCase[] {
  const cases: MatrixCase[] = [];
  for (const row of authorizationMatrix as readonly MatrixRow[]) {
    const route = row.route as RouteKey;
    for (const role of matrixRoles) {
      const expectation = row.expect[role];
      if (!row.record) {
        cases.push({ route, record: undefined, role, relation: undefined, outcome: expectation as Outcome });
        continue;
      }
      if (role === 'anonymous') {
        cases.push({ route, record: row.record, role, relation: 'others', outcome: expectation as Outcome });
        continue;
      }
      for (const relation of relationsOf(row.record, role)) {
        const outcome = typeof expectation === 'object' ? expectation[relation] : expectation;
        if (outcome === undefined) throw new Error(`${route}: no outcome for ${role} on ${relation}`);
        cases.push({ route, record: row.record, role, relation, outcome });
      }
    }
  }
  return cases;
}

/** The statuses a route may answer a caller: what the fuzzer uses to pick refused callers. */
export function outcomesFor(route: RouteKey, role: MatrixRole): Outcome[] {
  return matrixCases()
    .filter((cell) => cell.route === route && cell.role === role)
    .map((cell) => cell.outcome);
}
