import { ConflictError, InvalidTransitionError, ValidationError } from '#domain/errors.ts';
import type { Handoff, HandoffStatus } from './schemas.ts';

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

/**
 * The next version of a handoff moved to `to` (checked by `assertTransition` first): the fields
 * each move sets or clears. A resubmission starts a new round, so it needs the new round's SLA
 * and due time, which the caller works out from the settings.
 */
export function applyTransition(
  before: Handoff,
  change: {
    to: HandoffStatus;
    missing?: readonly string[] | undefined;
    missingItemIds?: readonly string[] | undefined;
    /** A resubmission's new answers by item id (`revisedAnswers` refuses ids the checklist lacks). */
    answers?: Readonly<Record<string, string>> | undefined;
  },
  context: { at: Date; actorId: string; resubmission?: { ackSlaHours: number; ackDueAt: string } | undefined },
): Handoff {
  const at = context.at.toISOString();
  const base: Handoff = { ...before, status: change.to, version: before.version + 1, updatedAt: at };
  switch (change.to) {
    case 'acknowledged':
      // Late is allowed, and recorded as late; once answered it is no longer overdue.
      return {
        ...base,
        acknowledgedAt: at,
        acknowledgedBy: context.actorId,
        acknowledgedLate: at > before.ackDueAt,
        overdue: false,
      };
    case 'accepted':
      return { ...base, acceptedAt: at };
    case 'returned':
      return {
        ...base,
        returnedAt: at,
        missing: [...(change.missing ?? [])],
        ...(change.missingItemIds?.length ? { missingItemIds: [...change.missingItemIds] } : {}),
        returnCount: before.returnCount + 1,
      };
    case 'completed':
      return { ...base, completedAt: at };
    case 'sent': {
      if (!context.resubmission) throw new Error('A resubmission needs its new acknowledgement due time.');
      // What was missing is settled by the resubmission (the return's event keeps the list).
      const {
        missing: _settled,
        missingItemIds: _items,
        acknowledgedAt: _at,
        acknowledgedBy: _by,
        acknowledgedLate: _late,
        revisedItemIds: _revised,
        ...rest
      } = base;
      const revised = revisedAnswers(before, change.answers);
      return {
        ...rest,
        checklist: revised.checklist,
        ...(revised.revisedItemIds.length > 0 ? { revisedItemIds: revised.revisedItemIds } : {}),
        sentAt: at,
        ...context.resubmission,
        overdue: false,
      };
    }
  }
}

/**
 * What a return says is missing, in words: the labels of the handoff's checklist items it
 * names (ids it does not have are refused, field by field), then the free-text items. Undefined
 * when it names nothing, which `assertTransition` refuses for a return.
 */
export function missingOf(
  handoff: Pick<Handoff, 'checklist'>,
  change: { missing?: readonly string[] | undefined; missingItems?: readonly string[] | undefined },
): { missing?: string[]; missingItemIds?: string[] } {
  const ids = [...new Set(change.missingItems ?? [])];
  const labels = new Map(handoff.checklist.map((item) => [item.itemId, item.label]));
  const errors = ids.flatMap((id, index) =>
    labels.has(id) ? [] : [{ path: `missingItems.${index}`, message: 'Not an item of this handoff’s checklist.' }],
  );
  if (errors.length > 0) throw new ValidationError(errors);
  const missing = [...ids.map((id) => labels.get(id) as string), ...(change.missing ?? [])];
  return {
    ...(missing.length > 0 || change.missing !== undefined || change.missingItems !== undefined ? { missing } : {}),
    ...(ids.length > 0 ? { missingItemIds: ids } : {}),
  };
}

/**
 * A resubmission's new answers applied to the handoff's own checklist (as it stood when sent, so
 * a later edit of the team's list does not change what this handoff was asked): each named item
 * gets its new answer, the others keep theirs. Ids the checklist does not have are refused, field
 * by field; `revisedItemIds` lists the items whose answer actually changed, in the list's order.
 */
export function revisedAnswers(
  handoff: Pick<Handoff, 'checklist'>,
  answers: Readonly<Record<string, string>> | undefined,
): { checklist: Handoff['checklist']; revisedItemIds: string[] } {
  const given = answers ?? {};
  const asked = new Set(handoff.checklist.map((item) => item.itemId));
  const errors = Object.keys(given)
    .filter((id) => !asked.has(id))
    .map((id) => ({ path: `answers.${id}`, message: 'Not an item of this handoff’s checklist.' }));
  if (errors.length > 0) throw new ValidationError(errors);
  const revisedItemIds: string[] = [];
  const checklist = handoff.checklist.map((item) => {
    const answer = given[item.itemId];
    if (answer === undefined || answer === item.answer) return item;
    revisedItemIds.push(item.itemId);
    return { ...item, answer };
  });
  return { checklist, revisedItemIds };
}
