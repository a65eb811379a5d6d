/** Event types of a play's timeline: a reassignment is its own, so the new owner's My work can say so. */
export const playEvents = {
  created: 'play.created',
  updated: 'play.updated',
  reassigned: 'play.reassigned',
  closed: 'play.closed',
} as const;
