import { describe, expect, it } from 'vitest';
import { addIsoDays, localIsoDate, startOfDate } from '#domain/handoffs/working-hours.ts';
import { isoDateSchema } from '#domain/plays/schemas.ts';
import { playView } from '#domain/plays/views.ts';

/** A play is due by the end of a calendar date in the organisation's zone, whatever the clocks do. */
describe('a play’s due date', () => {
  it('ends at the next local midnight, across the spring and autumn clock changes in London', () => {
    const end = (date: string) => startOfDate(addIsoDays(date, 1), 'Europe/London').toISOString();
    expect(end('2026-03-28')).toBe('2026-03-29T00:00:00.000Z');
    // British Summer Time from 29 March: that day ends at 23:00 UTC.
    expect(end('2026-03-29')).toBe('2026-03-29T23:00:00.000Z');
    expect(end('2026-10-24')).toBe('2026-10-24T23:00:00.000Z');
    // 25 October has 25 hours: it ends at midnight UTC again.
    expect(end('2026-10-25')).toBe('2026-10-26T00:00:00.000Z');
  });

  it('reads today in the zone, not in UTC, and steps over year ends by the calendar', () => {
    expect(localIsoDate(new Date('2026-06-30T23:30:00Z'), 'Europe/London')).toBe('2026-07-01');
    expect(localIsoDate(new Date('2026-06-30T23:30:00Z'), 'America/New_York')).toBe('2026-06-30');
    expect(addIsoDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addIsoDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('takes only days of the calendar', () => {
    expect(isoDateSchema.safeParse('2028-02-29').success).toBe(true);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-01', '01/02/2026', '2026-04-31'])
      expect(isoDateSchema.safeParse(bad).success, bad).toBe(false);
  });

  it('is overdue from the end of its date while open, never once closed', () => {
    const play = {
      id: '01J00000000000000000000000',
      title: 'Call them',
      ownerId: 'u',
      dueOn: '2026-03-04',
      dueAt: '2026-03-05T00:00:00.000Z',
      source: {
        figure: 'referrals.submitted',
        name: 'Referrals submitted',
        unit: 'count' as const,
        dimension: 'partner:01J00000000000000000000001',
        label: 'Northwind',
        weeks: 4,
        week: '2026-W10',
        previous: 9,
        current: 3,
        sampleSize: 3,
        direction: 'worse' as const,
      },
      status: 'open' as const,
      createdBy: 'l',
      version: 1,
      createdAt: '2026-03-01T00:00:00.000Z',
      updatedAt: '2026-03-01T00:00:00.000Z',
    };
    expect(playView(play, 'Sam', new Date('2026-03-05T00:00:00Z')).overdue).toBe(true);
    expect(playView({ ...play, status: 'closed' }, 'Sam', new Date('2026-03-06T00:00:00Z')).overdue).toBe(false);
    expect(playView(play, 'Sam', new Date()).recordsPath).toBe(
      '/api/scorecard/referrals.submitted/records?weeks=4&dimension=partner%3A01J00000000000000000000001',
    );
  });
});
