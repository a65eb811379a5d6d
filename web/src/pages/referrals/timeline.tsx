import type { ReferralDetail, TimelineEvent } from '../../api/types.ts';
import { Timeline } from '../../components/timeline.tsx';
import type { People } from './use-people.ts';

const statusMoves: Record<string, string> = {
  'referral.accepted': 'Accepted',
  'referral.declined': 'Declined',
  'referral.qualified': 'Qualified',
  'referral.won': 'Won',
  'referral.lost': 'Lost',
};

function ownerOf(state: Record<string, unknown> | null): string | undefined {
  const owner = state?.ownerId;
  return typeof owner === 'string' ? owner : undefined;
}

/**
 * One event as a sentence: "Accepted by Sam Okafor". Actors are named where the caller may know
 * them (staff and leaders look names up; a referrer sees only their own name); the system's
 * own events (the sweeper's "overdue") name nobody.
 */
export function describeEvent(event: TimelineEvent, referral: ReferralDetail, people: People): string {
  const actor = event.actorId && event.actorId !== 'system' ? people.userName(event.actorId) : undefined;
  const by = actor ? ` by ${actor}` : '';
  const move = statusMoves[event.type];
  if (move) {
    const before = ownerOf(event.before);
    const after = ownerOf(event.after);
    if (!after || after === before) return `${move}${by}`;
    if (after === event.actorId && actor) return `${move}${by}, who now owns it`;
    const owner = people.userName(after);
    return `${move}${by}${owner ? `; ${owner} now owns it` : ''}`;
  }
  switch (event.type) {
    case 'referral.submitted':
      if (referral.admittedFromConflictId && event.actorId !== referral.referrerId) {
        return `Submitted: admitted after a conflict ruling${by}`;
      }
      return `Submitted${by}`;
    case 'referral.overdue':
      return 'Marked overdue: no first response by the due date';
    case 'referral.owner_assigned': {
      const owner = people.userName(ownerOf(event.after));
      return `Owner assigned${owner ? `: ${owner}` : ''}${by}`;
    }
    case 'referral.note_added':
      return `Internal note added${by}`;
    case 'referral.contact_erased':
      return `Contact details erased${by}`;
    default:
      return `${event.type.replace(/^referral\./, '').replace(/_/g, ' ')}${by}`;
  }
}

/** The referral's history, oldest first, as a list of dated sentences. */
export function ReferralTimeline({ referral, people }: { referral: ReferralDetail; people: People }) {
  return (
    <Timeline
      events={referral.timeline}
      namespace="referral"
      describe={(event) => describeEvent(event, referral, people)}
    />
  );
}
