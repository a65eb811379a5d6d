/**
 * The bench's server, in its own process (`fork`ed by bench/run.ts) so that the load the bench
 * generates and the raw DynamoDB calls it times do not share an event loop with the server
 * they measure. It starts the local stack on free ports (DynamoDB Local in memory, no demo
 * seed, no sweeper timer), seeds an organisation through the services, mints tokens, reports
 * all of it to its parent, and stops everything when told to or when the parent goes away.
 *
 * The stack's stream poller (the scorecard's aggregator) runs only when the parent asks, for
 * the freshness figure: in AWS the aggregator is its own Lambda, so while the api is timed its
 * work must not share the server's event loop. It is the stack's own poller and handler, on
 * the same one-second interval, reading the stream from the moment it is switched on.
 */

import { createDb } from '#data/client.ts';
import type { Caller } from '#domain/identity/roles.ts';
import { startLocalStack } from '#local/stack.ts';
import { createStreamPoller, type StreamPoller } from '#local/stream-poller.ts';
import type { ServiceContext } from '#services/context.ts';
import { partners, teams, users } from '#services/directory.ts';
import { createAggregatorHandler } from '../functions/handlers/aggregator.ts';

export interface BenchUser {
  readonly id: string;
  readonly role: string;
  readonly partnerId?: string | undefined;
  readonly teamId?: string | undefined;
  readonly token: string;
}

export interface ServerReady {
  readonly type: 'ready';
  readonly url: string;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  readonly users: { readonly partner: BenchUser; readonly staff: BenchUser; readonly leader: BenchUser };
  /** The staff member's team, and another one to hand work to. */
  readonly teams: { readonly sales: string; readonly support: string };
}

/** Parent → server: stop, or switch the aggregator's stream poller on or off. */
export type ServerCommand = { type: 'stop' } | { type: 'poller'; on: boolean };
/** Server → parent, after a `poller` command took effect. */
export interface PollerSwitched {
  readonly type: 'poller';
  readonly on: boolean;
}

const system: Caller = { userId: 'system', role: 'leader', name: 'System', email: 'system@bench.example' };

const stack = await startLocalStack({ port: 0, seed: false, sweepIntervalMs: 0, aggregateIntervalMs: 0, quiet: true });
const aggregatorDb = createDb({ tableName: stack.tableName, region: 'local', endpoint: stack.dynamoEndpoint });
let poller: StreamPoller | undefined;
const stopPoller = async () => {
  const running = poller;
  poller = undefined;
  await running?.stop();
};
let stopping: Promise<void> | undefined;
const stop = () => {
  stopping ??= stopPoller()
    .then(() => aggregatorDb.doc.destroy())
    .then(() => stack.stop())
    .finally(() => process.exit(0));
  return stopping;
};
process.on('disconnect', () => void stop());
// Ctrl-C reaches the whole process group: stop DynamoDB Local rather than leave it running.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop());
process.on('message', (message: ServerCommand) => {
  if (message.type === 'stop') void stop();
  if (message.type === 'poller') void switchPoller(message.on);
});

async function switchPoller(on: boolean) {
  await stopPoller();
  if (on) {
    poller = createStreamPoller({
      endpoint: stack.dynamoEndpoint,
      tableName: stack.tableName,
      handler: createAggregatorHandler(aggregatorDb),
      start: 'LATEST',
    });
    // The first pass places the shard iterators at the stream's end: what follows is read.
    await poller.pollOnce();
    poller.start(1_000);
  }
  const reply: PollerSwitched = { type: 'poller', on };
  process.send?.(reply);
}

try {
  const db = createDb({ tableName: stack.tableName, region: 'local', endpoint: stack.dynamoEndpoint });
  const ctx: ServiceContext = { db, caller: system, now: () => new Date() };
  const sales = await teams.create(ctx, { name: 'Sales' });
  const support = await teams.create(ctx, { name: 'Support' });
  const northwind = await partners.create(ctx, { name: 'Northwind' });
  const partner = await users.create(ctx, {
    name: 'Nina Northwind',
    email: 'nina@northwind.example',
    role: 'partner',
    partnerId: northwind.id,
  });
  const staff = await users.create(ctx, {
    name: 'Sally Sales',
    email: 'sally@bench.example',
    role: 'staff',
    teamId: sales.id,
  });
  const leader = await users.create(ctx, { name: 'Lee Leader', email: 'lee@bench.example', role: 'leader' });
  db.doc.destroy();
  const benchUser = async (user: {
    id: string;
    role: string;
    partnerId?: string | undefined;
    teamId?: string | undefined;
  }) => ({
    id: user.id,
    role: user.role,
    partnerId: user.partnerId,
    teamId: user.teamId,
    token: await stack.identity.tokenFor(user.id),
  });
  const ready: ServerReady = {
    type: 'ready',
    // The server listens on every interface; the bench talks to it over IPv4 loopback only.
    url: stack.url.replace('localhost', '127.0.0.1'),
    dynamoEndpoint: stack.dynamoEndpoint,
    tableName: stack.tableName,
    users: { partner: await benchUser(partner), staff: await benchUser(staff), leader: await benchUser(leader) },
    teams: { sales: sales.id, support: support.id },
  };
  process.send?.(ready);
} catch (error) {
  process.send?.({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  await stop();
}
