import type { CommunicationChannel, ContributingFactor, Issue, IssueStatus, Severity } from '../../api/types.ts';
import { Time } from '../../components/dates.tsx';
import { labelFor } from '../../components/options.ts';

/** The severities, most severe first, each with what it means in plain words. */
export const severities: readonly { value: Severity; label: string; meaning: string }[] = [
  {
    value: 'sev1',
    label: 'Sev 1: critical',
    meaning: 'Customers cannot work at all, or their money or data is at risk.',
  },
  {
    value: 'sev2',
    label: 'Sev 2: major',
    meaning: 'Something important is broken for customers and there is no good workaround.',
  },
  { value: 'sev3', label: 'Sev 3: minor', meaning: 'Something is wrong or slow, and customers can work around it.' },
  { value: 'sev4', label: 'Sev 4: low', meaning: 'An annoyance that stops nobody working.' },
];

export function severityLabel(severity: Severity): string {
  return labelFor(severities, severity);
}

/** The workflow's statuses, in the order an issue goes through them. */
export const issueStatuses: readonly { value: IssueStatus; label: string; meaning: string }[] = [
  { value: 'reported', label: 'Reported', meaning: 'Waiting for somebody to own it.' },
  { value: 'owned', label: 'Owned', meaning: 'Somebody is quarterbacking it.' },
  { value: 'mitigated', label: 'Mitigated', meaning: 'The harm is stopped; the cause is not fixed yet.' },
  { value: 'resolved', label: 'Resolved', meaning: 'Fixed, with a follow-up.' },
];

/** What contributed (seed 002: ownership, not blame): causes in the system, never a person. */
export const contributingFactors: readonly { value: ContributingFactor; label: string; meaning: string }[] = [
  { value: 'process', label: 'Process', meaning: 'a step missing, unclear or not followed' },
  { value: 'tooling', label: 'Tooling', meaning: 'a tool failed or got in the way' },
  { value: 'communication', label: 'Communication', meaning: 'someone who needed to know did not' },
  { value: 'capacity', label: 'Capacity', meaning: 'too much work for the people or systems we had' },
  { value: 'product', label: 'Product', meaning: 'a defect or gap in what we sell' },
  { value: 'partner', label: 'Partner', meaning: 'something on a partner’s side' },
];

export function factorLabel(factor: ContributingFactor): string {
  return labelFor(contributingFactors, factor);
}

export const channels: readonly { value: CommunicationChannel; label: string }[] = [
  { value: 'email', label: 'E-mail' },
  { value: 'phone', label: 'Phone' },
  { value: 'meeting', label: 'Meeting' },
  { value: 'chat', label: 'Chat' },
  { value: 'status_page', label: 'Status page' },
  { value: 'other', label: 'Other' },
];

export function channelLabel(channel: CommunicationChannel): string {
  return labelFor(channels, channel);
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span class={`badge badge-${severity}`} title={severities.find((option) => option.value === severity)?.meaning}>
      {severityLabel(severity)}
    </span>
  );
}

export function IssueStatusBadge({ status }: { status: IssueStatus }) {
  return <span class={`badge badge-issue-${status}`}>{labelFor(issueStatuses, status)}</span>;
}

/** Unresolved: the issue still hurts a customer. */
export function isOpenIssue(status: IssueStatus): boolean {
  return status !== 'resolved';
}

/** Past its time-to-own or time-to-resolve target (the sweeper may not have marked it yet). */
export function missedTarget(issue: Issue, now = Date.now()): 'own' | 'resolve' | null {
  if (issue.status === 'reported' && (issue.ownBreached || (issue.ownDueAt && Date.parse(issue.ownDueAt) < now))) {
    return 'own';
  }
  if (
    isOpenIssue(issue.status) &&
    (issue.resolveBreached || (issue.resolveDueAt && Date.parse(issue.resolveDueAt) < now))
  ) {
    return 'resolve';
  }
  return null;
}

/** The target that matters now: own by (reported), resolve by (owned, mitigated), or how it went (resolved). */
export function TargetCell({ issue }: { issue: Issue }) {
  const missed = missedTarget(issue);
  if (issue.status === 'resolved') {
    return (
      <span class="first-response">
        {issue.resolvedAt && (
          <span>
            Resolved <Time iso={issue.resolvedAt} />
          </span>
        )}
        {issue.resolvedLate && <span class="badge badge-late">Late</span>}
      </span>
    );
  }
  const due = issue.status === 'reported' ? issue.ownDueAt : issue.resolveDueAt;
  if (!due) return <span class="muted">—</span>;
  return (
    <span class="first-response">
      <span>
        {issue.status === 'reported' ? 'Own by' : 'Resolve by'} <Time iso={due} withTime />
      </span>
      {missed && <span class="badge badge-overdue">{missed === 'own' ? 'Not owned in time' : 'Overdue'}</span>}
    </span>
  );
}
