/**
 * ISO weeks (`2026-W47`) of instants, in the organisation's time zone: a scorecard week runs
 * from Monday 00:00 to Sunday 24:00 local time, so a Sunday-evening change in London is not
 * counted in Monday's week because UTC says so.
 */

const day = 24 * 60 * 60 * 1000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timeZone);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, cached);
  }
  return cached;
}

/** The calendar date of an instant in a time zone, as midnight UTC of that date. */
function localDate(instant: Date, timeZone: string): Date {
  const parts = formatter(timeZone).formatToParts(instant);
  const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value);
  return new Date(Date.UTC(part('year'), part('month') - 1, part('day')));
}

/** The ISO week of a calendar date (midnight UTC of it). */
function weekOfDate(date: Date): string {
  const weekday = date.getUTCDay() || 7; // Monday 1 … Sunday 7
  // The Thursday of the date's week decides its year.
  const thursday = new Date(date.getTime() + (4 - weekday) * day);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / day / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The ISO week (`2026-W47`) an instant falls in, in the given time zone. */
export function isoWeek(instant: Date | string, timeZone: string): string {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(at.getTime())) throw new RangeError(`Not an instant: ${String(instant)}`);
  return weekOfDate(localDate(at, timeZone));
}

/** The `count` weeks up to and including the one `now` falls in, oldest first. */
export function recentWeeks(now: Date, count: number, timeZone: string): string[] {
  const today = localDate(now, timeZone);
  const weeks: string[] = [];
  for (let back = count - 1; back >= 0; back--) weeks.push(weekOfDate(new Date(today.getTime() - back * 7 * day)));
  return weeks;
}

/**
 * The Monday that starts the ISO week `weeksBack` weeks before the one `now` falls in, as
 * midnight UTC of that calendar date (the organisation's calendar, not UTC's).
 */
export function mondayOfWeek(now: Date, weeksBack: number, timeZone: string): Date {
  const today = localDate(now, timeZone);
  const weekday = today.getUTCDay() || 7;
  return new Date(today.getTime() - (weekday - 1 + weeksBack * 7) * day);
}
