/**
 * Issue severities, apart from the schemas so that the scorecard's figures can name them without
 * bringing zod into the aggregator's bundle.
 */
export const severities = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
export type Severity = (typeof severities)[number];
