import { describe, expect, it } from 'vitest';
import { runSoak } from '../../../bench/soak/soak.ts';

/**
 * The soak (`npm run soak`, bench/soak/soak.ts) made small enough for CI: a few hundred mixed
 * operations from every role at concurrency 50 on its own stack, DynamoDB Local killed and
 * started again on the same data halfway through (operations keep coming while it is down). Nothing acknowledged may be lost or doubled,
 * the outage may only show as 503 or 429 with Retry-After, the server must recover by itself,
 * and the scorecard's aggregates must equal the reconciled ones.
 */
describe('the soak, small', () => {
  it('loses nothing when DynamoDB Local is killed and restarted under load', { timeout: 300_000 }, async () => {
    // Settled before the kill: no write is acknowledged in the milliseconds SIGKILL lands, the
    // window in which DynamoDB Local (not DynamoDB) can still lose a transaction it answered.
    const report = await runSoak({
      operations: 240,
      concurrency: 50,
      downMs: 500,
      timeZone: 'UTC',
      settleBeforeKill: true,
    });

    const failed = report.checks.filter((check) => check.required && !check.ok);
    expect(failed, JSON.stringify(report.checks, null, 2)).toEqual([]);
    // It did something, and the clients did see the outage.
    expect(report.acknowledged.creations).toBeGreaterThan(40);
    expect(report.acknowledged.transitions).toBeGreaterThan(10);
    expect(report.refusedWhileDown).toBeGreaterThan(0);
  });
});
