/**
 * Request overhead, throughput and cost of the hot endpoints, through the Node server against
 * DynamoDB Local, each against the raw DynamoDB operations the endpoint performs (sent
 * straight through the SDK from the bench process, to the same DynamoDB Local, with the same
 * items). HTTP load comes from autocannon over loopback; every batch is bounded in count and
 * time, and the two sides take turns, batch after batch.
 *
 * An endpoint that is not built yet is a scenario with `notBuilt`: its rows say so. When it is
 * built, replace that with a scenario like the referral ones below.
 */
import autocannon from 'autocannon';
import type { Db } from '#data/client.ts';
import { add, getItemUnits, none, queryUnits, transactWriteUnits, type Units } from '../lib/capacity.ts';
import { buildHandoff, freshHandoff, handoffTransaction, queryAllPages, scorecardQueries } from '../lib/handoff-ops.ts';
import {
  buildReferral,
  freshSubmission,
  getUser,
  partnerPageQuery,
  query,
  type Referrer,
  submissionTransaction,
  transactWrite,
} from '../lib/referral-ops.ts';
import { percentile, rotation, runPool } from '../lib/stats.ts';
import type { BenchUser, ServerReady } from '../server.ts';

export interface Session {
  readonly url: string;
  /** The bench's own client to the server's DynamoDB Local and table. */
  readonly db: Db;
  readonly users: ServerReady['users'];
  readonly teams: ServerReady['teams'];
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Record<string, string>;
  /** A body per request (each submission must name a new prospect). */
  readonly body?: () => string;
  readonly expect: number;
}

/** One raw operation, its inputs built before the clock starts. */
export type RawOperation = () => Promise<unknown>;

export interface CostFigure {
  /** By DynamoDB's published rules. */
  readonly rules: Units;
  /** What DynamoDB Local reported (it undercounts transactions). */
  readonly local: Units;
  /** By the same rules, what the endpoint's own work needs: its write or its reads, without the lookups around them. */
  readonly minimum: Units;
  readonly detail: string;
  readonly minimumDetail: string;
}

export interface BuiltScenario {
  readonly name: string;
  readonly notBuilt?: undefined;
  request(session: Session): HttpRequest;
  /** `count` prepared runs of the DynamoDB operations one request performs, in order. */
  raw(session: Session, count: number): RawOperation[];
  /** For the throughput figure: `count` prepared runs of the endpoint's write alone. */
  rawWrite?(session: Session, count: number): RawOperation[];
  cost(session: Session): Promise<CostFigure>;
  /** Of the plan's requests per batch, the share this endpoint gets (a slow one gets fewer, to fit in the time). */
  readonly load?: number;
  /** Fewer rounds than the plan's, for the same reason. */
  readonly rounds?: number;
}

export interface UnbuiltScenario {
  readonly name: string;
  /** What is missing. */
  readonly notBuilt: string;
}

export type Scenario = BuiltScenario | UnbuiltScenario;

export const isBuilt = (scenario: Scenario): scenario is BuiltScenario => scenario.notBuilt === undefined;

const json = (user: BenchUser) => ({ Authorization: `Bearer ${user.token}`, 'Content-Type': 'application/json' });
const sender = (user: BenchUser) => ({ id: user.id, teamId: user.teamId ?? '' });
const referrer = (user: BenchUser): Referrer => ({
  id: user.id,
  role: user.role as Referrer['role'],
  partnerId: user.partnerId,
});

function localUnits(consumed: unknown, kind: 'read' | 'write'): Units {
  type Entry = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };
  const list = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as (Entry & {
    GlobalSecondaryIndexes?: Record<string, Entry>;
  })[];
  let units = none;
  for (const entry of list) {
    const total = entry.CapacityUnits ?? 0;
    const read = entry.ReadCapacityUnits ?? (kind === 'read' ? total : 0);
    const write = entry.WriteCapacityUnits ?? (kind === 'write' ? total : 0);
    const indexWrites =
      kind === 'write'
        ? Object.values(entry.GlobalSecondaryIndexes ?? {}).reduce(
            (sum, index) => sum + (index.WriteCapacityUnits ?? index.CapacityUnits ?? 0),
            0,
          )
        : 0;
    units = add(units, { rcu: read, wcu: write, indexWcu: indexWrites });
  }
  return units;
}

/** A partner submits a referral: auth reads the user, one transaction (the settings are reused for 5 s). */
export const postReferrals: BuiltScenario = {
  name: 'POST /api/referrals',
  request: (session) => ({
    method: 'POST',
    path: '/api/referrals',
    headers: json(session.users.partner),
    body: () => JSON.stringify(freshSubmission()),
    expect: 201,
  }),
  raw(session, count) {
    const { db } = session;
    const partner = session.users.partner;
    return Array.from({ length: count }, () => {
      const now = new Date();
      const items = submissionTransaction(db, buildReferral(freshSubmission(), referrer(partner), now), now);
      // No settings read: the api reuses the settings it read for 5 s (getRecentSettings).
      return async () => {
        await getUser(db, partner.id);
        await transactWrite(db, items);
      };
    });
  },
  rawWrite(session, count) {
    const { db } = session;
    return Array.from({ length: count }, () => {
      const now = new Date();
      const items = submissionTransaction(
        db,
        buildReferral(freshSubmission(), referrer(session.users.partner), now),
        now,
      );
      return () => transactWrite(db, items);
    });
  },
  async cost(session) {
    const { db } = session;
    const partner = session.users.partner;
    const now = new Date();
    const items = submissionTransaction(db, buildReferral(freshSubmission(), referrer(partner), now), now);
    const user = await getUser(db, partner.id, 'INDEXES');
    const written = await transactWrite(db, items, 'INDEXES');
    const puts = items.length;
    return {
      rules: add(getItemUnits(user.Item), transactWriteUnits(items)),
      local: add(localUnits(user.ConsumedCapacity, 'read'), localUnits(written.ConsumedCapacity, 'write')),
      minimum: transactWriteUnits(items),
      detail: `GetItem user (eventually consistent) + TransactWriteItems of ${puts} puts (referral, event, ${puts - 2} prospect locks); the settings' GetItem (0.5 RCU) once per 5 s per instance`,
      minimumDetail: 'the transaction alone',
    };
  },
};

/** A partner lists its organisation's referrals: auth reads the user, one Query on byParty. */
export const getReferrals: BuiltScenario = {
  name: 'GET /api/referrals',
  request: (session) => ({
    method: 'GET',
    path: '/api/referrals',
    headers: { Authorization: `Bearer ${session.users.partner.token}` },
    expect: 200,
  }),
  raw(session, count) {
    const { db } = session;
    const partner = session.users.partner;
    const input = partnerPageQuery(db, partner.partnerId ?? '');
    return Array.from({ length: count }, () => async () => {
      await getUser(db, partner.id);
      await query(db, input);
    });
  },
  async cost(session) {
    const { db } = session;
    const partner = session.users.partner;
    const user = await getUser(db, partner.id, 'INDEXES');
    const page = await query(db, partnerPageQuery(db, partner.partnerId ?? ''), 'INDEXES');
    const items = (page.Items ?? []) as Record<string, unknown>[];
    return {
      rules: add(getItemUnits(user.Item), queryUnits(items)),
      local: add(localUnits(user.ConsumedCapacity, 'read'), localUnits(page.ConsumedCapacity, 'read')),
      minimum: queryUnits(items),
      detail: `GetItem user + Query byParty (a page of ${items.length}, eventually consistent)`,
      minimumDetail: 'the Query alone',
    };
  },
};

/** A staff member hands work to another team: auth reads the user, one transaction (the settings are reused for 5 s). */
export const postHandoffs: BuiltScenario = {
  name: 'POST /api/handoffs',
  request: (session) => ({
    method: 'POST',
    path: '/api/handoffs',
    headers: json(session.users.staff),
    body: () => JSON.stringify(freshHandoff(session.teams.support)),
    expect: 201,
  }),
  raw(session, count) {
    const { db } = session;
    const staff = session.users.staff;
    return Array.from({ length: count }, () => {
      const items = handoffTransaction(
        db,
        buildHandoff(freshHandoff(session.teams.support), sender(staff), new Date()),
      );
      return async () => {
        await getUser(db, staff.id);
        await transactWrite(db, items);
      };
    });
  },
  async cost(session) {
    const { db } = session;
    const staff = session.users.staff;
    const items = handoffTransaction(db, buildHandoff(freshHandoff(session.teams.support), sender(staff), new Date()));
    const user = await getUser(db, staff.id, 'INDEXES');
    const written = await transactWrite(db, items, 'INDEXES');
    return {
      rules: add(getItemUnits(user.Item), transactWriteUnits(items)),
      local: add(localUnits(user.ConsumedCapacity, 'read'), localUnits(written.ConsumedCapacity, 'write')),
      minimum: transactWriteUnits(items),
      detail:
        'GetItem user (eventually consistent) + TransactWriteItems (handoff, event, ConditionCheck of the receiving team); the settings once per 5 s per instance',
      minimumDetail: 'the transaction alone',
    };
  },
};

/** A leader reads the scorecard: auth reads the user, then one Query per figure family, side by side. */
export const getScorecard: BuiltScenario = {
  name: 'GET /api/scorecard',
  // About 1,000 aggregate items per request: a tenth of the requests of the others fits the time.
  load: 0.2,
  rounds: 6,
  request: (session) => ({
    method: 'GET',
    path: '/api/scorecard',
    headers: { Authorization: `Bearer ${session.users.leader.token}` },
    expect: 200,
  }),
  raw(session, count) {
    const { db } = session;
    const leader = session.users.leader;
    const queries = scorecardQueries(db, new Date());
    return Array.from({ length: count }, () => async () => {
      await getUser(db, leader.id);
      await Promise.all(queries.map((input) => queryAllPages(db, input)));
    });
  },
  async cost(session) {
    const { db } = session;
    const user = await getUser(db, session.users.leader.id, 'INDEXES');
    const pages = await Promise.all(
      scorecardQueries(db, new Date()).map((input) => queryAllPages(db, input, 'INDEXES')),
    );
    const read = pages.reduce((sum, page) => add(sum, queryUnits(page.items)), none);
    const local = pages.reduce(
      (sum, page) => page.consumed.reduce((inner: Units, consumed) => add(inner, localUnits(consumed, 'read')), sum),
      none,
    );
    const items = pages.reduce((sum, page) => sum + page.items.length, 0);
    return {
      rules: add(getItemUnits(user.Item), read),
      local: add(localUnits(user.ConsumedCapacity, 'read'), local),
      minimum: read,
      detail: `GetItem user + ${pages.length} Queries of the figure families' aggregates over 12 weeks (${items} items, eventually consistent)`,
      minimumDetail: 'the Queries alone',
    };
  },
};

/** The hot endpoints, in the order the table shows them. */
export const scenarios: readonly Scenario[] = [postReferrals, getReferrals, postHandoffs, getScorecard];

export interface Batch {
  readonly latencies: number[];
  readonly elapsedMs: number;
  readonly failures: string[];
}

/** `amount` requests over `connections` keep-alive connections; latencies of the expected answers. */
export function httpBatch(
  session: Session,
  request: HttpRequest,
  connections: number,
  amount: number,
  maxSeconds = 60,
): Promise<Batch> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const instance = autocannon(
      {
        url: session.url,
        connections,
        amount,
        pipelining: 1,
        timeout: 30,
        requests: [
          {
            method: request.method,
            path: request.path,
            headers: request.headers,
            ...(request.body
              ? { setupRequest: (raw: autocannon.Request) => ({ ...raw, body: request.body?.() ?? '' }) }
              : {}),
          },
        ],
      },
      (error, result) => {
        clearTimeout(timer);
        if (error) return reject(error);
        const failures = [...statuses].map(([status, count]) => `${count} × HTTP ${status}`);
        if (result.errors) failures.push(`${result.errors} connection errors`);
        if (result.timeouts) failures.push(`${result.timeouts} timeouts`);
        resolve({ latencies, elapsedMs: performance.now() - started, failures });
      },
    );
    // autocannon 8+ emits (client, statusCode, bytes, responseTime); its typings predate the client.
    instance.on('response', (...args: unknown[]) => {
      const [statusCode, , responseTime] = args.slice(-3) as [number, number, number];
      if (statusCode === request.expect) latencies.push(responseTime);
      else statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
    });
    timer = setTimeout(() => instance.stop(), maxSeconds * 1000);
  });
}

export async function rawBatch(operations: RawOperation[], concurrency: number): Promise<Batch> {
  const failures: string[] = [];
  const result = await runPool(concurrency, operations.length, async (index) => {
    try {
      await operations[index]?.();
      return true;
    } catch (error) {
      failures.push(error instanceof Error ? error.name : String(error));
      return false;
    }
  });
  return { ...result, failures };
}

export interface OverheadSamples {
  /** Per batch: the endpoint's p50 and p99, the raw operations' p50 and p99 (ms). */
  readonly httpP50: number[];
  readonly httpP99: number[];
  readonly rawP50: number[];
  readonly rawP99: number[];
  requests: number;
  readonly failures: string[];
}

/** `rounds` turns of `perRound` requests and `perRound` raw runs at `concurrency`. */
export async function measureOverhead(
  session: Session,
  scenario: BuiltScenario,
  concurrency: number,
  rounds: number,
  perRound: number,
): Promise<OverheadSamples> {
  const samples: OverheadSamples = { httpP50: [], httpP99: [], rawP50: [], rawP99: [], requests: 0, failures: [] };
  const request = scenario.request(session);
  for (let round = 0; round < rounds; round++) {
    for (const side of rotation(['http', 'raw'] as const, round)) {
      const batch =
        side === 'http'
          ? await httpBatch(session, request, concurrency, perRound)
          : await rawBatch(scenario.raw(session, perRound), concurrency);
      samples.failures.push(...batch.failures.map((failure) => `${side}: ${failure}`));
      (side === 'http' ? samples.httpP50 : samples.rawP50).push(percentile(batch.latencies, 50));
      (side === 'http' ? samples.httpP99 : samples.rawP99).push(percentile(batch.latencies, 99));
      if (side === 'http') samples.requests += batch.latencies.length;
    }
  }
  return samples;
}

export interface ThroughputSamples {
  /** Per batch, completed operations per second. */
  readonly http: number[];
  readonly raw: number[];
  readonly failures: string[];
}

/** Submissions per second through the server against raw TransactWriteItems of the same items. */
export async function measureThroughput(
  session: Session,
  scenario: BuiltScenario & { rawWrite: NonNullable<BuiltScenario['rawWrite']> },
  concurrency: number,
  rounds: number,
  perRound: number,
): Promise<ThroughputSamples> {
  const samples: ThroughputSamples = { http: [], raw: [], failures: [] };
  const request = scenario.request(session);
  for (let round = 0; round < rounds; round++) {
    for (const side of rotation(['http', 'raw'] as const, round)) {
      const batch =
        side === 'http'
          ? await httpBatch(session, request, concurrency, perRound)
          : await rawBatch(scenario.rawWrite(session, perRound), concurrency);
      samples.failures.push(...batch.failures.map((failure) => `${side}: ${failure}`));
      (side === 'http' ? samples.http : samples.raw).push(batch.latencies.length / (batch.elapsedMs / 1000));
    }
  }
  return samples;
}

/** A few untimed batches on each side: JIT, connection pools and DynamoDB Local warm up. */
export async function warmUp(session: Session, scenario: BuiltScenario, count: number): Promise<string[]> {
  const http = await httpBatch(session, scenario.request(session), 8, count);
  const raw = await rawBatch(scenario.raw(session, count), 8);
  return [...http.failures.map((failure) => `http: ${failure}`), ...raw.failures.map((failure) => `raw: ${failure}`)];
}
