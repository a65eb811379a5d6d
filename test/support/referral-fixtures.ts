import type { ReferralSubmission } from '#domain/referrals/schemas.ts';

let counter = 0;

/** A valid submission of a fresh prospect; override what the test is about. */
export function aSubmission(overrides: Partial<ReferralSubmission> = {}): ReferralSubmission {
  counter++;
  return {
    company: { name: `Prospect ${counter} ${Math.random().toString(36).slice(2, 8)} Ltd` },
    contact: {
      name: 'Jane Buyer',
      email: `jane.buyer@prospect${counter}-${Math.random().toString(36).slice(2, 8)}.example`,
    },
    jobToBeDone: 'Cut onboarding time for new clients from weeks to days.',
    fit: { resources: 4, functional: 5, technical: 3, cultural: 4 },
    stakeholders: [
      { name: 'Chris Chief', role: 'decision_maker' },
      { name: 'Alex Ally', role: 'ally' },
    ],
    notes: 'Met at the partner summit.',
    ...overrides,
  };
}
