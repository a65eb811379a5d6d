import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidTransitionError, ValidationError } from '#domain/errors.ts';
import { applyTransition } from '#domain/handoffs/moves.ts';
import { createHandoffSchema, handoffRatingSchema, handoffTransitionSchema } from '#domain/handoffs/schemas.ts';
import {
  assertRatable,
  assertTransition,
  HandoffRatedAlreadyError,
  type HandoffStatus,
  handoffStatuses,
  isOpen,
  nextStatuses,
  sideThatMovesTo,
} from '#domain/handoffs/workflow.ts';
import { aHandoff, aHandoffSubmission } from '#test/handoff-fixtures.ts';

const status = fc.constantFrom(...handoffStatuses);
const missing = fc.option(fc.array(fc.string({ minLength: 1, maxLength: 10 }), { maxLength: 3 }), { nil: undefined });

describe('the handoff state machine', () => {
  it('follows exactly the documented edges', () => {
    expect(nextStatuses('sent')).toEqual(['acknowledged']);
    expect(nextStatuses('acknowledged')).toEqual(['accepted', 'returned']);
    expect(nextStatuses('accepted')).toEqual(['completed']);
    expect(nextStatuses('returned')).toEqual(['sent']);
    expect(nextStatuses('completed')).toEqual([]);
  });

  it('lets the sending team resubmit, and the receiving team make every other move', () => {
    expect(handoffStatuses.map((to) => [to, sideThatMovesTo(to)])).toEqual([
      ['sent', 'sender'],
      ['acknowledged', 'receiver'],
      ['accepted', 'receiver'],
      ['returned', 'receiver'],
      ['completed', 'receiver'],
    ]);
  });

  it('for any pair of statuses, allows a move only along an edge and refuses every other with a 409', () => {
    fc.assert(
      fc.property(status, status, missing, (from, to, what) => {
        const allowed = nextStatuses(from).includes(to);
        let error: unknown;
        try {
          assertTransition(from, to, what);
        } catch (caught) {
          error = caught;
        }
        if (!allowed) expect(error).toBeInstanceOf(InvalidTransitionError);
        else if (to === 'returned' && !what?.length) expect(error).toBeInstanceOf(ValidationError);
        else if (to !== 'returned' && what !== undefined) expect(error).toBeInstanceOf(ValidationError);
        else expect(error).toBeUndefined();
      }),
    );
  });

  it('along any valid path, keeps version, counts and fields consistent, and ends only when completed', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 20 }), (choices) => {
        let handoff = aHandoff();
        let clock = Date.parse(handoff.createdAt);
        let returns = 0;
        for (const choice of choices) {
          const next = nextStatuses(handoff.status);
          if (next.length === 0) break;
          const to = next[choice % next.length] as HandoffStatus;
          const what = to === 'returned' ? ['the contract number'] : undefined;
          assertTransition(handoff.status, to, what);
          clock += 60 * 60 * 1000;
          const at = new Date(clock);
          const before = handoff;
          handoff = applyTransition(
            before,
            {
              to,
              missing: what,
              ...(to === 'sent'
                ? { round: { ackSlaHours: 4, ackDueAt: new Date(clock + 4 * 60 * 60 * 1000).toISOString() } }
                : {}),
            },
            { userId: 'someone', role: 'staff' },
            at,
          ).next;
          if (to === 'returned') returns++;
          expect(handoff.status).toBe(to);
          expect(handoff.version).toBe(before.version + 1);
          expect(handoff.updatedAt).toBe(at.toISOString());
          expect(handoff.returnCount).toBe(returns);
          expect(handoff.missing !== undefined).toBe(to === 'returned');
          if (to === 'sent') {
            expect(handoff.sentAt).toBe(at.toISOString());
            expect(handoff.acknowledgedAt).toBeUndefined();
          }
          if (to === 'acknowledged') expect(handoff.overdue).toBe(false);
        }
        expect(isOpen(handoff.status)).toBe(handoff.status !== 'completed');
      }),
    );
  });

  it('records an acknowledgement after its due time as late, and clears overdue', () => {
    const handoff = aHandoff({ ackDueAt: '2026-03-09T11:00:00.000Z', overdue: true });
    const u = { userId: 'u', role: 'staff' } as const;
    const onTime = applyTransition(handoff, { to: 'acknowledged' }, u, new Date('2026-03-09T11:00:00Z')).next;
    const late = applyTransition(handoff, { to: 'acknowledged' }, u, new Date('2026-03-09T11:00:01Z')).next;
    expect(onTime).toMatchObject({ acknowledgedLate: false, overdue: false, acknowledgedBy: 'u' });
    expect(late).toMatchObject({ acknowledgedLate: true, overdue: false });
  });

  it('needs the new round’s due time to resubmit', () => {
    const returned = aHandoff({ status: 'returned', missing: ['x'], returnCount: 1 });
    expect(() => applyTransition(returned, { to: 'sent' }, { userId: 'u', role: 'staff' }, new Date())).toThrow();
  });
});

describe('rating rules', () => {
  it('rates a completed handoff once, and nothing else', () => {
    for (const state of handoffStatuses) {
      const attempt = () => assertRatable(aHandoff({ status: state }));
      if (state === 'completed') expect(attempt).not.toThrow();
      else expect(attempt).toThrow(InvalidTransitionError);
    }
    const rated = aHandoff({
      status: 'completed',
      rating: { score: 4, ratedBy: 'u', ratedAt: '2026-03-09T11:00:00Z' },
    });
    expect(() => assertRatable(rated)).toThrow(HandoffRatedAlreadyError);
  });

  it('takes only whole scores from 1 to 5', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -10, max: 10 }), fc.double()), (score) => {
        const valid = Number.isInteger(score) && score >= 1 && score <= 5;
        expect(handoffRatingSchema.safeParse({ score }).success).toBe(valid);
      }),
    );
  });
});

describe('handoff schemas on arbitrary input', () => {
  it('never throw, and take a valid submission', () => {
    expect(createHandoffSchema.safeParse(aHandoffSubmission()).success).toBe(true);
    fc.assert(
      fc.property(fc.anything(), (input) => {
        expect(typeof createHandoffSchema.safeParse(input).success).toBe('boolean');
        expect(typeof handoffTransitionSchema.safeParse(input).success).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('refuse any field the form does not have (mass assignment)', () => {
    const extraKey = (allowed: string[]) =>
      fc.string({ minLength: 1, maxLength: 12 }).filter((key) => ![...allowed, '__proto__'].includes(key));
    fc.assert(
      fc.property(
        extraKey(['toTeamId', 'customerId', 'summary', 'promised', 'needs', 'dueAt']),
        fc.anything(),
        (key, value) => {
          expect(createHandoffSchema.safeParse({ ...aHandoffSubmission(), [key]: value }).success).toBe(false);
        },
      ),
    );
    fc.assert(
      fc.property(extraKey(['to', 'missing', 'note']), fc.anything(), (key, value) => {
        expect(handoffTransitionSchema.safeParse({ to: 'acknowledged', [key]: value }).success).toBe(false);
      }),
    );
    fc.assert(
      fc.property(extraKey(['score', 'comment']), fc.anything(), (key, value) => {
        expect(handoffRatingSchema.safeParse({ score: 3, [key]: value }).success).toBe(false);
      }),
    );
  });

  it('refuse a return with an empty list of what is missing, and a due date without its offset', () => {
    expect(handoffTransitionSchema.safeParse({ to: 'returned', missing: [] }).success).toBe(false);
    expect(handoffTransitionSchema.safeParse({ to: 'returned', missing: ['  '] }).success).toBe(false);
    expect(createHandoffSchema.safeParse({ ...aHandoffSubmission(), dueAt: '2026-03-09T12:00:00' }).success).toBe(
      false,
    );
    expect(createHandoffSchema.safeParse({ ...aHandoffSubmission(), dueAt: '2026-03-09T12:00:00+01:00' }).success).toBe(
      true,
    );
  });
});
