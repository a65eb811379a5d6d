import { ValidationError } from '#domain/errors.ts';
import type { Actor, Moved } from '#domain/workflow.ts';
import { answerChecklist, type TeamChecklist } from './checklists.ts';
import { handoffEvents } from './events.ts';
import type { Handoff, HandoffSubmission, HandoffTransition } from './schemas.ts';
import type { AckRound } from './sla.ts';
import { assertRatable, assertTransition } from './workflow.ts';

/**
 * The refusals a submission earns before anything is read: the caller's own team as the
 * receiver, a due date already past, both a customer and a referral named.
 */
export function assertSendable(input: HandoffSubmission, fromTeamId: string, now: Date): void {
  if (input.toTeamId === fromTeamId) {
    throw new ValidationError([{ path: 'toTeamId', message: 'Hand the work to another team, not your own.' }]);
  }
  if (input.dueAt && new Date(input.dueAt).getTime() <= now.getTime()) {
    throw new ValidationError([{ path: 'dueAt', message: 'The due date must be in the future.' }]);
  }
  if (input.customerId && input.referralId) {
    throw new ValidationError([
      { path: 'referralId', message: 'A handoff is about a customer or a referral, not both: name one.' },
    ]);
  }
}

/**
 * A submission as the handoff it becomes, sent by the actor's team (`fromTeamId`): the answers
 * checked against the receiving team's items for its kind (`checklist`, read by the caller:
 * the write is conditional on its version), its first round of acknowledgement (`round`, from the
 * settings), and its event.
 */
export function newHandoff(
  input: HandoffSubmission,
  actor: Actor & { readonly fromTeamId: string },
  at: { readonly id: string; readonly now: Date },
  context: { readonly checklist: Pick<TeamChecklist, 'kinds'>; readonly round: AckRound },
): Moved<Handoff> {
  assertSendable(input, actor.fromTeamId, at.now);
  const iso = at.now.toISOString();
  const kind = input.kind ?? 'other';
  const handoff: Handoff = {
    id: at.id,
    status: 'sent',
    version: 1,
    fromTeamId: actor.fromTeamId,
    toTeamId: input.toTeamId,
    senderId: actor.userId,
    kind,
    ...(input.customerId ? { customerId: input.customerId } : {}),
    ...(input.referralId ? { referralId: input.referralId } : {}),
    summary: input.summary,
    promised: input.promised,
    needs: input.needs,
    ...(input.dueAt ? { dueAt: new Date(input.dueAt).toISOString() } : {}),
    checklist: answerChecklist(context.checklist.kinds[kind], input.answers ?? {}),
    createdAt: iso,
    updatedAt: iso,
    sentAt: iso,
    ...context.round,
    overdue: false,
    returnCount: 0,
  };
  return { next: handoff, event: { type: handoffEvents.sent, actorId: actor.userId } };
}

/** A move as a team asks for it; a resubmission also brings its new round of acknowledgement. */
export interface HandoffMove extends HandoffTransition {
  /** With `to: sent` only: the new round, by the pair's SLA as it stands now (the caller reads the settings). */
  readonly round?: AckRound | undefined;
}

/**
 * Checks a move without making it: what a return says is missing resolved to words, the state
 * machine's guard, and answers only with a resubmission. The caller runs it before reading what
 * a resubmission needs, so a refused move costs no read.
 */
export function checkMove(
  before: Handoff,
  change: HandoffTransition,
): { missing?: string[]; missingItemIds?: string[] } {
  const missing = missingOf(before, change);
  assertTransition(before.status, change.to, missing.missing);
  if (change.answers !== undefined && change.to !== 'sent') {
    throw new ValidationError([{ path: 'answers', message: 'Only a resubmission changes the answers.' }]);
  }
  return missing;
}

/**
 * The next version of a handoff moved to `change.to`, checked by `checkMove`, and its event:
 * the fields each move sets or clears. A resubmission starts a new round, so it needs the new
 * round's SLA and due time; it is the event `handoff.resubmitted`, the receiving team hears
 * that it came back, not that it is new. The note is for the other team, on the event.
 */
export function applyTransition(before: Handoff, change: HandoffMove, actor: Actor, now: Date): Moved<Handoff> {
  const missing = checkMove(before, change);
  const at = now.toISOString();
  const base: Handoff = { ...before, status: change.to, version: before.version + 1, updatedAt: at };
  const event = {
    type: change.to === 'sent' ? handoffEvents.resubmitted : handoffEvents[change.to],
    actorId: actor.userId,
    note: change.note,
  };
  switch (change.to) {
    case 'acknowledged':
      // Late is allowed, and recorded as late; once answered it is no longer overdue.
      return {
        next: {
          ...base,
          acknowledgedAt: at,
          acknowledgedBy: actor.userId,
          acknowledgedLate: at > before.ackDueAt,
          overdue: false,
        },
        event,
      };
    case 'accepted':
      return { next: { ...base, acceptedAt: at }, event };
    case 'returned':
      return {
        next: {
          ...base,
          returnedAt: at,
          missing: [...(missing.missing ?? [])],
          ...(missing.missingItemIds?.length ? { missingItemIds: [...missing.missingItemIds] } : {}),
          returnCount: before.returnCount + 1,
        },
        event,
      };
    case 'completed':
      return { next: { ...base, completedAt: at }, event };
    case 'sent': {
      if (!change.round) throw new Error('A resubmission needs its new acknowledgement due time.');
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
        next: {
          ...rest,
          checklist: revised.checklist,
          ...(revised.revisedItemIds.length > 0 ? { revisedItemIds: revised.revisedItemIds } : {}),
          sentAt: at,
          ...change.round,
          overdue: false,
        },
        event,
      };
    }
  }
}

/** The receiving team's rating of a completed handoff, once (who may rate is the service's to check). */
export function rate(
  before: Handoff,
  rating: { readonly score: number; readonly comment?: string | undefined },
  actor: Actor,
  now: Date,
): Moved<Handoff> {
  assertRatable(before);
  const at = now.toISOString();
  return {
    next: {
      ...before,
      rating: {
        score: rating.score,
        ...(rating.comment ? { comment: rating.comment } : {}),
        ratedBy: actor.userId,
        ratedAt: at,
      },
      version: before.version + 1,
      updatedAt: at,
    },
    event: { type: handoffEvents.rated, actorId: actor.userId },
  };
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
