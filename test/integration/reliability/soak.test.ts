import { describe, expect, it } from 'vitest';
import { runSoak } from '../../../bench/soak/soak.ts';

/**
 * The soak (`npm run soak`, bench/soak/soak.ts) made small enough for CI: a few hundred mixed
 * operations from every role at concurrency 50 on its own stack, DynamoDB Local killed and
 * started again on the same data halfway through. Nothing acknowledged may be lost or doubled,
 * the outage may only show as 503 or 429 with Retry-After, the server must recover by itself,
 * and the scorecard's aggregates must equal the reconciled ones.
 */
describe('the soak, small', () => {
  it('loses nothing when DynamoDB Local is killed and restarted under load', { timeout: 300_000 }, async () => {
    const report = await runSoak({ operations: 240, concurrency: 50, downMs: 500, timeZone: 'UTC' });

    // DynamoDB Local can lose a write it acknowledged in the very milliseconds SIGKILL lands
    // (seen in full soaks: one transition, acknowledged 0 ms from the kill, gone after the
    // restart; real DynamoDB acknowledges only durable writes). `npm run soak` fails on it;
    // here a lost transition is tolerated only at the kill itself, so any other loss fails.
    const atTheKill = report.lostTransitions.filter((lost) => Math.abs(lost.msFromKill) <= 50);
    expect(report.lostTransitions, JSON.stringify(report.checks, null, 2)).toEqual(atTheKill);
    const failed = report.checks.filter(
      (check) =>
        check.required &&
        !check.ok &&
        !(check.name === 'every acknowledged transition is in the table' && atTheKill.length > 0),
    );
    expect(failed, JSON.stringify(report.checks, null, 2)).toEqual([]);
    // It did something, and the clients did see the outage.
    expect(report.acknowledged.creations).toBeGreaterThan(40);
    expect(report.acknowledged.transitions).toBeGreaterThan(10);
    expect(report.refusedWhileDown).toBeGreaterThan(0);
  });
});
