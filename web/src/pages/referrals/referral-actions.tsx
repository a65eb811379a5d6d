import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, describeError } from '../../api/problem.ts';
import { referralsApi } from '../../api/referrals.ts';
import type { Referral, ReferralStatus } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert } from '../../components/alert.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { Field, focusFirstInvalid, TextAreaField } from '../../components/form-field.tsx';
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
  const [busy, setBusy] = useState<Action | null>(null);
  const [dialog, setDialog] = useState<Action | null>(null);
  const actions = actionsFor(referral.status);
  const company = referral.company.name;

  function refocus(action: Action) {
    requestAnimationFrame(() => {
      const target =
        document.getElementById(actionButtonId(action, referral.id)) ?? document.getElementById(fallbackFocusId);
      target?.focus();
    });
  }

  /**
   * Runs a change. Field errors of a dialog's form are thrown back to the dialog, which shows
   * them; anything else closes the dialog and is the page's to say (and to reload after).
   */
  async function run(action: Action, change: () => Promise<Referral>, message: string, fromDialog: boolean) {
    setBusy(action);
    try {
      const updated = await change();
      setDialog(null);
      onChanged(updated, message);
    } catch (error) {
      setBusy(null);
      if (fromDialog && error instanceof ApiError && error.status === 400) throw error;
      setDialog(null);
      onFailed(error);
    }
    setBusy(null);
    refocus(action);
  }

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
        <ReasonDialog
          kind={dialog}
          company={company}
          onSubmit={(reason, noteToReferrer) => move(dialog, { reason, ...(noteToReferrer ? { noteToReferrer } : {}) })}
          onClose={() => setDialog(null)}
        />
      )}
      {(dialog === 'accept' || dialog === 'qualify' || dialog === 'win') && (
        <ConfirmDialog
          kind={dialog}
          company={company}
          onSubmit={(noteToReferrer) => move(dialog, noteToReferrer ? { noteToReferrer } : {})}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'assign' && (
        <OwnerDialog referral={referral} people={people} onSubmit={assign} onClose={() => setDialog(null)} />
      )}
    </>
  );
}

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

/**
 * Accept, qualify and win: confirmed first (a status change cannot be taken back), with an
 * optional note the referrer sees beside the new status.
 */
function ConfirmDialog({
  kind,
  company,
  onSubmit,
  onClose,
}: {
  kind: 'accept' | 'qualify' | 'win';
  company: string;
  onSubmit: (noteToReferrer: string) => Promise<void>;
  onClose: () => void;
}) {
  const [note, setNote] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => focusFirstInvalid(form.current), [fieldErrors]);
  const text = confirmations[kind];

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    setFieldErrors({});
    try {
      await onSubmit(note.trim());
    } catch (cause) {
      setSaving(false);
      if (cause instanceof ApiError) setFieldErrors(cause.fieldErrors);
      setError(describeError(cause, ['noteToReferrer']));
    }
  }

  return (
    <Dialog title={text.title(company)} description={text.description} onClose={onClose}>
      <form ref={form} class="stack" noValidate onSubmit={submit}>
        <TextAreaField
          label="Note to the referrer (optional)"
          name="noteToReferrer"
          hint="Shown to the referrer with the new status."
          value={note}
          onInput={setNote}
          error={fieldErrors.noteToReferrer}
          optional
        />
        <ErrorAlert>{Object.keys(fieldErrors).length === 0 ? error : null}</ErrorAlert>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={saving}>
            {text.submit}
          </button>
          <button type="button" class="button button-secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function ReasonDialog({
  kind,
  company,
  onSubmit,
  onClose,
}: {
  kind: 'decline' | 'lose';
  company: string;
  onSubmit: (reason: string, noteToReferrer: string) => Promise<void>;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => focusFirstInvalid(form.current), [fieldErrors]);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    setFieldErrors({});
    try {
      await onSubmit(reason, note.trim());
    } catch (cause) {
      setSaving(false);
      if (cause instanceof ApiError) setFieldErrors(cause.fieldErrors);
      setError(describeError(cause, ['reason', 'noteToReferrer']));
    }
  }

  const decline = kind === 'decline';
  return (
    <Dialog
      title={decline ? `Decline the referral of ${company}` : `Mark ${company} as lost`}
      description={
        decline
          ? 'The referrer sees the reason with the new status.'
          : 'The reason stays with the team: the referrer sees only that the referral was lost.'
      }
      onClose={onClose}
    >
      <form ref={form} class="stack" noValidate onSubmit={submit}>
        <TextAreaField label="Reason" name="reason" value={reason} onInput={setReason} error={fieldErrors.reason} />
        <TextAreaField
          label="Note to the referrer (optional)"
          name="noteToReferrer"
          hint="Shown to the referrer with the new status."
          value={note}
          onInput={setNote}
          error={fieldErrors.noteToReferrer}
          optional
        />
        <ErrorAlert>{Object.keys(fieldErrors).length === 0 ? error : null}</ErrorAlert>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={saving}>
            {decline ? 'Decline referral' : 'Mark as lost'}
          </button>
          <button type="button" class="button button-secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function OwnerDialog({
  referral,
  people,
  onSubmit,
  onClose,
}: {
  referral: Referral;
  people: People;
  onSubmit: (userId: string) => Promise<void>;
  onClose: () => void;
}) {
  const { me } = useSession();
  const [userId, setUserId] = useState(referral.ownerId ?? me.id);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => focusFirstInvalid(form.current), [fieldErrors]);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    setFieldErrors({});
    try {
      await onSubmit(userId);
    } catch (cause) {
      setSaving(false);
      if (cause instanceof ApiError) setFieldErrors(cause.fieldErrors);
      setError(describeError(cause, ['userId']));
    }
  }

  const current = people.userName(referral.ownerId);
  return (
    <Dialog
      title={`Assign the referral of ${referral.company.name}`}
      description={
        current ? `${current} owns it now.` : 'Nobody owns it yet: its owner takes it through to won or lost.'
      }
      onClose={onClose}
    >
      <form ref={form} class="stack" noValidate onSubmit={submit}>
        <Field label="Owner" error={fieldErrors.userId} hint="An active staff member or leader.">
          {(control) => (
            <select
              {...control}
              name="userId"
              value={userId}
              onChange={(event) => setUserId(event.currentTarget.value)}
            >
              {!people.loaded && <option value={userId}>Loading people…</option>}
              {people.owners.map((owner) => (
                <option key={owner.id} value={owner.id}>
                  {owner.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ErrorAlert>{Object.keys(fieldErrors).length === 0 ? error : null}</ErrorAlert>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={saving || !people.loaded}>
            Assign owner
          </button>
          <button type="button" class="button button-secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
