/** Event types of a customer's timeline. */
export const customerEvents = {
  created: 'customer.created',
  updated: 'customer.updated',
  lifecycleMoved: 'customer.lifecycle_moved',
} as const;
