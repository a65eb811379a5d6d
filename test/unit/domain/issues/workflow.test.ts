import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidTransitionError, ValidationError } from '#domain/errors.ts';
import {
  assertIssueTransition,
  type IssueStatus,
  isOpenIssue,
  issueStatuses,
  nextIssueStatuses,
} from '#domain/issues/workflow.ts';

const status = fc.constantFrom(...issueStatuses);
const followUp = fc.option(fc.string({ maxLength: 20 }), { nil: undefined });

function transitionError(from: IssueStatus, to: IssueStatus, note: string | undefined): unknown {
  try {
    assertIssueTransition(from, to, note);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('the issue workflow', () => {
  it('follows reported → owned → mitigated → resolved, and resolved is final', () => {
    expect(nextIssueStatuses('reported')).toEqual(['owned']);
    expect(nextIssueStatuses('owned')).toEqual(['mitigated']);
    expect(nextIssueStatuses('mitigated')).toEqual(['resolved']);
    expect(nextIssueStatuses('resolved')).toEqual([]);
  });

  it('for any pair of statuses and any note, allows only the edges, and needs the follow-up exactly on resolving', () => {
    fc.assert(
      fc.property(status, status, followUp, (from, to, note) => {
        const error = transitionError(from, to, note);
        if (!nextIssueStatuses(from).includes(to)) expect(error).toBeInstanceOf(InvalidTransitionError);
        else if (to === 'resolved' && !note?.trim()) expect(error).toBeInstanceOf(ValidationError);
        else if (to !== 'resolved' && note !== undefined) expect(error).toBeInstanceOf(ValidationError);
        else expect(error).toBeUndefined();
      }),
    );
  });

  it('reaches resolved from reported in exactly three moves along any valid path, and is open until then', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 10 }), (choices) => {
        let current: IssueStatus = 'reported';
        let moves = 0;
        for (const choice of choices) {
          const next = nextIssueStatuses(current);
          if (next.length === 0) break;
          expect(isOpenIssue(current)).toBe(true);
          const to = next[choice % next.length] as IssueStatus;
          assertIssueTransition(current, to, to === 'resolved' ? 'Add a duplicate-invoice check.' : undefined);
          current = to;
          moves++;
        }
        if (current === 'resolved') expect(moves).toBe(3);
        expect(isOpenIssue(current)).toBe(current !== 'resolved');
      }),
    );
  });
});
