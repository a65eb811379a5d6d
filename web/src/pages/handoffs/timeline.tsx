import type { HandoffDetail, TimelineEvent } from '../../api/types.ts';
import { Timeline } from '../../components/timeline.tsx';
import type { People } from '../referrals/use-people.ts';
import { workingHours } from './labels.tsx';

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * One event as a sentence, with the team and the person: "Returned to Sales by Olivia Brandt
 * of Onboarding". The sending team sends and resubmits; the receiving team makes every other
 * move, so the actor's team is the side the move belongs to. The sweeper's "overdue" names the
 * team that had not acknowledged it.
 */
export function describeEvent(event: TimelineEvent, handoff: HandoffDetail, people: People): string {
  const from = people.teamName(handoff.fromTeamId) ?? 'the sending team';
  const to = people.teamName(handoff.toTeamId) ?? 'the receiving team';
  const side = event.type === 'handoff.sent' || event.type === 'handoff.resubmitted' ? from : to;
  const actor = event.actorId && event.actorId !== 'system' ? people.userName(event.actorId) : undefined;
  const by = actor ? ` by ${actor} of ${side}` : '';
  const after = event.after ?? {};
  switch (event.type) {
    case 'handoff.sent':
      return `Sent to ${to}${by}`;
    case 'handoff.acknowledged':
      return `Acknowledged${by}${after.acknowledgedLate === true ? ', after its due time' : ''}`;
    case 'handoff.returned':
      return `Returned to ${from}${by}${list(after.missing).length ? ', for what is missing:' : ''}`;
    case 'handoff.resubmitted': {
      const revised = list(after.revisedItemIds)
        .map((id) => handoff.checklist.find((item) => item.itemId === id)?.label)
        .filter((label): label is string => label !== undefined);
      return `Resubmitted to ${to}${by}${revised.length ? `, with new answers to: ${revised.join('; ')}` : ''}`;
    }
    case 'handoff.accepted':
      return `Accepted${by}`;
    case 'handoff.completed':
      return `Completed${by}`;
    case 'handoff.rated':
      return `Rated${typeof after.score === 'number' ? ` ${after.score} of 5` : ''}${by}`;
    case 'handoff.overdue': {
      const hours = typeof after.ackSlaHours === 'number' ? after.ackSlaHours : handoff.ackSlaHours;
      return `Overdue: ${to} had not acknowledged it within ${workingHours(hours)}`;
    }
    default:
      return `${event.type.replace(/^handoff\./, '').replace(/_/g, ' ')}${by}`;
  }
}

/** The handoff's history, oldest first; a return lists what is missing under its sentence. */
export function HandoffTimeline({ handoff, people }: { handoff: HandoffDetail; people: People }) {
  return (
    <Timeline
      events={handoff.timeline}
      namespace="handoff"
      describe={(event) => describeEvent(event, handoff, people)}
      details={(event) =>
        event.type === 'handoff.returned' &&
        list(event.after?.missing).length > 0 && (
          <ul class="missing-list">
            {list(event.after?.missing).map((item, index) => (
              <li key={index}>{item}</li>
            ))}
          </ul>
        )
      }
    />
  );
}
