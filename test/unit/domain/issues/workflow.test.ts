import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidTransitionError, ValidationError } from '#domain/errors.ts';
import {
  assertTransition,
  type IssueStatus,
  isOpenIssue,
  issueStatuses,
  nextIssueStatuses,
} from '#domain/issues/workflow.ts';

const status = fc.constantFrom(...issueStatuses);
const followUp = fc.option(fc.string({ maxLength: 20 }), { nil: undefined });
const mitigationNote = fc.option(fc.string({ maxLength: 20 }), { nil: undefined });

function transitionError(
  from: IssueStatus,
  to: IssueStatus,
  note: string | undefined,
  mitigation?: string | undefined,
): unknown {
  try {
    assertTransition(from, to, note, mitigation);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('the issue workflow', () => {
  it('follows reported → owned → (mitigated →) resolved, and resolved is final', () => {
    expect(nextIssueStatuses('reported')).toEqual(['owned']);
    expect(nextIssueStatuses('owned')).toEqual(['mitigated', 'resolved']);
    expect(nextIssueStatuses('mitigated')).toEqual(['resolved']);
    expect(nextIssueStatuses('resolved')).toEqual([]);
  });

  it('for any pair of statuses and any notes, allows only the edges, the follow-up exactly on resolving, a mitigation note only on mitigating', () => {
    fc.assert(
      fc.property(status, status, followUp, mitigationNote, (from, to, note, mitigation) => {
        const error = transitionError(from, to, note, mitigation);
        if (!nextIssueStatuses(from).includes(to)) expect(error).toBeInstanceOf(InvalidTransitionError);
        else if (to === 'resolved' && !note?.trim()) expect(error).toBeInstanceOf(ValidationError);
        else if (to !== 'resolved' && note !== undefined) expect(error).toBeInstanceOf(ValidationError);
        else if (to !== 'mitigated' && mitigation !== undefined) expect(error).toBeInstanceOf(ValidationError);
        else expect(error).toBeUndefined();
      }),
    );
  });

  it('reaches resolved from reported in two or three moves along any valid path, and is open until then', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 10 }), (choices) => {
        let current: IssueStatus = 'reported';
        let moves = 0;
        for (const choice of choices) {
          const next = nextIssueStatuses(current);
          if (next.length === 0) break;
          expect(isOpenIssue(current)).toBe(true);
          const to = next[choice % next.length] as IssueStatus;
          assertTransition(current, to, to === 'resolved' ? 'Add a duplicate-invoice check.' : undefined);
          current = to;
          moves++;
        }
        if (current === 'resolved') expect([2, 3]).toContain(moves);
        expect(isOpenIssue(current)).toBe(current !== 'resolved');
      }),
    );
  });
});
