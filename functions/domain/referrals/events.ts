/**
 * The event types of a referral's timeline. A status move is named after the status it reaches
 * (`referral.<status>`); the webhooks' list and the scorecard read the same names.
 */
export const referralEvents = {
  submitted: 'referral.submitted',
  accepted: 'referral.accepted',
  declined: 'referral.declined',
  qualified: 'referral.qualified',
  won: 'referral.won',
  lost: 'referral.lost',
  ownerAssigned: 'referral.owner_assigned',
  noteAdded: 'referral.note_added',
  overdue: 'referral.overdue',
  dueSoon: 'referral.due_soon',
  contactErased: 'referral.contact_erased',
} as const;
