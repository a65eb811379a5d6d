import type { Db } from '#data/client.ts';
import { listAcknowledgementsDue, replaceHandoff } from '#data/handoff-repository.ts';
import { listFirstResponsesDue, replaceReferral } from '#data/referral-repository.ts';
import { PreconditionFailedError } from '#domain/errors.ts';
import { handoffEvents } from '#domain/handoffs/events.ts';
import { referralEvents } from '#domain/referrals/events.ts';
import { logger } from '#lib/logger.ts';
import { markDueSoon } from './due-soon.ts';
import { type IssueSweepResult, sweepIssueTargets } from './issues.ts';
import { raiseEarlyWarnings, raiseWeeklyDigest } from './scorecard-watch.ts';

/** What one run marked; issues' own and resolve targets are swept by the issues capability. */
export interface SweepResult extends IssueSweepResult {
  readonly referralsMarkedOverdue: number;
  readonly handoffsMarkedOverdue: number;
  /** Referrals, handoffs and issues newly found due within the next working day. */
  readonly markedDueSoon: number;
  /** Early warnings raised for the last finished week (once a week; the leaders hear of each). */
  readonly earlyWarnings: number;
  /** Whether this run raised the week's digest for leaders. */
  readonly digest: boolean;
}

const batch = 25;
/** A bound on one run; what is left is found by the next. */
const maxRounds = 40;

/**
 * Marks every record a due-date index lists as overdue, as an event, in batches. A record that
 * changed in the meantime (answered at the last moment) is left as it is: its write fails on the
 * version and the next run finds whatever is still due.
 */
async function markAll<T>(
  listDue: (limit: number) => Promise<T[]>,
  mark: (record: T) => Promise<unknown>,
): Promise<number> {
  let marked = 0;
  for (let round = 0; round < maxRounds; round++) {
    const due = await listDue(batch);
    for (const record of due) {
      try {
        await mark(record);
        marked++;
      } catch (error) {
        if (!(error instanceof PreconditionFailedError)) throw error;
      }
    }
    if (due.length < batch) break;
  }
  return marked;
}

/**
 * Finds what came due and marks it overdue, as an event: referrals awaiting their first
 * response, handoffs awaiting their acknowledgement. It reads the due-date index, never the
 * whole table. Once a week it also raises the scorecard's early warnings and the leaders'
 * digest, as events the notifier turns into notifications and e-mail.
 */
export async function sweep(db: Db, now: Date): Promise<SweepResult> {
  const at = now.toISOString();
  const referralsMarkedOverdue = await markAll(
    (limit) => listFirstResponsesDue(db, now, limit),
    (before) =>
      replaceReferral(
        db,
        before,
        { ...before, overdue: true, version: before.version + 1, updatedAt: at },
        { type: referralEvents.overdue, actorId: 'system' },
      ),
  );
  const handoffsMarkedOverdue = await markAll(
    (limit) => listAcknowledgementsDue(db, now, limit),
    (before) =>
      replaceHandoff(
        db,
        before,
        { ...before, overdue: true, version: before.version + 1, updatedAt: at },
        { type: handoffEvents.overdue, actorId: 'system' },
      ),
  );
  const issueTargets = await sweepIssueTargets(db, now);
  const markedDueSoon = await markDueSoon(db, now);
  const earlyWarnings = await raiseEarlyWarnings(db, now);
  const digest = await raiseWeeklyDigest(db, now);
  if (referralsMarkedOverdue > 0 || handoffsMarkedOverdue > 0) {
    logger.info('sweep', { referralsMarkedOverdue, handoffsMarkedOverdue });
  }
  return { referralsMarkedOverdue, handoffsMarkedOverdue, markedDueSoon, earlyWarnings, digest, ...issueTargets };
}
