import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
import { type SoakCheck, scanAll, soakChecks } from './checks.ts';
import { soakClient } from './client.ts';
import { soakWorkload } from './workload.ts';

export type { SoakCheck };

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

    const client = soakClient({ url, tokens, giveUpMs, maxRetryWaitMs });
    const customerPage = (await client.request(chief, 'GET', '/api/customers?limit=50')).json as {
      items?: { id: string }[];
    };
    const customerIds = (customerPage.items ?? []).map((customer) => customer.id);
    if (customerIds.length === 0) throw new Error('The demo seed has no customers to report issues about.');
    const { ledger, operation } = soakWorkload(
      client.request,
      { everyone, chief, referrers, staff },
      { customerIds, resendShare, runTag: began.toString(36) },
    );

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

    const attemptsBefore = client.attempts.length;
    const probe = await client.request(chief, 'GET', '/api/me');

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
    const reconciled = await reconcile(db, { timeZone });
    const { checks, notApplied, whileDown, firstSuccess } = soakChecks({
      items,
      ledger,
      attempts: client.attempts,
      window,
      probe: { status: probe.status, attemptsBefore },
      settleMs,
      giveUpMs,
      pollFailures,
      reconciled,
    });

    return {
      ok: checks.every((check) => check.ok || !check.required),
      checks,
      operations: options.operations,
      attempts: client.attempts.length,
      byKind: ledger.byKind,
      statuses: client.statuses,
      outage: {
        downMs: window.restartedAt - window.killedAt,
        recoveredAfterMs: firstSuccess ? firstSuccess.endedAt - window.restartedAt : undefined,
      },
      durationMs: Date.now() - began,
      acknowledged: { creations: ledger.created.length, transitions: ledger.moved.length },
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
