import { describe, expect, it } from 'vitest';
import { deliveryWindowMs, maxAttempts, nextAttemptAt, retryDelaysMs } from '#domain/webhooks/backoff.ts';

const start = new Date('2026-03-02T09:00:00.000Z');
const second = 1_000;
const minute = 60 * second;
const hour = 60 * minute;

/** The whole schedule of a message that never gets through, as offsets from its first attempt. */
function schedule(): number[] {
  const times = [0];
  let last = start;
  for (let attempts = 1; ; attempts++) {
    const next = nextAttemptAt(start, last, attempts);
    if (!next) return times;
    times.push(next.getTime() - start.getTime());
    last = next;
  }
}

describe('the retry schedule', () => {
  it('waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, then tries a last time a day after the first attempt', () => {
    expect(retryDelaysMs).toEqual([5 * second, 5 * minute, 30 * minute, 2 * hour, 5 * hour, 10 * hour]);
    expect(schedule()).toEqual([
      0,
      5 * second,
      5 * second + 5 * minute,
      5 * second + 35 * minute,
      5 * second + 2 * hour + 35 * minute,
      5 * second + 7 * hour + 35 * minute,
      5 * second + 17 * hour + 35 * minute,
      deliveryWindowMs,
    ]);
    expect(schedule()).toHaveLength(maxAttempts);
  });

  it('counts from the last attempt, so an attempt that ran late does not bunch the next ones', () => {
    const late = new Date(start.getTime() + 2 * minute);
    expect(nextAttemptAt(start, late, 1)).toEqual(new Date(late.getTime() + 5 * second));
  });

  it('has nothing after the last attempt, nor before the first', () => {
    expect(nextAttemptAt(start, start, maxAttempts)).toBeNull();
    expect(nextAttemptAt(start, start, 0)).toBeNull();
  });

  it('still tries the last time after the day if the one before it ran late', () => {
    const veryLate = new Date(start.getTime() + deliveryWindowMs + hour);
    expect(nextAttemptAt(start, veryLate, maxAttempts - 1)).toEqual(new Date(veryLate.getTime() + second));
  });
});
