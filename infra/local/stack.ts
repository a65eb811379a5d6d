import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDb, type Db } from '#data/client.ts';
import { config, unsubscribeSecretIn } from '#lib/config.ts';
import { logger } from '#lib/logger.ts';
import { sweep } from '#services/sweeper.ts';
import { dispatchDue } from '#services/webhook-dispatcher.ts';
import { createAggregatorHandler } from '../../functions/handlers/aggregator.ts';
import { createNotifierHandler } from '../../functions/handlers/notifier.ts';
import { notifierEventPattern } from '../aws/stream-filters.ts';
import { ensureTable } from './bootstrap.ts';
import { freePort, StartupError, startDynamo } from './dynamodb.ts';
import { createLocalIdentity, type LocalIdentity } from './identity.ts';
import { createLocalImports, type LocalImports } from './import-uploads.ts';
import { serveLocal } from './listen.ts';
import type { MailSinkReader } from './mail-page.ts';
import { createMailSink } from './mail-sink.ts';
import { seedDemo } from './seed.ts';
import { createLocalServer } from './server.ts';
import { createStreamPoller } from './stream-poller.ts';

export interface LocalStackOptions {
  /** 0 picks any free port. */
  readonly port?: number;
  /** Where DynamoDB Local keeps its data; omitted, it runs in memory. */
  readonly dataDir?: string | undefined;
  readonly seed?: boolean;
  readonly quiet?: boolean;
  readonly tableName?: string;
  /** How often the SLA sweeper runs (the EventBridge schedule's twin); 0 turns it off. */
  readonly sweepIntervalMs?: number;
  /** How often the stream poller feeds the scorecard's aggregator (the stream event source's twin); 0 turns it off. */
  readonly aggregateIntervalMs?: number;
  /** How often the second stream poller feeds the notifier (notifications, e-mail); 0 turns it off. */
  readonly notifyIntervalMs?: number;
  /** How often the webhook dispatcher sends what is due (the queue and its consumer's twin); 0 turns it off. */
  readonly webhookIntervalMs?: number;
  /** Where the mail sink writes; `.data/mail/` beside the data dir, else a fresh temporary directory. */
  readonly mailDir?: string;
  /** Told as each phase of the start-up ends, with how long it took. */
  readonly onPhase?: (phase: string, ms: number) => void;
  /** Where uploaded import files land; `.data/imports/` beside the data dir, else a fresh temporary directory. */
  readonly importsDir?: string;
}

export interface LocalStack {
  readonly url: string;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  readonly seeded: boolean;
  readonly identity: LocalIdentity;
  /** The mail sink's directory (listed at /dev/mail). */
  readonly mailDir: string;
  /** Import jobs' files and runner (tests wait on `imports.idle()`). */
  readonly imports: LocalImports;
  /** Resolves once the aggregator and the notifier have worked through what the stream holds. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

const root = resolve(import.meta.dirname, '../..');
export const clientId = 'total-customer-local';

/**
 * The embedded stack: DynamoDB Local, the table from the one definition, the demo seed, the
 * local identity provider, and the Node server with the web app and the API.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const tableName = options.tableName ?? 'total-customer';
  let phaseStart = performance.now();
  const phase = (name: string) => {
    const end = performance.now();
    options.onPhase?.(name, end - phaseStart);
    phaseStart = end;
  };
  const dynamo = await startDynamo({ dataDir: options.dataDir });
  phase('DynamoDB Local');
  try {
    const region = 'local';
    const raw = new DynamoDBClient({
      region,
      endpoint: dynamo.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      await ensureTable(raw, tableName);
    } catch (error) {
      throw new StartupError(
        `Could not create the table in DynamoDB Local (${error instanceof Error ? error.message : String(error)}): delete .data/ and start again.`,
      );
    } finally {
      raw.destroy();
    }
    phase('table');
    const db = createDb({ tableName, region, endpoint: dynamo.endpoint });
    // Without a data dir (tests) the mail is as temporary as the table: removed on stop.
    const temporaryMail = !options.mailDir && !options.dataDir;
    const mailDir =
      options.mailDir ??
      (options.dataDir ? join(options.dataDir, '..', 'mail') : await mkdtemp(join(tmpdir(), 'total-customer-mail-')));
    const mail = createMailSink(mailDir);
    const temporaryImports = !options.importsDir && !options.dataDir;
    const importsDir =
      options.importsDir ??
      (options.dataDir
        ? join(options.dataDir, '..', 'imports')
        : await mkdtemp(join(tmpdir(), 'total-customer-imports-')));
    const server = await listen(db, options, mail, (url) =>
      createLocalImports({
        db,
        dir: importsDir,
        baseUrl: url,
        mailer: mail,
        notify: {
          db,
          now: () => new Date(),
          mailer: mail,
          webBaseUrl: url,
          unsubscribeSecret: unsubscribeSecretIn(config),
          timeZone: config.ORG_TIME_ZONE,
        },
      }),
    );
    // With a data dir the consumers' positions are kept beside it, so a restart reads on from there.
    const checkpointOf = (name: string) =>
      options.dataDir ? { checkpointFile: join(options.dataDir, '..', 'streams', `${name}.json`) } : {};
    const poller = createStreamPoller({
      endpoint: dynamo.endpoint,
      tableName,
      handler: createAggregatorHandler(db),
      ...checkpointOf('aggregator'),
    });
    // A second consumer of the same stream, as in AWS: its own shard iterators, its own retries.
    const notifier = createStreamPoller({
      endpoint: dynamo.endpoint,
      tableName,
      name: 'notifier',
      ...checkpointOf('notifier'),
      filter: notifierEventPattern,
      handler: createNotifierHandler({
        db,
        now: () => new Date(),
        mailer: mail,
        webBaseUrl: server.url,
        unsubscribeSecret: unsubscribeSecretIn(config),
        timeZone: config.ORG_TIME_ZONE,
      }),
    });
    // The consumers start once the seed is written. DynamoDB Local does all its work on one
    // SQLite thread, which the seed alone keeps busy: reading alongside, in small batches, made
    // the whole 10% slower (50 s against 45 s on two cores, 2 December 2026).
    let seeded = false;
    try {
      seeded = options.seed === false ? false : await seedDemo(db);
    } catch (error) {
      await Promise.all([poller.stop(), notifier.stop()]);
      await server.close();
      throw error;
    }
    phase(seeded ? 'demo seed' : 'demo seed (already there)');
    poller.start(options.aggregateIntervalMs ?? 1_000);
    notifier.start(options.notifyIntervalMs ?? 1_000);
    const sweeper = startSweeper(db, options.sweepIntervalMs ?? 60_000);
    const dispatcher = startWebhookDispatcher(db, options.webhookIntervalMs ?? 2_000);
    return {
      url: server.url,
      dynamoEndpoint: dynamo.endpoint,
      tableName,
      seeded,
      identity: server.identity,
      mailDir,
      imports: server.imports,
      async caughtUp() {
        await Promise.all([poller.caughtUp(), notifier.caughtUp()]);
      },
      async stop() {
        sweeper.stop();
        await poller.stop();
        await notifier.stop();
        await dispatcher.stop();
        await server.imports.stop();
        if (temporaryImports) await rm(importsDir, { recursive: true, force: true });
        if (temporaryMail) await rm(mailDir, { recursive: true, force: true });
        await server.close();
        db.doc.destroy();
        await dynamo.stop();
      },
    };
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
}

/** The same sweeper the schedule runs in AWS, on a timer; a failed run waits for the next. */
function startSweeper(db: Db, intervalMs: number) {
  if (intervalMs <= 0) return { stop() {} };
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await sweep(db, new Date());
    } catch (error) {
      logger.warn('sweep failed', { error: error instanceof Error ? error.message : String(error) });
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * The webhook dispatcher in this process, on a timer: what is due is claimed and sent here and
 * now, by the same code the queue's consumer runs when deployed.
 */
function startWebhookDispatcher(db: Db, intervalMs: number) {
  if (intervalMs <= 0) return { stop: async () => {} };
  let running: Promise<unknown> | undefined;
  const run = () => {
    if (running) return;
    running = dispatchDue(db, new Date())
      .catch((error: unknown) =>
        logger.warn('webhook dispatch failed', { error: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

async function listen(
  db: Db,
  options: LocalStackOptions,
  mail: MailSinkReader,
  importsAt: (url: string) => LocalImports,
) {
  // The token issuer names the port, so a port of 0 is resolved before anything binds.
  const port = options.port === 0 ? await freePort() : (options.port ?? 3000);
  const url = `http://localhost:${port}`;
  const identity = await createLocalIdentity({
    db,
    issuer: `${url}/auth`,
    clientId,
    keyFile: options.dataDir ? join(options.dataDir, '..', 'identity-key.json') : undefined,
  });
  const imports = importsAt(url);
  const app = createLocalServer({ db, identity, webRoot: join(root, 'web/dist'), mail, imports });
  const server = await new Promise<ReturnType<typeof serveLocal>>((ok, fail) => {
    const instance = serveLocal({ fetch: app.fetch, port }, () => ok(instance));
    instance.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'EADDRINUSE' ? new StartupError(`Port ${port} is busy: start with PORT=<another port>.`) : error,
      ),
    );
  });
  return { url, identity, imports, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}
