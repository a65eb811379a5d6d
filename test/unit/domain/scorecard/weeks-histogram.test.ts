import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  emptyHistogram,
  median,
  mergeHistograms,
  observe,
  p90,
  percentile,
} from '#domain/scorecard/histogram.ts';
import { isoWeek, recentWeeks } from '#domain/scorecard/weeks.ts';

describe('ISO weeks in the organisation time zone', () => {
  it('names the week of an instant', () => {
    expect(isoWeek('2026-11-18T12:00:00Z', 'Europe/London')).toBe('2026-W47');
    expect(isoWeek('2026-01-01T12:00:00Z', 'UTC')).toBe('2026-W01');
  });

  it('puts days around new year in the ISO year of their Thursday', () => {
    expect(isoWeek('2027-01-01T12:00:00Z', 'UTC')).toBe('2026-W53');
    expect(isoWeek('2024-12-30T12:00:00Z', 'UTC')).toBe('2025-W01');
  });

  it('uses the local date, not UTC', () => {
    // Sunday 23:30 in UTC is already Monday in Berlin, and still Sunday evening in New York.
    expect(isoWeek('2026-03-01T23:30:00Z', 'UTC')).toBe('2026-W09');
    expect(isoWeek('2026-03-01T23:30:00Z', 'Europe/Berlin')).toBe('2026-W10');
    expect(isoWeek('2026-03-02T03:00:00Z', 'America/New_York')).toBe('2026-W09');
  });

  it('lists the recent weeks oldest first, ending with this one', () => {
    expect(recentWeeks(new Date('2026-01-07T12:00:00Z'), 3, 'UTC')).toEqual(['2025-W52', '2026-W01', '2026-W02']);
  });

  it('refuses something that is not an instant', () => {
    expect(() => isoWeek('yesterday', 'UTC')).toThrow(RangeError);
  });
});

describe('duration histograms', () => {
  it('puts an observation in the first bucket whose bound it does not exceed', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(15)).toBe(0);
    expect(bucketOf(16)).toBe(1);
    expect(bucketOf(1_440)).toBe(6);
    expect(bucketOf(100_000)).toBe(12);
  });

  it('reads median and p90 from the buckets (nearest rank, upper bound)', () => {
    let histogram = emptyHistogram();
    for (const minutes of [5, 10, 20, 50, 100, 200, 300, 400, 1_000, 3_000]) histogram = observe(histogram, minutes);
    expect(histogram.n).toBe(10);
    expect(histogram.sum).toBe(5_085);
    // Ranks 5 and 9 of 10: 100 min (≤ 120) and 1,000 min (≤ 1,440).
    expect(median(histogram)).toBe(120);
    expect(p90(histogram)).toBe(1_440);
    expect(percentile(histogram, 1)).toBe(4_320);
  });

  it('has no percentile without observations, and reports the last bound for the overflow bucket', () => {
    expect(median(emptyHistogram())).toBeNull();
    expect(p90(observe(emptyHistogram(), 99_999))).toBe(43_200);
    expect(() => percentile(emptyHistogram(), 0)).toThrow(RangeError);
  });

  it('adds up across weeks and dimensions', () => {
    const a = observe(emptyHistogram(), 10);
    const b = observe(observe(emptyHistogram(), 500), 600);
    const merged = mergeHistograms(a, b);
    expect(merged.n).toBe(3);
    expect(median(merged)).toBe(1_440);
  });
});
