import type { Handoff } from '#domain/handoffs/schemas.ts';
import { addWorkingHours, type WorkingCalendar } from '#domain/handoffs/working-hours.ts';
import type { Issue } from '#domain/issues/schemas.ts';
import type { Referral } from '#domain/referrals/schemas.ts';
import * as z from '#lib/zod.ts';

/** One thing someone must do by a time: what it is, on which record. */
export const workItemSchema = z
  .object({
    recordType: z.enum(['referral', 'handoff', 'issue']),
    id: z.string(),
    label: z.string(),
    dueAt: z.string(),
    what: z.enum(['first response due', 'acknowledgement due', 'ownership due', 'resolution due']),
  })
  .apply(z.withMeta, { id: 'WorkItem' });
export type WorkItem = z.infer<typeof workItemSchema>;

/** A play the caller owns: a follow-up a leader made of a scorecard mover, open until closed with a note. */
export const playWorkSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    dueOn: z.string(),
    dueAt: z.string(),
    overdue: z.boolean(),
    /** The mover it came from, in words: "Sales → Support: Returned". */
    mover: z.string(),
  })
  .apply(z.withMeta, { id: 'PlayWork' });
export type PlayWork = z.infer<typeof playWorkSchema>;

export const myWorkSchema = z
  .object({
    overdue: z.array(workItemSchema),
    dueSoon: z.array(workItemSchema),
    /** The end of the next working day's worth of working hours: what is due before it is "due soon". */
    horizon: z.string(),
    /** True when a list was cut at its bound (leaders, in a busy organisation). */
    truncated: z.boolean(),
    /** The caller's own open plays, whatever their due date, soonest first (at most 100). */
    plays: z.array(playWorkSchema),
    /** Why the lists are empty by rule (partners and advocates wait on staff, they owe nothing). */
    message: z.optional(z.string()),
  })
  .apply(z.withMeta, { id: 'MyWork' });
export type MyWork = z.infer<typeof myWorkSchema>;

/** Hours of one working day of the calendar. */
function workingDayHours(calendar: WorkingCalendar): number {
  const minutes = (time: string) => {
    const [hours = 0, mins = 0] = time.split(':').map(Number);
    return hours * 60 + mins;
  };
  return (minutes(calendar.end) - minutes(calendar.start)) / 60;
}

/**
 * "Within the next working day": one working day's worth of working hours from now, so that on
 * Friday evening Monday's whole day is in, and on Tuesday at 10:00 everything until Wednesday
 * at 10:00 of working time is.
 */
export function dueSoonHorizon(now: Date, calendar: WorkingCalendar): Date {
  return addWorkingHours(now, workingDayHours(calendar), calendar);
}

const cut = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export const referralWork = (referral: Referral): WorkItem => ({
  recordType: 'referral',
  id: referral.id,
  label: cut(referral.company.name),
  dueAt: referral.firstResponseDueAt,
  what: 'first response due',
});

export const handoffWork = (handoff: Handoff): WorkItem => ({
  recordType: 'handoff',
  id: handoff.id,
  label: cut(handoff.summary),
  dueAt: handoff.ackDueAt,
  what: 'acknowledgement due',
});

/** An issue's pending target: ownership while reported and in time to own, else resolution. */
export function issueWork(issue: Issue): WorkItem {
  // Time to own never exceeds time to resolve: a reported issue owes its owner first, unless
  // even its resolution target has passed.
  const ownership = issue.status === 'reported' && !issue.resolveBreached;
  return {
    recordType: 'issue',
    id: issue.id,
    label: cut(`${issue.severity.toUpperCase()}: ${issue.impact}`),
    dueAt: ownership ? issue.ownDueAt : issue.resolveDueAt,
    what: ownership ? 'ownership due' : 'resolution due',
  };
}

/**
 * Splits work into what is overdue (due before now) and what is due soon, each soonest first,
 * each at most `limit` long; an item found twice (read from two queues) is kept once.
 */
export function arrangeWork(
  items: readonly WorkItem[],
  now: Date,
  limit: number,
): { overdue: WorkItem[]; dueSoon: WorkItem[]; truncated: boolean } {
  const seen = new Set<string>();
  const unique = items.filter((item) => {
    const key = `${item.recordType}#${item.id}#${item.what}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const byDue = (a: WorkItem, b: WorkItem) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id);
  const at = now.toISOString();
  const overdue = unique.filter((item) => item.dueAt < at).sort(byDue);
  const dueSoon = unique.filter((item) => item.dueAt >= at).sort(byDue);
  return {
    overdue: overdue.slice(0, limit),
    dueSoon: dueSoon.slice(0, limit),
    truncated: overdue.length > limit || dueSoon.length > limit,
  };
}
