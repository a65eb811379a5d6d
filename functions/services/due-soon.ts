import type { Db } from '#data/client.ts';
import { listDueBetween, markDueSoonOnce } from '#data/due-soon-repository.ts';
import { handoffKeys, issueKeys, referralKeys } from '#data/keys.ts';
import { getSettings } from '#data/settings-repository.ts';
import { addWorkingHours, type WorkingCalendar } from '#domain/handoffs/working-hours.ts';
import { config } from '#lib/config.ts';

/** The due-date queues that have someone to tell: a referral's owner, a team, an issue's owner. */
const queues = [
  { recordType: 'referral', partition: referralKeys.firstResponseDuePartition, recordPk: referralKeys.byId },
  { recordType: 'handoff', partition: handoffKeys.acknowledgementDuePartition, recordPk: handoffKeys.byId },
  { recordType: 'issue', partition: issueKeys.resolveDuePartition, recordPk: issueKeys.byId },
] as const;

/** One working day of the organisation's working hours, from now: what counts as "due soon". */
export function dueSoonHorizon(now: Date, calendar: WorkingCalendar): Date {
  const [startHours = 0, startMinutes = 0] = calendar.start.split(':').map(Number);
  const [endHours = 0, endMinutes = 0] = calendar.end.split(':').map(Number);
  const hours = endHours + endMinutes / 60 - (startHours + startMinutes / 60);
  return addWorkingHours(now, Math.max(hours, 0), calendar);
}

/**
 * Marks what falls due within the next working day, once per due date: a `<type>.due_soon`
 * event in the record's timeline (the notifier tells whoever it concerns) and a marker that it
 * was marked, in one transaction. The record itself is not rewritten, so nobody's edit of it
 * meets a stale version because of this. A due date that moves (a resubmitted handoff) is a new
 * due date, and is marked again.
 */
export async function markDueSoon(db: Db, now: Date): Promise<number> {
  const settings = await getSettings(db);
  const horizon = dueSoonHorizon(now, { ...settings.workingHours, timeZone: config.ORG_TIME_ZONE });
  let marked = 0;
  for (const queue of queues) {
    for (const { id, dueAt } of await listDueBetween(db, queue.partition, now, horizon)) {
      if (await markDueSoonOnce(db, { ...queue, recordPk: queue.recordPk(id).pk, id, dueAt }, now)) marked++;
    }
  }
  return marked;
}
