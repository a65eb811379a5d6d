import { issuesApi } from '../../api/issues.ts';
import type { Issue, IssueTransition } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { NoteDialog } from '../../components/note-dialog.tsx';
import { OwnerDialog } from '../../components/owner-dialog.tsx';
import { useRecordActions } from '../../forms/use-record-actions.ts';
import type { People } from '../referrals/use-people.ts';

export const ownershipHeadingId = 'ownership-heading';
type Action = 'own' | 'assign' | 'handover' | 'mitigate' | 'resolve';
const actionButtonId = (action: Action) => `issue-action-${action}`;

/** Mitigating asks for an optional note. */
const mitigateNote = {
  title: 'Mark the issue mitigated',
  description: 'The harm to the customer is stopped, though the cause may not be fixed yet.',
  notes: [
    {
      name: 'note',
      label: 'How was it stopped? (optional)',
      hint: 'A workaround, a rollback, a manual fix: it goes on the timeline.',
      optional: true,
    },
  ],
  submitLabel: 'Mark mitigated',
} as const;

/** Resolving asks for a required follow-up. */
const resolveNote = {
  title: 'Resolve the issue',
  description: 'Resolved is final. Say what follows up on it, so it does not happen again.',
  notes: [
    {
      name: 'followUp',
      label: 'Follow-up',
      hint: 'What changes because of it: a check added, a runbook updated, a talk with the partner.',
    },
  ],
  submitLabel: 'Resolve issue',
} as const;

/**
 * The moves confirmed with a note: the dialog's words, the change sent (an empty note is left out:
 * for resolving, the API then says what it needs, "Say what follows up on it") and what the page says.
 */
const noteMoves: Record<
  'mitigate' | 'resolve',
  {
    dialog: typeof mitigateNote | typeof resolveNote;
    change: (texts: Record<string, string>) => IssueTransition;
    said: string;
  }
> = {
  mitigate: {
    dialog: mitigateNote,
    change: ({ note = '' }) => ({ to: 'mitigated', ...(note.trim() ? { note } : {}) }),
    said: 'The issue is mitigated: the harm is stopped.',
  },
  resolve: {
    dialog: resolveNote,
    change: ({ followUp = '' }) => ({ to: 'resolved', ...(followUp.trim() ? { followUp } : {}) }),
    said: 'The issue is resolved, with its follow-up.',
  },
};

export function OwnershipActions({
  issue,
  people,
  onChanged,
  onFailed,
}: {
  issue: Issue;
  people: People;
  onChanged: (updated: Issue, said: string) => Promise<void>;
  onFailed: (error: unknown) => void;
}) {
  const { me } = useSession();
  const { busy, dialog, setDialog, run } = useRecordActions<Action, Issue>({
    onChanged,
    onFailed,
    focusAfter: (action) => [actionButtonId(action), ownershipHeadingId],
  });
  // An owner who fixed the cause at once resolves straight away: mitigating is for a stopgap.
  const actions: Action[] =
    issue.status === 'reported'
      ? ['own', 'assign']
      : issue.status === 'owned'
        ? ['mitigate', 'resolve', 'handover']
        : issue.status === 'mitigated'
          ? ['resolve', 'handover']
          : [];
  const labels: Record<Action, string> = {
    own: 'Take ownership',
    assign: 'Assign an owner',
    handover: 'Hand over',
    mitigate: 'Mark mitigated',
    resolve: 'Resolve',
  };

  const giveTo = (userId: string, action: 'assign' | 'handover') =>
    run(
      action,
      () => issuesApi.handOver(issue, userId),
      `${people.userName(userId) ?? 'The new owner'} now owns the issue.`,
      true,
    );

  if (actions.length === 0) return <p class="section-hint">Resolved: nothing more to do.</p>;
  return (
    <>
      <div class="button-group action-buttons">
        {actions.map((action) => (
          <button
            key={action}
            type="button"
            id={actionButtonId(action)}
            class={action === 'assign' || action === 'handover' ? 'button button-secondary' : 'button button-primary'}
            disabled={busy !== null}
            aria-haspopup={action === 'own' ? undefined : 'dialog'}
            onClick={() => {
              if (action === 'own') {
                void run('own', () => issuesApi.transition(issue, { to: 'owned' }), 'You own the issue now.', false);
              } else {
                setDialog(action);
              }
            }}
          >
            {labels[action]}
          </button>
        ))}
      </div>
      {issue.ownerId && issue.ownerId !== me.id && issue.status !== 'resolved' && (
        <p class="section-hint">To take it over, hand it over to yourself.</p>
      )}
      {(dialog === 'assign' || dialog === 'handover') && (
        <IssueOwnerDialog
          issue={issue}
          people={people}
          first={dialog === 'assign'}
          onSubmit={(userId) => giveTo(userId, dialog)}
          onClose={() => setDialog(null)}
        />
      )}
      {(dialog === 'mitigate' || dialog === 'resolve') && (
        <NoteDialog
          key={dialog}
          {...noteMoves[dialog].dialog}
          onSubmit={(texts) =>
            run(
              dialog,
              () => issuesApi.transition(issue, noteMoves[dialog].change(texts)),
              noteMoves[dialog].said,
              true,
            )
          }
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}

function IssueOwnerDialog({
  issue,
  people,
  first,
  onSubmit,
  onClose,
}: {
  issue: Issue;
  people: People;
  first: boolean;
  onSubmit: (userId: string) => Promise<void>;
  onClose: () => void;
}) {
  const { me } = useSession();
  const candidates = people.owners
    .filter((owner) => owner.id !== issue.ownerId)
    .map((owner) => (owner.id === me.id ? { ...owner, label: `${owner.label}, you` } : owner));
  const current = people.userName(issue.ownerId);
  return (
    <OwnerDialog
      title={first ? 'Assign an owner' : 'Hand over the issue'}
      description={
        first
          ? 'One owner quarterbacks the issue to resolution. Assigning it makes it owned.'
          : `${current ?? 'Its owner'} owns it now. The new owner takes it from here; the handover goes on the timeline.`
      }
      label="New owner"
      submitLabel={first ? 'Assign owner' : 'Hand over'}
      owners={candidates}
      loaded={people.loaded}
      initial={issue.ownerId === me.id ? (candidates[0]?.id ?? '') : me.id}
      onSubmit={onSubmit}
      onClose={onClose}
    />
  );
}
