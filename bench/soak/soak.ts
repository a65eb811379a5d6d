import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { serve } from '@hono/node-server';
import { createDb, type Db } from '#data/client.ts';
import { userRepository } from '#data/directory-repository.ts';
import type { User } from '#domain/directory/schemas.ts';
import { ensureTable } from '#local/bootstrap.ts';
import { freePort, type LocalDynamo, startDynamo } from '#local/dynamodb.ts';
import { createLocalIdentity } from '#local/identity.ts';
import { demoUsers } from '#local/seed.ts';
import { createLocalServer } from '#local/server.ts';
import { createStreamPoller } from '#local/stream-poller.ts';
import type { ServiceContext } from '#services/context.ts';
import { customers } from '#services/customers.ts';
import { partners, teams, users } from '#services/directory.ts';
import { reconcile } from '#services/reconcile.ts';
import { createAggregatorHandler } from '../../functions/handlers/aggregator.ts';

/**
 * The soak: the local stack on a DynamoDB Local that keeps its data on disk, thousands of
 * mixed operations from every role at once, and DynamoDB Local killed (SIGKILL) and started
 * again on the same data and port halfway through. A client here behaves as the web app and
 * a well-behaved integration do: a 503 or 429 is tried again after its Retry-After (capped,
 * to keep the run short), with the same Idempotency-Key and If-Match. Afterwards the table
 * itself (a Scan, not the API) shows what was kept.
 */
export interface SoakOptions {
  /** Logical operations (a retry after a 503 is part of its operation, not a new one). */
  readonly operations: number;
  readonly concurrency: number;
  /** The share of acknowledged creations sent a second time with the same Idempotency-Key. */
  readonly resendShare?: number;
  /** How long DynamoDB Local stays down before it is started again. */
  readonly downMs?: number;
  /** The longest a client waits before trying again, whatever Retry-After says. */
  readonly maxRetryWaitMs?: number;
  /** After the restart, how long DynamoDB Local may still refuse work while it warms up. */
  readonly settleMs?: number;
  /** An operation still failing after this long is given up (and counted as unfinished). */
  readonly giveUpMs?: number;
  readonly timeZone?: string;
  /**
   * Before the kill, hold new operations, let those in flight finish and wait a second: no write
   * is then acknowledged in the moment SIGKILL lands. DynamoDB Local acknowledges a transaction
   * a few milliseconds before it is on disk (reproduced: the last TransactWriteItems answered
   * before an immediate SIGKILL is sometimes gone after the restart, a PutItem never), a window
   * real DynamoDB does not have. CI settles so that it tests the portal, not the emulator;
   * `npm run soak` kills under full load and reports such a loss.
   */
  readonly settleBeforeKill?: boolean;
  readonly log?: (line: string) => void;
}

export interface SoakCheck {
  readonly name: string;
  /** A required check failing fails the soak; the others are shown for what they say. */
  readonly required: boolean;
  readonly ok: boolean;
  readonly detail: string;
}

export interface SoakReport {
  readonly ok: boolean;
  readonly checks: SoakCheck[];
  readonly operations: number;
  readonly attempts: number;
  readonly byKind: Record<string, number>;
  readonly statuses: Record<string, number>;
  readonly outage: { readonly downMs: number; readonly recoveredAfterMs: number | undefined };
  readonly durationMs: number;
  readonly acknowledged: { readonly creations: number; readonly transitions: number };
  /** Acknowledged transitions not in the table, with how long after the kill (negative: before) each was acknowledged. */
  readonly lostTransitions: { readonly id: string; readonly msFromKill: number }[];
  /** Requests answered 503 or 429 while DynamoDB Local was down: proof the outage was seen. */
  readonly refusedWhileDown: number;
}

type Kind =
  | 'referral.submit'
  | 'referral.transition'
  | 'handoff.send'
  | 'handoff.transition'
  | 'issue.report'
  | 'issue.transition'
  | 'read'
  | 'scorecard';

const weights: [Kind, number][] = [
  ['referral.submit', 24],
  ['referral.transition', 12],
  ['handoff.send', 10],
  ['handoff.transition', 8],
  ['issue.report', 8],
  ['issue.transition', 6],
  ['read', 24],
  ['scorecard', 8],
];

interface Attempt {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly status: number | 'network';
  readonly retryAfter: string | null;
  readonly path: string;
}

interface Created {
  readonly kind: 'referral' | 'handoff' | 'issue';
  readonly id: string;
  readonly key: string;
  readonly marker: string;
}

interface Moved {
  readonly kind: 'referral' | 'handoff' | 'issue';
  readonly id: string;
  readonly to: string;
  readonly version: number;
  /** When the answer arrived: a loss close to the kill points at the database's durability. */
  readonly at: number;
}

/** The same mix for the same operation number on every run (mulberry32). */
function random(seed: number) {
  let state = (seed * 0x9e3779b9) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const began = Date.now();
  const say = options.log ?? (() => {});
  const log = (line: string) => say(`[${((Date.now() - began) / 1000).toFixed(1)} s] ${line}`);
  const resendShare = options.resendShare ?? 0.1;
  const downMs = options.downMs ?? 1_500;
  const maxRetryWaitMs = options.maxRetryWaitMs ?? 1_000;
  const giveUpMs = options.giveUpMs ?? 60_000;
  const settleMs = options.settleMs ?? 15_000;
  const timeZone = options.timeZone ?? 'Europe/London';
  const workDir = mkdtempSync(join(tmpdir(), 'total-customer-soak-'));
  const dataDir = join(workDir, 'dynamodb');
  const dynamoPort = await freePort();
  let dynamo: LocalDynamo = await startDynamo({ dataDir, port: dynamoPort });
  const tableName = 'total-customer-soak';
  const region = 'local';
  const raw = new DynamoDBClient({
    region,
    endpoint: dynamo.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(raw, tableName);
  raw.destroy();
  const db = createDb({ tableName, region, endpoint: dynamo.endpoint });

  const cleanups: (() => Promise<void> | void)[] = [];
  try {
    log('DynamoDB Local is up; seeding the demo organisation…');
    await seedOrganisation(db);
    const port = await freePort();
    const url = `http://localhost:${port}`;
    const identity = await createLocalIdentity({ db, issuer: `${url}/auth`, clientId: 'total-customer-local' });
    const app = createLocalServer({
      db,
      identity,
      webRoot: mkdirSync(join(workDir, 'web'), { recursive: true }) ?? join(workDir, 'web'),
    });
    const server = await new Promise<ReturnType<typeof serve>>((ok) => {
      const instance = serve({ fetch: app.fetch, port }, () => ok(instance));
    });
    cleanups.push(() => new Promise<void>((ok) => server.close(() => ok())));

    // The stream poller as the local stack runs it, but driven here, so that at the end it
    // can be run until the stream is drained.
    const poller = createStreamPoller({
      endpoint: dynamo.endpoint,
      tableName,
      handler: createAggregatorHandler(db, timeZone),
    });
    let polling = true;
    let pollFailures = 0;
    const pollLoop = (async () => {
      while (polling) {
        try {
          await poller.pollOnce();
        } catch {
          pollFailures++;
        }
        await sleep(500);
      }
    })();
    cleanups.push(async () => {
      polling = false;
      await pollLoop;
      await poller.stop();
    });

    const everyone = (await userRepository.list(db, { limit: 100, includeInactive: false })).items;
    const byRole = (role: User['role']) => everyone.filter((user) => user.role === role);
    const leader = byRole('leader')[0];
    const referrers = [...byRole('partner'), ...byRole('advocate')];
    const staff = byRole('staff').filter((user) => user.teamId);
    if (!leader || referrers.length === 0 || staff.length < 2) throw new Error('The demo seed has too few users.');
    const chief: User = leader;
    const tokens = new Map<string, string>();
    for (const user of everyone) tokens.set(user.id, await identity.tokenFor(user.id));

    const attempts: Attempt[] = [];
    const statuses: Record<string, number> = {};
    async function call(
      as: User,
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ): Promise<{ status: number | 'network'; json: unknown; retryAfter: string | null }> {
      const startedAt = Date.now();
      let status: number | 'network' = 'network';
      let json: unknown;
      let retryAfter: string | null = null;
      try {
        const response = await fetch(`${url}${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${tokens.get(as.id)}`,
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...headers,
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(120_000),
        });
        status = response.status;
        retryAfter = response.headers.get('retry-after');
        json = await response.json().catch(() => undefined);
      } catch {
        status = 'network';
      }
      attempts.push({ startedAt, endedAt: Date.now(), status, retryAfter, path });
      statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
      return { status, json, retryAfter };
    }

    /** One logical request: tried again after a 503 or 429, as its Retry-After asks. */
    async function request(as: User, method: string, path: string, body?: unknown, headers?: Record<string, string>) {
      const start = Date.now();
      let retried = false;
      for (;;) {
        const answer = await call(as, method, path, body, headers);
        // A creation whose first try is still being written answers 409 "in flight": the
        // same key a moment later gets the stored answer.
        const inFlight =
          answer.status === 409 &&
          (answer.json as { type?: string } | undefined)?.type === '/problems/idempotency-key-in-flight';
        const retryable = answer.status === 503 || answer.status === 429 || answer.status === 'network' || inFlight;
        if (!retryable || Date.now() - start > giveUpMs) return { ...answer, retried };
        retried = true;
        const wait = Number(answer.retryAfter ?? '1') * 1000;
        await sleep(Math.min(Number.isFinite(wait) ? wait : 1000, maxRetryWaitMs));
      }
    }

    const created: Created[] = [];
    const moved: Moved[] = [];
    const unfinished: string[] = [];
    const refused: string[] = [];
    const replayMismatches: string[] = [];
    let resent = 0;
    const ambiguous: string[] = [];
    const openReferrals: { id: string; version: number }[] = [];
    const sentHandoffs: { id: string; version: number; toTeamId: string }[] = [];
    const reportedIssues: { id: string; version: number }[] = [];
    const byKind: Record<string, number> = {};

    const customerPage = (await request(chief, 'GET', '/api/customers?limit=50')).json as { items?: { id: string }[] };
    const customerIds = (customerPage.items ?? []).map((customer) => customer.id);
    if (customerIds.length === 0) throw new Error('The demo seed has no customers to report issues about.');

    const pick = <T>(list: readonly T[], r: () => number): T => list[Math.floor(r() * list.length)] as T;

    async function create(
      kind: Created['kind'],
      as: User,
      path: string,
      body: unknown,
      key: string,
      marker: string,
      r: () => number,
    ) {
      const first = await request(as, 'POST', path, body, { 'Idempotency-Key': key });
      if (first.status !== 201) {
        if (typeof first.status === 'number' && first.status < 500 && first.status !== 429)
          refused.push(`${path} ${first.status}`);
        else unfinished.push(`${path} ${first.status}`);
        return undefined;
      }
      const record = first.json as { id: string; version: number };
      created.push({ kind, id: record.id, key, marker });
      if (r() < resendShare) {
        resent++;
        const again = await request(as, 'POST', path, body, { 'Idempotency-Key': key });
        const id = (again.json as { id?: string } | undefined)?.id;
        if (again.status !== 201 || id !== record.id) replayMismatches.push(`${key}: ${again.status} ${id}`);
      }
      return record;
    }

    async function transition(
      kind: Moved['kind'],
      as: User,
      record: { id: string; version: number },
      to: string,
      extra: Record<string, unknown> = {},
    ) {
      const path = `/api/${kind}s/${record.id}/transitions`;
      const answer = await request(as, 'POST', path, { to, ...extra }, { 'If-Match': `"${record.version}"` });
      if (answer.status === 200) {
        const version = (answer.json as { version: number }).version;
        moved.push({ kind, id: record.id, to, version, at: Date.now() });
      } else if (answer.status === 412 && answer.retried) {
        // The first try committed but its answer was lost (the connection dropped with the
        // database): the retry finds the version moved on. The final check reads it.
        ambiguous.push(`${kind} ${record.id} → ${to}`);
        moved.push({ kind, id: record.id, to, version: record.version + 1, at: Date.now() });
      } else if (typeof answer.status === 'number' && answer.status < 500 && answer.status !== 429) {
        refused.push(`${path} ${answer.status}`);
      } else {
        unfinished.push(`${path} ${answer.status}`);
      }
    }

    async function operation(index: number) {
      const r = random(index + 1);
      const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = r() * total;
      let kind: Kind = 'read';
      for (const [candidate, weight] of weights) {
        roll -= weight;
        if (roll < 0) {
          kind = candidate;
          break;
        }
      }
      // A transition needs something to move; until there is, the operation creates it.
      if (kind === 'referral.transition' && openReferrals.length === 0) kind = 'referral.submit';
      if (kind === 'handoff.transition' && sentHandoffs.length === 0) kind = 'handoff.send';
      if (kind === 'issue.transition' && reportedIssues.length === 0) kind = 'issue.report';
      byKind[kind] = (byKind[kind] ?? 0) + 1;
      const key = `soak-${index}-${began.toString(36)}`;
      switch (kind) {
        case 'referral.submit': {
          const marker = `Soak ${key} Ltd`;
          const as = pick(referrers, r);
          const record = await create(
            'referral',
            as,
            '/api/referrals',
            {
              company: { name: marker, domain: `${key}.example` },
              contact: { name: 'Jane Buyer', email: `jane@${key}.example` },
              jobToBeDone: 'Cut onboarding time for new clients from weeks to days.',
              fit: { resources: 4, functional: 5, technical: 3, cultural: 4 },
              stakeholders: [{ name: 'Chris Chief', role: 'decision_maker' }],
            },
            key,
            marker,
            r,
          );
          if (record) openReferrals.push(record);
          return;
        }
        case 'referral.transition': {
          const record = openReferrals.splice(Math.floor(r() * openReferrals.length), 1)[0];
          if (!record) return;
          const to = r() < 0.7 ? 'accepted' : 'declined';
          await transition('referral', pick(staff, r), record, to, to === 'declined' ? { reason: 'Not a fit.' } : {});
          return;
        }
        case 'handoff.send': {
          const from = pick(staff, r);
          const receiver = pick(
            staff.filter((user) => user.teamId !== from.teamId),
            r,
          );
          const marker = `Soak ${key}: set up their workspace`;
          const record = await create(
            'handoff',
            from,
            '/api/handoffs',
            { toTeamId: receiver.teamId, summary: marker, promised: 'A kickoff call.', needs: 'The admin contact.' },
            key,
            marker,
            r,
          );
          if (record && receiver.teamId) sentHandoffs.push({ ...record, toTeamId: receiver.teamId });
          return;
        }
        case 'handoff.transition': {
          const record = sentHandoffs.splice(Math.floor(r() * sentHandoffs.length), 1)[0];
          if (!record) return;
          const receiver = staff.find((user) => user.teamId === record.toTeamId);
          if (receiver) await transition('handoff', receiver, record, 'acknowledged');
          return;
        }
        case 'issue.report': {
          const marker = `Soak ${key}: invoices were sent twice.`;
          const record = await create(
            'issue',
            pick(staff, r),
            '/api/issues',
            {
              customerIds: [pick(customerIds, r)],
              severity: r() < 0.2 ? 'sev1' : 'sev3',
              title: `Soak ${key}: invoices sent twice`,
              impact: marker,
              customerTold: 'We are on it.',
            },
            key,
            marker,
            r,
          );
          if (record) reportedIssues.push(record);
          return;
        }
        case 'issue.transition': {
          const record = reportedIssues.splice(Math.floor(r() * reportedIssues.length), 1)[0];
          if (record) await transition('issue', pick(staff, r), record, 'owned');
          return;
        }
        case 'read': {
          const as = pick(everyone, r);
          const path =
            as.role === 'staff'
              ? pick(['/api/referrals', '/api/handoffs', '/api/issues', '/api/customers'], r)
              : as.role === 'leader'
                ? pick(['/api/referrals', '/api/customers', '/api/issues', '/api/me'], r)
                : pick(['/api/referrals', '/api/me', '/api/customers'], r);
          const answer = await request(as, 'GET', path);
          if (answer.status !== 200) unfinished.push(`GET ${path} ${answer.status}`);
          return;
        }
        case 'scorecard': {
          const answer = await request(chief, 'GET', '/api/scorecard?weeks=4');
          if (answer.status !== 200) unfinished.push(`GET /api/scorecard ${answer.status}`);
          return;
        }
      }
    }

    // The workers: each takes the next operation until none is left; the one that takes the
    // middle one brings the database down and up again while the others carry on.
    let next = 0;
    const half = Math.floor(options.operations / 2);
    let outage: { killedAt: number; restartedAt: number } | undefined;
    let outageDone: Promise<void> = Promise.resolve();
    let inFlight = 0;
    let held: Promise<void> | undefined;
    const worker = async () => {
      for (;;) {
        if (held) await held;
        const index = next++;
        if (index >= options.operations) return;
        if (index === half) {
          let release = () => {};
          if (options.settleBeforeKill) {
            held = new Promise<void>((resolve) => {
              release = resolve;
            });
            while (inFlight > 0) await sleep(10);
            await sleep(1_000);
          }
          const killed = (async () => {
            const killedAt = Date.now();
            log(`operation ${index}: killing DynamoDB Local…`);
            await dynamo.kill();
            return killedAt;
          })();
          outageDone = (async () => {
            const killedAt = await killed;
            await sleep(downMs);
            dynamo = await startDynamo({ dataDir, port: dynamoPort });
            outage = { killedAt, restartedAt: Date.now() };
            log(`DynamoDB Local is back after ${outage.restartedAt - killedAt} ms`);
          })();
          if (options.settleBeforeKill) {
            // The others carry on while the database is down, as clients would.
            await killed;
            held = undefined;
            release();
          }
        }
        inFlight++;
        try {
          await operation(index);
        } finally {
          inFlight--;
        }
      }
    };
    log(`${options.operations} operations at concurrency ${options.concurrency}…`);
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    await outageDone;
    const window = outage as { killedAt: number; restartedAt: number } | undefined;
    if (!window) throw new Error('The outage never happened: run more operations.');

    // Recovery: the same server process, never restarted, answers again.
    const afterRestart = attempts.filter((attempt) => attempt.startedAt > window.restartedAt);
    const firstSuccess = afterRestart
      .filter((attempt) => attempt.status === 200 || attempt.status === 201)
      .sort((a, b) => a.endedAt - b.endedAt)[0];
    const probe = await request(chief, 'GET', '/api/me');

    log('operations done; draining the stream…');
    polling = false;
    await pollLoop;
    for (let pass = 0, idle = 0; pass < 200 && idle < 2; pass++) {
      try {
        idle = (await poller.pollOnce()) === 0 ? idle + 1 : 0;
      } catch {
        pollFailures++;
        await sleep(500);
      }
    }

    log('reading the whole table…');
    const items = await scanAll(db);
    const checks: SoakCheck[] = [];

    const records = new Map(
      items
        .filter((item) => typeof item.id === 'string' && item.sk !== undefined)
        .map((item) => [`${item.entity}:${item.id}`, item]),
    );
    const markerOf = (item: Record<string, unknown>) =>
      item.entity === 'referral'
        ? (item.company as { name?: string } | undefined)?.name
        : item.entity === 'handoff'
          ? item.summary
          : item.entity === 'issue'
            ? item.impact
            : undefined;
    const lost = created.filter(
      (record) => markerOf(records.get(`${record.kind}:${record.id}`) ?? {}) !== record.marker,
    );
    checks.push({
      name: 'every acknowledged creation is in the table',
      required: true,
      ok: lost.length === 0,
      detail: `${created.length} acknowledged, ${lost.length} missing${
        lost.length
          ? `: ${lost
              .slice(0, 5)
              .map((r) => r.id)
              .join(', ')}`
          : ''
      }`,
    });

    const finalState = new Map<string, Moved>();
    for (const change of moved) finalState.set(`${change.kind}:${change.id}`, change);
    const notApplied = [...finalState.values()].filter((change) => {
      const item = records.get(`${change.kind}:${change.id}`);
      return !item || item.status !== change.to || Number(item.version) !== change.version;
    });
    checks.push({
      name: 'every acknowledged transition is in the table',
      required: true,
      ok: notApplied.length === 0,
      detail: `${moved.length} acknowledged (${ambiguous.length} whose answer was lost in the outage), ${notApplied.length} missing${
        notApplied.length
          ? `: ${notApplied
              .slice(0, 5)
              .map((change) => {
                const item = records.get(`${change.kind}:${change.id}`);
                return `${change.kind} ${change.id} acknowledged ${change.to} v${change.version} ${
                  change.at - window.killedAt
                } ms from the kill, found ${String(item?.status)} v${String(item?.version)}`;
              })
              .join('; ')}`
          : ''
      }`,
    });

    const perMarker = new Map<string, number>();
    for (const item of items) {
      const marker = markerOf(item);
      if (typeof marker === 'string' && marker.startsWith('Soak soak-'))
        perMarker.set(marker, (perMarker.get(marker) ?? 0) + 1);
    }
    const duplicates = [...perMarker.entries()].filter(([, count]) => count > 1);
    checks.push({
      name: 'one record per Idempotency-Key',
      required: true,
      ok: duplicates.length === 0 && replayMismatches.length === 0,
      detail: `${perMarker.size} keys with a record, ${duplicates.length} with more than one; ${
        created.length
      } creations acknowledged, ${resent} sent again with their key: ${replayMismatches.length} replays differed`,
    });

    const failed = attempts.filter(
      (attempt) => attempt.status === 'network' || attempt.status >= 500 || attempt.status === 429,
    );
    // The outage as clients see it: from the kill until DynamoDB Local, cold and hammered by
    // every client's retry, has warmed up; requests in it may be refused, but only with a 503
    // or 429 that says when to try again.
    const settledAt = window.restartedAt + settleMs;
    const inOutage = (attempt: Attempt) => attempt.startedAt <= settledAt && attempt.endedAt >= window.killedAt;
    const wrongKind = failed.filter(
      (attempt) => !((attempt.status === 503 || attempt.status === 429) && attempt.retryAfter),
    );
    const whileDown = failed.filter((attempt) => inOutage(attempt) && attempt.startedAt <= window.restartedAt);
    const outsideOutage = failed.filter((attempt) => !inOutage(attempt));
    checks.push({
      name: 'the only errors during the outage (or at any time) were 503 or 429 with Retry-After',
      required: true,
      ok: wrongKind.length === 0,
      detail: `${whileDown.length} refused while DynamoDB Local was down, ${
        failed.length - outsideOutage.length - whileDown.length
      } in the ${settleMs / 1000} s after its restart, ${outsideOutage.length} at other times; ${wrongKind.length} of another kind${
        wrongKind.length ? ` (${summarise(wrongKind)})` : ''
      }`,
    });
    checks.push({
      name: 'the server recovered without a restart',
      required: true,
      ok: firstSuccess !== undefined && probe.status === 200,
      detail: firstSuccess
        ? `the same server process answered ${
            afterRestart.filter((attempt) => attempt.status === 200 || attempt.status === 201).length
          } requests successfully after DynamoDB Local was back, the first ${firstSuccess.endedAt - window.restartedAt} ms after it`
        : 'no request succeeded after the restart',
    });
    checks.push({
      name: 'no request refused for anything but the outage',
      required: true,
      ok: refused.length === 0,
      detail: `${refused.length}${refused.length ? `: ${refused.slice(0, 5).join('; ')}` : ''}`,
    });
    // On a loaded machine a cold DynamoDB Local answers slower than the client's timeout for
    // a while: those 503s are right, and an operation given up was never acknowledged, so
    // neither is a loss. They are shown, not failed.
    checks.push({
      name: `errors before the outage or from ${settleMs / 1000} s after the restart`,
      required: false,
      ok: outsideOutage.length === 0,
      detail: `${outsideOutage.length}${outsideOutage.length ? ` (${summarise(outsideOutage)})` : ''} of ${
        attempts.filter((attempt) => !inOutage(attempt)).length
      } requests`,
    });
    checks.push({
      name: `operations given up after ${giveUpMs / 1000} s of retries`,
      required: false,
      ok: unfinished.length === 0,
      detail: `${unfinished.length}${unfinished.length ? `: ${unfinished.slice(0, 3).join('; ')}` : ''}`,
    });
    const reconciled = await reconcile(db, { timeZone });
    checks.push({
      name: 'the scorecard aggregates equal the reconciled ones',
      required: true,
      ok: reconciled.differences.length === 0,
      detail: `${reconciled.aggregatesCompared} aggregates from ${reconciled.recordsScanned} records, ${
        reconciled.differences.length
      } differ${
        reconciled.differences.length
          ? ` (${reconciled.differences
              .slice(0, 3)
              .map((d) => d.key)
              .join(', ')})`
          : ''
      }; ${pollFailures} stream polls failed (retried)`,
    });

    return {
      ok: checks.every((check) => check.ok || !check.required),
      checks,
      operations: options.operations,
      attempts: attempts.length,
      byKind,
      statuses,
      outage: {
        downMs: window.restartedAt - window.killedAt,
        recoveredAfterMs: firstSuccess ? firstSuccess.endedAt - window.restartedAt : undefined,
      },
      durationMs: Date.now() - began,
      acknowledged: { creations: created.length, transitions: moved.length },
      refusedWhileDown: whileDown.length,
      lostTransitions: notApplied.map((change) => ({ id: change.id, msFromKill: change.at - window.killedAt })),
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
    db.doc.destroy();
    await dynamo.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * The demo organisation's people (every role, five teams, three partners) and a few
 * customers to report issues about: the full demo seed's referrals and history would take
 * longer to write than the soak itself.
 */
async function seedOrganisation(db: Db): Promise<void> {
  const ctx: ServiceContext = {
    db,
    caller: { userId: 'system', role: 'leader', name: 'System', email: 'system@totalcustomer.example' },
    now: () => new Date(),
  };
  const teamIds = new Map<string, string>();
  const partnerIds = new Map<string, string>();
  for (const user of demoUsers) {
    if (user.role === 'staff' && !teamIds.has(user.team))
      teamIds.set(user.team, (await teams.create(ctx, { name: user.team })).id);
    if (user.role === 'partner' && !partnerIds.has(user.partner))
      partnerIds.set(user.partner, (await partners.create(ctx, { name: user.partner })).id);
    await users.create(ctx, {
      name: user.name,
      email: user.email,
      role: user.role,
      ...(user.role === 'staff' ? { teamId: teamIds.get(user.team) } : {}),
      ...(user.role === 'partner' ? { partnerId: partnerIds.get(user.partner) } : {}),
    });
  }
  for (const name of ['Acme Logistics', 'Globex', 'Initech', 'Umbrella Retail', 'Stark Freight']) {
    await customers.create(ctx, {
      name,
      domain: `${name.toLowerCase().replace(/\W+/g, '-')}.example`,
      segment: 'mid-market',
      lifecycle: 'repeat',
      fit: { resources: 4, functional: 4, technical: 3, cultural: 5 },
      jobToBeDone: 'Answer every client question the same day.',
      stakeholders: [],
    });
  }
}

function summarise(attempts: Attempt[]): string {
  const counts = new Map<string, number>();
  for (const attempt of attempts) {
    const label = `${attempt.status}${attempt.retryAfter ? '' : ' without Retry-After'}`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts.entries()].map(([label, count]) => `${count}× ${label}`).join(', ');
}

async function scanAll(db: Db): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(
      new ScanCommand({ TableName: db.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
