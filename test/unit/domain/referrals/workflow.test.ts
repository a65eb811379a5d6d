import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidTransitionError, ValidationError } from '#domain/errors.ts';
import { submitReferralSchema, transitionSchema } from '#domain/referrals/schemas.ts';
import {
  assertTransition,
  isFirstResponse,
  isOpen,
  nextStatuses,
  type ReferralStatus,
  referralStatuses,
} from '#domain/referrals/workflow.ts';

const status = fc.constantFrom(...referralStatuses);
const reason = fc.option(fc.string({ maxLength: 20 }), { nil: undefined });

describe('the referral state machine', () => {
  it('follows exactly the documented edges', () => {
    expect(nextStatuses('submitted')).toEqual(['accepted', 'declined']);
    expect(nextStatuses('accepted')).toEqual(['qualified']);
    expect(nextStatuses('qualified')).toEqual(['won', 'lost']);
    for (const closed of ['declined', 'won', 'lost'] as const) expect(nextStatuses(closed)).toEqual([]);
  });

  it('for any pair of statuses, allows a move only along an edge, and refuses every other with a 409', () => {
    fc.assert(
      fc.property(status, status, reason, (from, to, why) => {
        const allowed = nextStatuses(from).includes(to);
        const needsReason = to === 'declined' || to === 'lost';
        let error: unknown;
        try {
          assertTransition(from, to, why);
        } catch (caught) {
          error = caught;
        }
        if (!allowed) expect(error).toBeInstanceOf(InvalidTransitionError);
        else if (needsReason && !why?.trim()) expect(error).toBeInstanceOf(ValidationError);
        else expect(error).toBeUndefined();
      }),
    );
  });

  it('reaches a closed status from submitted along any valid path, and never leaves it', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 10 }), (choices) => {
        let current: ReferralStatus = 'submitted';
        for (const choice of choices) {
          const next = nextStatuses(current);
          if (next.length === 0) break;
          const to = next[choice % next.length] as ReferralStatus;
          assertTransition(current, to, 'because');
          current = to;
        }
        expect(isOpen(current)).toBe(nextStatuses(current).length > 0);
      }),
    );
  });

  it('counts only accepting or declining a submitted referral as the first response', () => {
    fc.assert(
      fc.property(status, status, (from, to) => {
        expect(isFirstResponse(from, to)).toBe(from === 'submitted' && (to === 'accepted' || to === 'declined'));
      }),
    );
  });
});

describe('referral schemas on arbitrary input', () => {
  it('never throw, and refuse anything that is not a submission', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const result = submitReferralSchema.safeParse(input);
        expect(typeof result.success).toBe('boolean');
        if (result.success) expect(result.data.fit).toBeDefined();
      }),
      { numRuns: 500 },
    );
  });

  it('refuse any extra field on a transition (mass assignment)', () => {
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 1, maxLength: 12 })
          .filter((key) => !['to', 'reason', 'noteToReferrer', '__proto__'].includes(key)),
        fc.anything(),
        (key, value) => {
          expect(transitionSchema.safeParse({ to: 'accepted', [key]: value }).success).toBe(false);
        },
      ),
    );
  });
});
