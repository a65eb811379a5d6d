import type { Customer, CustomerCreation } from '#domain/customers/schemas.ts';
import { anId } from './factories.ts';

let counter = 0;

function unique(): string {
  counter++;
  return `${counter}${Math.random().toString(36).slice(2, 8)}`;
}

/** A valid creation of a fresh customer (a name and domain nobody has); override what the test is about. */
export function aCustomerCreation(overrides: Partial<CustomerCreation> = {}): CustomerCreation {
  const tag = unique();
  return {
    name: `Customer ${tag} Ltd`,
    domain: `customer-${tag}.example`,
    segment: 'mid-market',
    lifecycle: 'first_purchase',
    fit: { resources: 4, functional: 4, technical: 3, cultural: 5 },
    jobToBeDone: 'Answer every client question the same day.',
    stakeholders: [
      { name: 'Dana Decider', role: 'decision_maker', title: 'COO', email: 'dana@customer.example' },
      { name: 'Ari Ally', role: 'ally', phone: '+44 20 7946 0001' },
      { name: 'Walt Windy', role: 'bag_of_wind' },
    ],
    ...overrides,
  };
}

const at = '2025-01-06T09:00:00.000Z';

/** A stored customer record, for pure domain tests. */
export function aCustomer(overrides: Partial<Customer> = {}): Customer {
  return {
    id: anId(),
    name: 'Acme Logistics',
    domain: 'acme.example',
    segment: 'enterprise',
    lifecycle: 'repeat',
    fit: { resources: 4, functional: 4, technical: 4, cultural: 4 },
    jobToBeDone: 'Track every shipment.',
    stakeholders: [{ name: 'Dana Decider', role: 'decision_maker', email: 'dana@acme.example' }],
    prospectKeys: ['name:acme logistics', 'domain:acme.example'],
    lifecycleChangedAt: at,
    openIssueCount: 0,
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}
