import type { Actor, Moved } from '#domain/workflow.ts';
import { playEvents } from './events.ts';
import { defaultTitle, type Play, type PlaySource } from './schemas.ts';
import { assertEditable, assertTransition } from './workflow.ts';

/**
 * A leader's follow-up of a mover as the play it becomes, and its event. What it needs from
 * elsewhere comes in the command: the mover as the scorecard shows it (`source`), the owner
 * the caller checked, and the instant its due date ends in the organisation's zone (`dueAt`).
 */
export function newPlay(
  input: {
    readonly title?: string | undefined;
    readonly ownerId: string;
    readonly dueOn: string;
    readonly dueAt: string;
    readonly source: PlaySource;
  },
  actor: Actor,
  at: { readonly id: string; readonly now: Date },
): Moved<Play> {
  const iso = at.now.toISOString();
  return {
    next: {
      id: at.id,
      title: input.title ?? defaultTitle(input.source),
      ownerId: input.ownerId,
      dueOn: input.dueOn,
      dueAt: input.dueAt,
      source: input.source,
      status: 'open',
      createdBy: actor.userId,
      version: 1,
      createdAt: iso,
      updatedAt: iso,
    },
    event: { type: playEvents.created, actorId: actor.userId },
  };
}

/** An edit of an open play; a new due date comes with the instant it ends (`dueAt`). */
export interface PlayChange {
  readonly title?: string | undefined;
  readonly ownerId?: string | undefined;
  readonly dueOn?: string | undefined;
  readonly dueAt?: string | undefined;
}

/**
 * A new title, owner or due date for an open play. A new owner is its own event, so that the
 * owner's My work can say the play was handed to them.
 */
export function edit(before: Play, change: PlayChange, actor: Actor, now: Date): Moved<Play> {
  assertEditable(before.status);
  if (change.dueOn !== undefined && change.dueAt === undefined) throw new Error('A new due date needs its end.');
  const { dueAt, ...fields } = change;
  const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  const reassigned = change.ownerId !== undefined && change.ownerId !== before.ownerId;
  return {
    next: {
      ...before,
      ...defined,
      ...(change.dueOn === undefined ? {} : { dueAt }),
      version: before.version + 1,
      updatedAt: now.toISOString(),
    },
    event: { type: reassigned ? playEvents.reassigned : playEvents.updated, actorId: actor.userId },
  };
}

/** Its owner or a leader closes an open play, saying what was done: the note stays on it and its event. */
export function close(before: Play, change: { readonly note: string }, actor: Actor, now: Date): Moved<Play> {
  assertTransition(before.status, 'closed');
  const at = now.toISOString();
  return {
    next: {
      ...before,
      status: 'closed',
      closeNote: change.note,
      closedAt: at,
      closedBy: actor.userId,
      version: before.version + 1,
      updatedAt: at,
    },
    event: { type: playEvents.closed, actorId: actor.userId, note: change.note },
  };
}
