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
 * Handoffs are between teams, not people: `receiving` is one the caller's team receives (its
 * inbox), `sending` one the caller's team sent (a colleague sent it, so that the rule is seen
 * to be the team's, not the sender's), and `others` one between two teams neither of which is
 * the caller's (every handoff, for a caller without a team).
 */
export const relations = ['own', 'sameTeam', 'sameOrganisation', 'receiving', 'sending', 'others'] as const;
export type Relation = (typeof relations)[number];

/**
 * The kinds of record a route names or lists. A customer is one a won referral created (its
 * referrer's, and their partner organisation's), and has lapsed, so that the win-back list
 * shows it; an issue is reported about such a customer (by its referrer when a partner brought
 * it, else by staff); a `handoff` has just been sent, a `completedHandoff` is done and waits
 * for its rating.
 */
export type RecordKind =
  | 'referral'
  | 'conflict'
  | 'team'
  | 'partner'
  | 'user'
  | 'customer'
  | 'issue'
  | 'handoff'
  | 'completedHandoff'
  | 'webhook'
  | 'importJob'
  | 'play';

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

/** The teams a handoff goes between: the two seeded ones and a third the test makes. */
export type TeamKey = 'sales' | 'support' | 'delivery';

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
 * itself, the referrer who brought a customer (or the customer an issue is about), a handoff's
 * sender and receiving team. A role without an entry has no such relation to that kind of record (an advocate
 * has no team).
 */
/** A handoff's parties: the staff member who sends it (their team sends) and the team receiving it. */
export interface HandoffParties {
  readonly sender: UserKey;
  readonly to: TeamKey;
}

/** Staff of sales: their team receives, their team sends, or neither; the others see between two teams. */
const handoffParties: Record<SignedInRole, Partial<Record<Relation, HandoffParties>>> = {
  staff: {
    receiving: { sender: 'supportStaff', to: 'sales' },
    sending: { sender: 'salesColleague', to: 'support' },
    others: { sender: 'supportStaff', to: 'delivery' },
  },
  partner: { others: { sender: 'salesStaff', to: 'support' } },
  advocate: { others: { sender: 'salesStaff', to: 'support' } },
  leader: { others: { sender: 'salesStaff', to: 'support' } },
};

/**
 * The referrer whose won referral created a customer (or whose customer an issue is about):
 * staff and leaders see every customer; partners their organisation's, advocates their own.
 */
const customerReferrers: Record<SignedInRole, Partial<Record<Relation, UserKey>>> = {
  staff: { others: 'bluewavePartner' },
  partner: { own: 'northwindPartner', sameOrganisation: 'northwindColleague', others: 'bluewavePartner' },
  advocate: { own: 'advocate', others: 'otherAdvocate' },
  leader: { others: 'bluewavePartner' },
};

export const counterparts: {
  readonly referral: Record<SignedInRole, Partial<Record<Relation, UserKey>>>;
  readonly conflict: Record<SignedInRole, Partial<Record<Relation, UserKey>>>;
  readonly user: Record<SignedInRole, Partial<Record<Relation, UserKey>>>;
  readonly team: Record<SignedInRole, Partial<Record<Relation, 'sales' | 'support'>>>;
  readonly partner: Record<SignedInRole, Partial<Record<Relation, 'northwind' | 'bluewave'>>>;
  readonly customer: Record<SignedInRole, Partial<Record<Relation, UserKey>>>;
  readonly issue: Record<SignedInRole, Partial<Record<Relation, UserKey>>>;
  readonly handoff: Record<SignedInRole, Partial<Record<Relation, HandoffParties>>>;
  readonly completedHandoff: Record<SignedInRole, Partial<Record<Relation, HandoffParties>>>;
  readonly webhook: Record<SignedInRole, Partial<Record<Relation, UserKey>>>;
  readonly importJob: Record<SignedInRole, Partial<Record<Relation, UserKey>>>;
  readonly play: Record<SignedInRole, Partial<Record<Relation, UserKey>>>;
} = {
  referral: referrers,
  conflict: referrers,
  user: referrers,
  customer: customerReferrers,
  issue: customerReferrers,
  handoff: handoffParties,
  completedHandoff: handoffParties,
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
  // Webhook endpoints are registered by a leader and are the organisation's: no caller, a
  // leader included, has a relation to one but "someone else's".
  webhook: {
    staff: { others: 'leader' },
    partner: { others: 'leader' },
    advocate: { others: 'leader' },
    leader: { others: 'leader' },
  },
  // Import jobs are the organisation's too: any leader may follow one another leader started.
  importJob: {
    staff: { others: 'leader' },
    partner: { others: 'leader' },
    advocate: { others: 'leader' },
    leader: { others: 'leader' },
  },
  // A play is its owner's (a leader made it): the caller owns it, or a colleague does.
  play: {
    staff: { own: 'salesStaff', others: 'supportStaff' },
    partner: { others: 'salesStaff' },
    advocate: { others: 'salesStaff' },
    leader: { own: 'leader', others: 'salesStaff' },
  },
};

/** The relations a role has to a kind of record, in the order of `relations`. */
export function relationsOf(kind: RecordKind, role: SignedInRole): Relation[] {
  return relations.filter((relation) => counterparts[kind][role][relation] !== undefined);
}

/**
 * 400 is for a record named in the body rather than the path: one the caller may not see is
 * answered as a field error, exactly like an id that names nothing.
 */
export type Outcome = 200 | 201 | 400 | 401 | 403 | 404 | 'listed' | 'hidden';
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

/** A route for leaders alone: they get `outcome`; every other caller signed in is refused. */
function leadersOnly(outcome: 200 | 201) {
  return { anonymous: 401, staff: 403, partner: 403, advocate: 403, leader: outcome } as const;
}

/** A route for staff and leaders, who get `outcome`; partners and advocates are refused. */
function staffAndLeadersOnly(outcome: 200 | 201 | typeof listed) {
  return { anonymous: 401, staff: outcome, partner: 403, advocate: 403, leader: outcome } as const;
}

/**
 * A record its referrers follow (a referral, a customer, an issue): staff and leaders list every
 * one; partners their own and their organisation's, advocates their own, and not the others'.
 */
const listedToWhoMaySee = {
  anonymous: 401,
  staff: listed,
  partner: { own: listed, sameOrganisation: listed, others: hidden },
  advocate: { own: listed, others: hidden },
  leader: listed,
} as const;

/** Reading one such record: the callers who may list it; to the others it is a 404, as if it did not exist. */
const readByWhoMaySee = {
  anonymous: 401,
  staff: 200,
  partner: { own: 200, sameOrganisation: 200, others: 404 },
  advocate: { own: 200, others: 404 },
  leader: 200,
} as const;

/** Changing one such record: staff and leaders get `status`; referrers are refused (see referrerRefused). */
function staffAndLeadersChange(status: 200 | 201) {
  return { anonymous: 401, staff: status, leader: status, ...referrerRefused } as const;
}

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
  { route: 'POST /api/teams', expect: leadersOnly(201) },
  { route: 'PATCH /api/teams/:id', record: 'team', expect: leadersOnly(200) },
  // What a team needs per kind of handoff: every sender reads it; the team's own staff and
  // leaders write it; referrers, who hand nothing over, do neither.
  { route: 'GET /api/teams/:id/checklist', record: 'team', expect: staffAndLeadersOnly(200) },
  {
    route: 'PUT /api/teams/:id/checklist',
    record: 'team',
    expect: { anonymous: 401, staff: { own: 200, others: 403 }, partner: 403, advocate: 403, leader: 200 },
  },

  // Partner organisations and users: staff and leaders read the directory; leaders manage it.
  { route: 'GET /api/partners', record: 'partner', expect: staffAndLeadersOnly(listed) },
  { route: 'GET /api/partners/:id', record: 'partner', expect: staffAndLeadersOnly(200) },
  { route: 'POST /api/partners', expect: leadersOnly(201) },
  { route: 'PATCH /api/partners/:id', record: 'partner', expect: leadersOnly(200) },
  { route: 'GET /api/users', record: 'user', expect: staffAndLeadersOnly(listed) },
  { route: 'GET /api/users/:id', record: 'user', expect: staffAndLeadersOnly(200) },
  { route: 'POST /api/users', expect: leadersOnly(201) },
  { route: 'PATCH /api/users/:id', record: 'user', expect: leadersOnly(200) },

  // Organisation settings: leaders only.
  { route: 'GET /api/settings', expect: leadersOnly(200) },
  { route: 'PATCH /api/settings', expect: leadersOnly(200) },

  // Referrals: everyone refers; partners see their organisation's, advocates their own, staff
  // and leaders all; only staff and leaders move them, only leaders erase.
  { route: 'POST /api/referrals', expect: { anonymous: 401, staff: 201, partner: 201, advocate: 201, leader: 201 } },
  { route: 'GET /api/referrals', record: 'referral', expect: listedToWhoMaySee },
  { route: 'GET /api/referrals/:id', record: 'referral', expect: readByWhoMaySee },
  { route: 'POST /api/referrals/:id/transitions', record: 'referral', expect: staffAndLeadersChange(200) },
  { route: 'PUT /api/referrals/:id/owner', record: 'referral', expect: staffAndLeadersChange(200) },
  { route: 'POST /api/referrals/:id/notes', record: 'referral', expect: staffAndLeadersChange(201) },
  {
    route: 'POST /api/referrals/:id/erasure',
    record: 'referral',
    expect: { anonymous: 401, staff: 403, leader: 200, ...referrerRefused },
  },

  // Conflicts between referrals of one prospect: staff and leaders only, whoever submitted.
  { route: 'GET /api/referrals/conflicts', record: 'conflict', expect: staffAndLeadersOnly(listed) },
  { route: 'GET /api/referrals/conflicts/:id', record: 'conflict', expect: staffAndLeadersOnly(200) },
  { route: 'POST /api/referrals/conflicts/:id/ruling', record: 'conflict', expect: staffAndLeadersOnly(200) },
  // Customers: staff and leaders all of them; partners see the customers their organisation's
  // won referrals created, advocates those their own did, and change none of them.
  { route: 'POST /api/customers', expect: staffAndLeadersOnly(201) },
  { route: 'GET /api/customers', record: 'customer', expect: listedToWhoMaySee },
  { route: 'GET /api/customers/win-back', record: 'customer', expect: staffAndLeadersOnly(listed) },
  { route: 'GET /api/customers/:id', record: 'customer', expect: readByWhoMaySee },
  { route: 'PATCH /api/customers/:id', record: 'customer', expect: staffAndLeadersChange(200) },
  { route: 'POST /api/customers/:id/lifecycle', record: 'customer', expect: staffAndLeadersChange(200) },

  // Issues: staff and leaders report and work them; partners report about the customers their
  // organisation brought (another's customer is a 400 on customerIds, as if it did not exist);
  // advocates follow. Referrers see the issues of their customers and their own reports.
  {
    route: 'POST /api/issues',
    record: 'customer',
    expect: {
      anonymous: 401,
      staff: 201,
      partner: { own: 201, sameOrganisation: 201, others: 400 },
      advocate: 403,
      leader: 201,
    },
  },
  // By customer: naming a customer one may not see must show nothing.
  { route: 'GET /api/issues', record: 'issue', expect: listedToWhoMaySee },
  { route: 'GET /api/issues/:id', record: 'issue', expect: readByWhoMaySee },
  { route: 'PATCH /api/issues/:id', record: 'issue', expect: staffAndLeadersChange(200) },
  { route: 'POST /api/issues/:id/transitions', record: 'issue', expect: staffAndLeadersChange(200) },
  { route: 'PUT /api/issues/:id/owner', record: 'issue', expect: staffAndLeadersChange(200) },
  { route: 'POST /api/issues/:id/communications', record: 'issue', expect: staffAndLeadersChange(201) },

  // Handoffs: between teams. Staff send from their own team and see what their team sent or
  // received; the receiving team moves it (the sending team only resubmits) and rates it, once;
  // leaders see and move every handoff but rate none; partners and advocates never see one.
  {
    route: 'POST /api/handoffs',
    expect: { anonymous: 401, staff: 201, partner: 403, advocate: 403, leader: 403 },
  },
  {
    // The default box is the inbox: what the caller's team receives.
    route: 'GET /api/handoffs',
    record: 'handoff',
    expect: {
      anonymous: 401,
      staff: { receiving: listed, sending: hidden, others: hidden },
      partner: 403,
      advocate: 403,
      leader: listed,
    },
  },
  {
    route: 'GET /api/handoffs/:id',
    record: 'handoff',
    expect: {
      anonymous: 401,
      staff: { receiving: 200, sending: 200, others: 404 },
      partner: 404,
      advocate: 404,
      leader: 200,
    },
  },
  {
    // Acknowledging: the receiving team's move.
    route: 'POST /api/handoffs/:id/transitions',
    record: 'handoff',
    expect: {
      anonymous: 401,
      staff: { receiving: 200, sending: 403, others: 404 },
      partner: 404,
      advocate: 404,
      leader: 200,
    },
  },
  {
    route: 'POST /api/handoffs/:id/rating',
    record: 'completedHandoff',
    expect: {
      anonymous: 401,
      staff: { receiving: 201, sending: 403, others: 404 },
      partner: 404,
      advocate: 404,
      leader: 403,
    },
  },

  // The total customer scorecard: leaders only.
  { route: 'GET /api/scorecard', expect: leadersOnly(200) },
  { route: 'GET /api/scorecard/:figure/records', expect: leadersOnly(200) },
  { route: 'GET /api/scorecard/:figure/records.csv', expect: leadersOnly(200) },
  { route: 'GET /api/scorecard.csv', expect: leadersOnly(200) },

  // "My work": everyone signed in has one (partners and advocates an empty one).
  { route: 'GET /api/my-work', expect: { anonymous: 401, staff: 200, partner: 200, advocate: 200, leader: 200 } },
  // CSV imports: leaders only.
  { route: 'POST /api/imports/teams', expect: leadersOnly(201) },
  { route: 'POST /api/imports/partners', expect: leadersOnly(201) },
  { route: 'POST /api/imports/users', expect: leadersOnly(201) },
  { route: 'POST /api/imports/customers', expect: leadersOnly(201) },
  // Import jobs (large files, uploaded apart from the API): leaders only, every route.
  { route: 'POST /api/import-jobs', expect: leadersOnly(201) },
  { route: 'POST /api/import-jobs/header', expect: leadersOnly(200) },
  {
    route: 'GET /api/import-jobs',
    record: 'importJob',
    expect: { anonymous: 401, staff: 403, partner: 403, advocate: 403, leader: listed },
  },
  { route: 'GET /api/import-jobs/:id', record: 'importJob', expect: leadersOnly(200) },
  { route: 'GET /api/import-jobs/:id/rejected.csv', record: 'importJob', expect: leadersOnly(200) },
  // CSV exports: whoever may read the JSON list (which rows they hold is the list's rule, tested
  // in csv/exports.test.ts).
  { route: 'GET /api/referrals.csv', expect: { anonymous: 401, staff: 200, partner: 200, advocate: 200, leader: 200 } },
  { route: 'GET /api/handoffs.csv', expect: staffAndLeadersOnly(200) },
  { route: 'GET /api/issues.csv', expect: { anonymous: 401, staff: 200, partner: 200, advocate: 200, leader: 200 } },
  { route: 'GET /api/customers.csv', expect: { anonymous: 401, staff: 200, partner: 200, advocate: 200, leader: 200 } },

  // Webhook endpoints: leaders only, every route.
  {
    route: 'GET /api/webhooks',
    record: 'webhook',
    expect: { anonymous: 401, staff: 403, partner: 403, advocate: 403, leader: listed },
  },
  { route: 'POST /api/webhooks', expect: leadersOnly(201) },
  { route: 'GET /api/webhooks/:id', record: 'webhook', expect: leadersOnly(200) },
  { route: 'PATCH /api/webhooks/:id', record: 'webhook', expect: leadersOnly(200) },
  { route: 'DELETE /api/webhooks/:id', record: 'webhook', expect: leadersOnly(200) },
  { route: 'POST /api/webhooks/:id/secret', record: 'webhook', expect: leadersOnly(200) },
  { route: 'GET /api/webhooks/:id/deliveries', record: 'webhook', expect: leadersOnly(200) },
  { route: 'POST /api/webhooks/:id/test', record: 'webhook', expect: leadersOnly(201) },
  // Plays: leaders make, change and see them all; staff see and close the ones they own, and
  // another's is a 404 to them; partners and advocates have none.
  {
    route: 'GET /api/plays',
    record: 'play',
    expect: {
      anonymous: 401,
      staff: { own: listed, others: hidden },
      partner: 403,
      advocate: 403,
      leader: listed,
    },
  },
  { route: 'POST /api/plays', expect: leadersOnly(201) },
  {
    route: 'GET /api/plays/:id',
    record: 'play',
    expect: { anonymous: 401, staff: { own: 200, others: 404 }, partner: 403, advocate: 403, leader: 200 },
  },
  {
    route: 'PATCH /api/plays/:id',
    record: 'play',
    expect: { anonymous: 401, staff: { own: 403, others: 404 }, partner: 403, advocate: 403, leader: 200 },
  },
  {
    route: 'POST /api/plays/:id/close',
    record: 'play',
    expect: { anonymous: 401, staff: { own: 200, others: 404 }, partner: 403, advocate: 403, leader: 200 },
  },
  // Notifications: everyone's own feed and settings, nobody else's (the service reads only the
  // caller's partition). Unsubscribing needs no token: the link's signed token says whose.
  {
    route: 'GET /api/notifications',
    expect: { anonymous: 401, staff: 200, partner: 200, advocate: 200, leader: 200 },
  },
  {
    route: 'POST /api/notifications/read',
    expect: { anonymous: 401, staff: 200, partner: 200, advocate: 200, leader: 200 },
  },
  {
    route: 'GET /api/notifications/preferences',
    expect: { anonymous: 401, staff: 200, partner: 200, advocate: 200, leader: 200 },
  },
  {
    route: 'PUT /api/notifications/preferences',
    expect: { anonymous: 401, staff: 200, partner: 200, advocate: 200, leader: 200 },
  },
  { route: 'POST /api/unsubscribe', expect: { anonymous: 200, staff: 200, partner: 200, advocate: 200, leader: 200 } },
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
