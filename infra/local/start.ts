import { resolve } from 'node:path';
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
  const dataDir = resolve(import.meta.dirname, '../../.data/dynamodb');
  const stack = await startLocalStack({ port, dataDir });
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

  console.log(`\nTotal Customer is running at ${stack.url}`);
  console.log(`  API health: ${stack.url}/api/health   OpenAPI: ${stack.url}/api/openapi.json`);
  console.log(`  DynamoDB Local: ${stack.dynamoEndpoint} (data in .data/)${stack.seeded ? ' — demo data seeded' : ''}`);
  console.log('\nSign in as any demo user on the start page:');
  for (const user of demoUsers) {
    const where = user.role === 'staff' ? ` (${user.team})` : user.role === 'partner' ? ` (${user.partner})` : '';
    console.log(`  ${user.role.padEnd(8)} ${user.name}${where}`);
  }
  console.log('\nPress Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) {
    console.error(`Cannot start: ${error.message}`);
  } else {
    console.error(`Cannot start: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
