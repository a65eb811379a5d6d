/** Small statistics over samples: the bench reports medians with their spread, never means. */

export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly n: number;
}

/** The value below which `p` (0–100) of the samples fall, nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function spread(samples: readonly number[]): Spread {
  return {
    min: samples.length ? Math.min(...samples) : Number.NaN,
    median: median(samples),
    max: samples.length ? Math.max(...samples) : Number.NaN,
    n: samples.length,
  };
}

/** The order of the contenders in round `round`: rotated, so neither always goes first. */
export function rotation<T>(items: readonly T[], round: number): T[] {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/**
 * Runs `operation` `total` times with at most `concurrency` in flight and returns the latency
 * in milliseconds of each one that did not return `false`, and the wall time of the batch.
 */
export async function runPool(
  concurrency: number,
  total: number,
  operation: (index: number) => Promise<boolean | undefined>,
): Promise<{ latencies: number[]; elapsedMs: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= total) return;
      const t0 = performance.now();
      const counted = await operation(index);
      if (counted !== false) latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return { latencies, elapsedMs: performance.now() - started };
}
