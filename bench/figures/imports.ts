/**
 * Imports: 10,000 customers from a CRM export through the import job runner (the handler the S3
 * event starts when deployed, `runImportJob`), against a raw BatchWriteItem of the very items
 * the job wrote, both on the bench's DynamoDB Local, taking turns, each side on a fresh table
 * of its own per round. The job is timed from the file on disk to its status `done`: reading
 * and validating the file, the natural-key lookups, the batched writes and the checkpoints are
 * all part of what a leader waits for. The raw side is only BatchWriteItem, 25 items a request
 * and as many requests at once as the runner sends (4), so the ratio is the runner's own cost.
 *
 * Capacity is what DynamoDB Local reports for every request of each side (ReturnConsumedCapacity
 * added by a middleware), per row of the file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDb, type Db } from '#data/client.ts';
import { localImportFiles } from '#data/import-files.ts';
import type { Caller } from '#domain/identity/roles.ts';
import { ensureTable } from '#local/bootstrap.ts';
import { importJobs, runImportJob } from '#services/import-jobs.ts';
import { rotation } from '../lib/stats.ts';

const leader: Caller = { userId: 'bench-leader', role: 'leader', name: 'Bench Leader', email: 'leader@bench.example' };

/** As the runner's `batchPut` sends them: the raw side gets the same parallelism, not less. */
const itemsPerRequest = 25;
const requestsAtOnce = 4;

export interface ImportFigure {
  readonly rows: number;
  /** Items the job wrote for its customers (record, markers, event), which the raw side writes too. */
  readonly items: number;
  /** Per round, rows per second. */
  readonly job: number[];
  readonly raw: number[];
  /** Capacity per row of the file, as DynamoDB Local reported it for the first round. */
  readonly jobWcuPerRow: number;
  readonly jobRcuPerRow: number;
  readonly rawWcuPerRow: number;
}

/** A customer list as a CRM exports it: a byte-order mark, CRLF, quoted commas and line breaks. */
export function crmCustomerFile(rows: number): Uint8Array {
  const lines = ['\uFEFFCompany Name,Website,Industry,Description,Phone'];
  for (let index = 1; index <= rows; index++) {
    lines.push(
      `"Bench ${index}, Ltd",https://www.bench-${index}.example/,Retail,"Buys in bulk,\nships ""weekly""",+44 20 7946 ${index}`,
    );
  }
  return new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
}

interface Counted {
  readonly db: Db;
  readonly units: () => { read: number; write: number };
}

const readCommands = new Set(['GetCommand', 'BatchGetCommand', 'QueryCommand', 'ScanCommand']);

/** A Db whose every request asks for, and adds up, its consumed capacity, reads and writes apart. */
function countingDb(endpoint: string, tableName: string): Counted {
  const db = createDb({ tableName, region: 'local', endpoint });
  let read = 0;
  let write = 0;
  db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      // BatchWriteItem and BatchGetItem answer a list (one entry per table), the others one entry.
      const entries = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as {
        CapacityUnits?: number;
      }[];
      const units = entries.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
      if (readCommands.has(context.commandName ?? '')) read += units;
      else write += units;
      return result;
    },
    { step: 'initialize', name: 'benchConsumedCapacity' },
  );
  return { db, units: () => ({ read, write }) };
}

async function freshTable(raw: DynamoDBClient, tableName: string): Promise<void> {
  // Nobody reads these tables' streams; DynamoDB Local would keep every item's images.
  await ensureTable(raw, tableName, { streams: false });
}

/**
 * Each side's table is deleted once measured: DynamoDB Local holds every table in one process,
 * and a side that ran later would otherwise write beside every item written before it.
 */
async function dropTable(raw: DynamoDBClient, tableName: string): Promise<void> {
  await raw.send(new DeleteTableCommand({ TableName: tableName }));
}

/** Every item of a table whose partition is a customer's or a customer key's: what the import wrote for its rows. */
async function customerItems(db: Db): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(
      new ScanCommand({ TableName: db.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    for (const item of page.Items ?? []) if (/^CUSTOMER(_KEY)?#/.test(String(item.pk))) items.push(item);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

async function rawBatchWrite(db: Db, items: readonly Record<string, unknown>[]): Promise<void> {
  const requests: Record<string, unknown>[][] = [];
  for (let start = 0; start < items.length; start += itemsPerRequest) {
    requests.push(items.slice(start, start + itemsPerRequest));
  }
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      let pending = (requests[next++] ?? []).map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const result = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: pending } }));
        pending = (result.UnprocessedItems?.[db.tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: requestsAtOnce }, worker));
}

/** One import of the file on a fresh table: rows per second, capacity, and the job's table's Db. */
async function timeJob(endpoint: string, raw: DynamoDBClient, tableName: string, dir: string, file: Uint8Array) {
  await freshTable(raw, tableName);
  const counted = countingDb(endpoint, tableName);
  const files = localImportFiles({ dir, baseUrl: 'http://localhost', secret: 'bench-import-secret' });
  const ctx = { db: counted.db, caller: leader, now: () => new Date() };
  const { job } = await importJobs.create(ctx, files, { kind: 'customers' });
  await files.write(job.id, file);
  const started = performance.now();
  const done = await runImportJob({ db: counted.db, files }, job.id);
  const seconds = (performance.now() - started) / 1000;
  if (done?.status !== 'done' || done.created === 0) {
    throw new Error(`the bench's import ended ${done?.status ?? 'missing'}: ${done?.message ?? ''}`);
  }
  return { seconds, units: counted.units(), db: counted.db, created: done.created };
}

async function timeRaw(endpoint: string, raw: DynamoDBClient, tableName: string, items: Record<string, unknown>[]) {
  await freshTable(raw, tableName);
  const counted = countingDb(endpoint, tableName);
  const started = performance.now();
  await rawBatchWrite(counted.db, items);
  const seconds = (performance.now() - started) / 1000;
  counted.db.doc.destroy();
  await dropTable(raw, tableName);
  return { seconds, units: counted.units() };
}

export async function measureImports(options: {
  endpoint: string;
  rows: number;
  rounds: number;
  log: (message: string) => void;
  signal?: AbortSignal;
}): Promise<ImportFigure> {
  const { endpoint, rows, rounds, log } = options;
  const raw = new DynamoDBClient({
    region: 'local',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const dir = await mkdtemp(join(tmpdir(), 'bench-imports-'));
  const file = crmCustomerFile(rows);
  try {
    // Untimed: the JIT, the connections, and a first look that the file imports at all.
    const warm = await timeJob(endpoint, raw, 'bench-import-warm-up', dir, crmCustomerFile(500));
    warm.db.doc.destroy();
    await dropTable(raw, 'bench-import-warm-up');

    let items: Record<string, unknown>[] | undefined;
    const job: number[] = [];
    const rawRates: number[] = [];
    let capacity: Pick<ImportFigure, 'jobWcuPerRow' | 'jobRcuPerRow' | 'rawWcuPerRow'> | undefined;
    let jobUnits: { read: number; write: number } | undefined;
    for (let round = 0; round < rounds; round++) {
      // The first round runs the job first: its items are what the raw side writes.
      for (const side of round === 0 ? (['job', 'raw'] as const) : rotation(['job', 'raw'] as const, round)) {
        options.signal?.throwIfAborted();
        if (side === 'job') {
          const run = await timeJob(endpoint, raw, `bench-import-job-${round}`, dir, file);
          items ??= await customerItems(run.db);
          run.db.doc.destroy();
          await dropTable(raw, `bench-import-job-${round}`);
          job.push(rows / run.seconds);
          jobUnits ??= run.units;
          // Logged as it comes: a run stopped by its time limit still leaves each side's figures.
          log(
            `imports: job ${round + 1}/${rounds}: ${rows} rows in ${run.seconds.toFixed(1)} s (${(rows / run.seconds).toFixed(1)} rows/s), ${(run.units.write / rows).toFixed(2)} WCU + ${(run.units.read / rows).toFixed(2)} RCU per row`,
          );
        } else {
          const run = await timeRaw(endpoint, raw, `bench-import-raw-${round}`, items ?? []);
          rawRates.push(rows / run.seconds);
          if (!capacity && jobUnits) {
            capacity = {
              jobWcuPerRow: jobUnits.write / rows,
              jobRcuPerRow: jobUnits.read / rows,
              rawWcuPerRow: run.units.write / rows,
            };
          }
          log(
            `imports: raw ${round + 1}/${rounds}: ${items?.length ?? 0} items in ${run.seconds.toFixed(1)} s (${(rows / run.seconds).toFixed(1)} rows/s), ${(run.units.write / rows).toFixed(2)} WCU per row`,
          );
        }
      }
    }
    return {
      rows,
      items: items?.length ?? 0,
      job,
      raw: rawRates,
      ...(capacity ?? { jobWcuPerRow: Number.NaN, jobRcuPerRow: Number.NaN, rawWcuPerRow: Number.NaN }),
    };
  } finally {
    raw.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}
