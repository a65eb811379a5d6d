import { InvalidTransitionError, ValidationError } from '#domain/errors.ts';
import * as z from '#lib/zod.ts';

export const issueStatuses = ['reported', 'owned', 'mitigated', 'resolved'] as const;
export const issueStatusSchema = z.enum(issueStatuses);
export type IssueStatus = z.infer<typeof issueStatusSchema>;

/**
 * `reported → owned → mitigated → resolved` (seed 002): somebody owns it before anything else
 * happens, and resolved is final. An owned issue may be resolved directly: when the cause is
 * fixed at once there was no stopgap to record, and a forced "mitigated" step would be fiction.
 */
const transitions: Record<IssueStatus, readonly IssueStatus[]> = {
  reported: ['owned'],
  owned: ['mitigated', 'resolved'],
  mitigated: ['resolved'],
  resolved: [],
};

export function nextIssueStatuses(from: IssueStatus): readonly IssueStatus[] {
  return transitions[from];
}

/** Unresolved: the issue still hurts a customer and counts against them on the win-back list. */
export function isOpenIssue(status: IssueStatus): boolean {
  return status !== 'resolved';
}

/**
 * Checks a requested move: 409 when the workflow has no such edge; 400 when resolving comes
 * without its follow-up note, a follow-up note comes with any other move, or a mitigation note
 * with anything but mitigating.
 */
export function assertTransition(
  from: IssueStatus,
  to: IssueStatus,
  followUp: string | undefined,
  note?: string | undefined,
): void {
  const allowed = transitions[from];
  if (!allowed.includes(to)) {
    throw new InvalidTransitionError(
      `A ${from} issue cannot become ${to}${allowed.length ? `; it can become ${allowed.join(' or ')}` : ''}.`,
    );
  }
  if (to === 'resolved' && !followUp?.trim()) {
    throw new ValidationError([{ path: 'followUp', message: 'Say what follows up on it: a short note.' }]);
  }
  if (to !== 'resolved' && followUp !== undefined) {
    throw new ValidationError([{ path: 'followUp', message: 'A follow-up note goes with resolving only.' }]);
  }
  if (to !== 'mitigated' && note !== undefined) {
    throw new ValidationError([{ path: 'note', message: 'A note goes with mitigating only.' }]);
  }
}
