import type { FitName, InfluenceRole, Referral, ReferralConflict, ReferralStatus } from '../../api/types.ts';
import { Time } from '../../components/dates.tsx';
import { labelFor } from '../../components/options.ts';

/** The workflow's statuses, in the order a referral goes through them. */
export const statusLabels: Record<ReferralStatus, string> = {
  submitted: 'Submitted',
  accepted: 'Accepted',
  declined: 'Declined',
  qualified: 'Qualified',
  won: 'Won',
  lost: 'Lost',
};

export const statuses = Object.keys(statusLabels) as ReferralStatus[];

/** Still moving along the workflow (a closed referral needs no owner and no action). */
export function isOpen(status: ReferralStatus): boolean {
  return status === 'submitted' || status === 'accepted' || status === 'qualified';
}

/** The influence roles of the stakeholder map (seed 002), as the UI names them. */
export const influenceRoles: readonly { value: InfluenceRole; label: string; meaning: string }[] = [
  { value: 'decision_maker', label: 'Decision maker', meaning: 'holds the budget and says the final yes' },
  { value: 'champion', label: 'Champion', meaning: 'argues for us on the inside' },
  { value: 'ally', label: 'Ally', meaning: 'will use it and can veto it, but cannot say the final yes' },
  { value: 'bag_of_wind', label: 'Bag of wind', meaning: 'has opinions but no influence on the decision' },
];

export function influenceLabel(role: InfluenceRole): string {
  return labelFor(influenceRoles, role);
}

/** The four fits (seed 000), each scored 1 (poor) to 5 (excellent). */
export const fits: readonly { name: FitName; label: string; question: string }[] = [
  { name: 'resources', label: 'Resources', question: 'Can they afford it?' },
  { name: 'functional', label: 'Functional', question: 'Does it do what they need?' },
  { name: 'technical', label: 'Technical', question: 'Does it fit their systems?' },
  { name: 'cultural', label: 'Cultural', question: 'Do we work the same way?' },
];

/** The four fits as scored, each with its question and a five-step meter. */
export function FitList({ fit }: { fit: Readonly<Record<FitName, number>> }) {
  return (
    <dl class="fit-list">
      {fits.map(({ name, label, question }) => (
        <div key={name}>
          <dt>
            {label}
            <span class="cell-note">{question}</span>
          </dt>
          <dd>
            <span class="fit-score">{fit[name]} of 5</span>
            <span class={`fit-meter fit-meter-${fit[name]}`} aria-hidden="true">
              {[1, 2, 3, 4, 5].map((step) => (
                <span key={step} class={step <= fit[name] ? 'fit-step fit-step-on' : 'fit-step'} />
              ))}
            </span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function StatusBadge({ status }: { status: ReferralStatus }) {
  return <span class={`badge badge-${status}`}>{statusLabels[status]}</span>;
}

/** Waiting for a first response past its due date (the sweeper may not have marked it yet). */
export function isOverdue(referral: Referral, now = Date.now()): boolean {
  if (referral.status !== 'submitted') return false;
  return referral.overdue || Date.parse(referral.firstResponseDueAt) < now;
}

/** The first-response column: when it was answered, or when it is due and whether it is late. */
export function FirstResponse({ referral }: { referral: Referral }) {
  if (referral.firstRespondedAt) {
    return (
      <span class="first-response">
        <span>
          Responded <Time iso={referral.firstRespondedAt} />
        </span>
        {referral.respondedLate && <span class="badge badge-late">Late</span>}
      </span>
    );
  }
  if (referral.status !== 'submitted') return <span class="muted">—</span>;
  return (
    <span class="first-response">
      <span>
        Due <Time iso={referral.firstResponseDueAt} />
      </span>
      {isOverdue(referral) && <span class="badge badge-overdue">Overdue</span>}
    </span>
  );
}

/** A conflict between two referrals of one prospect, and the ruling on it. */
export const conflictStatusLabel: Record<ReferralConflict['status'], string> = {
  open: 'Awaiting a ruling',
  upheld: 'Upheld: first registration stands',
  admitted: 'Admitted as a referral of its own',
};
