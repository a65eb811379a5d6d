/**
 * Fixed-bucket duration histograms. Durations are kept as counts per bucket (and their sum),
 * so they add up across records, weeks and dimensions, and a median or a 90th percentile is
 * read from the buckets in constant time. A percentile is the upper bound of the bucket that
 * holds the observation of that rank (nearest-rank method): "90% were answered within 8 h".
 * An observation beyond the last bound reports the last bound (the figure says "at least").
 */

/** Upper bounds, in minutes: 15 min, 30 min, 1 h, 2 h, 4 h, 8 h, 1 d, 2 d, 3 d, 1 w, 2 w, 30 d. */
export const bucketBoundsMinutes = [15, 30, 60, 120, 240, 480, 1_440, 2_880, 4_320, 10_080, 20_160, 43_200] as const;

/** One bucket per bound, and one for everything longer. */
export const bucketCount = bucketBoundsMinutes.length + 1;

export interface Histogram {
  /** How many observations. */
  readonly n: number;
  /** Their total, in minutes (for a mean). */
  readonly sum: number;
  /** Counts per bucket, `bucketCount` long. */
  readonly buckets: readonly number[];
}

export const emptyHistogram = (): Histogram => ({ n: 0, sum: 0, buckets: new Array(bucketCount).fill(0) });

/** The bucket an observation falls in: the first whose bound it does not exceed. */
export function bucketOf(minutes: number): number {
  const index = bucketBoundsMinutes.findIndex((bound) => minutes <= bound);
  return index === -1 ? bucketBoundsMinutes.length : index;
}

export function observe(histogram: Histogram, minutes: number): Histogram {
  const buckets = [...histogram.buckets];
  const index = bucketOf(Math.max(0, minutes));
  buckets[index] = (buckets[index] ?? 0) + 1;
  return { n: histogram.n + 1, sum: histogram.sum + Math.max(0, minutes), buckets };
}

export function mergeHistograms(a: Histogram, b: Histogram): Histogram {
  return {
    n: a.n + b.n,
    sum: a.sum + b.sum,
    buckets: Array.from({ length: bucketCount }, (_, index) => (a.buckets[index] ?? 0) + (b.buckets[index] ?? 0)),
  };
}

/** The `q`-quantile (0 < q ≤ 1) in minutes, read from the buckets; null without observations. */
export function percentile(histogram: Histogram, q: number): number | null {
  if (!(q > 0 && q <= 1)) throw new RangeError('A quantile is in (0, 1].');
  const total = histogram.buckets.reduce((sum, count) => sum + count, 0);
  if (total <= 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let index = 0; index < bucketCount; index++) {
    seen += histogram.buckets[index] ?? 0;
    if (seen >= rank) return bucketBoundsMinutes[Math.min(index, bucketBoundsMinutes.length - 1)] ?? null;
  }
  return bucketBoundsMinutes[bucketBoundsMinutes.length - 1] ?? null;
}

export const median = (histogram: Histogram) => percentile(histogram, 0.5);
export const p90 = (histogram: Histogram) => percentile(histogram, 0.9);
