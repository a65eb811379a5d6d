import { referralsApi } from '../../api/referrals.ts';
import type { Referral, ReferralStatus } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { NoteDialog } from '../../components/note-dialog.tsx';
import { OwnerDialog } from '../../components/owner-dialog.tsx';
import { useRecordActions } from '../../forms/use-record-actions.ts';
import type { People } from './use-people.ts';

type Action = 'accept' | 'decline' | 'qualify' | 'win' | 'lose' | 'assign';

const actionLabels: Record<Action, string> = {
  accept: 'Accept',
  decline: 'Decline',
  qualify: 'Qualify',
  win: 'Win',
  lose: 'Lose',
  assign: 'Assign',
};

/** What can be done to a referral in each status, in the order the buttons show. */
function actionsFor(status: ReferralStatus): Action[] {
  switch (status) {
    case 'submitted':
      return ['accept', 'decline', 'assign'];
    case 'accepted':
      return ['qualify', 'assign'];
    case 'qualified':
      return ['win', 'lose', 'assign'];
    default:
      return [];
  }
}

const done: Record<Exclude<Action, 'assign'>, { to: ReferralStatus; said: string }> = {
  accept: { to: 'accepted', said: 'accepted' },
  decline: { to: 'declined', said: 'declined' },
  qualify: { to: 'qualified', said: 'qualified' },
  win: { to: 'won', said: 'marked as won' },
  lose: { to: 'lost', said: 'marked as lost' },
};

/** The id of an action's button, so that focus can come back to it after a change. */
export function actionButtonId(action: Action, referralId: string): string {
  return `${action}-${referralId}`;
}

interface ReferralActionsProps {
  referral: Referral;
  people: People;
  /** The change was made: `updated` is the referral as the API answered it. */
  onChanged: (updated: Referral, message: string) => void;
  /** It was not: a 412 or 404 means the caller should reload the referral. */
  onFailed: (error: unknown) => void;
  /** Where focus goes when the button the user started from is gone after the change. */
  fallbackFocusId: string;
}

/**
 * The triage actions for one referral, for staff and leaders: accept, decline (with a reason),
 * qualify, win, lose (with a reason) and assign an owner, as its status allows. Each sends the
 * version the user saw in `If-Match`.
 */
export function ReferralActions({ referral, people, onChanged, onFailed, fallbackFocusId }: ReferralActionsProps) {
  const { me } = useSession();
  const { busy, dialog, setDialog, run } = useRecordActions<Action, Referral>({
    onChanged,
    onFailed,
    focusAfter: (action) => [actionButtonId(action, referral.id), fallbackFocusId],
  });
  const actions = actionsFor(referral.status);
  const company = referral.company.name;

  const move = (action: Exclude<Action, 'assign'>, extra: { reason?: string; noteToReferrer?: string } = {}) =>
    run(
      action,
      () => referralsApi.transition(referral, { to: done[action].to, ...extra }),
      `The referral of ${company} was ${done[action].said}.`,
      true,
    );

  const assign = (userId: string) =>
    run(
      'assign',
      () => referralsApi.assignOwner(referral, userId),
      `${people.userName(userId) ?? 'The owner'} now owns the referral of ${company}.`,
      true,
    );

  if (actions.length === 0) return null;
  return (
    <>
      <div class="button-group action-buttons">
        {actions.map((action) => (
          <button
            key={action}
            type="button"
            id={actionButtonId(action, referral.id)}
            class={
              action === 'accept' || action === 'qualify' || action === 'win'
                ? 'button button-primary'
                : 'button button-secondary'
            }
            disabled={busy !== null}
            aria-haspopup="dialog"
            onClick={() => setDialog(action)}
          >
            {actionLabels[action]}
            <span class="visually-hidden"> {company}</span>
          </button>
        ))}
      </div>
      {(dialog === 'decline' || dialog === 'lose') && (
        <NoteDialog
          {...reasonCopy(dialog, company)}
          notes={[reasonNote, referrerNote]}
          onSubmit={({ reason = '', noteToReferrer = '' }) =>
            move(dialog, { reason, ...(noteToReferrer.trim() ? { noteToReferrer: noteToReferrer.trim() } : {}) })
          }
          onClose={() => setDialog(null)}
        />
      )}
      {(dialog === 'accept' || dialog === 'qualify' || dialog === 'win') && (
        <NoteDialog
          title={confirmations[dialog].title(company)}
          description={confirmations[dialog].description}
          submitLabel={confirmations[dialog].submit}
          notes={[referrerNote]}
          onSubmit={({ noteToReferrer = '' }) =>
            move(dialog, noteToReferrer.trim() ? { noteToReferrer: noteToReferrer.trim() } : {})
          }
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'assign' && (
        <OwnerDialog
          title={`Assign the referral of ${company}`}
          description={
            people.userName(referral.ownerId)
              ? `${people.userName(referral.ownerId)} owns it now.`
              : 'Nobody owns it yet: its owner takes it through to won or lost.'
          }
          label="Owner"
          submitLabel="Assign owner"
          owners={people.owners}
          loaded={people.loaded}
          initial={referral.ownerId ?? me.id}
          onSubmit={assign}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}

/** The note the referrer sees beside the new status: always optional. */
const referrerNote = {
  name: 'noteToReferrer',
  label: 'Note to the referrer (optional)',
  hint: 'Shown to the referrer with the new status.',
  optional: true,
};

const reasonNote = { name: 'reason', label: 'Reason' };

/** Declining and losing ask for a reason; only a decline's is shown to the referrer. */
function reasonCopy(kind: 'decline' | 'lose', company: string) {
  const decline = kind === 'decline';
  return {
    title: decline ? `Decline the referral of ${company}` : `Mark ${company} as lost`,
    description: decline
      ? 'The referrer sees the reason with the new status.'
      : 'The reason stays with the team: the referrer sees only that the referral was lost.',
    submitLabel: decline ? 'Decline referral' : 'Mark as lost',
  };
}

/**
 * Accept, qualify and win: confirmed first (a status change cannot be taken back), with an
 * optional note the referrer sees beside the new status.
 */
const confirmations = {
  accept: {
    title: (company: string) => `Accept the referral of ${company}`,
    description: 'The referrer is told it was accepted, with your note if you write one.',
    submit: 'Accept referral',
  },
  qualify: {
    title: (company: string) => `Qualify the referral of ${company}`,
    description: 'The referrer is told it was qualified, with your note if you write one.',
    submit: 'Qualify referral',
  },
  win: {
    title: (company: string) => `Mark ${company} as won`,
    description: 'The referrer is told it was won, with your note if you write one. This closes the referral.',
    submit: 'Mark as won',
  },
} as const;
