import { type AggregateEntry, listAllAggregates, putAggregate, scanScoredItems } from '#data/aggregate-repository.ts';
import type { Db } from '#data/client.ts';
import {
  type Aggregates,
  type AggregateValues,
  accumulate,
  aggregateMapKey,
  contributionsOf,
  isZero,
  zeroValues,
} from '#domain/scorecard/derive.ts';

export interface AggregateDifference {
  readonly key: string;
  readonly expected: AggregateValues;
  readonly actual: AggregateValues;
}

export interface ReconcileResult {
  readonly recordsScanned: number;
  readonly aggregatesCompared: number;
  readonly differences: AggregateDifference[];
  readonly fixed: number;
}

const same = (a: AggregateValues, b: AggregateValues) =>
  a.count === b.count &&
  a.n === b.n &&
  a.sum === b.sum &&
  a.buckets.every((count, index) => count === b.buckets[index]);

/** Every aggregate recomputed from the raw records (a Scan): what the aggregator should have kept. */
export async function recomputeAggregates(
  db: Db,
  timeZone: string,
): Promise<{ expected: Aggregates; scanned: number }> {
  const expected: Aggregates = new Map();
  let scanned = 0;
  await scanScoredItems(db, (items) => {
    for (const item of items) {
      scanned++;
      accumulate(expected, contributionsOf(item, timeZone), 1);
    }
  });
  return { expected, scanned };
}

/**
 * Compares the stored aggregates with the recomputed ones and, with `fix`, overwrites those
 * that differ. (Run it while the stream is quiet: a change aggregated during the fix may be
 * overwritten, and the next reconcile shows it.)
 */
export async function reconcile(db: Db, options: { timeZone: string; fix?: boolean }): Promise<ReconcileResult> {
  const { expected, scanned } = await recomputeAggregates(db, options.timeZone);
  const actual = new Map<string, AggregateEntry>();
  for (const entry of await listAllAggregates(db)) actual.set(aggregateMapKey(entry), entry);
  const differences: AggregateDifference[] = [];
  const repairs: AggregateEntry[] = [];
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    const want = expected.get(key);
    const have = actual.get(key);
    const expectedValues = want?.values ?? zeroValues();
    const actualValues = have?.values ?? zeroValues();
    if (same(expectedValues, actualValues)) continue;
    if (!have && isZero(expectedValues)) continue;
    differences.push({ key, expected: expectedValues, actual: actualValues });
    const entry = want ?? have;
    if (entry) repairs.push({ ...entry, values: expectedValues });
  }
  let fixed = 0;
  if (options.fix) {
    for (const entry of repairs) {
      await putAggregate(db, entry);
      fixed++;
    }
  }
  return { recordsScanned: scanned, aggregatesCompared: actual.size, differences, fixed };
}
