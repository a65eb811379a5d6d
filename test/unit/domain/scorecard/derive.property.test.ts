import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AggregateKey,
  type Aggregates,
  type AggregateValues,
  accumulate,
  aggregateDelta,
  aggregateMapKey,
  contributionsOf,
  isZero,
  type Member,
  memberDelta,
  memberMapKey,
  membersOf,
  zeroValues,
} from '#domain/scorecard/derive.ts';
import * as records from './records.arbitrary.ts';
import { instant, maybe, partyId, stage } from './records.arbitrary.ts';

/**
 * The aggregator's rule against reconcile's: any sequence of changes to any records (each a
 * new image of the record, or its removal), applied one by one as the difference between old
 * and new image, gives the same counters, histograms and member items as the contributions of
 * the final images summed from scratch.
 */

type Item = Record<string, unknown>;
const timeZone = 'Europe/London';

const withId =
  <T>(arbitrary: fc.Arbitrary<T>) =>
  (id: string) =>
    arbitrary.map((record) => ({ ...record, id }));
const referral = withId(records.referral);
const handoff = withId(records.handoff);
const issue = withId(records.issue);
const customer = withId(records.customer);

/** Events are written once and never change; a later image of the same key is the same event. */
const event = (id: string) =>
  fc.oneof(
    fc.record({
      entity: fc.constant('event'),
      id: fc.constant(id),
      recordType: fc.constant('referral'),
      recordId: fc.constantFrom('r1', 'r2'),
      type: fc.constantFrom('referral.won', 'referral.lost', 'referral.accepted'),
      at: instant,
      after: fc.record({ status: fc.constant('won'), partnerId: maybe(partyId), referrerId: fc.constant('u1') }),
    }),
    fc.record({
      entity: fc.constant('event'),
      id: fc.constant(id),
      recordType: fc.constant('customer'),
      recordId: fc.constantFrom('c1', 'c2'),
      type: fc.constant('customer.lifecycle_moved'),
      at: instant,
      after: fc.record({ lifecycle: stage }),
    }),
  );

const kinds = { referral, handoff, issue, customer, event } as const;
const keys = [
  ['referral', 'r1'],
  ['referral', 'r2'],
  ['handoff', 'h1'],
  ['issue', 'i1'],
  ['issue', 'i2'],
  ['customer', 'c1'],
  ['event', 'e1'],
  ['event', 'e2'],
] as const;

/** One change: a record (by its key) gets a new image, or is removed. */
const change = fc
  .constantFrom(...keys)
  .chain(([kind, id]) =>
    fc.oneof(
      { weight: 5, arbitrary: kinds[kind](id).map((image) => ({ key: `${kind}#${id}`, image: image as Item })) },
      { weight: 1, arbitrary: fc.constant({ key: `${kind}#${id}`, image: undefined as Item | undefined }) },
    ),
  );

/** Drops `undefined` fields, as a stored item has none. */
const stored = (image: Item | undefined): Item | undefined =>
  image && Object.fromEntries(Object.entries(image).filter(([, value]) => value !== undefined));

/** Adds one aggregate change into a map of aggregates, as the counters' ADD does. */
function add(into: Aggregates, entry: AggregateKey & { values: AggregateValues }) {
  const key = aggregateMapKey(entry);
  const existing = into.get(key) ?? { ...entry, values: zeroValues() };
  into.set(key, existing);
  existing.values.count += entry.values.count;
  existing.values.n += entry.values.n;
  existing.values.sum += entry.values.sum;
  existing.values.buckets = existing.values.buckets.map((count, index) => count + (entry.values.buckets[index] ?? 0));
}

const nonZero = (aggregates: Aggregates) =>
  Object.fromEntries(
    [...aggregates].filter(([, entry]) => !isZero(entry.values)).sort(([a], [b]) => a.localeCompare(b)),
  );

const sortedMembers = (members: Iterable<Member>) =>
  [...members]
    .map((member) => ({ ...member, dimensions: [...member.dimensions] }))
    .sort((a, b) => memberMapKey(a).localeCompare(memberMapKey(b)));

describe('incremental aggregation equals recomputation', () => {
  it('for any sequence of changes to any records', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 40 }), (changes) => {
        const images = new Map<string, Item>();
        const incremental: Aggregates = new Map();
        const members = new Map<string, Member>();
        for (const { key, image } of changes) {
          const before = images.get(key);
          const after = stored(image);
          // A timeline event is immutable: once written, a later "change" of it does not happen.
          if (before?.entity === 'event' && after) continue;
          for (const entry of aggregateDelta(before, after, timeZone).values()) add(incremental, entry);
          const delta = memberDelta(before, after, timeZone);
          for (const member of delta.remove) members.delete(memberMapKey(member));
          for (const member of delta.put) members.set(memberMapKey(member), member);
          if (after) images.set(key, after);
          else images.delete(key);
        }
        const recomputed: Aggregates = new Map();
        for (const image of images.values()) accumulate(recomputed, contributionsOf(image, timeZone), 1);
        expect(nonZero(incremental)).toEqual(nonZero(recomputed));
        expect(sortedMembers(members.values())).toEqual(
          sortedMembers([...images.values()].flatMap((image) => membersOf(image, timeZone))),
        );
        // Nothing goes below zero on the way: every count is what some record still contributes.
        for (const entry of incremental.values()) expect(entry.values.n).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });
});
