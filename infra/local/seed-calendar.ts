import { addWorkingHours, defaultWorkingHours, type WorkingCalendar } from '#domain/handoffs/working-hours.ts';
import { mondayOfWeek } from '#domain/scorecard/weeks.ts';

/** How many whole weeks before the current one the demo's history covers. */
export const demoHistoryWeeks = 11;

/**
 * A thinner period before the history, so that the scorecard's default twelve weeks have a
 * previous period to compare with and every pillar shows movers: a few records of each kind,
 * in the weeks 12 to 15 before the current one, shaped to differ from the weeks after.
 */
export const demoEarlierWeeks = 4;

const hour = 60 * 60 * 1000;

/**
 * Where the demo seed puts things in time. Its history is laid out by ISO week in the
 * organisation's time zone, not by days back from now: every one of the `demoHistoryWeeks`
 * whole weeks before the current one holds every kind of record the scorecard shows, whatever
 * the weekday, the hour, a DST switch or a week 53 the seed runs on. (Spacing records a fixed
 * number of days back from now made how many weeks held a given kind depend on the weekday.)
 */
export interface SeedCalendar {
  readonly now: Date;
  readonly calendar: WorkingCalendar;
  /** `workingHours` into the working week `weeksBack` weeks before the current one (0 ≤ h < 40 stays in that week). */
  inWeek(weeksBack: number, workingHours: number): Date;
  /** The week, counted back from the current one, that the `index`-th of `count` records falls in: oldest first, spread over the whole weeks. */
  weekOf(index: number, count: number): number;
  /** Like weekOf, over the `demoEarlierWeeks` weeks before the history. */
  earlierWeekOf(index: number, count: number): number;
  /** An instant `days` (and `hours`) before now. */
  ago(days: number, hours?: number): Date;
}

export function seedCalendar(now: Date, timeZone: string): SeedCalendar {
  const calendar: WorkingCalendar = { ...defaultWorkingHours, timeZone };
  return {
    now,
    calendar,
    inWeek(weeksBack, workingHours) {
      // Sunday noon UTC before that Monday is a Sunday in every zone within 12 hours of UTC, and
      // Sunday is not a working day, so the working hours count from the Monday's opening.
      const sunday = new Date(mondayOfWeek(now, weeksBack, timeZone).getTime() - 12 * hour);
      return addWorkingHours(sunday, workingHours, calendar);
    },
    weekOf(index, count) {
      return demoHistoryWeeks - Math.floor((index * demoHistoryWeeks) / count);
    },
    earlierWeekOf(index, count) {
      return demoHistoryWeeks + demoEarlierWeeks - Math.floor((index * demoEarlierWeeks) / count);
    },
    ago(days, hours = 0) {
      return new Date(now.getTime() - days * 24 * hour + hours * hour);
    },
  };
}
