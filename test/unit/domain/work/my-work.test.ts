import { describe, expect, it } from 'vitest';
import { arrangeWork, dueSoonHorizon, issueWork, type WorkItem } from '#domain/work/my-work.ts';
import { anIssue } from '#test/issue-fixtures.ts';

const london = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'Europe/London' };

describe('the due-soon horizon', () => {
  it('is one working day of working hours ahead, across nights and weekends', () => {
    expect(dueSoonHorizon(new Date('2025-01-07T10:00:00Z'), london).toISOString()).toBe('2025-01-08T10:00:00.000Z');
    expect(dueSoonHorizon(new Date('2025-01-10T18:00:00Z'), london).toISOString()).toBe('2025-01-13T17:00:00.000Z');
    expect(dueSoonHorizon(new Date('2025-01-10T15:00:00Z'), london).toISOString()).toBe('2025-01-13T15:00:00.000Z');
    // A shorter working day is a shorter horizon.
    const mornings = { ...london, end: '13:00' };
    expect(dueSoonHorizon(new Date('2025-01-07T10:00:00Z'), mornings).toISOString()).toBe('2025-01-08T10:00:00.000Z');
    expect(dueSoonHorizon(new Date('2025-01-07T14:00:00Z'), mornings).toISOString()).toBe('2025-01-08T13:00:00.000Z');
  });
});

describe('an issue’s pending target', () => {
  it('is ownership while reported, resolution once owned or once even that target passed', () => {
    expect(issueWork(anIssue({ status: 'reported' }))).toMatchObject({
      what: 'ownership due',
      dueAt: '2025-01-06T10:00:00.000Z',
    });
    expect(issueWork(anIssue({ status: 'reported', ownBreached: true }))).toMatchObject({ what: 'ownership due' });
    expect(issueWork(anIssue({ status: 'reported', ownBreached: true, resolveBreached: true }))).toMatchObject({
      what: 'resolution due',
      dueAt: '2025-01-07T09:00:00.000Z',
    });
    expect(issueWork(anIssue({ status: 'owned' }))).toMatchObject({ what: 'resolution due' });
  });
});

describe('arranging work', () => {
  const item = (id: string, dueAt: string): WorkItem => ({
    recordType: 'referral',
    id,
    label: id,
    dueAt,
    what: 'first response due',
  });

  it('splits at now, sorts soonest first, drops twins and bounds each list', () => {
    const now = new Date('2025-01-07T10:00:00Z');
    const result = arrangeWork(
      [
        item('c', '2025-01-07T12:00:00Z'),
        item('a', '2025-01-06T09:00:00Z'),
        item('b', '2025-01-07T11:00:00Z'),
        item('a', '2025-01-06T09:00:00Z'),
      ],
      now,
      1,
    );
    expect(result.overdue.map((work) => work.id)).toEqual(['a']);
    expect(result.dueSoon.map((work) => work.id)).toEqual(['b']);
    expect(result.truncated).toBe(true);
    expect(arrangeWork([item('x', '2025-01-07T10:00:00.000Z')], now, 5)).toMatchObject({
      overdue: [],
      dueSoon: [{ id: 'x' }],
      truncated: false,
    });
  });
});
