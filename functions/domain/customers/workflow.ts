import { InvalidTransitionError, ValidationError } from '#domain/errors.ts';
import type { LifecycleStage } from './stages.ts';

/**
 * The moves a customer's lifecycle may make (seeds 001 and 002):
 *
 * - a prospect becomes a customer only by a first purchase;
 * - a customer moves forward along the ladder `first_purchase → repeat → loyal → advocate`,
 *   one rung or several (a record brought up to date), never back down: a customer who buys
 *   less has lapsed, which is its own stage;
 * - every customer who has bought (any stage but prospect and lapsed) may lapse;
 * - a lapsed customer comes back only as `won_back` (born again), saying what settled it;
 * - a won-back customer moves on up the ladder from `repeat`, or lapses again.
 */
const moves: Record<LifecycleStage, readonly LifecycleStage[]> = {
  prospect: ['first_purchase'],
  first_purchase: ['repeat', 'loyal', 'advocate', 'lapsed'],
  repeat: ['loyal', 'advocate', 'lapsed'],
  loyal: ['advocate', 'lapsed'],
  advocate: ['lapsed'],
  lapsed: ['won_back'],
  won_back: ['repeat', 'loyal', 'advocate', 'lapsed'],
};

export function nextLifecycleStages(from: LifecycleStage): readonly LifecycleStage[] {
  return moves[from];
}

/** A customer who has bought and not lapsed: the stages from which a customer can lapse. */
export function isActiveCustomer(stage: LifecycleStage): boolean {
  return stage !== 'prospect' && stage !== 'lapsed';
}

/**
 * Checks a requested move: 409 when the lifecycle has no such move, 400 when a win-back does
 * not say what settled it.
 */
export function assertTransition(from: LifecycleStage, to: LifecycleStage, note: string | undefined): void {
  const allowed = moves[from];
  if (!allowed.includes(to)) {
    throw new InvalidTransitionError(
      `A ${from} customer cannot move to ${to}${allowed.length ? `; it can move to ${allowed.join(', ')}` : ''}.`,
    );
  }
  if (to === 'won_back' && !note?.trim()) {
    throw new ValidationError([{ path: 'note', message: 'Say what settled it: what won the customer back.' }]);
  }
}
