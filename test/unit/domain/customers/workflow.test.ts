import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LifecycleStage, lifecycleStages } from '#domain/customers/schemas.ts';
import { assertTransition, isActiveCustomer, nextLifecycleStages } from '#domain/customers/workflow.ts';
import { InvalidTransitionError, ValidationError } from '#domain/errors.ts';

const stage = fc.constantFrom(...lifecycleStages);
const note = fc.option(fc.string({ maxLength: 20 }), { nil: undefined });
const ladder: readonly LifecycleStage[] = ['first_purchase', 'repeat', 'loyal', 'advocate'];

function moveError(from: LifecycleStage, to: LifecycleStage, why: string | undefined): unknown {
  try {
    assertTransition(from, to, why);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('the customer lifecycle', () => {
  it('has exactly the documented moves', () => {
    expect(nextLifecycleStages('prospect')).toEqual(['first_purchase']);
    expect(nextLifecycleStages('first_purchase')).toEqual(['repeat', 'loyal', 'advocate', 'lapsed']);
    expect(nextLifecycleStages('repeat')).toEqual(['loyal', 'advocate', 'lapsed']);
    expect(nextLifecycleStages('loyal')).toEqual(['advocate', 'lapsed']);
    expect(nextLifecycleStages('advocate')).toEqual(['lapsed']);
    expect(nextLifecycleStages('lapsed')).toEqual(['won_back']);
    expect(nextLifecycleStages('won_back')).toEqual(['repeat', 'loyal', 'advocate', 'lapsed']);
  });

  it('for any pair of stages, allows a move only where the lifecycle has it, and refuses every other with a 409', () => {
    fc.assert(
      fc.property(stage, stage, note, (from, to, why) => {
        const error = moveError(from, to, why);
        if (!nextLifecycleStages(from).includes(to)) expect(error).toBeInstanceOf(InvalidTransitionError);
        else if (to === 'won_back' && !why?.trim()) expect(error).toBeInstanceOf(ValidationError);
        else expect(error).toBeUndefined();
      }),
    );
  });

  it('never moves down the ladder, and never stays where it is', () => {
    fc.assert(
      fc.property(stage, stage, (from, to) => {
        if (!nextLifecycleStages(from).includes(to)) return;
        expect(to).not.toBe(from);
        if (ladder.includes(from) && ladder.includes(to))
          expect(ladder.indexOf(to)).toBeGreaterThan(ladder.indexOf(from));
      }),
    );
  });

  it('lets every active customer lapse, and no prospect or lapsed one', () => {
    for (const from of lifecycleStages) {
      expect(nextLifecycleStages(from).includes('lapsed')).toBe(isActiveCustomer(from));
    }
  });

  it('brings a lapsed customer back only as won back, and only saying what settled it', () => {
    expect(moveError('lapsed', 'won_back', undefined)).toBeInstanceOf(ValidationError);
    expect(moveError('lapsed', 'won_back', '   ')).toBeInstanceOf(ValidationError);
    expect(moveError('lapsed', 'won_back', 'Refunded the double invoices')).toBeUndefined();
    for (const to of lifecycleStages.filter((candidate) => candidate !== 'won_back')) {
      expect(moveError('lapsed', to, 'x')).toBeInstanceOf(InvalidTransitionError);
    }
  });

  it('from a prospect, along any valid path, can reach every stage but prospect itself', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (choices) => {
        let current: LifecycleStage = 'prospect';
        for (const choice of choices) {
          const next = nextLifecycleStages(current);
          const to = next[choice % next.length] as LifecycleStage;
          assertTransition(current, to, 'settled');
          current = to;
          expect(current).not.toBe('prospect');
        }
      }),
    );
    const reachable = new Set<LifecycleStage>();
    const queue: LifecycleStage[] = ['prospect'];
    while (queue.length > 0) {
      const from = queue.shift() as LifecycleStage;
      for (const to of nextLifecycleStages(from)) {
        if (!reachable.has(to)) {
          reachable.add(to);
          queue.push(to);
        }
      }
    }
    expect([...reachable].sort()).toEqual(lifecycleStages.filter((s) => s !== 'prospect').sort());
  });
});
