import type { ReferralConflict, ReferralDetail } from '../../api/types.ts';
import { Time } from '../../components/dates.tsx';
import { conflictStatusLabel } from './labels.tsx';
import { type People, referrerSide } from './use-people.ts';

/** The conflicts raised against a referral: others who tried to refer the same prospect. */
export function Conflicts({ conflicts, people }: { conflicts: ReferralConflict[]; people: People }) {
  return (
    <section class="card" aria-labelledby="conflicts-heading">
      <h2 id="conflicts-heading">Conflicts</h2>
      {conflicts.length === 0 ? (
        <p class="empty">Nobody else has tried to refer this prospect.</p>
      ) : (
        <ul class="conflict-list">
          {conflicts.map((conflict) => (
            <li key={conflict.id}>
              <p>
                {people.userName(conflict.referrerId) ?? 'Someone'} ({referrerSide(conflict, people)}) tried to refer “
                {conflict.companyName}” on <Time iso={conflict.createdAt} />.
              </p>
              <p class="note-meta">
                <span class={`badge badge-conflict-${conflict.status}`}>{conflictStatusLabel[conflict.status]}</span>
                {conflict.ruling && <> {conflict.ruling}</>}
              </p>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/conflicts">All conflicts</a>
      </p>
    </section>
  );
}

/**
 * The handoffs about this referral (its kickoff), and for staff of a team, the kickoff one click
 * away while the referral is accepted or qualified and not yet a customer: the handoff form
 * opens with the referral's fields filled in.
 */
export function ReferralHandoffs({
  referral,
  people,
  canHandOver,
}: {
  referral: ReferralDetail;
  people: People;
  canHandOver: boolean;
}) {
  const handoffs = referral.handoffs ?? [];
  const open = (referral.status === 'accepted' || referral.status === 'qualified') && !referral.customerId;
  return (
    <section class="card" aria-labelledby="referral-handoffs-heading">
      <h2 id="referral-handoffs-heading">Handoffs</h2>
      {handoffs.length === 0 ? (
        <p class="empty">No handoff about this referral yet.</p>
      ) : (
        <ul>
          {handoffs.map((handoff) => (
            <li key={handoff.id}>
              <a href={`/handoffs/${handoff.id}`}>{handoff.summary}</a>{' '}
              <span class="muted">
                to {people.teamName(handoff.toTeamId) ?? 'another team'}, {handoff.status}
              </span>
            </li>
          ))}
        </ul>
      )}
      {canHandOver && open && (
        <a class="button button-primary" href={`/hand-over?referralId=${referral.id}`}>
          Kick off a handoff
        </a>
      )}
    </section>
  );
}
