import { describe, expect, it } from 'vitest';
import { accumulate, contributionsOf } from '#domain/scorecard/derive.ts';
import { movers } from '#domain/scorecard/movers.ts';
import { defaultThresholds, defaultWeights } from '#domain/scorecard/scoring.ts';

const tz = 'Europe/London';

/** Five handoffs from t1 to t2 in a week (2026-W10 or W11), `returned` of them returned. */
const week = (monday: string, returned: number, prefix: string) =>
  Array.from({ length: 5 }, (_, index) => ({
    entity: 'handoff',
    id: `${prefix}${index}`,
    fromTeamId: 't1',
    toTeamId: 't2',
    createdAt: `${monday}T10:00:00.000Z`,
    returnCount: index < returned ? 1 : 0,
  }));

const settings = (minimumSample: number) => ({ weights: defaultWeights, thresholds: defaultThresholds, minimumSample });

describe('movers', () => {
  const items = [...week('2026-03-02', 0, 'a'), ...week('2026-03-09', 3, 'b')];
  const entries = [
    ...accumulate(
      new Map(),
      items.flatMap((item) => contributionsOf(item, tz)),
      1,
    ).values(),
  ];

  it('lists what moved against the previous period, which way is worse, and on what sample', () => {
    const moved = movers(entries, ['2026-W11'], ['2026-W10'], settings(5));
    expect(moved.internal).toHaveLength(3);
    expect(moved.internal).toContainEqual({
      figure: 'handoffs.returned_rate',
      name: 'Returned for missing information',
      unit: 'ratio',
      dimension: 'pair:t1:t2',
      label: 't1 → t2',
      previous: 0,
      current: 0.6,
      sampleSize: 5,
      direction: 'worse',
    });
    expect(moved.external).toEqual([]);
    // The other way round, fewer returns is better.
    expect(movers(entries, ['2026-W10'], ['2026-W11'], settings(5)).internal[0]?.direction).toBe('better');
  });

  it('leaves out what stands on fewer records than the minimum sample', () => {
    expect(movers(entries, ['2026-W11'], ['2026-W10'], settings(6)).internal).toEqual([]);
  });
});
