import * as z from '#lib/zod.ts';

/**
 * Working-hours arithmetic in a time zone, with nothing but `Intl`: the acknowledgement SLA of
 * a handoff is counted in working hours (Monday to Friday, 09:00–17:00 by default) of the
 * organisation's time zone, across nights, weekends and daylight-saving changes. Pure: no clock,
 * no I/O; instants in, instants out.
 *
 * Why no date library: the only thing needed from one is "what is the wall-clock time of this
 * instant in that zone, and which instant is that wall-clock time", and `Intl.DateTimeFormat`
 * answers the first exactly; the second follows from it in a few lines (see `instantAt`).
 */

/** ISO weekdays: 1 is Monday, 7 is Sunday. */
export const isoWeekdaySchema = z.number().check(z.int(), z.gte(1), z.lte(7));

const clockTime = z
  .string()
  .check(z.regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'A time such as 09:00 (24:00 is the end of the day).'));

/** When the organisation works: the weekdays and the hours of each (the same every day). */
export const workingHoursSchema = z
  .strictObject({
    days: z.array(isoWeekdaySchema).check(
      z.minLength(1, 'Name at least one working day.'),
      z.maxLength(7),
      z.refine((days) => new Set(days).size === days.length, 'Name each day once.'),
    ),
    start: clockTime,
    end: clockTime,
  })
  .check(
    z.refine((hours) => minutesOf(hours.start) < minutesOf(hours.end), {
      message: 'The working day must end after it starts.',
      path: ['end'],
    }),
  )
  .apply(z.withMeta, {
    id: 'WorkingHours',
    description: 'Working days (ISO: 1 Monday … 7 Sunday) and hours, in the organisation’s time zone.',
  });
export type WorkingHours = z.infer<typeof workingHoursSchema>;

export const defaultWorkingHours: WorkingHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };

/** A working calendar: working hours in a time zone (an IANA name such as `Europe/London`). */
export interface WorkingCalendar extends WorkingHours {
  readonly timeZone: string;
}

const hourMs = 60 * 60 * 1000;
const minuteMs = 60 * 1000;

function minutesOf(time: string): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/** Whether `Intl` knows the time zone; configuration checks it once, at start. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timeZone);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, cached);
  }
  return cached;
}

/** A calendar date, as in the zone's wall calendar. */
interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

interface LocalDateTime extends LocalDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** The wall-clock date and time of an instant in a zone. */
function wallClock(instantMs: number, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in milliseconds (whole seconds: sub-second parts are not formatted). */
function offsetAt(instantMs: number, timeZone: string): number {
  const local = wallClock(instantMs, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The instant at which the zone's clocks show a wall-clock time `minutes` after the start of a
 * date. A time that does not exist (skipped when clocks go forward) is read with the offset in
 * force before the change, which lands as far after the gap's start as the time was: 02:30 on
 * the night clocks jump from 02:00 to 03:00 is 03:30. A time that happens twice (clocks go back)
 * is the first of the two.
 */
function instantAt(date: LocalDate, minutes: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minutes * minuteMs;
  // The offset is never more than a day, so these two probes bracket every candidate.
  const earlier = offsetAt(wall - 24 * hourMs, timeZone);
  const later = offsetAt(wall + 24 * hourMs, timeZone);
  const candidates = [wall - earlier, wall - later].filter((instant) => offsetAt(instant, timeZone) === wall - instant);
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: no instant shows this time.
  return wall - earlier;
}

/**
 * The instant a calendar date (`2026-12-02`) begins in a zone: its first moment on the zone's
 * clocks. A date whose midnight is skipped by a clock change begins when the clocks resume.
 */
export function startOfDate(isoDate: string, timeZone: string): Date {
  const [year = 1970, month = 1, day = 1] = isoDate.split('-').map(Number);
  return new Date(instantAt({ year, month, day }, 0, timeZone));
}

/** The calendar date (`2026-12-02`) an instant falls on in a zone. */
export function localIsoDate(at: Date, timeZone: string): string {
  const local = wallClock(at.getTime(), timeZone);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${local.year}-${pad(local.month)}-${pad(local.day)}`;
}

/** The date `days` after a calendar date (`2026-12-02`), by the calendar, not by 24-hour steps. */
export function addIsoDays(isoDate: string, days: number): string {
  const [year = 1970, month = 1, day = 1] = isoDate.split('-').map(Number);
  const moved = new Date(Date.UTC(year, month - 1, day + days));
  return moved.toISOString().slice(0, 10);
}

function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

function isoWeekday(date: LocalDate): number {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The working window of a date, as instants, or none on a day off. */
function windowOf(date: LocalDate, calendar: WorkingCalendar): { start: number; end: number } | undefined {
  if (!calendar.days.includes(isoWeekday(date))) return undefined;
  return {
    start: instantAt(date, minutesOf(calendar.start), calendar.timeZone),
    end: instantAt(date, minutesOf(calendar.end), calendar.timeZone),
  };
}

/** Far more days than any SLA spans; a bound, so a broken calendar can never loop for ever. */
const maxDays = 3 * 366;

/**
 * The instant `hours` working hours after `from`. Time outside the working windows does not
 * count: 4 working hours from Friday 15:00 (09:00–17:00, Monday to Friday) is Monday 11:00, and
 * from Friday 18:00 it is Monday 13:00. A window that a daylight-saving change shortens or
 * lengthens counts the hours that really pass in it. Zero hours is `from` itself; a result that
 * falls exactly on the end of a window is that end, not the next morning.
 */
export function addWorkingHours(from: Date, hours: number, calendar: WorkingCalendar): Date {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError('Working hours to add must be zero or more.');
  let remaining = Math.round(hours * hourMs);
  const start = from.getTime();
  if (remaining === 0) return new Date(start);
  let date: LocalDate = wallClock(start, calendar.timeZone);
  for (let day = 0; day < maxDays; day++, date = addDays(date, 1)) {
    const window = windowOf(date, calendar);
    if (!window) continue;
    const segmentStart = Math.max(start, window.start);
    if (segmentStart >= window.end) continue;
    const available = window.end - segmentStart;
    if (remaining <= available) return new Date(segmentStart + remaining);
    remaining -= available;
  }
  throw new RangeError('The working calendar has no working time within three years.');
}

/**
 * How many working hours lie between two instants (0 when `to` is not after `from`): the
 * inverse of `addWorkingHours`, for measuring how long an acknowledgement took in the hours
 * the SLA counts.
 */
export function workingHoursBetween(from: Date, to: Date, calendar: WorkingCalendar): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  let total = 0;
  // Day by day until a day starts after `to`: always ends, however far apart the two are.
  for (
    let date: LocalDate = wallClock(start, calendar.timeZone);
    instantAt(date, 0, calendar.timeZone) < end;
    date = addDays(date, 1)
  ) {
    const window = windowOf(date, calendar);
    if (!window) continue;
    const overlap = Math.min(end, window.end) - Math.max(start, window.start);
    if (overlap > 0) total += overlap;
  }
  return total / hourMs;
}

/** Whether an instant falls inside a working window (its start included, its end excluded). */
export function isWorkingTime(at: Date, calendar: WorkingCalendar): boolean {
  const window = windowOf(wallClock(at.getTime(), calendar.timeZone), calendar);
  return window !== undefined && at.getTime() >= window.start && at.getTime() < window.end;
}
