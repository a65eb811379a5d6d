import type { ComponentChildren } from 'preact';
import { useCallback, useRef, useState } from 'preact/hooks';
import { ApiError, describeError } from '../../api/problem.ts';
import { referralsApi } from '../../api/referrals.ts';
import type { Referral, ReferralConflict, ReferralDetail } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/alert.tsx';
import { Time } from '../../components/dates.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { TextAreaField } from '../../components/form-field.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { RecordLoading, useRecordPage } from '../../components/record-page.tsx';
import { NotFoundPage } from '../not-found.tsx';
import { conflictStatusLabel, FirstResponse, fits, influenceLabel, isOpen, isOverdue, StatusBadge } from './labels.tsx';
import { ReferralActions } from './referral-actions.tsx';
import { Timeline } from './timeline.tsx';
import { type People, referrerSide, usePeople } from './use-people.ts';

const statusHeadingId = 'referral-status-heading';

/** What a later answer may not overwrite: the timeline and the staff-only lists come with a GET. */
/**
 * One referral: the prospect, the fits, the stakeholders, where it stands and its timeline.
 * Staff and leaders also get the triage actions, internal notes and the conflicts raised
 * against it; leaders can erase the contact's personal data.
 */
export function ReferralDetailPage({ id }: { id: string }) {
  const { me } = useSession();
  const people = usePeople();
  const fetchRecord = useCallback(() => referralsApi.get(id), [id]);
  const page = useRecordPage<ReferralDetail>({
    path: `/referrals/${id}`,
    fetch: fetchRecord,
  });
  const { detail, missing, loadError, message, actionError, changed, failed, load } = page;
  const staff = me.role === 'staff' || me.role === 'leader';
  usePageTitle(detail ? detail.company.name : 'Referral', 'Referrals');

  if (missing) return <NotFoundPage />;
  if (!detail) return <RecordLoading title="Referral" noun="the referral" error={loadError} />;

  const back = staff ? 'Back to the triage queue' : 'Back to my referrals';
  return (
    <>
      <p class="breadcrumb">
        <a href="/referrals">{back}</a>
      </p>
      <div class="page-heading">
        <h1>{detail.company.name}</h1>
        <StatusBadge status={detail.status} />
        {isOverdue(detail) && <span class="badge badge-overdue">Overdue</span>}
      </div>
      <p class="lede">
        Referred by {people.userName(detail.referrerId) ?? (staff ? '…' : 'your organisation')}
        {staff ? ` (${referrerSide(detail, people)})` : ''} on <Time iso={detail.createdAt} />.
      </p>
      <StatusMessage>{message}</StatusMessage>
      <ErrorAlert>{actionError}</ErrorAlert>

      <div class="detail-grid">
        <div class="detail-status">
          <section class="card" aria-labelledby={statusHeadingId}>
            <h2 id={statusHeadingId} tabIndex={-1}>
              Status
            </h2>
            {staff && (
              <ReferralActions
                referral={detail}
                people={people}
                onChanged={changed}
                onFailed={failed}
                fallbackFocusId={statusHeadingId}
              />
            )}
            <StatusSummary referral={detail} people={people} staff={staff} />
          </section>
        </div>
        <div class="detail-main">
          <section class="card" aria-labelledby="prospect-heading">
            <h2 id="prospect-heading">Prospect</h2>
            <dl class="summary-list">
              <Row term="Company">{detail.company.name}</Row>
              <Row term="Website domain">{detail.company.domain ?? <span class="muted">Not given</span>}</Row>
              <Row term="Contact">
                <Erasable value={detail.contact.name} />
              </Row>
              <Row term="E-mail">
                <Erasable value={detail.contact.email} />
              </Row>
              <Row term="Phone">
                {detail.contact.phone ? (
                  <Erasable value={detail.contact.phone} />
                ) : (
                  <span class="muted">Not given</span>
                )}
              </Row>
              <Row term="Job to be done">{detail.jobToBeDone}</Row>
              <Row term="Notes">{detail.notes ?? <span class="muted">None</span>}</Row>
            </dl>
          </section>

          <section class="card" aria-labelledby="fit-heading">
            <h2 id="fit-heading">Fit</h2>
            <dl class="fit-list">
              {fits.map((fit) => (
                <div key={fit.name}>
                  <dt>
                    {fit.label}
                    <span class="cell-note">{fit.question}</span>
                  </dt>
                  <dd>
                    <span class="fit-score">{detail.fit[fit.name]} of 5</span>
                    <span class={`fit-meter fit-meter-${detail.fit[fit.name]}`} aria-hidden="true">
                      {[1, 2, 3, 4, 5].map((step) => (
                        <span key={step} class={step <= detail.fit[fit.name] ? 'fit-step fit-step-on' : 'fit-step'} />
                      ))}
                    </span>
                  </dd>
                </div>
              ))}
            </dl>
          </section>

          <section class="card" aria-labelledby="stakeholders-heading">
            <h2 id="stakeholders-heading">Stakeholders</h2>
            {detail.stakeholders.length === 0 ? (
              <p class="empty">No stakeholders were named.</p>
            ) : (
              <table aria-labelledby="stakeholders-heading">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Influence</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.stakeholders.map((stakeholder, index) => (
                    <tr key={index}>
                      <th scope="row">
                        <Erasable value={stakeholder.name} />
                      </th>
                      <td>{influenceLabel(stakeholder.role)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <section class="card" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">Timeline</h2>
            <Timeline referral={detail} people={people} />
          </section>
        </div>

        <div class="detail-side">
          {staff && <ReferralHandoffs referral={detail} people={people} canHandOver={me.role === 'staff'} />}
          {staff && <InternalNotes referral={detail} people={people} onAdded={load} />}
          {staff && <Conflicts conflicts={detail.conflicts ?? []} people={people} />}
          {me.role === 'leader' && (
            <PersonalData
              referral={detail}
              onErased={(updated) => changed(updated, 'The contact details were erased.')}
              onFailed={failed}
            />
          )}
        </div>
      </div>
    </>
  );
}

function Row({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Personal data, or the mark erasure left in its place. */
function Erasable({ value }: { value: string }) {
  return value === '(erased)' ? <span class="muted">(erased)</span> : value;
}

/** The status, with the dates of each step the timeline records. */
function StatusSummary({ referral, people, staff }: { referral: ReferralDetail; people: People; staff: boolean }) {
  const reached = (type: string) => referral.timeline.find((event) => event.type === `referral.${type}`)?.at;
  const steps = ['accepted', 'declined', 'qualified', 'won', 'lost'] as const;
  return (
    <dl class="summary-list summary-compact">
      <Row term="Status">
        <StatusBadge status={referral.status} />
      </Row>
      <Row term="Submitted">
        <Time iso={referral.createdAt} withTime />
      </Row>
      <Row term="First response">
        <FirstResponse referral={referral} />
      </Row>
      {steps.map((step) => {
        const at = reached(step);
        return at ? (
          <Row key={step} term={step.charAt(0).toUpperCase() + step.slice(1)}>
            <Time iso={at} withTime />
          </Row>
        ) : null;
      })}
      {referral.declineReason && <Row term="Why declined">{referral.declineReason}</Row>}
      {referral.lossReason && <Row term="Why lost">{referral.lossReason}</Row>}
      {referral.noteToReferrer && <Row term="Note to the referrer">{referral.noteToReferrer}</Row>}
      {staff && (
        <Row term="Owner">
          {referral.ownerId ? (people.userName(referral.ownerId) ?? '…') : <span class="muted">Unassigned</span>}
        </Row>
      )}
      {isOpen(referral.status) && (
        <Row term="Protected until">
          <Time iso={referral.protectedUntil} />
        </Row>
      )}
      {referral.customerId && <Row term="Customer">A customer record was created for this win.</Row>}
      {referral.admittedFromConflictId && <Row term="Conflict">Admitted after a conflict ruling.</Row>}
    </dl>
  );
}

function InternalNotes({
  referral,
  people,
  onAdded,
}: {
  referral: ReferralDetail;
  people: People;
  onAdded: () => Promise<void>;
}) {
  const [text, setText] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const notes = [...(referral.internalNotes ?? [])].sort((a, b) => a.at.localeCompare(b.at));

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    setSaved(undefined);
    setFieldErrors({});
    try {
      await referralsApi.addNote(referral.id, text);
      setText('');
      setSaved('Note added.');
      await onAdded();
    } catch (cause) {
      if (cause instanceof ApiError) setFieldErrors(cause.fieldErrors);
      setError(describeError(cause, ['text']));
      input.current?.focus();
    } finally {
      setSaving(false);
    }
  }

  return (
    <section class="card" aria-labelledby="notes-heading">
      <h2 id="notes-heading">Internal notes</h2>
      <p class="section-hint">Only staff and leaders see these: never the referrer.</p>
      {notes.length === 0 ? (
        <p class="empty">No notes yet.</p>
      ) : (
        <ul class="notes">
          {notes.map((note) => (
            <li key={note.id}>
              <p class="note-text">{note.text}</p>
              <p class="note-meta">
                {people.userName(note.authorId) ?? '…'}, <Time iso={note.at} withTime />
              </p>
            </li>
          ))}
        </ul>
      )}
      <StatusMessage>{saved}</StatusMessage>
      <form class="stack" noValidate onSubmit={submit}>
        <TextAreaField
          label="Add an internal note"
          name="text"
          value={text}
          onInput={setText}
          error={fieldErrors.text}
          textAreaRef={input}
        />
        <ErrorAlert>{Object.keys(fieldErrors).length === 0 ? error : null}</ErrorAlert>
        <div class="form-actions">
          <button type="submit" class="button button-secondary" disabled={saving}>
            Add note
          </button>
        </div>
      </form>
    </section>
  );
}

function Conflicts({ conflicts, people }: { conflicts: ReferralConflict[]; people: People }) {
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

function PersonalData({
  referral,
  onErased,
  onFailed,
}: {
  referral: ReferralDetail;
  onErased: (updated: Referral) => void;
  onFailed: (error: unknown) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [erasing, setErasing] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);

  async function erase() {
    setErasing(true);
    try {
      const updated = await referralsApi.eraseContact(referral);
      setConfirming(false);
      onErased(updated);
      requestAnimationFrame(() => document.getElementById('personal-data-heading')?.focus());
    } catch (error) {
      setConfirming(false);
      onFailed(error);
    } finally {
      setErasing(false);
    }
  }

  return (
    <section class="card" aria-labelledby="personal-data-heading">
      <h2 id="personal-data-heading" tabIndex={-1}>
        Personal data
      </h2>
      {referral.contactErasedAt ? (
        <p>
          The contact details were erased on <Time iso={referral.contactErasedAt} withTime />.
        </p>
      ) : (
        <>
          <p>On the contact’s request, erase their name, e-mail and phone, the stakeholders’ names and the notes.</p>
          <button
            ref={trigger}
            type="button"
            class="button button-danger"
            aria-haspopup="dialog"
            onClick={() => setConfirming(true)}
          >
            Erase contact details
          </button>
        </>
      )}
      {confirming && (
        <Dialog
          title={`Erase the contact details of ${referral.company.name}?`}
          description="The contact’s name, e-mail and phone, the stakeholders’ names and the referrer’s notes are removed for good. The referral, its status, its scores and its timeline stay. This cannot be undone."
          onClose={() => setConfirming(false)}
        >
          <div class="form-actions">
            <button type="button" class="button button-danger" disabled={erasing} onClick={erase}>
              Erase contact details
            </button>
            <button type="button" class="button button-secondary" data-autofocus onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

/**
 * The handoffs about this referral (its kickoff), and for staff of a team, the kickoff one click
 * away while the referral is accepted or qualified and not yet a customer: the handoff form
 * opens with the referral's fields filled in.
 */
function ReferralHandoffs({
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
