import type { Issue, IssueReport } from '#domain/issues/schemas.ts';
import { anId } from './factories.ts';

/** A valid report of an issue on the given customers; override what the test is about. */
export function anIssueReport(customerIds: string[], overrides: Partial<IssueReport> = {}): IssueReport {
  return {
    customerIds,
    title: 'March invoices sent twice',
    severity: 'sev2',
    impact: 'Invoices for March were sent twice; their finance team is reconciling by hand.',
    customerTold: 'We told their COO by phone that we are on it and will call back by noon.',
    ...overrides,
  };
}

const at = '2025-01-06T09:00:00.000Z';

/** A stored issue record, for pure domain tests. */
export function anIssue(overrides: Partial<Issue> = {}): Issue {
  return {
    id: anId(),
    status: 'reported',
    title: 'Invoices sent twice',
    severity: 'sev2',
    version: 1,
    customerIds: [anId()],
    impact: 'Invoices were sent twice.',
    customerTold: 'We are on it.',
    factors: [],
    reportedBy: anId(),
    reporterRole: 'staff',
    customerReferrers: [],
    ownDueAt: '2025-01-06T10:00:00.000Z',
    resolveDueAt: '2025-01-07T09:00:00.000Z',
    ownBreached: false,
    resolveBreached: false,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}
