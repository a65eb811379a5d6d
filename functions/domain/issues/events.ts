/** The event types of an issue's timeline; webhooks publish every one of them. */
export const issueEvents = {
  reported: 'issue.reported',
  owned: 'issue.owned',
  mitigated: 'issue.mitigated',
  resolved: 'issue.resolved',
  handedOver: 'issue.handed_over',
  updated: 'issue.updated',
  communicated: 'issue.customer_communicated',
  ownBreached: 'issue.own_target_breached',
  resolveBreached: 'issue.resolve_target_breached',
} as const;

/**
 * Not a timeline event: the due-soon sweeper's notice that an issue's target falls due within
 * the next working day. Webhooks do not publish it, so it is kept apart from `issueEvents`.
 */
export const issueNotices = {
  dueSoon: 'issue.due_soon',
} as const;
