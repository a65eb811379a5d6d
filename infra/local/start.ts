import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { assertPortFree, StartupError } from './dynamodb.ts';
import { demoUsers } from './seed.ts';
import { startLocalStack } from './stack.ts';

/**
 * `npm start`: the whole portal on this machine. Data lives under .data/ between starts;
 * Ctrl-C stops the server and DynamoDB Local.
 */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new StartupError(`PORT must be a port number, not "${process.env.PORT}".`);
  }
  // Before DynamoDB Local starts: a busy port should cost a second, not a JVM start.
  await assertPortFree(port, 'the portal', 'PORT');
  const started = performance.now();
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const report = (phase: string, ms: number) => console.log(`  ${phase.padEnd(28)} ${seconds(ms)}`);
  console.log('Starting Total Customer:');
  // The web build needs no database: it runs beside DynamoDB Local's start and the seed.
  const webBuild = buildWeb().then((ms) => report('web build (alongside)', ms));
  // DATA_DIR moves the whole of it (table, mail, uploads, stream positions) elsewhere: the
  // first-minute check starts a portal as new in a temporary directory.
  const dataRoot = process.env.DATA_DIR ? resolve(process.env.DATA_DIR) : resolve(import.meta.dirname, '../../.data');
  const dataDir = join(dataRoot, 'dynamodb');
  const stack = await startLocalStack({ port, dataDir, onPhase: report });
  // Ready means ready: the scorecard and the notifications have worked through whatever the
  // stream holds (the demo history on a first start), so a change made now shows within seconds
  // rather than queueing behind twelve weeks of events.
  const phaseStart = performance.now();
  await stack.caughtUp();
  report('consumers caught up', performance.now() - phaseStart);
  await webBuild.catch(async (error: unknown) => {
    await stack.stop();
    throw error;
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  console.log(`\nTotal Customer is running at ${stack.url} (ready in ${seconds(performance.now() - started)})`);
  console.log(`  API health: ${stack.url}/api/health   OpenAPI: ${stack.url}/api/openapi.json`);
  console.log(
    `  DynamoDB Local: ${stack.dynamoEndpoint} (data in ${process.env.DATA_DIR ?? '.data/'})${stack.seeded ? ' — demo data seeded' : ''}`,
  );
  console.log('\nSign in as any demo user on the start page:');
  for (const user of demoUsers) {
    const where = user.role === 'staff' ? ` (${user.team})` : user.role === 'partner' ? ` (${user.partner})` : '';
    console.log(`  ${user.role.padEnd(8)} ${user.name}${where}`);
  }
  console.log('\nPress Ctrl-C to stop.');
}

/** `npm run build:web` in a child process: esbuild's output stays out of the phase lines. */
function buildWeb(): Promise<number> {
  const start = performance.now();
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../../web/build.ts')], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('error', fail);
    child.once('exit', (code) =>
      code === 0 ? ok(performance.now() - start) : fail(new StartupError(`The web build failed (exit ${code}).`)),
    );
  });
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) {
    console.error(`Cannot start: ${error.message}`);
  } else {
    console.error(`Cannot start: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
