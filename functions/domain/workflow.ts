import type { Caller } from './identity/roles.ts';

/** Who makes a move: the workflows need to know who (owner, actor) and, for some moves, as what. */
export type Actor = Pick<Caller, 'userId' | 'role'>;

/** The timeline entry a move writes, as the record's repository takes it with the next version. */
export interface MoveEvent {
  readonly type: string;
  readonly actorId: string;
  readonly note?: string | undefined;
}

/**
 * What every capability's workflow answers: the record's next version and the event that says
 * why it changed. The service writes both in one transaction, or neither (ADR 0002).
 */
export interface Moved<R, E extends MoveEvent = MoveEvent> {
  readonly next: R;
  readonly event: E;
}
