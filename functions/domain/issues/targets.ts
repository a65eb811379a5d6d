import * as z from '#lib/zod.ts';

import { type Severity, severities } from './severities.ts';

export { type Severity, severities };
export const severitySchema = z.enum(severities);

/** Time to own and time to resolve for one severity, from the moment the issue is reported. */
export const issueTargetSchema = z
  .strictObject({
    ownMinutes: z
      .number()
      .check(z.int('Whole minutes.'), z.gte(1, 'At least a minute.'), z.lte(10_080, 'At most a week.')),
    resolveHours: z
      .number()
      .check(z.int('Whole hours.'), z.gte(1, 'At least an hour.'), z.lte(2_160, 'At most 90 days.')),
  })
  .check(
    z.refine((target) => target.ownMinutes <= target.resolveHours * 60, {
      message: 'An issue is owned before it is resolved: time to own must not exceed time to resolve.',
      path: ['ownMinutes'],
    }),
  );

/** One target per severity; leaders set them (`PATCH /api/settings`, all four at once). */
export const issueTargetsSchema = z
  .strictObject({ sev1: issueTargetSchema, sev2: issueTargetSchema, sev3: issueTargetSchema, sev4: issueTargetSchema })
  .apply(z.withMeta, { id: 'IssueTargets' });
export type IssueTargets = z.infer<typeof issueTargetsSchema>;

export const defaultIssueTargets: IssueTargets = {
  sev1: { ownMinutes: 15, resolveHours: 4 },
  sev2: { ownMinutes: 60, resolveHours: 24 },
  sev3: { ownMinutes: 240, resolveHours: 72 },
  sev4: { ownMinutes: 1_440, resolveHours: 240 },
};

const minute = 60_000;

/** When an issue of this severity reported at `reportedAt` must be owned, and resolved. */
export function issueDueDates(
  reportedAt: string,
  severity: Severity,
  targets: IssueTargets,
): { ownDueAt: string; resolveDueAt: string } {
  const start = Date.parse(reportedAt);
  const target = targets[severity];
  return {
    ownDueAt: new Date(start + target.ownMinutes * minute).toISOString(),
    resolveDueAt: new Date(start + target.resolveHours * 60 * minute).toISOString(),
  };
}
