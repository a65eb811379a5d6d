import fc from 'fast-check';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { bodyLimitBytes } from '#api/app.ts';
import { lifecycleStages } from '#domain/customers/schemas.ts';
import { handoffKinds } from '#domain/handoffs/checklists.ts';
import { handoffStatuses } from '#domain/handoffs/workflow.ts';
import { severities } from '#domain/issues/targets.ts';
import { issueStatuses } from '#domain/issues/workflow.ts';
import { referralStatuses } from '#domain/referrals/workflow.ts';
import { countItems, snapshotTable, type TableSnapshot, tableDifference } from '#test/table-snapshot.ts';
import {
  actingAs,
  authorizationMatrix,
  type MatrixRow,
  matrixCases,
  matrixRoles,
  outcomesFor,
  type RecordKind,
  type Relation,
  type RouteKey,
  type SignedInRole,
  type UserKey,
} from './authorization-matrix.ts';
import { createWorld, type RecordRef, type ValidRequest, validRequests, type World } from './world.ts';

/**
 * Bad input, generated: for every route, requests that an authorized caller would have had
 * answered with success, broken in one to three ways at once (a bad token, a refused caller, a
 * method the route does not have, a hostile path id or query, a body with wrong types, missing
 * or extra fields, huge strings and arrays, deep nesting, invalid UTF-8, a wrong content type,
 * an oversized body, a bad If-Match or Idempotency-Key), with hostile query strings and
 * headers on top. Every answer must be a 4xx problem+json, and nothing may be written: the
 * table's item count is checked after every request (every write this application makes adds
 * an event item), and a whole Scan, every attribute of every item, before and after each
 * route's run.
 *
 * FUZZ_RUNS sets the runs per route (150 in CI; `npm run fuzz` runs 5,000); FUZZ_SEED replays
 * the seed a failure printed.
 */
const runs = Number(process.env.FUZZ_RUNS ?? 150);
const seed = process.env.FUZZ_SEED === undefined ? {} : { seed: Number(process.env.FUZZ_SEED) };

let world: World;
let baseline: TableSnapshot;
/** The record of each kind the baselines name (see `fixtureOf`). */
const fixtures = new Map<RecordKind, RecordRef>();
/** The customer the issue fixture is about: the issue list's baselines ask by it. */
let issueCustomerId = '';
const baselines = new Map<RouteKey, ValidRequest>();
const tokens = new Map<UserKey, string>();

// ---------------------------------------------------------------------------------------------
// What each route takes

interface BodySpec {
  /** Dotted paths a valid body must have: deleting one is a defect. */
  readonly required: readonly string[];
  /** The keys each object of the body may hold ('' is the body itself): any other is a defect. */
  readonly objects: Readonly<Record<string, readonly string[]>>;
  /**
   * Dotted paths whose valid strings run far past 2,000 characters (the first 16 KiB of a file):
   * a huge string goes elsewhere in the body.
   */
  readonly long?: readonly string[];
}

const named: BodySpec = { required: ['name'], objects: { '': ['name', 'leaderId'] } };
const renamed: BodySpec = { required: ['name'], objects: { '': ['name', 'active', 'leaderId'] } };

/** Query parameters and a value of each that is valid, for the "sent twice" defect. */
type QuerySpec = Readonly<Record<string, string | undefined>>;
const directoryQuery: QuerySpec = { limit: '10', cursor: undefined, includeInactive: 'true' };

interface FuzzSpec {
  readonly body?: BodySpec;
  readonly query?: QuerySpec;
  /** The route takes a request without `If-Match` (a handoff's rating): only a wrong one is a defect. */
  readonly ifMatchOptional?: boolean;
}

const anId = '01J00000000000000000000000';
/** A CSV import: the file's text in `csv`, nothing else. */
const csvImport: BodySpec = { required: ['csv'], objects: { '': ['csv'] } };

const fuzzSpecs: Record<RouteKey, FuzzSpec> = {
  'GET /api/health': {},
  'GET /api/me': {},
  'GET /api/teams': { query: directoryQuery },
  'GET /api/teams/:id': {},
  'POST /api/teams': { body: named },
  'PATCH /api/teams/:id': { body: renamed },
  'GET /api/teams/:id/checklist': {},
  'PUT /api/teams/:id/checklist': {
    body: { required: ['kickoff.0.label'], objects: { '': [...handoffKinds], 'kickoff.0': ['id', 'label'] } },
  },
  'GET /api/partners': { query: directoryQuery },
  'GET /api/partners/:id': {},
  'POST /api/partners': { body: named },
  'PATCH /api/partners/:id': { body: renamed },
  'GET /api/users': { query: directoryQuery },
  'GET /api/users/:id': {},
  'POST /api/users': {
    body: {
      required: ['name', 'email', 'role'],
      objects: { '': ['name', 'email', 'role', 'teamId', 'partnerId'] },
    },
  },
  'PATCH /api/users/:id': {
    body: { required: ['name'], objects: { '': ['name', 'active', 'teamId', 'partnerId'] } },
  },
  'GET /api/settings': {},
  'PATCH /api/settings': {
    body: {
      required: ['referralProtectionDays'],
      objects: { '': ['referralProtectionDays', 'referralFirstResponseDays', 'onCall'] },
    },
  },
  'POST /api/referrals': {
    body: {
      required: [
        'company',
        'company.name',
        'contact',
        'contact.name',
        'contact.email',
        'jobToBeDone',
        'fit',
        'fit.resources',
        'fit.functional',
        'fit.technical',
        'fit.cultural',
        'stakeholders.0.name',
        'stakeholders.0.role',
      ],
      objects: {
        '': ['company', 'contact', 'jobToBeDone', 'fit', 'stakeholders', 'notes'],
        company: ['name', 'domain'],
        contact: ['name', 'email', 'phone'],
        fit: ['resources', 'functional', 'technical', 'cultural'],
        'stakeholders.0': ['name', 'role'],
      },
    },
  },
  'GET /api/referrals': {
    query: {
      limit: '10',
      cursor: undefined,
      status: 'submitted',
      partnerId: '01J00000000000000000000000',
      referrerId: '01J00000000000000000000000',
      ownerId: '01J00000000000000000000000',
      createdFrom: '2024-01-01',
      createdTo: '2024-01-01',
      overdue: 'false',
    },
  },
  'GET /api/referrals/:id': {},
  'POST /api/referrals/:id/transitions': {
    body: { required: ['to'], objects: { '': ['to', 'reason', 'noteToReferrer'] } },
  },
  'PUT /api/referrals/:id/owner': { body: { required: ['userId'], objects: { '': ['userId'] } } },
  'POST /api/referrals/:id/notes': { body: { required: ['text'], objects: { '': ['text'] } } },
  'POST /api/referrals/:id/erasure': {},
  'GET /api/referrals/conflicts': { query: { limit: '10', cursor: undefined, open: 'true' } },
  'GET /api/referrals/conflicts/:id': {},
  'POST /api/referrals/conflicts/:id/ruling': {
    body: { required: ['outcome'], objects: { '': ['outcome', 'note'] } },
  },

  'POST /api/customers': {
    body: {
      required: ['name', 'fit.resources', 'fit.functional', 'fit.technical', 'fit.cultural'],
      objects: {
        '': ['name', 'domain', 'segment', 'lifecycle', 'fit', 'jobToBeDone', 'stakeholders'],
        fit: ['resources', 'functional', 'technical', 'cultural'],
      },
    },
  },
  'GET /api/customers': {
    query: { limit: '10', cursor: undefined, lifecycle: 'lapsed', segment: 'enterprise', name: 'Acme' },
  },
  'GET /api/customers/win-back': { query: { limit: '10', cursor: undefined } },
  'GET /api/customers/:id': {},
  'PATCH /api/customers/:id': {
    body: {
      required: ['name'],
      objects: { '': ['name', 'domain', 'segment', 'fit', 'jobToBeDone', 'stakeholders'] },
    },
  },
  'POST /api/customers/:id/lifecycle': { body: { required: ['to', 'note'], objects: { '': ['to', 'note'] } } },

  'POST /api/issues': {
    body: {
      required: ['customerIds', 'customerIds.0', 'title', 'severity', 'impact', 'customerTold'],
      objects: { '': ['customerIds', 'title', 'severity', 'impact', 'customerTold'] },
    },
  },
  'GET /api/issues': {
    query: {
      limit: '10',
      cursor: undefined,
      status: 'reported',
      severity: 'sev2',
      open: 'true',
      owner: 'me',
      customerId: anId,
    },
  },
  'GET /api/issues/:id': {},
  'PATCH /api/issues/:id': {
    body: { required: ['impact'], objects: { '': ['title', 'severity', 'impact', 'customerTold', 'factors'] } },
  },
  'POST /api/issues/:id/transitions': { body: { required: ['to'], objects: { '': ['to', 'followUp', 'note'] } } },
  'PUT /api/issues/:id/owner': { body: { required: ['userId'], objects: { '': ['userId'] } } },
  'POST /api/issues/:id/communications': {
    body: { required: ['channel', 'summary'], objects: { '': ['channel', 'summary'] } },
  },

  'POST /api/handoffs': {
    body: {
      required: ['toTeamId', 'summary', 'promised', 'needs'],
      objects: {
        '': ['toTeamId', 'kind', 'customerId', 'referralId', 'summary', 'promised', 'needs', 'dueAt', 'answers'],
      },
    },
  },
  'GET /api/handoffs': {
    query: { limit: '10', cursor: undefined, box: 'outbox', teamId: anId, status: 'sent', overdue: 'false' },
  },
  'GET /api/handoffs/:id': {},
  'POST /api/handoffs/:id/transitions': {
    body: { required: ['to'], objects: { '': ['to', 'missing', 'missingItems', 'note'] } },
  },
  'POST /api/handoffs/:id/rating': {
    body: { required: ['score'], objects: { '': ['score', 'comment'] } },
    ifMatchOptional: true,
  },

  'GET /api/scorecard': { query: { weeks: '12' } },
  'GET /api/scorecard/:figure/records': {
    query: { week: '2026-W10', dimension: 'all', limit: '10', cursor: undefined },
  },
  'GET /api/scorecard/:figure/records.csv': { query: { week: '2026-W10', dimension: 'all' } },
  'GET /api/scorecard.csv': { query: { weeks: '12' } },

  'GET /api/my-work': {},
  'GET /api/plays': { query: { status: 'open', owner: 'anyone', limit: '10', cursor: undefined } },
  'POST /api/plays': {
    body: {
      required: ['figure', 'dimension', 'ownerId', 'dueOn'],
      objects: { '': ['figure', 'dimension', 'weeks', 'title', 'ownerId', 'dueOn'] },
    },
  },
  'GET /api/plays/:id': {},
  'PATCH /api/plays/:id': { body: { required: ['title'], objects: { '': ['title', 'ownerId', 'dueOn'] } } },
  'POST /api/plays/:id/close': { body: { required: ['note'], objects: { '': ['note'] } } },
  'POST /api/imports/teams': { body: csvImport, query: { dryRun: 'false' } },
  'POST /api/imports/partners': { body: csvImport, query: { dryRun: 'false' } },
  'POST /api/imports/users': { body: csvImport, query: { dryRun: 'false' } },
  'POST /api/imports/customers': { body: csvImport, query: { dryRun: 'false' } },
  'POST /api/import-jobs': {
    body: { required: ['kind'], objects: { '': ['kind', 'dryRun', 'skipInvalid', 'mapping'] } },
  },
  'POST /api/import-jobs/header': {
    body: { required: ['kind', 'sample'], objects: { '': ['kind', 'sample'] }, long: ['sample'] },
  },
  'GET /api/import-jobs': { query: { limit: '10' } },
  'GET /api/import-jobs/:id': {},
  'GET /api/import-jobs/:id/rejected.csv': {},
  'GET /api/referrals.csv': {
    query: {
      status: 'submitted',
      partnerId: anId,
      referrerId: anId,
      ownerId: anId,
      createdFrom: '2024-01-01',
      createdTo: '2024-01-01',
      overdue: 'false',
    },
  },
  'GET /api/handoffs.csv': { query: { box: 'outbox', teamId: anId, status: 'sent', overdue: 'false' } },
  'GET /api/issues.csv': {
    query: { status: 'reported', severity: 'sev2', open: 'true', owner: 'me', customerId: anId },
  },
  'GET /api/customers.csv': { query: { lifecycle: 'lapsed', segment: 'enterprise', name: 'Acme' } },

  'GET /api/webhooks': { query: { limit: '10', cursor: undefined } },
  'POST /api/webhooks': {
    body: { required: ['url', 'events', 'events.0'], objects: { '': ['url', 'events', 'description'] } },
  },
  'GET /api/webhooks/:id': {},
  'PATCH /api/webhooks/:id': {
    body: { required: ['events', 'events.0'], objects: { '': ['url', 'events', 'description', 'enabled'] } },
  },
  'DELETE /api/webhooks/:id': {},
  'POST /api/webhooks/:id/secret': {},
  'GET /api/webhooks/:id/deliveries': { query: { limit: '10', cursor: undefined } },
  'POST /api/webhooks/:id/test': {},
  'GET /api/notifications': { query: { limit: '10', cursor: undefined } },
  'POST /api/notifications/read': { body: { required: ['ids'], objects: { '': ['ids'] } } },
  'GET /api/notifications/preferences': {},
  'PUT /api/notifications/preferences': {
    body: { required: ['email'], objects: { '': ['email'], email: ['overdue', 'due_soon'] } },
  },
  'POST /api/unsubscribe': { body: { required: ['token'], objects: { '': ['token'] } } },
};

/** Routes without a token: a bad one, a refused role or an Idempotency-Key is no defect there. */
const publicRoutes: readonly RouteKey[] = ['GET /api/health', 'POST /api/unsubscribe'];

const routes = (authorizationMatrix as readonly MatrixRow[]).map((row) => row.route as RouteKey);
const methodOf = (route: RouteKey) => route.split(' ')[0] as string;
const templateOf = (route: RouteKey) => route.split(' ')[1] as string;
const success = (outcome: unknown) =>
  outcome === 200 || outcome === 201 || outcome === 'listed' || outcome === 'hidden';

/**
 * The record each route's baseline names, by kind: made for one role's caller in one relation,
 * and the other seeded users who stand to it in a known relation (to whom it is someone else's,
 * or the other side of a handoff).
 */
interface Fixture {
  readonly role: SignedInRole;
  readonly relation: Relation;
  readonly others: readonly { readonly user: UserKey; readonly role: SignedInRole; readonly relation: Relation }[];
}

const strangers = [
  { user: 'bluewavePartner', role: 'partner', relation: 'others' },
  { user: 'otherAdvocate', role: 'advocate', relation: 'others' },
] as const;

/** Handoffs from support to sales: sales staff receive them, support staff sent them. */
const receivedBySales: Fixture = {
  role: 'staff',
  relation: 'receiving',
  others: [{ user: 'supportStaff', role: 'staff', relation: 'sending' }],
};

const fixtureOf: Record<RecordKind, Fixture> = {
  referral: { role: 'partner', relation: 'own', others: strangers },
  conflict: { role: 'partner', relation: 'others', others: [] },
  team: { role: 'leader', relation: 'others', others: [] },
  partner: { role: 'leader', relation: 'others', others: [] },
  user: { role: 'advocate', relation: 'others', others: [] },
  customer: { role: 'partner', relation: 'own', others: strangers },
  issue: { role: 'partner', relation: 'own', others: strangers },
  handoff: receivedBySales,
  completedHandoff: receivedBySales,
  webhook: { role: 'leader', relation: 'others', others: [] },
  importJob: { role: 'leader', relation: 'others', others: [] },
  play: { role: 'staff', relation: 'own', others: [{ user: 'supportStaff', role: 'staff', relation: 'others' }] },
};

const recordOf = (route: RouteKey) =>
  (authorizationMatrix as readonly MatrixRow[]).find((row) => row.route === route)?.record;

/** The matrix's outcome for a caller in a role standing in a relation to the route's record. */
function outcomeOn(route: RouteKey, role: SignedInRole, relation: Relation) {
  return matrixCases().find((cell) => cell.route === route && cell.role === role && cell.relation === relation)
    ?.outcome;
}

/**
 * Callers the matrix lets do this: those it lets do it whatever the record, and the caller the
 * baseline's record was made for, when the matrix lets them do it to that record. The
 * baseline's caller is one of them.
 */
function permitted(route: RouteKey): (UserKey | null)[] {
  const callers: (UserKey | null)[] = matrixRoles
    .filter((role) => outcomesFor(route, role).every(success))
    .map((role) => (role === 'anonymous' ? null : actingAs[role]));
  const kind = recordOf(route);
  if (kind) {
    const { role, relation } = fixtureOf[kind];
    if (success(outcomeOn(route, role, relation)) && !callers.includes(actingAs[role])) callers.push(actingAs[role]);
  }
  return callers;
}

/**
 * Callers the matrix refuses (401, 403, 404 or 400) whatever their relation to the record, and
 * the other users the matrix refuses this route on the baseline's record (a Northwind
 * partner's referral, customer or issue is someone else's to Bluewave's partner and another
 * advocate; a handoff to sales was sent by support).
 */
function refused(route: RouteKey): UserKey[] {
  const refusal = (outcome: unknown) => typeof outcome === 'number' && outcome >= 400;
  const keys: UserKey[] = [];
  for (const role of ['staff', 'partner', 'advocate', 'leader'] as const) {
    if (outcomesFor(route, role).every(refusal)) keys.push(actingAs[role]);
  }
  const kind = recordOf(route);
  for (const other of kind ? fixtureOf[kind].others : []) {
    if (refusal(outcomeOn(route, other.role, other.relation)) && !keys.includes(other.user)) keys.push(other.user);
  }
  return keys;
}

/** Methods a path does not serve. */
function wrongMethods(route: RouteKey): string[] {
  const served = routes.filter((other) => templateOf(other) === templateOf(route)).map(methodOf);
  return ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].filter((method) => !served.includes(method));
}

// ---------------------------------------------------------------------------------------------
// Defects: data, so that fast-check prints a failing case readably

type BodyChange =
  | { readonly change: 'wrongType'; readonly pick: number; readonly candidates: readonly unknown[] }
  | { readonly change: 'missing'; readonly path: string }
  | { readonly change: 'extra'; readonly at: string; readonly key: string; readonly value: unknown }
  | {
      readonly change: 'hugeString';
      readonly pick: number;
      readonly unit: string;
      readonly length: number;
      readonly avoid: readonly string[];
    }
  | { readonly change: 'hugeArray'; readonly pick: number; readonly length: number; readonly element: unknown }
  | { readonly change: 'deep'; readonly pick: number; readonly depth: number; readonly open: '[' | '{"a":' }
  | { readonly change: 'invalidUtf8'; readonly pick: number; readonly bytes: readonly number[] }
  | { readonly change: 'malformed'; readonly keep: number; readonly suffix: string }
  | { readonly change: 'notAnObject'; readonly value: unknown };

type Defect =
  | { readonly kind: 'auth'; readonly variant: AuthVariant }
  | { readonly kind: 'role'; readonly user: UserKey }
  | { readonly kind: 'method'; readonly method: string }
  | { readonly kind: 'pathId'; readonly segment: string }
  | { readonly kind: 'query'; readonly pairs: readonly string[] }
  | { readonly kind: 'body'; readonly body: BodyChange }
  | { readonly kind: 'contentType'; readonly type: string | null }
  | { readonly kind: 'oversize'; readonly bytes: number }
  | { readonly kind: 'ifMatch'; readonly value: string | null }
  | { readonly kind: 'idempotencyKey'; readonly value: string };

interface FuzzCase {
  readonly caller: UserKey | null;
  readonly defects: readonly Defect[];
  readonly noiseQuery: readonly string[];
  readonly noiseHeaders: Readonly<Record<string, string>>;
}

const authVariants = [
  'none',
  'empty',
  'scheme only',
  'not a JWT',
  'three junk segments',
  'basic',
  'no scheme',
  'two spaces',
  'trailing junk',
  'signature changed',
  'payload changed',
  'truncated',
  'huge',
] as const;
type AuthVariant = (typeof authVariants)[number];

function authorization(variant: AuthVariant, token: string): string | null {
  const [header = '', payload = '', signature = ''] = token.split('.');
  const flip = (text: string, at: number) => {
    const index = Math.min(at, text.length - 2);
    return `${text.slice(0, index)}${text[index] === 'A' ? 'B' : 'A'}${text.slice(index + 1)}`;
  };
  switch (variant) {
    case 'none':
      return null;
    case 'empty':
      return '';
    case 'scheme only':
      return 'Bearer';
    case 'not a JWT':
      return 'Bearer not-a-token';
    case 'three junk segments':
      return 'Bearer a.b.c';
    case 'basic':
      return `Basic ${Buffer.from('ada:secret').toString('base64')}`;
    case 'no scheme':
      return token;
    case 'two spaces':
      return `Bearer  ${token}`;
    case 'trailing junk':
      return `Bearer ${token} junk`;
    case 'signature changed':
      return `Bearer ${header}.${payload}.${flip(signature, 20)}`;
    case 'payload changed':
      return `Bearer ${header}.${flip(payload, 30)}.${signature}`;
    case 'truncated':
      return `Bearer ${token.slice(0, token.length - 40)}`;
    case 'huge':
      return `Bearer ${'a'.repeat(20_000)}.${'b'.repeat(20_000)}.${'c'.repeat(20_000)}`;
  }
}

/** A header value undici accepts: Latin-1 without controls but tab. */
const headerChar = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0xa0, max: 0xff }),
  fc.constant(0x09),
);
const headerText = (options: { minLength?: number; maxLength: number }) =>
  fc.array(headerChar, options).map((codes) => String.fromCharCode(...codes));

/** encodeURIComponent, or the raw percent-encoding of a lone surrogate it refuses. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

const hostileStrings = fc.constantFrom(
  '../users',
  '../../../etc/passwd',
  '..\\..\\windows',
  '\u0000',
  '%00',
  'null',
  'undefined',
  '[object Object]',
  '-1',
  '0',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '{"$ne":null}',
  'REFERRAL#x',
  'TEAM',
  '*',
  '\u202eevil',
  '０１Ｊ００００００００００００００００００００００００',
  '01j00000000000000000000000',
  '01J0000000000000000000000I',
);

/** Segments that are not the id of a record of this kind. */
function hostileSegment(otherIds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    hostileStrings.map(encode),
    fc.constantFrom('%ZZ', '%', '%C0%AE%C0%AE', '%2F..%2F', '%E0%A4%A', '..%2F..%2Fusers', '%25', '%u0000', '%FF%FE'),
    fc
      .string({ unit: 'binary', minLength: 1, maxLength: 40 })
      .filter((text) => !/^\.{1,2}$/.test(text) && text !== 'conflicts' && text !== 'win-back')
      .map(encode),
    fc.integer({ min: 27, max: 8000 }).map((length) => 'A'.repeat(length)),
    fc.constant('01J00000000000000000000000'),
    fc.constant(ulid()),
    fc.constantFrom(...otherIds),
  );
}

/** The key attributes and partition of a list a route might page through, for its caller. */
interface ListKey {
  readonly names: readonly string[];
  readonly partition: string;
}

const collection = (partition: string): ListKey => ({ names: ['pk', 'sk', 'gsi1pk', 'gsi1sk'], partition });

function listKeys(route: RouteKey): ListKey[] {
  switch (route) {
    case 'GET /api/teams':
      return [collection('TEAMS')];
    case 'GET /api/partners':
      return [collection('PARTNERS')];
    case 'GET /api/users':
      return [collection('USERS')];
    case 'GET /api/referrals/conflicts':
      return [collection('REFERRAL_CONFLICTS')];
    case 'GET /api/customers':
      return [
        collection('CUSTOMERS'),
        secondary(`PARTNER#${world.t.org.partners.northwind.id}#CUSTOMERS`),
        secondary(`REFERRER#${world.users.advocate.id}#CUSTOMERS`),
      ];
    case 'GET /api/customers/win-back':
      return [{ names: ['pk', 'sk', 'gsi3pk', 'gsi3sk'], partition: 'CUSTOMERS#LAPSED' }];
    case 'GET /api/issues':
      return [
        collection('ISSUES'),
        secondary(`PARTNER#${world.t.org.partners.northwind.id}#ISSUES`),
        secondary(`CUSTOMER#${issueCustomerId}#ISSUES`),
        { names: ['pk', 'sk', 'gsi3pk', 'gsi3sk'], partition: `OWNER#${world.users.salesStaff.id}#ISSUES` },
      ];
    case 'GET /api/webhooks':
      return [collection('WEBHOOKS')];
    case 'GET /api/plays':
      return [
        collection('PLAYS'),
        { names: ['pk', 'sk', 'gsi3pk', 'gsi3sk'], partition: `OWNER#${world.users.salesStaff.id}#PLAYS` },
      ];
    case 'GET /api/webhooks/:id/deliveries':
      return [{ names: ['pk', 'sk'], partition: `WEBHOOK#${fixtures.get('webhook')?.id}` }];
    case 'GET /api/handoffs':
      return [
        collection('HANDOFFS'),
        secondary(`TEAM#${world.teams.sales.id}#HANDOFFS_IN`),
        { names: ['pk', 'sk', 'gsi3pk', 'gsi3sk'], partition: `TEAM#${world.teams.sales.id}#HANDOFFS_OUT` },
      ];
    default:
      return [
        collection('REFERRALS'),
        {
          names: ['pk', 'sk', 'gsi2pk', 'gsi2sk'],
          partition: `PARTNER#${world.t.org.partners.northwind.id}#REFERRALS`,
        },
        { names: ['pk', 'sk', 'gsi2pk', 'gsi2sk'], partition: `REFERRER#${world.users.advocate.id}#REFERRALS` },
      ];
  }
}

const secondary = (partition: string): ListKey => ({ names: ['pk', 'sk', 'gsi2pk', 'gsi2sk'], partition });

const cursorOf = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');

/**
 * A cursor that is never one of this list's own: junk, the wrong shape, another list's
 * partition, or this list's partition with a key no item can have (empty, not a string, too
 * long, an attribute too many).
 */
function forgedCursor(own: readonly ListKey[]): fc.Arbitrary<string> {
  const values = fc.array(fc.string({ minLength: 1, maxLength: 30 }), { minLength: 4, maxLength: 4 });
  return fc.oneof(
    // Not empty: `cursor=` is taken for no cursor, the first page.
    fc.string({ minLength: 1, maxLength: 60 }).map(encode),
    fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url')),
    fc.integer({ min: 2049, max: 4000 }).map((length) => 'e'.repeat(length)),
    fc
      .record({
        names: fc.constantFrom(
          ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
          ['pk', 'sk', 'gsi2pk', 'gsi2sk'],
          ['pk', 'sk', 'gsi3pk', 'gsi3sk'],
          ['pk', 'sk', 'duepk', 'duesk'],
        ),
        values,
      })
      .map(({ names, values: chosen }) => {
        const key = Object.fromEntries(names.map((name, index) => [name, chosen[index] ?? 'x']));
        key[names[2] ?? 'pk'] = `FOREIGN#${chosen[0]}`;
        return cursorOf(key);
      }),
    fc
      .record({
        list: fc.constantFrom(...own),
        values,
        breakage: fc.constantFrom('empty', 'not a string', 'too long', 'extra', 'missing'),
        victim: fc.nat(3),
      })
      .map(({ list, values: chosen, breakage, victim }) => {
        const key: Record<string, unknown> = Object.fromEntries(
          list.names.map((name, index) => [name, chosen[index] ?? 'x']),
        );
        key[list.names[2] ?? 'pk'] = list.partition;
        // The partition stays right, so only the breakage makes the cursor foreign.
        const target = [list.names[0], list.names[1], list.names[3]][victim % 3] ?? 'sk';
        if (breakage === 'empty') key[target] = '';
        if (breakage === 'not a string') key[target] = { S: 'x' };
        if (breakage === 'too long') key[target] = 's'.repeat(1025);
        if (breakage === 'extra') key.extra = 'x';
        if (breakage === 'missing') delete key[target];
        return cursorOf(key);
      }),
  );
}

/** Whether a cursor would decode as a position in the win-back list (lapsed or not, a time, an id). */
function isWinBackPosition(cursor: string): boolean {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(decodeURIComponent(cursor), 'base64url').toString('utf8'));
    return Array.isArray(parsed) && parsed.length === 3;
  } catch {
    return false;
  }
}

/** The right list, but a start before the date range asked for. */
const outOfRangeCursor = cursorOf({
  pk: 'REFERRAL#X',
  sk: 'REFERRAL',
  gsi1pk: 'REFERRALS',
  gsi1sk: '1999-01-01T00:00:00.000Z#X',
});

function invalidQueryValue(route: RouteKey, name: string): fc.Arbitrary<string> {
  const notIn = (allowed: readonly string[]) =>
    fc.string({ maxLength: 20 }).filter((value) => !allowed.includes(value));
  switch (name) {
    case 'limit':
      return fc.oneof(
        fc.constantFrom('0', '101', '-1', '1.5', '', ' ', 'abc', '1e3', 'Infinity', 'NaN', '10abc', '[]'),
        fc
          .integer()
          .filter((value) => value < 1 || value > 100)
          .map(String),
        fc.string({ maxLength: 10 }).filter((value) => {
          const number = Number(value);
          return !(Number.isInteger(number) && number >= 1 && number <= 100);
        }),
      );
    case 'cursor':
      // The win-back list's cursor is its own (a position, not a key): a forged one must not be one.
      return route === 'GET /api/customers/win-back'
        ? forgedCursor(listKeys(route)).filter((cursor) => !isWinBackPosition(cursor))
        : forgedCursor(listKeys(route));
    case 'status':
      if (route === 'GET /api/handoffs') return notIn(handoffStatuses);
      if (route === 'GET /api/issues') return notIn(issueStatuses);
      return notIn(referralStatuses);
    case 'severity':
      return notIn(severities);
    case 'lifecycle':
      return notIn(lifecycleStages);
    case 'box':
      return notIn(['inbox', 'outbox']);
    case 'segment':
    case 'name':
      // Blank (once trimmed) or too long.
      return fc.oneof(
        fc.constantFrom('', ' ', '\t', '   '),
        fc.integer({ min: name === 'segment' ? 61 : 201, max: 3_000 }).map((length) => 'n'.repeat(length)),
      );
    case 'weeks':
      return fc.oneof(
        fc.constantFrom('0', '53', '-1', '1.5', '', ' ', 'abc', 'Infinity', 'NaN', '12abc', '[]', '1e3'),
        fc.string({ maxLength: 10 }).filter((value) => {
          const number = Number(value);
          return !(Number.isInteger(number) && number >= 1 && number <= 52);
        }),
      );
    case 'week':
      return fc.oneof(
        fc.constantFrom('2026-W00', '2026-W54', '2026-W1', '2026W10', '2026-w10', '', ' ', 'current', '2026-10'),
        fc.string({ maxLength: 12 }).filter((value) => !/^\d{4}-W(?:0[1-9]|[1-4]\d|5[0-3])$/.test(value)),
      );
    case 'dimension':
      return fc.oneof(
        fc.constantFrom('', 'ALL', 'sev:sev9', 'partner:', 'partner:x', 'pair:a:b', 'stage:gone', 'all:all', 'team:x'),
        hostileStrings,
        fc.string({ maxLength: 30 }).filter((value) => value !== 'all' && !value.includes(':')),
      );
    case 'owner':
      return fc
        .oneof(hostileStrings, fc.constantFrom('ME', 'Me', ' me', 'mine', 'you'), fc.string({ maxLength: 40 }))
        .filter((value) => value !== 'me' && !/^[0-9A-HJKMNP-TV-Z]{26}$/.test(value));
    case 'partnerId':
    case 'referrerId':
    case 'ownerId':
    case 'teamId':
    case 'customerId':
      return fc
        .oneof(hostileStrings, fc.string({ maxLength: 40 }))
        .filter((value) => !/^[0-9A-HJKMNP-TV-Z]{26}$/.test(value));
    case 'createdFrom':
    case 'createdTo':
      return fc.oneof(
        fc.constantFrom(
          '2024-13-01',
          '2024-02-30',
          'yesterday',
          '0',
          '2024-01-01T25:00:00Z',
          '2024-01-01T00:00:00',
          '01/02/2024',
          '2024-1-1',
        ),
        fc.string({ maxLength: 12 }).filter((value) => !/^\d{4}-\d{2}-\d{2}/.test(value)),
      );
    default:
      return notIn(['true', 'false']);
  }
}

function queryDefect(route: RouteKey, spec: QuerySpec): fc.Arbitrary<Defect> {
  const names = Object.keys(spec);
  const one = fc
    .constantFrom(...names)
    .chain((name) => invalidQueryValue(route, name).map((value) => [`${name}=${encode(value)}`]));
  const twice = fc
    .constantFrom(...names.filter((name) => spec[name] !== undefined))
    .map((name) => [`${name}=${spec[name]}`, `${name}=${spec[name]}`]);
  const variants = [one, twice];
  if (route === 'GET /api/referrals') {
    variants.push(fc.constant(['createdFrom=2999-01-01', `cursor=${outOfRangeCursor}`]));
  }
  return fc.oneof(...variants).map((pairs) => ({ kind: 'query', pairs }) as const);
}

const massAssignment = [
  'status',
  'ownerId',
  'partnerId',
  'version',
  'id',
  'referrerId',
  'referrerRole',
  'role',
  'active',
  'teamId',
  'createdAt',
  'updatedAt',
  'customerId',
  'contactErasedAt',
  'idempotencyPk',
  'pk',
  'sk',
  '__proto__',
  'constructor',
  'prototype',
];

function bodyDefect(spec: BodySpec): fc.Arbitrary<Defect> {
  const pick = fc.nat();
  const at = fc.constantFrom(...Object.keys(spec.objects));
  const changes: fc.Arbitrary<BodyChange>[] = [
    fc.record({
      change: fc.constant('wrongType' as const),
      pick,
      candidates: fc.tuple(
        fc.integer(),
        fc.string({ maxLength: 10 }),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 1, maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
      ),
    }),
    fc.record({ change: fc.constant('missing' as const), path: fc.constantFrom(...spec.required) }),
    at.chain((where) =>
      fc.record({
        change: fc.constant('extra' as const),
        at: fc.constant(where),
        key: fc
          .oneof(fc.constantFrom(...massAssignment), fc.string({ minLength: 1, maxLength: 20 }))
          .filter((key) => !(spec.objects[where] ?? []).includes(key)),
        value: fc.jsonValue({ maxDepth: 2 }),
      }),
    ),
    fc.record({
      change: fc.constant('hugeString' as const),
      pick,
      avoid: fc.constant(spec.long ?? []),
      unit: fc.constantFrom('x', 'é', '😀', '<script>alert(1)</script>', '\u0000', '\u202e', '\uFDFA', ' '),
      length: fc.integer({ min: 2_001, max: 40_000 }),
    }),
    fc.record({
      change: fc.constant('hugeArray' as const),
      pick,
      length: fc.integer({ min: 21, max: 3_000 }),
      element: fc.oneof(fc.constant({ name: 'Ally', role: 'ally' }), fc.jsonValue({ maxDepth: 1 })),
    }),
    fc.record({
      change: fc.constant('deep' as const),
      pick,
      depth: fc.integer({ min: 50, max: 12_000 }),
      open: fc.constantFrom('[' as const, '{"a":' as const),
    }),
    fc.record({
      change: fc.constant('invalidUtf8' as const),
      pick,
      bytes: fc.constantFrom(
        [0xff],
        [0xfe, 0xff],
        [0xc3, 0x28],
        [0xa0, 0xa1],
        [0xe2, 0x28, 0xa1],
        [0xed, 0xa0, 0x80],
        [0xc0, 0xaf],
        [0xf0, 0x28, 0x8c, 0xbc],
        [0xf8, 0xa1, 0xa1, 0xa1, 0xa1],
        [0xe2, 0x82],
        [0xf4, 0x90, 0x80, 0x80],
      ),
    }),
    fc.record({
      change: fc.constant('malformed' as const),
      keep: fc.integer({ min: 0, max: 999 }),
      suffix: fc.constantFrom('', ',', 'x', '\u0000', '//', '/*', '{', ':', 'null'),
    }),
    fc.record({
      change: fc.constant('notAnObject' as const),
      value: fc.oneof(
        fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
        fc.string({ maxLength: 20 }),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
      ),
    }),
  ];
  return fc.oneof(...changes).map((body) => ({ kind: 'body', body }) as const);
}

const wrongContentTypes = fc.constantFrom(
  null,
  '',
  'text/plain',
  'text/json',
  'text/html; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/json5',
  'application/jsonl',
  'application/json-seq',
  'application/x-json',
  'application/javascript',
  'application/octet-stream',
  'application/',
  'json',
  '*/*',
);

const badIfMatch = (current: number) =>
  fc.oneof(
    fc.constantFrom(null, '', '*', 'W/', '""', '"abc"', '"1", "2"', '"-1"', '"1.0"', '1', "'1'", '"0x1"', 'W/"x"'),
    fc
      .integer({ min: 0, max: 999_999_999 })
      .filter((version) => version !== current)
      .chain((version) => fc.constantFrom(`"${version}"`, `W/"${version}"`)),
    headerText({ minLength: 1, maxLength: 40 }).filter((value) => {
      const match = /^(?:W\/)?"(\d{1,9})"$/.exec(value.trim());
      return !match || Number(match[1]) !== current;
    }),
  );

const badIdempotencyKey = fc.oneof(
  fc.constant(''),
  fc.integer({ min: 256, max: 2_000 }).map((length) => 'k'.repeat(length)),
  headerText({ minLength: 1, maxLength: 60 }).filter((key) => !/^[\x21-\x7e]{1,255}$/.test(key.trim())),
);

/** Parameters, headers and the like that a valid request might carry and that change nothing. */
const noiseQuery = fc.array(
  fc.oneof(
    fc
      .tuple(
        fc.oneof(
          fc.string({ minLength: 1, maxLength: 12 }),
          fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasOwnProperty', '$where', 'a[]', 'toString'),
        ),
        fc.oneof(
          fc.string({ maxLength: 30 }),
          fc.integer({ min: 1, max: 10_000 }).map((n) => 'v'.repeat(n)),
        ),
      )
      .map(([key, value]) => `${encode(key)}=${encode(value)}`),
    fc.constantFrom(
      '%ZZ=1',
      '%00=%00',
      '=',
      '&',
      'a',
      'a=%',
      '%E0%A4%A=1',
      'x=%FF%FE',
      '__proto__[polluted]=1',
      'constructor[prototype][x]=1',
      'a[]=1&a[]=2',
      'x=1;y=2',
    ),
  ),
  { maxLength: 4 },
);

const noiseHeaders = fc.record(
  {
    'Idempotency-Key': fc.stringMatching(/^[\x21-\x7e]{1,64}$/),
    'X-Request-Id': headerText({ maxLength: 300 }),
    Accept: fc.constantFrom('*/*', 'text/html', 'application/xml', '', 'application/json;q=0'),
    'X-HTTP-Method-Override': fc.constantFrom('DELETE', 'PUT', 'GET'),
    Origin: fc.constantFrom('https://evil.example', 'null'),
    'X-Forwarded-For': fc.constantFrom('127.0.0.1', '::1, 10.0.0.1'),
  },
  { requiredKeys: [] },
);

function fuzzCase(route: RouteKey): fc.Arbitrary<FuzzCase> {
  const spec = fuzzSpecs[route];
  const valid = baselines.get(route);
  if (!valid) throw new Error(`No baseline for ${route}`);
  const method = methodOf(route);
  const hasBodyMethod = ['POST', 'PUT', 'PATCH'].includes(method);
  const defects: fc.Arbitrary<Defect>[] = [];
  if (!publicRoutes.includes(route))
    defects.push(fc.constantFrom(...authVariants).map((variant) => ({ kind: 'auth', variant }) as const));
  const refusedCallers = refused(route);
  if (refusedCallers.length > 0)
    defects.push(fc.constantFrom(...refusedCallers).map((user) => ({ kind: 'role', user }) as const));
  defects.push(fc.constantFrom(...wrongMethods(route)).map((wrong) => ({ kind: 'method', method: wrong }) as const));
  if (templateOf(route).includes(':id')) {
    // Ids of records of other kinds (of the fixtures' kinds, a handoff being one whether completed
    // or not): well-formed, but naming nothing this route serves.
    const entity = (kind: RecordKind | undefined) => (kind === 'completedHandoff' ? 'handoff' : kind);
    const otherIds = [...fixtures]
      .filter(([of]) => entity(of) !== entity(recordOf(route)))
      .map(([, record]) => record.id);
    defects.push(hostileSegment(otherIds).map((segment) => ({ kind: 'pathId', segment }) as const));
  }
  if (spec.query) defects.push(queryDefect(route, spec.query));
  if (spec.body) defects.push(bodyDefect(spec.body));
  if (hasBodyMethod && route !== 'GET /api/health') {
    defects.push(wrongContentTypes.map((type) => ({ kind: 'contentType', type }) as const));
    defects.push(
      fc
        .integer({ min: bodyLimitBytes + 1, max: bodyLimitBytes * 3 })
        .map((bytes) => ({ kind: 'oversize', bytes }) as const),
    );
  }
  const ifMatch = valid.headers['If-Match'];
  if (ifMatch) {
    // Where `If-Match` may be left out, leaving it out (or blank) is no defect.
    const bad = badIfMatch(Number(ifMatch.replaceAll('"', ''))).filter(
      (value) => !spec.ifMatchOptional || (value !== null && value.trim() !== ''),
    );
    defects.push(bad.map((value) => ({ kind: 'ifMatch', value }) as const));
  }
  if (method === 'POST' && !publicRoutes.includes(route)) {
    defects.push(badIdempotencyKey.map((value) => ({ kind: 'idempotencyKey', value }) as const));
  }
  return fc.record({
    caller: fc.constantFrom(...permitted(route)),
    defects: fc
      .shuffledSubarray(defects, { minLength: 1, maxLength: Math.min(3, defects.length) })
      .chain((chosen) => fc.tuple(...chosen)),
    noiseQuery,
    noiseHeaders,
  });
}

// ---------------------------------------------------------------------------------------------
// Turning a case into a request

type Path = (string | number)[];

function nodes(value: unknown, prefix: Path = []): { path: Path; value: unknown }[] {
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : Object.entries(value);
  return entries.flatMap(([key, item]) => [{ path: [...prefix, key], value: item }, ...nodes(item, [...prefix, key])]);
}

function setAt(body: unknown, path: Path, value: unknown): void {
  let parent = body as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = parent?.[key];
    if (next === null || typeof next !== 'object') return;
    parent = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (last === undefined || parent === null || typeof parent !== 'object') return;
  Object.defineProperty(parent, last, { value, enumerable: true, configurable: true, writable: true });
}

function deleteAt(body: unknown, dotted: string): void {
  const path = dotted.split('.');
  let parent = body as Record<string, unknown> | undefined;
  for (const key of path.slice(0, -1)) parent = parent?.[key] as Record<string, unknown> | undefined;
  const last = path[path.length - 1];
  if (parent && typeof parent === 'object' && last !== undefined) delete parent[last];
}

const jsonType = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

interface Draft {
  method: string;
  segments: string[];
  query: string[];
  headers: Record<string, string>;
  authorization: string | null;
  body: unknown;
  /** JSON text a marker value is replaced with (deep nesting). */
  textSwaps: Map<string, string>;
  /** Raw bytes a marker inside a string is replaced with (invalid UTF-8). */
  byteSwaps: Map<string, number[]>;
  malformed?: { keep: number; suffix: string };
  rawText?: string;
  padding: number;
}

function applyBody(draft: Draft, change: BodyChange): void {
  const all = nodes(draft.body);
  const choose = (pick: number, among = all) => among[pick % Math.max(1, among.length)];
  switch (change.change) {
    case 'wrongType': {
      const target = choose(change.pick);
      if (!target) return;
      const start = change.pick % change.candidates.length;
      const rotated = [...change.candidates.slice(start), ...change.candidates.slice(0, start)];
      const replacement = rotated.find((candidate) => jsonType(candidate) !== jsonType(target.value));
      setAt(draft.body, target.path, replacement);
      return;
    }
    case 'missing':
      deleteAt(draft.body, change.path);
      return;
    case 'extra': {
      const where =
        change.at === ''
          ? draft.body
          : change.at
              .split('.')
              .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], draft.body);
      if (where && typeof where === 'object') setAt(where, [change.key], change.value);
      return;
    }
    case 'hugeString': {
      const target = choose(
        change.pick,
        all.filter((node) => !change.avoid.includes(node.path.join('.'))),
      );
      if (target) setAt(draft.body, target.path, change.unit.repeat(Math.ceil(change.length / change.unit.length)));
      return;
    }
    case 'hugeArray': {
      const target = choose(change.pick);
      if (target)
        setAt(
          draft.body,
          target.path,
          Array.from({ length: change.length }, () => change.element),
        );
      return;
    }
    case 'deep': {
      const target = choose(change.pick);
      if (!target) return;
      const marker = `DEEP-${draft.textSwaps.size}`;
      const close = change.open === '[' ? ']' : '}';
      draft.textSwaps.set(`"${marker}"`, `${change.open.repeat(change.depth)}0${close.repeat(change.depth)}`);
      setAt(draft.body, target.path, marker);
      return;
    }
    case 'invalidUtf8': {
      const strings = all.filter((node) => typeof node.value === 'string');
      const target = choose(change.pick, strings.length > 0 ? strings : all);
      if (!target) return;
      const marker = `UTF8-${draft.byteSwaps.size}`;
      draft.byteSwaps.set(marker, [...change.bytes]);
      const text = typeof target.value === 'string' ? target.value : '';
      setAt(draft.body, target.path, `${text.slice(0, 2)}${marker}${text.slice(2)}`);
      return;
    }
    case 'malformed':
      draft.malformed = { keep: change.keep, suffix: change.suffix };
      return;
    case 'notAnObject':
      draft.body = change.value;
      return;
  }
}

function apply(draft: Draft, defect: Defect, route: RouteKey): void {
  switch (defect.kind) {
    case 'auth':
      draft.authorization = authorization(defect.variant, tokens.get('leader') ?? '');
      return;
    case 'role':
      draft.authorization = `Bearer ${tokens.get(defect.user)}`;
      return;
    case 'method':
      draft.method = defect.method;
      return;
    case 'pathId': {
      const index = templateOf(route).split('/').indexOf(':id');
      draft.segments[index] = defect.segment;
      return;
    }
    case 'query':
      draft.query.push(...defect.pairs);
      return;
    case 'body':
      applyBody(draft, defect.body);
      return;
    case 'contentType':
      if (defect.type === null) delete draft.headers['Content-Type'];
      else draft.headers['Content-Type'] = defect.type;
      if (draft.body === undefined && draft.rawText === undefined) draft.rawText = 'x';
      return;
    case 'oversize':
      draft.padding = defect.bytes;
      if (draft.body === undefined && draft.rawText === undefined) draft.body = {};
      return;
    case 'ifMatch':
      if (defect.value === null) delete draft.headers['If-Match'];
      else draft.headers['If-Match'] = defect.value;
      return;
    case 'idempotencyKey':
      draft.headers['Idempotency-Key'] = defect.value;
      return;
  }
}

function encodeBody(draft: Draft): Uint8Array<ArrayBuffer> | undefined {
  let text: string;
  if (draft.rawText !== undefined) text = draft.rawText;
  else if (draft.body === undefined) return undefined;
  else text = JSON.stringify(draft.body) ?? 'null';
  for (const [marker, replacement] of draft.textSwaps) text = text.replaceAll(marker, replacement);
  if (draft.malformed) {
    text = text.slice(0, Math.floor((text.length * draft.malformed.keep) / 1000)) + draft.malformed.suffix;
  }
  let bytes = Buffer.from(text, 'utf8');
  for (const [marker, raw] of draft.byteSwaps) {
    const at = bytes.indexOf(marker);
    if (at >= 0) {
      bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(raw), bytes.subarray(at + Buffer.byteLength(marker))]);
    }
  }
  // Trailing whitespace keeps JSON valid: only the size is wrong.
  if (draft.padding > 0) bytes = Buffer.concat([bytes, Buffer.alloc(draft.padding, 0x20)]);
  return new Uint8Array(bytes);
}

function draftOf(route: RouteKey, fuzz: FuzzCase): Draft {
  const valid = baselines.get(route) as ValidRequest;
  const [path = '', query = ''] = valid.path.split('?');
  const draft: Draft = {
    method: valid.method,
    segments: path.split('/'),
    query: query ? query.split('&') : [],
    headers: { ...valid.headers, ...(valid.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    authorization: fuzz.caller ? `Bearer ${tokens.get(fuzz.caller)}` : null,
    body: valid.body === undefined ? undefined : structuredClone(valid.body),
    textSwaps: new Map(),
    byteSwaps: new Map(),
    padding: 0,
  };
  for (const [name, value] of Object.entries(fuzz.noiseHeaders)) draft.headers[name] ??= value;
  draft.query.push(...fuzz.noiseQuery);
  for (const defect of fuzz.defects) apply(draft, defect, route);
  return draft;
}

async function send(draft: Draft): Promise<Response> {
  const url = `${draft.segments.join('/')}${draft.query.length > 0 ? `?${draft.query.join('&')}` : ''}`;
  const headers = new Headers(draft.headers);
  if (draft.authorization !== null) headers.set('Authorization', draft.authorization);
  const body = ['GET', 'HEAD'].includes(draft.method) ? undefined : encodeBody(draft);
  return world.t.app.request(url, { method: draft.method, headers, ...(body ? { body } : {}) });
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  world = await createWorld();
  for (const [kind, { role, relation }] of Object.entries(fixtureOf) as [RecordKind, Fixture][]) {
    fixtures.set(kind, await world.recordFor(kind, role, relation));
  }
  issueCustomerId = fixtures.get('issue')?.customerId ?? '';
  for (const row of authorizationMatrix as readonly MatrixRow[]) {
    const route = row.route as RouteKey;
    baselines.set(route, await validRequests[route](world, row.record ? fixtures.get(row.record) : undefined));
  }
  for (const key of Object.keys(world.users) as UserKey[]) tokens.set(key, await world.t.token(world.users[key]));
});

describe('bad input, generated', () => {
  it('has a fuzz spec and a baseline for every route of the matrix', () => {
    expect(Object.keys(fuzzSpecs).sort()).toEqual([...routes].sort());
    for (const route of routes) expect(permitted(route).length, route).toBeGreaterThan(0);
  });

  it.each(routes)(
    '%s: every broken request is a 4xx problem and changes nothing',
    async (route) => {
      // Each route starts from the table as it is, so that a write one route let through does
      // not fail every later route too.
      baseline = await snapshotTable(world.t.db);
      await fc.assert(
        fc.asyncProperty(fuzzCase(route), async (fuzz) => {
          const draft = draftOf(route, fuzz);
          const response = await send(draft);
          const text = await response.text();
          const said = `${draft.method} ${draft.segments.join('/').slice(0, 200)} → ${response.status} ${text.slice(0, 300)}`;

          expect(response.status, said).toBeGreaterThanOrEqual(400);
          expect(response.status, said).toBeLessThan(500);
          expect(response.headers.get('content-type'), said).toBe('application/problem+json');
          expect(response.headers.get('cache-control'), said).toBe('no-store');
          const problem = JSON.parse(text) as { status?: number; type?: string };
          expect(problem.status, said).toBe(response.status);
          expect(problem.type, said).toMatch(/^\/problems\//);
          expect(await countItems(world.t.db), said).toBe(baseline.length);
        }),
        { numRuns: runs, ...seed },
      );
      const after = await snapshotTable(world.t.db);
      expect(tableDifference(baseline, after)).toEqual({ added: [], removed: [], changed: [] });
      expect(after).toEqual(baseline);
    },
    Math.max(30_000, runs * 150),
  );
});
