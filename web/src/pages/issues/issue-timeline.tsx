import type { CommunicationChannel, ContributingFactor, IssueDetail, Severity } from '../../api/types.ts';
import { Timeline } from '../../components/timeline.tsx';
import type { People } from '../referrals/use-people.ts';
import { channelLabel, factorLabel, severityLabel } from './labels.tsx';

type TimelineEvent = IssueDetail['timeline'][number];

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function factors(value: unknown): string {
  if (!Array.isArray(value) || value.length === 0) return 'none';
  return value.map((factor) => factorLabel(factor as ContributingFactor).toLowerCase()).join(', ');
}

/** One event as a sentence: "Taken by Olivia Brandt, who now owns it". */
export function describeIssueEvent(event: TimelineEvent, people: People): string {
  const actor = event.actorId && event.actorId !== 'system' ? people.userName(event.actorId) : undefined;
  const by = actor ? ` by ${actor}` : '';
  const owner = people.userName(text(event.after?.ownerId));
  switch (event.type) {
    case 'issue.reported': {
      const severity = text(event.after?.severity);
      return `Reported${by}${severity ? ` as ${severityLabel(severity as Severity).toLowerCase()}` : ''}`;
    }
    case 'issue.owned':
      if (!event.actorId || event.after?.ownerId === event.actorId)
        return `Ownership taken${by}${actor ? ', who now owns it' : ''}`;
      return `Owner assigned${by}${owner ? `: ${owner} now owns it` : ''}`;
    case 'issue.handed_over': {
      const from = people.userName(text(event.before?.ownerId));
      return `Handed over${by}${from ? ` from ${from}` : ''}${owner ? ` to ${owner}` : ''}`;
    }
    case 'issue.mitigated':
      return `Mitigated${by}: the harm is stopped`;
    case 'issue.resolved':
      return `Resolved${by}`;
    case 'issue.updated': {
      const changes: string[] = [];
      if (event.before?.severity !== event.after?.severity) {
        changes.push(
          `severity ${severityLabel(text(event.before?.severity) as Severity)} → ${severityLabel(text(event.after?.severity) as Severity)}`,
        );
      }
      if (JSON.stringify(event.before?.factors) !== JSON.stringify(event.after?.factors)) {
        changes.push(`contributing factors: ${factors(event.after?.factors)}`);
      }
      const edited = Array.isArray(event.after?.edited) ? (event.after.edited as string[]) : [];
      if (edited.includes('title')) changes.push('title');
      if (edited.includes('impact')) changes.push('impact');
      if (edited.includes('customerTold')) changes.push('what the customer was told');
      return `Edited${by}${changes.length ? `: ${changes.join('; ')}` : ''}`;
    }
    case 'issue.customer_communicated': {
      const channel = text(event.after?.channel);
      return `Customer communication logged${by}${channel ? `: ${channelLabel(channel as CommunicationChannel).toLowerCase()}` : ''}`;
    }
    case 'issue.own_target_breached':
      return 'Time-to-own target missed: nobody owned it in time';
    case 'issue.resolve_target_breached':
      return 'Time-to-resolve target missed';
    default:
      return `${event.type.replace(/^issue\./, '').replace(/_/g, ' ')}${by}`;
  }
}

/** The issue's history, oldest first; resolving carries its follow-up note, mitigating says how. */
export function IssueTimeline({ issue, people }: { issue: IssueDetail; people: People }) {
  return (
    <Timeline
      events={issue.timeline}
      namespace="issue"
      classPrefix="timeline-issue"
      describe={(event) => describeIssueEvent(event, people)}
      notePrefix={(kind) => (kind === 'resolved' ? 'Follow-up: ' : kind === 'mitigated' ? 'How: ' : '')}
    />
  );
}
