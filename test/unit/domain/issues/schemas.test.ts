import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  contributingFactors,
  issueSchema,
  issueTransitionSchema,
  reportIssueSchema,
  updateIssueSchema,
} from '#domain/issues/schemas.ts';
import { defaultIssueTargets, issueDueDates, issueTargetsSchema, severities } from '#domain/issues/targets.ts';
import { anId } from '#test/factories.ts';
import { anIssueReport } from '#test/issue-fixtures.ts';

describe('issue schemas', () => {
  it('take the four fields of a report and refuse what the workflow sets (mass assignment)', () => {
    const report = anIssueReport([anId()]);
    expect(reportIssueSchema.parse(report)).toEqual(report);
    for (const extra of [
      { status: 'resolved' },
      { ownerId: anId() },
      { factors: ['process'] },
      { version: 2 },
      { atFault: anId() },
      { ownDueAt: '2030-01-01T00:00:00Z' },
    ]) {
      expect(reportIssueSchema.safeParse({ ...report, ...extra }).success).toBe(false);
    }
  });

  it('need at least one customer, each once, and a severity from sev1 to sev4', () => {
    const id = anId();
    expect(reportIssueSchema.safeParse(anIssueReport([])).success).toBe(false);
    expect(reportIssueSchema.safeParse(anIssueReport([id, id])).success).toBe(false);
    expect(reportIssueSchema.safeParse(anIssueReport([id], { severity: 'sev5' as never })).success).toBe(false);
  });

  it('take contributing factors only from the fixed list, each once', () => {
    expect(contributingFactors).toEqual(['process', 'tooling', 'communication', 'capacity', 'product', 'partner']);
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: 8 }), (factors) => {
        const valid =
          factors.every((factor) => (contributingFactors as readonly string[]).includes(factor)) &&
          new Set(factors).size === factors.length;
        expect(updateIssueSchema.safeParse({ factors }).success).toBe(valid);
      }),
    );
  });

  it('have no field that names a person at fault: the only people on an issue are who reported, owns and resolved it', () => {
    const people = Object.keys(issueSchema.shape).filter((key) =>
      /^.+(By|Id)$|owner|fault|blame|culprit|person/i.test(key),
    );
    expect(people.sort()).toEqual(['ownerId', 'partnerId', 'reportedBy', 'resolvedBy']);
  });

  it('refuse anything but a status and a follow-up in a transition', () => {
    expect(issueTransitionSchema.safeParse({ to: 'owned', ownerId: anId() }).success).toBe(false);
    expect(issueTransitionSchema.safeParse({ to: 'closed' }).success).toBe(false);
  });
});

describe('issue targets', () => {
  it('by default get shorter the more severe the issue', () => {
    for (let i = 1; i < severities.length; i++) {
      const [more, less] = [
        defaultIssueTargets[severities[i - 1] as 'sev1'],
        defaultIssueTargets[severities[i] as 'sev1'],
      ];
      expect(more.ownMinutes).toBeLessThan(less.ownMinutes);
      expect(more.resolveHours).toBeLessThan(less.resolveHours);
    }
  });

  it('put the own-by and resolve-by dates at the targets after the report', () => {
    const due = issueDueDates('2026-03-02T09:00:00.000Z', 'sev1', defaultIssueTargets);
    expect(due).toEqual({ ownDueAt: '2026-03-02T09:15:00.000Z', resolveDueAt: '2026-03-02T13:00:00.000Z' });
  });

  it('refuse a time to own longer than the time to resolve, and any severity left out', () => {
    expect(
      issueTargetsSchema.safeParse({ ...defaultIssueTargets, sev2: { ownMinutes: 121, resolveHours: 2 } }).success,
    ).toBe(false);
    const { sev4: _left, ...three } = defaultIssueTargets;
    expect(issueTargetsSchema.safeParse(three).success).toBe(false);
    expect(issueTargetsSchema.safeParse(defaultIssueTargets).success).toBe(true);
  });
});
