import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingHours,
  defaultWorkingHours,
  isTimeZone,
  isWorkingTime,
  type WorkingCalendar,
  workingHoursBetween,
  workingHoursSchema,
} from '#domain/handoffs/working-hours.ts';

const london: WorkingCalendar = { ...defaultWorkingHours, timeZone: 'Europe/London' };
const inZone = (timeZone: string, hours: Partial<WorkingCalendar> = {}): WorkingCalendar => ({
  ...defaultWorkingHours,
  timeZone,
  ...hours,
});

/** `from` plus `hours` working hours, as an ISO string. */
function add(from: string, hours: number, calendar: WorkingCalendar = london): string {
  return addWorkingHours(new Date(from), hours, calendar).toISOString();
}

describe('addWorkingHours, Monday to Friday 09:00–17:00 in London', () => {
  it.each([
    ['inside one working day', '2026-03-04T10:00:00Z', 4, '2026-03-04T14:00:00.000Z'],
    ['ending exactly at the close, not the next morning', '2026-03-06T13:00:00Z', 4, '2026-03-06T17:00:00.000Z'],
    ['across a night', '2026-03-04T15:00:00Z', 4, '2026-03-05T11:00:00.000Z'],
    ['from before opening', '2026-03-04T06:30:00Z', 4, '2026-03-04T13:00:00.000Z'],
    ['Friday afternoon, into Monday', '2026-03-06T15:00:00Z', 4, '2026-03-09T11:00:00.000Z'],
    ['Friday evening, from Monday’s opening', '2026-03-06T18:00:00Z', 4, '2026-03-09T13:00:00.000Z'],
    ['Friday at the very close', '2026-03-06T17:00:00Z', 4, '2026-03-09T13:00:00.000Z'],
    ['Saturday', '2026-03-07T12:00:00Z', 4, '2026-03-09T13:00:00.000Z'],
    ['Sunday night', '2026-03-08T23:59:00Z', 4, '2026-03-09T13:00:00.000Z'],
    ['a whole working week', '2026-03-04T09:00:00Z', 40, '2026-03-10T17:00:00.000Z'],
    ['a quarter of an hour', '2026-03-04T16:50:00Z', 0.25, '2026-03-05T09:05:00.000Z'],
  ])('%s', (_case, from, hours, expected) => {
    expect(add(from, hours)).toBe(expected);
  });

  it('adds nothing for zero hours, even outside working time', () => {
    expect(add('2026-03-07T12:00:00Z', 0)).toBe('2026-03-07T12:00:00.000Z');
  });

  it('refuses negative or non-finite hours', () => {
    expect(() => addWorkingHours(new Date(), -1, london)).toThrow(RangeError);
    expect(() => addWorkingHours(new Date(), Number.NaN, london)).toThrow(RangeError);
  });
});

describe('addWorkingHours across daylight-saving changes', () => {
  it('Friday before clocks go forward (29 March 2026) ends Monday in summer time', () => {
    // Friday 16:00 GMT: one hour left, then three from Monday 09:00 BST (08:00Z).
    expect(add('2026-03-27T16:00:00Z', 4)).toBe('2026-03-30T11:00:00.000Z');
  });

  it('Friday before clocks go back (25 October 2026) ends Monday in winter time', () => {
    // Friday 16:30 BST: half an hour left, then three and a half from Monday 09:00 GMT.
    expect(add('2026-10-23T15:30:00Z', 4)).toBe('2026-10-26T12:30:00.000Z');
  });

  it('counts the hours that really pass in a window the change shortens', () => {
    // New York, Sundays 01:00–04:00: on 8 March 2026 02:00 does not exist, so the window is two hours.
    const sundays = inZone('America/New_York', { days: [7], start: '01:00', end: '04:00' });
    expect(add('2026-03-08T06:00:00Z', 2, sundays)).toBe('2026-03-08T08:00:00.000Z');
    // Half an hour more spills into the next Sunday, 01:00 EDT.
    expect(add('2026-03-08T06:00:00Z', 2.5, sundays)).toBe('2026-03-15T05:30:00.000Z');
  });

  it('counts the hours that really pass in a window the change lengthens', () => {
    // New York, 1 November 2026: 01:00–02:00 happens twice, so 00:00–03:00 holds four hours.
    const sundays = inZone('America/New_York', { days: [7], start: '00:00', end: '03:00' });
    expect(add('2026-11-01T04:00:00Z', 4, sundays)).toBe('2026-11-01T08:00:00.000Z');
  });

  it('in the southern hemisphere (Sydney, clocks back on 5 April 2026)', () => {
    // Friday 3 April 16:00 AEDT (05:00Z): one hour, then three from Monday 09:00 AEST (23:00Z Sunday).
    expect(add('2026-04-03T05:00:00Z', 4, inZone('Australia/Sydney'))).toBe('2026-04-06T02:00:00.000Z');
  });
});

describe('addWorkingHours in other time zones', () => {
  it('Friday evening in Tokyo is Monday morning there, whatever day it is in London', () => {
    // Friday 18:00 JST = 09:00Z; due Monday 13:00 JST = 04:00Z.
    expect(add('2026-03-06T09:00:00Z', 4, inZone('Asia/Tokyo'))).toBe('2026-03-09T04:00:00.000Z');
  });

  it('a half-hour offset (Kolkata)', () => {
    // Friday 15:30 IST: an hour and a half, then two and a half from Monday 09:00 IST (03:30Z).
    expect(add('2026-03-06T10:00:00Z', 4, inZone('Asia/Kolkata'))).toBe('2026-03-09T06:00:00.000Z');
  });

  it('Monday morning in London is still Sunday night in Los Angeles', () => {
    // Monday 06:00 GMT is Sunday 23:00 PDT (since 8 March); opening is Monday 09:00 PDT (16:00Z).
    expect(add('2026-03-09T06:00:00Z', 1, inZone('America/Los_Angeles'))).toBe('2026-03-09T17:00:00.000Z');
  });

  it('a Sunday-to-Thursday week', () => {
    const week = inZone('Asia/Jerusalem', { days: [7, 1, 2, 3, 4], start: '08:00', end: '16:00' });
    // Thursday 15:00 IST (13:00Z): one hour, then three from Sunday 08:00 (06:00Z).
    expect(add('2026-01-08T13:00:00Z', 4, week)).toBe('2026-01-11T09:00:00.000Z');
  });
});

const calendars: WorkingCalendar[] = [
  london,
  inZone('America/New_York'),
  inZone('Australia/Sydney', { days: [1, 2, 3, 4], start: '08:30', end: '18:00' }),
  inZone('Asia/Kolkata', { days: [1, 2, 3, 4, 5, 6], start: '10:00', end: '19:30' }),
  inZone('Pacific/Chatham', { days: [3], start: '00:00', end: '24:00' }),
];
const instant = fc.date({
  min: new Date('2024-01-01T00:00:00Z'),
  max: new Date('2028-12-31T00:00:00Z'),
  noInvalidDate: true,
});
const quarterHours = fc.integer({ min: 0, max: 160 }).map((quarters) => quarters / 4);
const calendar = fc.constantFrom(...calendars);

describe('working-hours properties', () => {
  it('the working hours between a start and its result are the hours added', () => {
    fc.assert(
      fc.property(instant, quarterHours, calendar, (from, hours, cal) => {
        const due = addWorkingHours(from, hours, cal);
        expect(due.getTime()).toBeGreaterThanOrEqual(from.getTime());
        expect(workingHoursBetween(from, due, cal)).toBeCloseTo(hours, 6);
      }),
      { numRuns: 300 },
    );
  });

  it('adding more hours never ends earlier', () => {
    fc.assert(
      fc.property(instant, quarterHours, quarterHours, calendar, (from, a, b, cal) => {
        const [less, more] = a <= b ? [a, b] : [b, a];
        expect(addWorkingHours(from, less, cal).getTime()).toBeLessThanOrEqual(
          addWorkingHours(from, more, cal).getTime(),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('ends inside working time, or exactly at a window’s close', () => {
    fc.assert(
      fc.property(
        instant,
        quarterHours.filter((hours) => hours > 0),
        calendar,
        (from, hours, cal) => {
          const due = addWorkingHours(from, hours, cal);
          const justBefore = new Date(due.getTime() - 1);
          expect(isWorkingTime(justBefore, cal)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('with every hour of every day working, is plain elapsed time, DST or not', () => {
    const always = inZone('Europe/London', { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' });
    fc.assert(
      fc.property(
        instant,
        quarterHours,
        fc.constantFrom('Europe/London', 'America/New_York', 'Australia/Lord_Howe'),
        (from, hours, zone) => {
          const due = addWorkingHours(from, hours, { ...always, timeZone: zone });
          expect(due.getTime() - from.getTime()).toBe(hours * 60 * 60 * 1000);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('workingHoursBetween', () => {
  it('counts only working time, and nothing backwards', () => {
    expect(workingHoursBetween(new Date('2026-03-06T15:00:00Z'), new Date('2026-03-09T11:00:00Z'), london)).toBe(4);
    expect(workingHoursBetween(new Date('2026-03-07T00:00:00Z'), new Date('2026-03-08T23:00:00Z'), london)).toBe(0);
    expect(workingHoursBetween(new Date('2026-03-09T11:00:00Z'), new Date('2026-03-06T15:00:00Z'), london)).toBe(0);
  });
});

describe('the working-hours schema', () => {
  it('takes the default and sensible variations', () => {
    expect(workingHoursSchema.safeParse(defaultWorkingHours).success).toBe(true);
    expect(workingHoursSchema.safeParse({ days: [7, 1], start: '00:00', end: '24:00' }).success).toBe(true);
  });

  it.each([
    ['no days', { days: [], start: '09:00', end: '17:00' }],
    ['a day twice', { days: [1, 1], start: '09:00', end: '17:00' }],
    ['day 0', { days: [0], start: '09:00', end: '17:00' }],
    ['an end before the start', { days: [1], start: '17:00', end: '09:00' }],
    ['an empty day', { days: [1], start: '09:00', end: '09:00' }],
    ['a malformed time', { days: [1], start: '9:00', end: '17:00' }],
    ['25:00', { days: [1], start: '09:00', end: '25:00' }],
    ['an extra field', { days: [1], start: '09:00', end: '17:00', timeZone: 'UTC' }],
  ])('refuses %s', (_case, value) => {
    expect(workingHoursSchema.safeParse(value).success).toBe(false);
  });

  it('knows a time zone from a typo', () => {
    expect(isTimeZone('Europe/London')).toBe(true);
    expect(isTimeZone('Europe/Londn')).toBe(false);
  });
});
