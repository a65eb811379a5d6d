/**
 * When a failed delivery is tried again: the Standard Webhooks (Svix) schedule, 5 seconds,
 * 5 minutes, 30 minutes, 2 hours, 5 hours, 10 hours, then a last attempt a day after the first.
 * Eight attempts in all; a delivery whose last attempt fails has failed for good.
 */
export const retryDelaysMs = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000] as const;

/** How long a message is tried, and how long an endpoint may fail before it is disabled. */
export const deliveryWindowMs = 24 * 3_600_000;

export const maxAttempts = retryDelaysMs.length + 2;

/**
 * The time of the next attempt after `attempts` failed ones (the first at `firstAttemptAt`),
 * or null when there is none left.
 */
export function nextAttemptAt(firstAttemptAt: Date, lastAttemptAt: Date, attempts: number): Date | null {
  if (attempts < 1 || attempts >= maxAttempts) return null;
  const delay = retryDelaysMs[attempts - 1];
  if (delay !== undefined) return new Date(lastAttemptAt.getTime() + delay);
  // The last one: a day after the first, so the message is tried for a whole day.
  return new Date(Math.max(firstAttemptAt.getTime() + deliveryWindowMs, lastAttemptAt.getTime() + 1_000));
}
