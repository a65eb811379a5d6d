import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accumulate, contributionsOf, currentPeriod, type Member, membersOf } from '#domain/scorecard/derive.ts';
import { drillOf, summarize } from '#domain/scorecard/drilldown.ts';
import { buildScorecard, figureDefinitions } from '#domain/scorecard/scorecard.ts';
import { defaultThresholds, defaultWeights } from '#domain/scorecard/scoring.ts';
import { customer, handoff, instant, issue, maybe, partyId, referral, stage } from './records.arbitrary.ts';

/**
 * A drill-down is the number: over any history of records, the records the drill-down of a
 * figure lists (in the scorecard's whole period, or in any one of its weeks, under any of its
 * dimensions) add up to the figure by its own formula. A count is as many records; a share is
 * met ÷ all; a duration's median and 90th percentile and a rating's mean follow from the
 * records' measured values. The service reads the same member items from the table.
 */

type Item = Record<string, unknown>;
const timeZone = 'Europe/London';
const weeks = ['2026-W12', '2026-W13', '2026-W14', '2026-W15', '2026-W16'];

const event = fc.oneof(
  fc.record({
    entity: fc.constant('event'),
    recordType: fc.constant('referral'),
    recordId: fc.constantFrom('r1', 'r2'),
    type: fc.constantFrom('referral.won', 'referral.lost'),
    at: instant,
    after: fc.record({ partnerId: maybe(partyId), referrerId: fc.constant('u1') }),
  }),
  fc.record({
    entity: fc.constant('event'),
    recordType: fc.constant('customer'),
    recordId: fc.constantFrom('c1', 'c2'),
    type: fc.constant('customer.lifecycle_moved'),
    at: instant,
    after: fc.record({ lifecycle: stage }),
  }),
);

/** A history: records of every kind, each with its own id, as stored (no undefined fields). */
const history = fc.array(fc.oneof(referral, handoff, issue, customer, event), { maxLength: 40 }).map((items) =>
  items.map(
    (item, index): Item => ({
      ...Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined)),
      id: `x${index}`,
    }),
  ),
);

/** The members a drill-down reads, as the service does: by partition, narrowed to its dimensions. */
function drillRecords(members: readonly Member[], id: string, dimension: string, periods: readonly string[]) {
  const drill = drillOf(id, dimension);
  if (!drill) throw new Error(`No drill-down for ${id}`);
  const read = drill.level ? [currentPeriod] : periods;
  const records = drill.sources.flatMap((source) =>
    members
      .filter(
        (member) =>
          member.figure === source.figure &&
          read.includes(member.period) &&
          source.dimensions.every((wanted) => member.dimensions.includes(wanted)),
      )
      .map((member) => ({ outcome: source.outcome ?? member.outcome, value: member.value })),
  );
  return summarize(drill.unit, records);
}

describe('a drill-down is the number', () => {
  it('over any history: a count is its records, a share met ÷ all, a duration or rating its values', () => {
    fc.assert(
      fc.property(history, (items) => {
        const entries = [
          ...accumulate(
            new Map(),
            items.flatMap((item) => contributionsOf(item, timeZone)),
            1,
          ).values(),
        ];
        const members = items.flatMap((item) => membersOf(item, timeZone));
        const view = buildScorecard(entries, weeks, { weights: defaultWeights, thresholds: defaultThresholds });
        for (const figure of view.pillars.flatMap((pillar) => pillar.figures)) {
          const definition = figureDefinitions.find((candidate) => candidate.id === figure.id);
          const points = [
            { dimension: 'all', periods: weeks, point: figure },
            ...figure.byDimension.map((point) => ({ dimension: point.dimension, periods: weeks, point })),
            // A level's past weeks are worked back from today's value: only its last one has records.
            ...(definition?.level
              ? []
              : figure.trend.map((point) => ({ dimension: 'all', periods: [point.week], point }))),
          ];
          for (const { dimension, periods, point } of points) {
            const summary = drillRecords(members, figure.id, dimension, periods);
            const where = `${figure.id} ${dimension} ${periods.join(',')}`;
            expect(summary.value, where).toBe(point.value);
            expect(summary.sampleSize, where).toBe(point.sampleSize);
            if (figure.unit === 'minutes') expect(summary.p90, where).toBe(point.p90);
            if (figure.unit === 'ratio' && point.value !== null)
              expect((summary.met ?? 0) / summary.sampleSize, where).toBe(point.value);
          }
        }
      }),
      { numRuns: 80 },
    );
    // Many figures and dimensions per history: a busy machine needs more than the default 5 s.
  }, 60_000);
});
