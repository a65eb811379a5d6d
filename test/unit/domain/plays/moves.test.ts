import { describe, expect, it } from 'vitest';
import { InvalidTransitionError } from '#domain/errors.ts';
import { close, edit, newPlay } from '#domain/plays/moves.ts';
import type { PlaySource } from '#domain/plays/schemas.ts';
import { nextStatuses } from '#domain/plays/workflow.ts';

const leader = { userId: 'leader-1', role: 'leader' as const };
const now = new Date('2026-03-09T10:00:00.000Z');
const source: PlaySource = {
  figure: 'handoffs.returned_rate',
  name: 'Handoffs returned',
  unit: 'ratio',
  dimension: 'all',
  label: 'Everyone',
  weeks: 12,
  week: '2026-W10',
  previous: 0.1,
  current: 0.2,
  sampleSize: 40,
  direction: 'worse',
};
const aPlay = () =>
  newPlay(
    { title: 'Cut the returns', ownerId: 'staff-1', dueOn: '2026-03-31', dueAt: '2026-03-31T23:00:00.000Z', source },
    leader,
    { id: 'p-1', now },
  ).next;

describe('the play workflow', () => {
  it('goes from open to closed, and no further', () => {
    expect(nextStatuses('open')).toEqual(['closed']);
    expect(nextStatuses('closed')).toEqual([]);
  });
});

describe('a new play', () => {
  it('is open, owned, dated, keeps the mover it came from, and says who made it', () => {
    const { next, event } = newPlay(
      { ownerId: 'staff-1', dueOn: '2026-03-31', dueAt: '2026-03-31T23:00:00.000Z', source },
      leader,
      { id: 'p-1', now },
    );
    expect(next).toMatchObject({
      id: 'p-1',
      status: 'open',
      ownerId: 'staff-1',
      dueOn: '2026-03-31',
      dueAt: '2026-03-31T23:00:00.000Z',
      source,
      createdBy: 'leader-1',
      version: 1,
      createdAt: now.toISOString(),
    });
    expect(next.title).toContain('Handoffs returned');
    expect(event).toEqual({ type: 'play.created', actorId: 'leader-1' });
  });
});

describe('a play’s moves', () => {
  it('an edit changes what it names and is play.updated', () => {
    const { next, event } = edit(aPlay(), { dueOn: '2026-04-30', dueAt: '2026-04-30T23:00:00.000Z' }, leader, now);
    expect(next).toMatchObject({ title: 'Cut the returns', dueOn: '2026-04-30', dueAt: '2026-04-30T23:00:00.000Z' });
    expect(next.version).toBe(2);
    expect(event).toEqual({ type: 'play.updated', actorId: 'leader-1' });
  });

  it('a new owner is play.reassigned; the same owner again is an update', () => {
    expect(edit(aPlay(), { ownerId: 'staff-2' }, leader, now)).toMatchObject({
      next: { ownerId: 'staff-2' },
      event: { type: 'play.reassigned' },
    });
    expect(edit(aPlay(), { ownerId: 'staff-1' }, leader, now).event.type).toBe('play.updated');
  });

  it('closing keeps the note, who and when, on the play and its event', () => {
    const { next, event } = close(aPlay(), { note: 'Added a checklist' }, leader, now);
    expect(next).toMatchObject({
      status: 'closed',
      closeNote: 'Added a checklist',
      closedAt: now.toISOString(),
      closedBy: 'leader-1',
      version: 2,
    });
    expect(event).toEqual({ type: 'play.closed', actorId: 'leader-1', note: 'Added a checklist' });
  });

  it('a closed play neither changes nor closes again', () => {
    const closed = close(aPlay(), { note: 'Done' }, leader, now).next;
    expect(() => edit(closed, { title: 'Again' }, leader, now)).toThrow(InvalidTransitionError);
    expect(() => close(closed, { note: 'Again' }, leader, now)).toThrow(InvalidTransitionError);
  });
});
