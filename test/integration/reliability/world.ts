import { ulid } from 'ulid';
import { getChecklist } from '#data/checklist-repository.ts';
import { partnerRepository, teamRepository, userRepository } from '#data/directory-repository.ts';
import type { ImportFiles } from '#data/import-files.ts';
import { listConflictsOfReferral } from '#data/referral-repository.ts';
import { getSettings } from '#data/settings-repository.ts';
import type { CustomerView } from '#domain/customers/views.ts';
import { callerOf, type Team, type User } from '#domain/directory/schemas.ts';
import type { HandoffView } from '#domain/handoffs/views.ts';
import { addIsoDays, localIsoDate } from '#domain/handoffs/working-hours.ts';
import type { IssueView } from '#domain/issues/views.ts';
import { unsubscribeToken } from '#domain/notifications/unsubscribe.ts';
import type { ReferralConflict } from '#domain/referrals/schemas.ts';
import type { ReferralView } from '#domain/referrals/views.ts';
import { config, unsubscribeSecretIn } from '#lib/config.ts';
import type { ServiceContext } from '#services/context.ts';
import { customers } from '#services/customers.ts';
import { teams as teamService, users as userService } from '#services/directory.ts';
import { handoffs } from '#services/handoffs.ts';
import { importJobs } from '#services/import-jobs.ts';
import { issues } from '#services/issues.ts';
import { plays } from '#services/plays.ts';
import { ProspectRegisteredError, referrals } from '#services/referrals.ts';
import { webhooks } from '#services/webhooks.ts';
import { aCustomerCreation } from '#test/customer-fixtures.ts';
import { aHandoffSubmission } from '#test/handoff-fixtures.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { anIssueReport } from '#test/issue-fixtures.ts';
import { aSubmission } from '#test/referral-fixtures.ts';
import {
  actingAs,
  counterparts,
  type HandoffParties,
  type MatrixRole,
  type RecordKind,
  type Relation,
  type RouteKey,
  type TeamKey,
  type UserKey,
} from './authorization-matrix.ts';

/**
 * A record a request names: its id, the version `If-Match` must quote, its name if it has one,
 * and for an issue the customer it is about (the issue list is asked by customer).
 */
export interface RecordRef {
  readonly id: string;
  readonly version: number;
  readonly name?: string;
  readonly customerId?: string;
}

/**
 * The test app with the seeded organisation, one more sales colleague (so that "same team"
 * exists), and the means to make a record in any relation to any caller.
 */
export interface World {
  readonly t: TestApp;
  readonly users: Record<UserKey, User>;
  /** The seeded teams and a third one (delivery), so that a handoff can be between two others. */
  readonly teams: Record<TeamKey, Team>;
  /** The user who calls in a role; none for anonymous. */
  caller(role: MatrixRole): User | undefined;
  /** A fresh referral submitted by the user. */
  referralBy(key: UserKey): Promise<ReferralView>;
  /** A fresh open conflict whose refused submission is the user's. */
  conflictBy(key: UserKey): Promise<ReferralConflict>;
  /** A fresh customer that the user's won referral created, since lapsed (on the win-back list). */
  customerBy(key: UserKey): Promise<CustomerView>;
  /**
   * A fresh issue about a fresh customer the user brought: reported by that user when a partner
   * brought it (partners report about their own customers), else by sales staff.
   */
  issueAbout(key: UserKey): Promise<IssueView>;
  /** A fresh handoff sent by the staff member to the team; completed (ready to rate) if asked. */
  handoffBetween(parties: HandoffParties, completed?: boolean): Promise<HandoffView>;
  /** The record of a kind that stands in the relation to the role's caller, as it is now. */
  recordFor(kind: RecordKind, role: MatrixRole, relation: Relation): Promise<RecordRef>;
}

/**
 * Where import files would go: nothing is ever uploaded here, since the matrix asks only who
 * may start and follow a job (the upload and the run are import-jobs.test.ts's).
 */
const importFiles: ImportFiles = {
  uploadUrl: async (jobId) => `https://uploads.example.test/imports/${jobId}.csv`,
  size: async () => undefined,
  read: async () => {
    throw new Error('No file is uploaded in the authorization matrix.');
  },
};

export async function createWorld(): Promise<World> {
  const t = await createTestApp({ importFiles });
  const ctxOf = (user: User): ServiceContext => ({ db: t.db, caller: callerOf(user), now: () => new Date() });
  const salesColleague = await userService.create(ctxOf(t.org.users.leader), {
    name: 'Sam Sales',
    email: `sam.sales.${ulid().toLowerCase()}@example.test`,
    role: 'staff',
    teamId: t.org.teams.sales.id,
  });
  const users: Record<UserKey, User> = { ...t.org.users, salesColleague };
  const delivery = await teamService.create(ctxOf(t.org.users.leader), { name: `Delivery ${ulid().slice(-6)}` });
  const teams: Record<TeamKey, Team> = { ...t.org.teams, delivery };

  const referralBy = (key: UserKey) => referrals.submit(ctxOf(users[key]), aSubmission());

  const conflictBy = async (key: UserKey) => {
    // A second submission by the holder's own referrer is refused as a duplicate, not a conflict.
    const holder = await referralBy(key === 'leader' ? 'salesColleague' : 'leader');
    const refusal = await referrals.submit(ctxOf(users[key]), aSubmission({ company: holder.company })).then(
      () => undefined,
      (error: unknown) => error,
    );
    if (!(refusal instanceof ProspectRegisteredError)) {
      throw new Error(`A second submission of one prospect was not refused as a conflict: ${String(refusal)}`);
    }
    const [conflict] = await listConflictsOfReferral(t.db, holder.id);
    if (!conflict) throw new Error('No conflict was recorded.');
    return conflict;
  };

  const customerBy = async (key: UserKey) => {
    const staff = ctxOf(users.salesStaff);
    let referral = await referralBy(key);
    for (const to of ['accepted', 'qualified', 'won'] as const) {
      referral = await referrals.transition(staff, referral.id, referral.version, { to });
    }
    if (!referral.customerId) throw new Error('A won referral made no customer.');
    const customer = await customers.get(staff, referral.customerId);
    return customers.moveLifecycle(staff, customer.id, customer.version, { to: 'lapsed' });
  };

  const issueAbout = async (key: UserKey) => {
    const customer = await customerBy(key);
    const reporter = users[key].role === 'partner' ? users[key] : users.salesStaff;
    return issues.report(ctxOf(reporter), anIssueReport([customer.id]));
  };

  const handoffBetween = async ({ sender, to }: HandoffParties, completed = false) => {
    let handoff = await handoffs.send(ctxOf(users[sender]), aHandoffSubmission({ toTeamId: teams[to].id }));
    if (!completed) return handoff;
    // Leaders may act for the receiving team, whichever it is.
    const leader = ctxOf(users.leader);
    for (const next of ['acknowledged', 'accepted', 'completed'] as const) {
      handoff = await handoffs.transition(leader, handoff.id, handoff.version, { to: next });
    }
    return handoff;
  };

  const recordFor = async (kind: RecordKind, role: MatrixRole, relation: Relation): Promise<RecordRef> => {
    // Anonymous callers are refused before any record is read: any record will do.
    const as = role === 'anonymous' ? 'leader' : role;
    const counterpart = counterparts[kind][as][relation];
    if (!counterpart) throw new Error(`A ${as} has no ${relation} ${kind}`);
    switch (kind) {
      case 'referral': {
        const referral = await referralBy(counterpart as UserKey);
        return { id: referral.id, version: referral.version };
      }
      case 'conflict': {
        const conflict = await conflictBy(counterpart as UserKey);
        return { id: conflict.id, version: conflict.version };
      }
      case 'team':
        return teamRepository.require(t.db, t.org.teams[counterpart as 'sales' | 'support'].id);
      case 'partner':
        return partnerRepository.require(t.db, t.org.partners[counterpart as 'northwind' | 'bluewave'].id);
      case 'user':
        return userRepository.require(t.db, users[counterpart as UserKey].id);
      case 'customer': {
        const customer = await customerBy(counterpart as UserKey);
        return { id: customer.id, version: customer.version, name: customer.name };
      }
      case 'issue': {
        const issue = await issueAbout(counterpart as UserKey);
        const [customerId] = issue.customerIds;
        if (!customerId) throw new Error('The issue names no customer.');
        return { id: issue.id, version: issue.version, customerId };
      }
      case 'handoff':
      case 'completedHandoff': {
        const handoff = await handoffBetween(counterpart as HandoffParties, kind === 'completedHandoff');
        return { id: handoff.id, version: handoff.version };
      }
      case 'webhook': {
        const webhook = await webhooks.create(
          ctxOf(users[counterpart as UserKey]),
          { url: `https://hooks.example.com/${ulid()}`, events: ['referral.*'] },
          { allowLoopback: false },
        );
        return { id: webhook.id, version: webhook.version };
      }
      case 'play': {
        const play = await plays.create(ctxOf(users.leader), aPlay(users[counterpart as UserKey].id));
        return { id: play.id, version: play.version };
      }
      case 'importJob': {
        const { job } = await importJobs.create(ctxOf(users[counterpart as UserKey]), importFiles, { kind: 'teams' });
        return { id: job.id, version: 1 };
      }
    }
  };

  return {
    t,
    users,
    teams,
    caller: (role) => (role === 'anonymous' ? undefined : users[actingAs[role]]),
    referralBy,
    conflictBy,
    customerBy,
    issueAbout,
    handoffBetween,
    recordFor,
  };
}

/** A request as `TestApp.request` takes it, without the caller. */
export interface ValidRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly headers: Record<string, string>;
}

/** A play of the submitted referrals of everyone over 12 weeks, due in a week. */
export function aPlay(ownerId: string) {
  return {
    figure: 'referrals.submitted' as const,
    dimension: 'all',
    weeks: 12,
    ownerId,
    dueOn: addIsoDays(localIsoDate(new Date(), config.ORG_TIME_ZONE), 7),
  };
}

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

function need(record: RecordRef | undefined): RecordRef {
  if (!record) throw new Error('This route names a record.');
  return record;
}

type BuildRequest = (world: World, record: RecordRef | undefined) => ValidRequest | Promise<ValidRequest>;

/** The path of a route's template with the record's id for `:id`. */
function pathOf(template: string, record: RecordRef | undefined): string {
  return template.replace(':id', need(record).id);
}

/** A read of the record the route names: nothing but its path. */
function read(template: string): BuildRequest {
  return (_w, record) => ({ method: 'GET', path: pathOf(template, record), headers: {} });
}

/**
 * A change to the record the route names, made on the version the world holds (If-Match). Each
 * request gets its own copy of the body, as when every builder wrote its body out.
 */
function change(method: string, template: string, body?: unknown): BuildRequest {
  return (_w, record) => ({
    method,
    path: pathOf(template, record),
    ...(body === undefined ? {} : { body: structuredClone(body) }),
    headers: ifMatch(need(record).version),
  });
}

/** A PATCH that sets the record's name to the one it has: valid for any record the route names. */
function patchName(template: string): BuildRequest {
  return (_w, record) => ({
    method: 'PATCH',
    path: pathOf(template, record),
    body: { name: need(record).name },
    headers: ifMatch(need(record).version),
  });
}

/** Something added to the record the route names (a note, a communication): no version is asked for. */
function addTo(template: string, body: unknown): BuildRequest {
  return (_w, record) => ({ method: 'POST', path: pathOf(template, record), body: structuredClone(body), headers: {} });
}

/**
 * A request to each route that an authorized caller would have answered with success: the
 * authorization matrix varies only the caller, the fuzzer breaks it one way or several.
 * Keyed by the matrix's routes, so a route added there must be added here.
 */
export const validRequests: Record<RouteKey, BuildRequest> = {
  'GET /api/health': () => ({ method: 'GET', path: '/api/health', headers: {} }),
  'GET /api/me': () => ({ method: 'GET', path: '/api/me', headers: {} }),

  'GET /api/teams': () => ({ method: 'GET', path: '/api/teams?limit=100', headers: {} }),
  'GET /api/teams/:id': read('/api/teams/:id'),
  'POST /api/teams': () => ({ method: 'POST', path: '/api/teams', body: { name: `Team ${ulid()}` }, headers: {} }),
  'PATCH /api/teams/:id': patchName('/api/teams/:id'),

  'GET /api/teams/:id/checklist': read('/api/teams/:id/checklist'),
  // The checklist's own version, not the team's: a cell that wrote it before moved it on.
  'PUT /api/teams/:id/checklist': async (world, record) => ({
    method: 'PUT',
    path: `/api/teams/${need(record).id}/checklist`,
    body: { kickoff: [{ label: 'The signed order form' }] },
    headers: ifMatch((await getChecklist(world.t.db, need(record).id, true)).version),
  }),

  'GET /api/partners': () => ({ method: 'GET', path: '/api/partners?limit=100', headers: {} }),
  'GET /api/partners/:id': read('/api/partners/:id'),
  'POST /api/partners': () => ({
    method: 'POST',
    path: '/api/partners',
    body: { name: `Partner ${ulid()}` },
    headers: {},
  }),
  'PATCH /api/partners/:id': patchName('/api/partners/:id'),

  'GET /api/users': () => ({ method: 'GET', path: '/api/users?limit=100', headers: {} }),
  'GET /api/users/:id': read('/api/users/:id'),
  'POST /api/users': () => ({
    method: 'POST',
    path: '/api/users',
    body: { name: 'Matrix Person', email: `matrix.${ulid().toLowerCase()}@example.test`, role: 'advocate' },
    headers: {},
  }),
  'PATCH /api/users/:id': patchName('/api/users/:id'),

  'GET /api/settings': () => ({ method: 'GET', path: '/api/settings', headers: {} }),
  'PATCH /api/settings': async (world) => {
    const current = await getSettings(world.t.db);
    return {
      method: 'PATCH',
      path: '/api/settings',
      body: { referralProtectionDays: current.referralProtectionDays },
      headers: ifMatch(current.version),
    };
  },

  'POST /api/referrals': () => ({ method: 'POST', path: '/api/referrals', body: aSubmission(), headers: {} }),
  'GET /api/referrals': () => ({ method: 'GET', path: '/api/referrals?limit=100', headers: {} }),
  'GET /api/referrals/:id': read('/api/referrals/:id'),
  'POST /api/referrals/:id/transitions': change('POST', '/api/referrals/:id/transitions', { to: 'accepted' }),
  'PUT /api/referrals/:id/owner': (world, record) => ({
    method: 'PUT',
    path: `/api/referrals/${need(record).id}/owner`,
    body: { userId: world.users.supportStaff.id },
    headers: ifMatch(need(record).version),
  }),
  'POST /api/referrals/:id/notes': addTo('/api/referrals/:id/notes', { text: 'Checked the budget with finance.' }),
  'POST /api/referrals/:id/erasure': change('POST', '/api/referrals/:id/erasure'),

  'GET /api/referrals/conflicts': () => ({ method: 'GET', path: '/api/referrals/conflicts?limit=100', headers: {} }),
  'GET /api/referrals/conflicts/:id': read('/api/referrals/conflicts/:id'),
  'POST /api/referrals/conflicts/:id/ruling': change('POST', '/api/referrals/conflicts/:id/ruling', {
    outcome: 'upheld',
  }),

  'POST /api/customers': () => {
    // No stakeholders: a list of them is valid up to 30, longer than the fuzzer's shortest huge array.
    const { stakeholders: _none, ...creation } = aCustomerCreation();
    return { method: 'POST', path: '/api/customers', body: creation, headers: {} };
  },
  'GET /api/customers': () => ({ method: 'GET', path: '/api/customers?limit=100', headers: {} }),
  'GET /api/customers/win-back': () => ({ method: 'GET', path: '/api/customers/win-back?limit=100', headers: {} }),
  'GET /api/customers/:id': read('/api/customers/:id'),
  'PATCH /api/customers/:id': patchName('/api/customers/:id'),
  'POST /api/customers/:id/lifecycle': change('POST', '/api/customers/:id/lifecycle', {
    to: 'won_back',
    note: 'A new account manager and a month free settled it.',
  }),

  'POST /api/issues': (_w, record) => ({
    method: 'POST',
    path: '/api/issues',
    body: anIssueReport([need(record).id]),
    headers: {},
  }),
  'GET /api/issues': (_w, record) => ({
    method: 'GET',
    path: `/api/issues?customerId=${need(record).customerId}&limit=100`,
    headers: {},
  }),
  'GET /api/issues/:id': read('/api/issues/:id'),
  'PATCH /api/issues/:id': change('PATCH', '/api/issues/:id', {
    impact: 'Invoices were sent twice, and their finance team reconciled them by hand.',
  }),
  'POST /api/issues/:id/transitions': change('POST', '/api/issues/:id/transitions', { to: 'owned' }),
  'PUT /api/issues/:id/owner': (world, record) => ({
    method: 'PUT',
    path: `/api/issues/${need(record).id}/owner`,
    body: { userId: world.users.supportStaff.id },
    headers: ifMatch(need(record).version),
  }),
  'POST /api/issues/:id/communications': addTo('/api/issues/:id/communications', {
    channel: 'phone',
    summary: 'Called their COO: credit notes go out today.',
  }),

  'POST /api/handoffs': (world) => ({
    method: 'POST',
    path: '/api/handoffs',
    body: aHandoffSubmission({ toTeamId: world.teams.support.id }),
    headers: {},
  }),
  'GET /api/handoffs': () => ({ method: 'GET', path: '/api/handoffs?limit=100', headers: {} }),
  'GET /api/handoffs/:id': read('/api/handoffs/:id'),
  'POST /api/handoffs/:id/transitions': change('POST', '/api/handoffs/:id/transitions', { to: 'acknowledged' }),
  'POST /api/handoffs/:id/rating': change('POST', '/api/handoffs/:id/rating', {
    score: 4,
    comment: 'Everything we needed, first time.',
  }),

  'GET /api/scorecard': () => ({ method: 'GET', path: '/api/scorecard?weeks=12', headers: {} }),
  'GET /api/scorecard/:figure/records': () => ({
    method: 'GET',
    path: '/api/scorecard/referrals.acceptance_rate/records?week=2026-W10&dimension=all&limit=10',
    headers: {},
  }),
  'GET /api/scorecard/:figure/records.csv': () => ({
    method: 'GET',
    path: '/api/scorecard/referrals.submitted/records.csv?week=2026-W10&dimension=all',
    headers: {},
  }),
  'GET /api/scorecard.csv': () => ({ method: 'GET', path: '/api/scorecard.csv?weeks=12', headers: {} }),

  'GET /api/my-work': () => ({ method: 'GET', path: '/api/my-work', headers: {} }),
  'GET /api/plays': () => ({ method: 'GET', path: '/api/plays?limit=100', headers: {} }),
  'POST /api/plays': (world) => ({
    method: 'POST',
    path: '/api/plays',
    body: aPlay(world.users.salesStaff.id),
    headers: {},
  }),
  'GET /api/plays/:id': read('/api/plays/:id'),
  'PATCH /api/plays/:id': change('PATCH', '/api/plays/:id', { title: 'Call the team lead' }),
  'POST /api/plays/:id/close': change('POST', '/api/plays/:id/close', {
    note: 'Spoke to both teams; the checklist is fixed.',
  }),
  'POST /api/imports/teams': () => ({
    method: 'POST',
    path: '/api/imports/teams',
    body: { csv: `name\nImported Team ${ulid()}\n` },
    headers: {},
  }),
  'POST /api/imports/partners': () => ({
    method: 'POST',
    path: '/api/imports/partners',
    body: { csv: `name\nImported Partner ${ulid()}\n` },
    headers: {},
  }),
  'POST /api/imports/users': () => {
    const id = ulid().toLowerCase();
    return {
      method: 'POST',
      path: '/api/imports/users',
      body: { csv: `name,email,role,team,partner\nImported ${id},imported.${id}@example.test,advocate,,\n` },
      headers: {},
    };
  },
  'POST /api/imports/customers': () => ({
    method: 'POST',
    path: '/api/imports/customers',
    body: {
      csv:
        'name,domain,segment,lifecycle,jobToBeDone,fit.resources,fit.functional,fit.technical,fit.cultural\n' +
        `Imported ${ulid()} Ltd,,,,,,,,\n`,
    },
    headers: {},
  }),
  'POST /api/import-jobs': () => ({
    method: 'POST',
    path: '/api/import-jobs',
    body: { kind: 'customers', skipInvalid: true, mapping: { Website: 'domain' } },
    headers: {},
  }),
  'POST /api/import-jobs/header': () => ({
    method: 'POST',
    path: '/api/import-jobs/header',
    body: { kind: 'customers', sample: '\uFEFFCompany Name,Website\r\n"Acme, Inc",acme.example\r\n' },
    headers: {},
  }),
  'GET /api/import-jobs': () => ({ method: 'GET', path: '/api/import-jobs?limit=100', headers: {} }),
  'GET /api/import-jobs/:id': read('/api/import-jobs/:id'),
  'GET /api/import-jobs/:id/rejected.csv': read('/api/import-jobs/:id/rejected.csv'),
  'GET /api/referrals.csv': () => ({ method: 'GET', path: '/api/referrals.csv', headers: {} }),
  'GET /api/handoffs.csv': () => ({ method: 'GET', path: '/api/handoffs.csv', headers: {} }),
  'GET /api/issues.csv': () => ({ method: 'GET', path: '/api/issues.csv', headers: {} }),
  'GET /api/customers.csv': () => ({ method: 'GET', path: '/api/customers.csv', headers: {} }),

  'GET /api/webhooks': () => ({ method: 'GET', path: '/api/webhooks?limit=100', headers: {} }),
  'POST /api/webhooks': () => ({
    method: 'POST',
    path: '/api/webhooks',
    body: { url: `https://hooks.example.com/${ulid()}`, events: ['referral.*', 'customer.lifecycle_changed'] },
    headers: {},
  }),
  'GET /api/webhooks/:id': read('/api/webhooks/:id'),
  'PATCH /api/webhooks/:id': change('PATCH', '/api/webhooks/:id', { events: ['issue.*'] }),
  'DELETE /api/webhooks/:id': change('DELETE', '/api/webhooks/:id'),
  'POST /api/webhooks/:id/secret': change('POST', '/api/webhooks/:id/secret'),
  'GET /api/webhooks/:id/deliveries': read('/api/webhooks/:id/deliveries?limit=100'),
  'POST /api/webhooks/:id/test': (_w, record) => ({
    method: 'POST',
    path: `/api/webhooks/${need(record).id}/test`,
    headers: {},
  }),

  'GET /api/notifications': () => ({ method: 'GET', path: '/api/notifications?limit=100', headers: {} }),
  'POST /api/notifications/read': () => ({
    method: 'POST',
    path: '/api/notifications/read',
    body: { ids: ['01J00000000000000000000000'] },
    headers: {},
  }),
  'GET /api/notifications/preferences': () => ({ method: 'GET', path: '/api/notifications/preferences', headers: {} }),
  'PUT /api/notifications/preferences': () => ({
    method: 'PUT',
    path: '/api/notifications/preferences',
    body: { email: { overdue: true, due_soon: false } },
    headers: {},
  }),
  'POST /api/unsubscribe': async (world) => ({
    method: 'POST',
    path: '/api/unsubscribe',
    body: { token: await unsubscribeToken(unsubscribeSecretIn(config), world.users.otherAdvocate.id, 'due_soon') },
    headers: {},
  }),
};
