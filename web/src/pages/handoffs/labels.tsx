import type { Handoff, HandoffKind, HandoffStatus } from '../../api/types.ts';
import { Time } from '../../components/dates.tsx';

/** The workflow's statuses, in the order a handoff goes through them. */
export const statusLabels: Record<HandoffStatus, string> = {
  sent: 'Sent',
  acknowledged: 'Acknowledged',
  accepted: 'Accepted',
  returned: 'Returned',
  completed: 'Completed',
};

export const statuses = Object.keys(statusLabels) as HandoffStatus[];

/** The kinds of handoff, each with its own checklist at the receiving team. */
export const kindLabels: Record<HandoffKind, string> = {
  kickoff: 'Kickoff',
  escalation: 'Escalation',
  invoice_query: 'Invoice query',
  other: 'Other work',
};

export const kinds = Object.keys(kindLabels) as HandoffKind[];

export function StatusBadge({ status }: { status: HandoffStatus }) {
  return <span class={`badge badge-handoff-${status}`}>{statusLabels[status]}</span>;
}

/** Waiting for its acknowledgement past the due time (the sweeper may not have marked it yet). */
export function isOverdue(handoff: Handoff, now = Date.now()): boolean {
  if (handoff.status !== 'sent') return false;
  return handoff.overdue || Date.parse(handoff.ackDueAt) < now;
}

/** "4 working hours", "1.5 working hours". */
export function workingHours(hours: number): string {
  return `${hours} working ${hours === 1 ? 'hour' : 'hours'}`;
}

/** The acknowledgement column: when it was acknowledged (and whether late), or when it is due. */
export function Acknowledgement({ handoff }: { handoff: Handoff }) {
  if (handoff.acknowledgedAt) {
    return (
      <span class="first-response">
        <span>
          Acknowledged <Time iso={handoff.acknowledgedAt} withTime />
        </span>
        {handoff.acknowledgedLate && <span class="badge badge-late">Late</span>}
      </span>
    );
  }
  if (handoff.status !== 'sent') return <span class="muted">—</span>;
  return (
    <span class="first-response">
      <span>
        Due <Time iso={handoff.ackDueAt} withTime />
      </span>
      {isOverdue(handoff) && <span class="badge badge-overdue">Overdue</span>}
    </span>
  );
}

/** What the receiving team found missing, while the handoff is returned. */
export function MissingList({ handoff, heading }: { handoff: Handoff; heading?: string }) {
  if (handoff.status !== 'returned' || !handoff.missing?.length) return null;
  return (
    <div class="missing">
      <span class="missing-heading">{heading ?? 'Missing:'}</span>
      <ul class="missing-list">
        {handoff.missing.map((item, index) => (
          <li key={index}>{item}</li>
        ))}
      </ul>
    </div>
  );
}

/** "5 of 5", with the stars as decoration. */
export function RatingScore({ score }: { score: number }) {
  return (
    <span class="rating-score">
      <span class="rating-stars" aria-hidden="true">
        {'★'.repeat(score)}
        {'☆'.repeat(5 - score)}
      </span>
      <span>{score} of 5</span>
    </span>
  );
}
