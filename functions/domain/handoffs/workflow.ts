import { ConflictError, InvalidTransitionError, ValidationError } from '#domain/errors.ts';
import type { HandoffStatus } from './schemas.ts';

// The statuses are declared with the record's schema, which needs them; the workflow, which
// moves between them, imports them from there (never the other way round: no import loop).
export { type HandoffStatus, handoffStatuses, handoffStatusSchema } from './schemas.ts';

/**
 * sent → acknowledged → accepted → completed; acknowledged → returned (what is missing) → sent
 * again when the sending team resubmits.
 */
const transitions: Record<HandoffStatus, readonly HandoffStatus[]> = {
  sent: ['acknowledged'],
  acknowledged: ['accepted', 'returned'],
  accepted: ['completed'],
  returned: ['sent'],
  completed: [],
};

/** Which side of a handoff makes each move: the receiving team all but one, the sender resubmits. */
export type HandoffSide = 'sender' | 'receiver';

const movers: Record<HandoffStatus, HandoffSide> = {
  sent: 'sender',
  acknowledged: 'receiver',
  accepted: 'receiver',
  returned: 'receiver',
  completed: 'receiver',
};

export function nextStatuses(from: HandoffStatus): readonly HandoffStatus[] {
  return transitions[from];
}

/** The side that may move a handoff to `to`; it depends on the target only, never on who asks. */
export function sideThatMovesTo(to: HandoffStatus): HandoffSide {
  return movers[to];
}

/** Open handoffs still need someone to act; a completed one only waits for its rating. */
export function isOpen(status: HandoffStatus): boolean {
  return transitions[status].length > 0;
}

/** Only a handoff waiting for its acknowledgement can fall behind its SLA. */
export function awaitsAcknowledgement(status: HandoffStatus): boolean {
  return status === 'sent';
}

/**
 * Checks a requested move: 409 when the state machine has no such edge; 400 when a return comes
 * without the list of what is missing, or another move brings one.
 */
export function assertTransition(from: HandoffStatus, to: HandoffStatus, missing: readonly string[] | undefined): void {
  if (!transitions[from].includes(to)) {
    const next = transitions[from];
    throw new InvalidTransitionError(
      `A ${from} handoff cannot become ${to}${next.length ? `; it can become ${next.join(' or ')}` : ''}.`,
    );
  }
  if (to === 'returned' && (!missing || missing.length === 0)) {
    throw new ValidationError([{ path: 'missing', message: 'Say what is missing: at least one item.' }]);
  }
  if (to !== 'returned' && missing !== undefined) {
    throw new ValidationError([{ path: 'missing', message: 'Only a return lists what is missing.' }]);
  }
}

/** A second rating of one handoff: the receiving team rates it once. */
export class HandoffRatedAlreadyError extends ConflictError {
  override readonly title = 'Rated already';
  override readonly type = '/problems/handoff-rated';
  constructor() {
    super('This handoff has been rated already: a handoff is rated once.');
  }
}

/** A handoff is rated once, after completion: 409 otherwise. */
export function assertRatable(handoff: { status: HandoffStatus; rating?: unknown }): void {
  if (handoff.rating !== undefined) throw new HandoffRatedAlreadyError();
  if (handoff.status !== 'completed') {
    throw new InvalidTransitionError(`A ${handoff.status} handoff cannot be rated yet: rate it once it is completed.`);
  }
}
