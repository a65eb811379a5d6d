/**
 * Scale: the scorecard with 100,000 records against 1,000. Both histories are loaded into
 * their own tables of the bench's DynamoDB Local (bench/lib/dataset.ts: BatchWriteItem, and the
 * aggregates by reconcile's rule), and `scorecard.get` (the service behind
 * `GET /api/scorecard`) is timed on each, taking turns. It is timed at the service, in the
 * bench process: the HTTP hop, the token and the JSON are the same at both sizes and would
 * only dilute the ratio. Its read capacity is what DynamoDB Local reports for the service's
 * own requests (ReturnConsumedCapacity added by a middleware), beside the rules' count from
 * the aggregate items it reads.
 */
import { DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { createDb, type Db } from '#data/client.ts';
import type { Caller } from '#domain/identity/roles.ts';
import { ensureTable } from '#local/bootstrap.ts';
import { scorecard } from '#services/scorecard.ts';
import { queryUnits } from '../lib/capacity.ts';
import { loadHistory } from '../lib/dataset.ts';
import { queryAllPages, scorecardQueries } from '../lib/handoff-ops.ts';
import { percentile, rotation } from '../lib/stats.ts';

const leader: Caller = { userId: 'bench-leader', role: 'leader', name: 'Bench Leader', email: 'leader@bench.example' };

export interface ScaleSize {
  readonly records: number;
  readonly items: number;
  readonly aggregates: number;
  readonly loadSeconds: number;
  /** Per batch, the p50 of `scorecard.get` (ms). */
  readonly p50: number[];
  /** Read capacity of one scorecard: DynamoDB Local's report, and the rules' count. */
  readonly localRcu: number;
  readonly rulesRcu: number;
  readonly itemsRead: number;
}

/** A Db whose every request asks for, and adds up, its consumed capacity. */
function countingDb(endpoint: string, tableName: string): { db: Db; consumed: () => number; reset: () => void } {
  const db = createDb({ tableName, region: 'local', endpoint });
  let total = 0;
  db.doc.middlewareStack.add(
    (next) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity;
      total += consumed?.CapacityUnits ?? 0;
      return result;
    },
    { step: 'initialize', name: 'benchConsumedCapacity' },
  );
  return {
    db,
    consumed: () => total,
    reset: () => {
      total = 0;
    },
  };
}

export async function measureScale(options: {
  endpoint: string;
  sizes: readonly number[];
  rounds: number;
  perRound: number;
  log: (message: string) => void;
}): Promise<ScaleSize[]> {
  const { endpoint, sizes, rounds, perRound, log } = options;
  const now = new Date();
  const raw = new DynamoDBClient({
    region: 'local',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const tables = sizes.map((records) => ({ records, tableName: `bench-scale-${records}` }));
  const dbs = new Map<number, Db>();
  const loaded = new Map<number, { items: number; aggregates: number; loadSeconds: number }>();
  try {
    for (const { records, tableName } of tables) {
      await ensureTable(raw, tableName);
      // Nobody reads these tables' streams; DynamoDB Local would keep every record's images.
      await raw.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: false } }));
      const db = createDb({ tableName, region: 'local', endpoint });
      const started = performance.now();
      const result = await loadHistory(db, records, now);
      const loadSeconds = (performance.now() - started) / 1000;
      log(
        `scale: loaded ${records} records (${result.items} items, ${result.aggregates} aggregates) in ${loadSeconds.toFixed(0)} s`,
      );
      loaded.set(records, { ...result, loadSeconds });
      dbs.set(records, db);
    }
    const p50s = new Map<number, number[]>(sizes.map((records) => [records, []]));
    const ctx = (db: Db) => ({ db, caller: leader, now: () => now });
    // Untimed: JIT and the connections.
    for (const db of dbs.values()) for (let i = 0; i < 20; i++) await scorecard.get(ctx(db), 12);
    for (let round = 0; round < rounds; round++) {
      for (const records of rotation(sizes, round)) {
        const db = dbs.get(records) as Db;
        const latencies: number[] = [];
        for (let i = 0; i < perRound; i++) {
          const t0 = performance.now();
          await scorecard.get(ctx(db), 12);
          latencies.push(performance.now() - t0);
        }
        p50s.get(records)?.push(percentile(latencies, 50));
      }
    }
    const results: ScaleSize[] = [];
    for (const { records, tableName } of tables) {
      const counting = countingDb(endpoint, tableName);
      await scorecard.get(ctx(counting.db), 12);
      const localRcu = counting.consumed();
      let itemsRead = 0;
      let rulesRcu = 0;
      for (const input of scorecardQueries(counting.db, now)) {
        const { items } = await queryAllPages(counting.db, input);
        itemsRead += items.length;
        rulesRcu += queryUnits(items).rcu;
      }
      counting.db.doc.destroy();
      const load = loaded.get(records) ?? { items: 0, aggregates: 0, loadSeconds: 0 };
      results.push({ records, ...load, p50: p50s.get(records) ?? [], localRcu, rulesRcu, itemsRead });
    }
    return results;
  } finally {
    for (const db of dbs.values()) db.doc.destroy();
    raw.destroy();
  }
}
