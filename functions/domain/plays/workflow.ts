import { InvalidTransitionError } from '#domain/errors.ts';
import type { Play } from './schemas.ts';

type PlayStatus = Play['status'];

/** open → closed, once: a closed play is the record of what was done, and does not change. */
const transitions: Record<PlayStatus, readonly PlayStatus[]> = {
  open: ['closed'],
  closed: [],
};

export function nextStatuses(from: PlayStatus): readonly PlayStatus[] {
  return transitions[from];
}

/** Open plays are still someone's to do: they can be edited, reassigned and closed. */
export function isOpen(status: PlayStatus): boolean {
  return transitions[status].length > 0;
}

/** Checks a requested move: 409 when the play has no such move (a closed play closing again). */
export function assertTransition(from: PlayStatus, to: PlayStatus): void {
  if (!transitions[from].includes(to)) throw new InvalidTransitionError('The play is closed already.');
}

/** Checks an edit (a new title, owner or due date): 409 for a closed play. */
export function assertEditable(status: PlayStatus): void {
  if (!isOpen(status)) throw new InvalidTransitionError('A closed play does not change.');
}
