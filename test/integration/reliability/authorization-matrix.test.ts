import { beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '#api/app.ts';
import { routesOnly } from '../../support/routes-only.ts';
import {
  authorizationMatrix,
  type MatrixCase,
  type MatrixRow,
  matrixCases,
  matrixRoles,
  type Outcome,
  type RecordKind,
  type RouteKey,
  relationsOf,
} from './authorization-matrix.ts';
import { createWorld, type RecordRef, validRequests, type World } from './world.ts';

let world: World;

beforeAll(async () => {
  world = await createWorld();
});

/**
 * The routes the app serves (every group's, loaded): Hono lists each once per handler,
 * middleware as ALL. Only the routes are read: nothing reaches the table or the keys.
 */
async function servedRoutes(): Promise<string[]> {
  const app = await allRoutes(routesOnly);
  const served = app.routes.filter((route) => route.method !== 'ALL').map((route) => `${route.method} ${route.path}`);
  return [...new Set(served)].sort();
}

/** Whether a list shows the record, following its cursor to the end. */
async function lists(firstPage: string, as: Parameters<World['t']['request']>[2], id: string): Promise<boolean> {
  let path = firstPage;
  for (let page = 0; page < 100; page++) {
    const response = await world.t.request('GET', path, as);
    expect(response.status).toBe(200);
    const { items, cursor } = (await response.json()) as { items: { id: string }[]; cursor: string | null };
    if (items.some((item) => item.id === id)) return true;
    if (!cursor) return false;
    path = `${firstPage}${firstPage.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;
  }
  throw new Error(`${firstPage} did not end within 100 pages`);
}

const cases = matrixCases();
const label = (cell: MatrixCase) =>
  `${cell.role}${cell.relation && cell.role !== 'anonymous' ? ` on ${cell.relation}` : ''} → ${cell.outcome}`;

describe('the authorization matrix', () => {
  it('covers every route the app serves, and no route it does not', async () => {
    const tabled = authorizationMatrix.map((row) => row.route as string);
    const served = await servedRoutes();

    expect(
      {
        untabled: served.filter((route) => !tabled.includes(route)),
        gone: tabled.filter((route) => !served.includes(route)),
      },
      'A route needs its row in reliability/authorization-matrix.ts, its valid request in reliability/world.ts and its fuzz spec in reliability/fuzz.test.ts',
    ).toEqual({ untabled: [], gone: [] });
    expect(new Set(tabled).size).toBe(tabled.length);
  });

  it('gives every role an outcome for every relation it has to the record', () => {
    for (const row of authorizationMatrix as readonly MatrixRow[]) {
      for (const role of matrixRoles) {
        const expectation = row.expect[role];
        if (typeof expectation !== 'object') continue;
        if (role === 'anonymous' || !row.record) throw new Error(`${row.route}: ${role} has relations but no record`);
        expect(Object.keys(expectation).sort(), `${row.route} as ${role}`).toEqual(
          relationsOf(row.record, role).sort(),
        );
      }
    }
    expect(cases.length).toBeGreaterThan(150);
  });

  it('answers 403 about a record only to callers who may read it: a 403 never leaks a hidden one', () => {
    // A 403 says "it exists, but not for you". For a record the caller may not see that would
    // leak its existence: such a caller gets the 404 a record that does not exist gets. This
    // holds for the records whose visibility depends on the caller's relation to them; a role
    // refused a whole route (a partner and the directory) is told so whatever the record.
    const readRoutes: Partial<Record<RecordKind, RouteKey>> = {
      referral: 'GET /api/referrals/:id',
      customer: 'GET /api/customers/:id',
      issue: 'GET /api/issues/:id',
      handoff: 'GET /api/handoffs/:id',
      completedHandoff: 'GET /api/handoffs/:id',
    };
    const about = cases.filter(
      (c) => c.outcome === 403 && c.relation && c.record && readRoutes[c.record] && c.route.includes(':id'),
    );
    expect(about.length).toBeGreaterThan(0);
    for (const cell of about) {
      const seeing = cases.find(
        (other) =>
          other.route === readRoutes[cell.record as RecordKind] &&
          other.role === cell.role &&
          other.relation === cell.relation,
      );
      expect(seeing?.outcome, `${cell.route} as ${cell.role} on ${cell.relation}`).toBe(200);
    }
  });
});

describe.each((authorizationMatrix as readonly MatrixRow[]).map((row) => [row.route as RouteKey, row] as const))(
  '%s',
  (route, row) => {
    const rowCases = cases.filter((cell) => cell.route === route);

    it.each(rowCases.map((cell) => [label(cell), cell] as const))('%s', async (_label, cell) => {
      const record: RecordRef | undefined =
        row.record && cell.relation ? await world.recordFor(row.record, cell.role, cell.relation) : undefined;
      const request = await validRequests[route](world, record);
      const caller = world.caller(cell.role);
      const as = {
        ...(caller ? { as: caller } : {}),
        ...(request.body === undefined ? {} : { body: request.body }),
        headers: request.headers,
      };

      if (cell.outcome === 'listed' || cell.outcome === 'hidden') {
        if (!record) throw new Error('A list cell needs a record');
        expect(await lists(request.path, as, record.id)).toBe(cell.outcome === 'listed');
        return;
      }
      const response = await world.t.request(request.method, request.path, as);

      const expected: Outcome = cell.outcome;
      expect(response.status, await response.clone().text()).toBe(expected);
      if (response.status >= 400) {
        expect(response.headers.get('content-type')).toBe('application/problem+json');
        expect(await response.json()).toMatchObject({ status: expected });
      }
    });
  },
);
