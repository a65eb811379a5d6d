import type { Db } from '#data/client.ts';
import { listFirstResponsesDue, replaceReferral } from '#data/referral-repository.ts';
import { PreconditionFailedError } from '#domain/errors.ts';
import { logger } from '#lib/logger.ts';

export interface SweepResult {
  readonly referralsMarkedOverdue: number;
}

const batch = 25;
/** A bound on one run; what is left is found by the next. */
const maxRounds = 40;

/**
 * Finds what came due and marks it overdue, as an event. It reads the due-date index, never
 * the whole table; a record that changed in the meantime (answered at the last moment) is left
 * as it is, and the next run finds whatever is still due.
 */
export async function sweep(db: Db, now: Date): Promise<SweepResult> {
  let referralsMarkedOverdue = 0;
  for (let round = 0; round < maxRounds; round++) {
    const due = await listFirstResponsesDue(db, now, batch);
    for (const before of due) {
      try {
        await replaceReferral(
          db,
          before,
          { ...before, overdue: true, version: before.version + 1, updatedAt: now.toISOString() },
          { type: 'referral.overdue', actorId: 'system' },
        );
        referralsMarkedOverdue++;
      } catch (error) {
        if (!(error instanceof PreconditionFailedError)) throw error;
      }
    }
    if (due.length < batch) break;
  }
  if (referralsMarkedOverdue > 0) logger.info('sweep', { referralsMarkedOverdue });
  return { referralsMarkedOverdue };
}
