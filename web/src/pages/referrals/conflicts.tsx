import { useCallback, useState } from 'preact/hooks';
import { ApiError, describeError } from '../../api/problem.ts';
import { conflictsApi } from '../../api/referrals.ts';
import type { ReferralConflict } from '../../api/types.ts';
import { ErrorAlert, StatusMessage } from '../../components/alert.tsx';
import { Time } from '../../components/dates.tsx';
import { ListTable } from '../../components/list-table.tsx';
import { NoteDialog } from '../../components/note-dialog.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { useCursorList } from '../../components/use-cursor-list.ts';
import { conflictStatusLabel } from './labels.tsx';
import { referrerSide, usePeople } from './use-people.ts';

type Outcome = 'upheld' | 'admitted';

const outcomeCopy: Record<
  Outcome,
  { button: string; title: (company: string) => string; explain: string; done: string }
> = {
  upheld: {
    button: 'Uphold',
    title: (company) => `Uphold the first registration of “${company}”?`,
    explain:
      'The first referral keeps the prospect. The second submission is set aside and its contact details are dropped.',
    done: 'upheld: the first registration stands',
  },
  admitted: {
    button: 'Admit',
    title: (company) => `Admit the second referral of “${company}”?`,
    explain: 'The second submission becomes a referral of its own, beside the first, and enters the triage queue.',
    done: 'admitted as a referral of its own',
  },
};

/**
 * Staff and leaders: a second referrer tried to register a prospect an open referral holds.
 * Each conflict is ruled on: uphold the first registration, or admit the second referral.
 */
export function ConflictsPage() {
  usePageTitle('Conflicts');
  const people = usePeople();
  const [showRuled, setShowRuled] = useState(false);
  const [message, setMessage] = useState<string | undefined>();
  const [actionError, setActionError] = useState<string | null>(null);
  const [ruling, setRuling] = useState<{ conflict: ReferralConflict; outcome: Outcome } | null>(null);
  const list = useCursorList(
    useCallback(
      (cursor: string | null) => conflictsApi.list({ open: showRuled ? undefined : true, cursor }),
      [showRuled],
    ),
  );

  const heading = showRuled ? 'All conflicts' : 'Open conflicts';
  return (
    <>
      <h1>Conflicts</h1>
      <p class="lede">
        Another referrer tried to register a prospect that an open referral already holds. The first valid registration
        is protected: uphold it, or admit the second referral beside it.
      </p>
      <StatusMessage>{message}</StatusMessage>
      <ErrorAlert>{actionError}</ErrorAlert>
      <section class="card" aria-labelledby="conflicts-heading">
        <div class="card-header">
          <h2 id="conflicts-heading" tabIndex={-1}>
            {heading}
          </h2>
          <label class="toggle">
            <input
              type="checkbox"
              checked={showRuled}
              onChange={(event) => setShowRuled(event.currentTarget.checked)}
            />
            Show ruled conflicts
          </label>
        </div>
        <ListTable
          list={list}
          labelledBy="conflicts-heading"
          empty={showRuled ? 'There are no conflicts.' : 'No conflict is waiting for a ruling.'}
          columns={
            <>
              <th scope="col">Company</th>
              <th scope="col">Registered</th>
              <th scope="col">Attempted by</th>
              <th scope="col">When</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </>
          }
          row={(conflict) => (
            <tr key={conflict.id}>
              <th scope="row">
                {conflict.companyName}
                {conflict.registeredCompanyName && conflict.registeredCompanyName !== conflict.companyName && (
                  <span class="cell-note">Registered as {conflict.registeredCompanyName}</span>
                )}
              </th>
              <td class="nowrap">
                <Time iso={conflict.registeredAt} />
                <a class="cell-note" href={`/referrals/${conflict.existingReferralId}`}>
                  The registered referral
                  <span class="visually-hidden"> of {conflict.companyName}</span>
                </a>
              </td>
              <td>
                {people.userName(conflict.referrerId) ?? (people.loaded ? 'Unknown' : '…')}
                <span class="cell-note">{referrerSide(conflict, people)}</span>
              </td>
              <td class="nowrap">
                <Time iso={conflict.createdAt} />
              </td>
              <td>
                <span class={`badge badge-conflict-${conflict.status}`}>{conflictStatusLabel[conflict.status]}</span>
                {conflict.admittedReferralId && (
                  <a class="cell-note" href={`/referrals/${conflict.admittedReferralId}`}>
                    The admitted referral
                  </a>
                )}
                {conflict.ruling && <span class="cell-note">{conflict.ruling}</span>}
              </td>
              <td class="actions">
                {conflict.status === 'open' && (
                  <div class="button-group action-buttons">
                    {(['upheld', 'admitted'] as const).map((outcome) => (
                      <button
                        key={outcome}
                        type="button"
                        id={`${outcome}-${conflict.id}`}
                        class={outcome === 'upheld' ? 'button button-primary' : 'button button-secondary'}
                        aria-haspopup="dialog"
                        onClick={() => setRuling({ conflict, outcome })}
                      >
                        {outcomeCopy[outcome].button}
                        <span class="visually-hidden"> the conflict over {conflict.companyName}</span>
                      </button>
                    ))}
                  </div>
                )}
              </td>
            </tr>
          )}
          loading="Loading conflicts…"
          more="Show more conflicts"
        />
      </section>
      {ruling && (
        <RulingDialog
          conflict={ruling.conflict}
          outcome={ruling.outcome}
          onClose={() => setRuling(null)}
          onRuled={(updated) => {
            setRuling(null);
            setActionError(null);
            setMessage(`The conflict over ${updated.companyName} was ${outcomeCopy[ruling.outcome].done}.`);
            list.setItems((current) =>
              (current ?? [])
                .map((item) => (item.id === updated.id ? updated : item))
                .filter((item) => showRuled || item.status === 'open'),
            );
            requestAnimationFrame(() => document.getElementById('conflicts-heading')?.focus());
          }}
          onFailed={async (error) => {
            setRuling(null);
            setMessage(undefined);
            setActionError(describeError(error));
            await list.reload();
          }}
        />
      )}
    </>
  );
}

function RulingDialog({
  conflict,
  outcome,
  onClose,
  onRuled,
  onFailed,
}: {
  conflict: ReferralConflict;
  outcome: Outcome;
  onClose: () => void;
  onRuled: (updated: ReferralConflict) => void;
  onFailed: (error: unknown) => Promise<void>;
}) {
  const copy = outcomeCopy[outcome];

  /** A field error stays in the dialog; anything else closes it and is the page's to say. */
  async function rule({ note = '' }: Record<string, string>) {
    try {
      onRuled(await conflictsApi.rule(conflict, { outcome, ...(note.trim() ? { note } : {}) }));
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 400) throw cause;
      await onFailed(cause);
    }
  }

  return (
    <NoteDialog
      title={copy.title(conflict.companyName)}
      description={copy.explain}
      notes={[{ name: 'note', label: 'Note on the ruling (optional)', optional: true }]}
      submitLabel={copy.button}
      onSubmit={rule}
      onClose={onClose}
    />
  );
}
