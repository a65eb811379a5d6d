/**
 * The event types of a handoff's timeline. A move back to `sent` is a resubmission, and is
 * named so: the receiving team hears that it came back, not that it is new.
 */
export const handoffEvents = {
  sent: 'handoff.sent',
  acknowledged: 'handoff.acknowledged',
  accepted: 'handoff.accepted',
  returned: 'handoff.returned',
  completed: 'handoff.completed',
  resubmitted: 'handoff.resubmitted',
  rated: 'handoff.rated',
  overdue: 'handoff.overdue',
  dueSoon: 'handoff.due_soon',
} as const;
