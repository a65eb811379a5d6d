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
