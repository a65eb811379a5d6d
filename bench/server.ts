/**
 * The bench's server, in its own process (`fork`ed by bench/run.ts) so that the load the bench
 * generates and the raw DynamoDB calls it times do not share an event loop with the server
 * they measure. It starts the local stack on free ports (DynamoDB Local in memory, no demo
 * seed, no sweeper timer), seeds an organisation through the services, mints tokens, reports
 * all of it to its parent, and stops everything when told to or when the parent goes away.
 */

import { createDb } from '#data/client.ts';
import type { Caller } from '#domain/identity/roles.ts';
import { startLocalStack } from '#local/stack.ts';
import type { ServiceContext } from '#services/context.ts';
import { partners, teams, users } from '#services/directory.ts';

export interface BenchUser {
  readonly id: string;
  readonly role: string;
  readonly partnerId?: string | undefined;
  readonly token: string;
}

export interface ServerReady {
  readonly type: 'ready';
  readonly url: string;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  readonly users: { readonly partner: BenchUser; readonly staff: BenchUser; readonly leader: BenchUser };
}

const system: Caller = { userId: 'system', role: 'leader', name: 'System', email: 'system@bench.example' };

const stack = await startLocalStack({ port: 0, seed: false, sweepIntervalMs: 0, quiet: true });
let stopping: Promise<void> | undefined;
const stop = () => {
  stopping ??= stack.stop().finally(() => process.exit(0));
  return stopping;
};
process.on('disconnect', () => void stop());
// Ctrl-C reaches the whole process group: stop DynamoDB Local rather than leave it running.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop());
process.on('message', (message: { type?: string }) => {
  if (message.type === 'stop') void stop();
});

try {
  const db = createDb({ tableName: stack.tableName, region: 'local', endpoint: stack.dynamoEndpoint });
  const ctx: ServiceContext = { db, caller: system, now: () => new Date() };
  const sales = await teams.create(ctx, { name: 'Sales' });
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
  const benchUser = async (user: { id: string; role: string; partnerId?: string | undefined }) => ({
    id: user.id,
    role: user.role,
    partnerId: user.partnerId,
    token: await stack.identity.tokenFor(user.id),
  });
  const ready: ServerReady = {
    type: 'ready',
    // The server listens on every interface; the bench talks to it over IPv4 loopback only.
    url: stack.url.replace('localhost', '127.0.0.1'),
    dynamoEndpoint: stack.dynamoEndpoint,
    tableName: stack.tableName,
    users: { partner: await benchUser(partner), staff: await benchUser(staff), leader: await benchUser(leader) },
  };
  process.send?.(ready);
} catch (error) {
  process.send?.({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  await stop();
}
