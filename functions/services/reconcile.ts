import {
  type AggregateEntry,
  deleteMember,
  listAllAggregates,
  putAggregate,
  putMember,
  scanMembers,
  scanScoredItems,
} from '#data/aggregate-repository.ts';
import type { Db } from '#data/client.ts';
import {
  type Aggregates,
  type AggregateValues,
  accumulate,
  aggregateMapKey,
  derive,
  isZero,
  type Member,
  memberMapKey,
  sameMember,
  zeroValues,
} from '#domain/scorecard/derive.ts';

export interface AggregateDifference {
  readonly key: string;
  readonly expected: AggregateValues;
  readonly actual: AggregateValues;
}

/** A member item that is missing (`actual` undefined), extra (`expected` undefined) or different. */
export interface MemberDifference {
  readonly key: string;
  readonly expected: Member | undefined;
  readonly actual: Member | undefined;
}

export interface ReconcileResult {
  readonly recordsScanned: number;
  readonly aggregatesCompared: number;
  readonly differences: AggregateDifference[];
  readonly fixed: number;
  readonly membersCompared: number;
  readonly memberDifferences: MemberDifference[];
  readonly membersFixed: number;
}

const same = (a: AggregateValues, b: AggregateValues) =>
  a.count === b.count &&
  a.n === b.n &&
  a.sum === b.sum &&
  a.buckets.every((count, index) => count === b.buckets[index]);

/**
 * Every aggregate and member recomputed from the raw records (a Scan): what the aggregator
 * should have kept.
 */
export async function recomputeAggregates(
  db: Db,
  timeZone: string,
): Promise<{ expected: Aggregates; members: Map<string, Member>; scanned: number }> {
  const expected: Aggregates = new Map();
  const members = new Map<string, Member>();
  let scanned = 0;
  await scanScoredItems(db, (items) => {
    for (const item of items) {
      scanned++;
      const derived = derive(item, timeZone);
      accumulate(expected, derived.contributions, 1);
      for (const member of derived.members) members.set(memberMapKey(member), member);
    }
  });
  return { expected, members, scanned };
}

async function reconcileMembers(db: Db, expected: Map<string, Member>, fix: boolean) {
  const actual = new Map((await scanMembers(db)).map((member) => [memberMapKey(member), member]));
  const differences: MemberDifference[] = [];
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    const want = expected.get(key);
    const have = actual.get(key);
    if (want && have && sameMember(want, have)) continue;
    differences.push({ key, expected: want, actual: have });
  }
  let fixed = 0;
  if (fix) {
    for (const difference of differences) {
      if (difference.expected) await putMember(db, difference.expected);
      else if (difference.actual) await deleteMember(db, difference.actual);
      fixed++;
    }
  }
  return { compared: actual.size, differences, fixed };
}

/**
 * Compares the stored aggregates and members with the recomputed ones and, with `fix`,
 * overwrites those that differ (and removes members no record explains). (Run it while the stream is quiet: a change aggregated during the fix may be
 * overwritten, and the next reconcile shows it.)
 */
export async function reconcile(db: Db, options: { timeZone: string; fix?: boolean }): Promise<ReconcileResult> {
  const { expected, members, scanned } = await recomputeAggregates(db, options.timeZone);
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
  const memberResult = await reconcileMembers(db, members, options.fix === true);
  return {
    recordsScanned: scanned,
    aggregatesCompared: actual.size,
    differences,
    fixed,
    membersCompared: memberResult.compared,
    memberDifferences: memberResult.differences,
    membersFixed: memberResult.fixed,
  };
}
