import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { issuesApi } from '../../api/issues.ts';
import { ApiError, describeError } from '../../api/problem.ts';
import type { CommunicationChannel, ContributingFactor, Issue, IssueDetail } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/alert.tsx';
import { Time } from '../../components/dates.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { Field, focusFirstInvalid, TextAreaField } from '../../components/form-field.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { RecordLoading, useRecordPage } from '../../components/record-page.tsx';
import { LifecycleBadge } from '../customers/labels.tsx';
import { NotFoundPage } from '../not-found.tsx';
import { type People, usePeople } from '../referrals/use-people.ts';
import { IssueTimeline } from './issue-timeline.tsx';
import {
  channelLabel,
  channels,
  contributingFactors,
  IssueStatusBadge,
  missedTarget,
  SeverityBadge,
  severities,
} from './labels.tsx';

const ownershipHeadingId = 'ownership-heading';
type Action = 'own' | 'assign' | 'handover' | 'mitigate' | 'resolve';
const actionButtonId = (action: Action) => `issue-action-${action}`;

/**
 * One issue (staff and leaders): what happened and to whom, who owns it and the moves its
 * status allows (take ownership, hand over, mitigate, resolve with a follow-up), the
 * contributing factors (causes, never a person), the customer-communication log and the
 * timeline.
 */
export function IssueDetailPage({ id }: { id: string }) {
  const people = usePeople();
  const fetchRecord = useCallback(() => issuesApi.get(id), [id]);
  const page = useRecordPage<IssueDetail>({
    path: `/issues/${id}`,
    fetch: fetchRecord,
  });
  const { detail, missing, loadError, message, actionError, changed, failed } = page;
  const names = detail?.customers.map((customer) => customer.name) ?? [];
  const title = detail?.title ?? 'Issue';
  usePageTitle(title, 'Issues');

  if (missing) return <NotFoundPage />;
  if (!detail) return <RecordLoading title="Issue" noun="the issue" error={loadError} />;

  const missed = missedTarget(detail);
  return (
    <>
      <p class="breadcrumb">
        <a href="/issues">Back to the issue board</a>
      </p>
      <div class="page-heading">
        <h1>{title}</h1>
        <SeverityBadge severity={detail.severity} />
        <IssueStatusBadge status={detail.status} />
        {missed && (
          <span class="badge badge-overdue">{missed === 'own' ? 'Not owned in time' : 'Past its target'}</span>
        )}
      </div>
      <p class="lede">
        {names.length ? `Affecting ${names.join(', ')}. ` : ''}
        Reported{detail.reportedBy ? ` by ${people.userName(detail.reportedBy) ?? '…'}` : ''} on{' '}
        <Time iso={detail.createdAt} withTime />.
      </p>
      <StatusMessage>{message}</StatusMessage>
      <ErrorAlert>{actionError}</ErrorAlert>

      <div class="detail-grid">
        <div class="detail-status">
          <section class="card" aria-labelledby={ownershipHeadingId}>
            <h2 id={ownershipHeadingId} tabIndex={-1}>
              Ownership
            </h2>
            <OwnershipActions issue={detail} people={people} onChanged={changed} onFailed={failed} />
            <dl class="summary-list summary-compact">
              <Row term="Status">
                <IssueStatusBadge status={detail.status} />
              </Row>
              <Row term="Owner">
                {detail.ownerId ? (people.userName(detail.ownerId) ?? '…') : <span class="muted">Nobody yet</span>}
              </Row>
              <Row term="Time to own">
                <Target due={detail.ownDueAt} done={detail.ownedAt} late={detail.ownedLate ?? detail.ownBreached} />
              </Row>
              <Row term="Time to resolve">
                <Target
                  due={detail.resolveDueAt}
                  done={detail.resolvedAt}
                  late={detail.resolvedLate ?? detail.resolveBreached}
                />
              </Row>
              {detail.mitigatedAt && (
                <Row term="Mitigated">
                  <Time iso={detail.mitigatedAt} withTime />
                </Row>
              )}
            </dl>
          </section>
        </div>
        <div class="detail-main">
          <section class="card" aria-labelledby="what-heading">
            <h2 id="what-heading">What happened</h2>
            <dl class="summary-list">
              <Row term="Affected customers">
                <ul class="inline-list">
                  {detail.customers.map((customer) => (
                    <li key={customer.id}>
                      <a href={`/customers/${customer.id}`}>{customer.name}</a>{' '}
                      <LifecycleBadge stage={customer.lifecycle} />
                    </li>
                  ))}
                </ul>
              </Row>
              <Row term="Severity">
                <SeverityBadge severity={detail.severity} />
                <span class="cell-note">{severities.find((option) => option.value === detail.severity)?.meaning}</span>
              </Row>
              <Row term="Impact">
                <span class="preserve-lines">{detail.impact}</span>
              </Row>
              <Row term="What the customer was told">
                <span class="preserve-lines">{detail.customerTold}</span>
              </Row>
              {detail.mitigationNote && (
                <Row term="How it was mitigated">
                  <span class="preserve-lines">{detail.mitigationNote}</span>
                </Row>
              )}
              {detail.followUp && (
                <Row term="Follow-up">
                  <span class="preserve-lines">{detail.followUp}</span>
                </Row>
              )}
            </dl>
          </section>

          <FactorsSection issue={detail} onSaved={changed} onFailed={failed} />
          <CommunicationLog issue={detail} people={people} onAdded={(said) => changed(null, said)} />

          <section class="card" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">Timeline</h2>
            <IssueTimeline issue={detail} people={people} />
          </section>
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

function Target({ due, done, late }: { due: string | undefined; done: string | undefined; late: boolean | undefined }) {
  if (done) {
    return (
      <span class="first-response">
        <span>
          Done <Time iso={done} withTime />
        </span>
        {late ? <span class="badge badge-late">Late</span> : <span class="badge badge-won">In time</span>}
      </span>
    );
  }
  if (!due) return <span class="muted">—</span>;
  return (
    <span class="first-response">
      <span>
        By <Time iso={due} withTime />
      </span>
      {(late || Date.parse(due) < Date.now()) && <span class="badge badge-overdue">Missed</span>}
    </span>
  );
}

function OwnershipActions({
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
  const [busy, setBusy] = useState<Action | null>(null);
  const [dialog, setDialog] = useState<'assign' | 'handover' | 'mitigate' | 'resolve' | null>(null);
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

  async function run(action: Action, change: () => Promise<Issue>, said: string, fromDialog: boolean) {
    setBusy(action);
    try {
      const updated = await change();
      setDialog(null);
      await onChanged(updated, said);
    } catch (error) {
      setBusy(null);
      if (fromDialog && error instanceof ApiError && error.status === 400) throw error;
      setDialog(null);
      onFailed(error);
    }
    setBusy(null);
    requestAnimationFrame(() => {
      (document.getElementById(actionButtonId(action)) ?? document.getElementById(ownershipHeadingId))?.focus();
    });
  }

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
        <OwnerDialog
          issue={issue}
          people={people}
          first={dialog === 'assign'}
          onSubmit={(userId) => giveTo(userId, dialog)}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'mitigate' && (
        <MoveDialog
          move={mitigateNote}
          onSubmit={(note) =>
            run(
              'mitigate',
              () => issuesApi.transition(issue, { to: 'mitigated', ...(note.trim() ? { note } : {}) }),
              'The issue is mitigated: the harm is stopped.',
              true,
            )
          }
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'resolve' && (
        <MoveDialog
          move={resolveNote}
          onSubmit={(followUp) =>
            run(
              'resolve',
              // An empty note is left out: the API then says what it needs ("Say what follows up on it").
              () => issuesApi.transition(issue, { to: 'resolved', ...(followUp.trim() ? { followUp } : {}) }),
              'The issue is resolved, with its follow-up.',
              true,
            )
          }
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}

function OwnerDialog({
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
  const candidates = people.owners.filter((owner) => owner.id !== issue.ownerId);
  const [userId, setUserId] = useState(issue.ownerId === me.id ? (candidates[0]?.id ?? '') : me.id);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => focusFirstInvalid(form.current), [fieldErrors]);
  useEffect(() => {
    if (!userId && candidates[0]) setUserId(candidates[0].id);
  }, [userId, candidates]);

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

  const current = people.userName(issue.ownerId);
  return (
    <Dialog
      title={first ? 'Assign an owner' : 'Hand over the issue'}
      description={
        first
          ? 'One owner quarterbacks the issue to resolution. Assigning it makes it owned.'
          : `${current ?? 'Its owner'} owns it now. The new owner takes it from here; the handover goes on the timeline.`
      }
      onClose={onClose}
    >
      <form ref={form} class="stack" noValidate onSubmit={submit}>
        <Field label="New owner" error={fieldErrors.userId} hint="An active staff member or leader.">
          {(control) => (
            <select
              {...control}
              name="userId"
              value={userId}
              onChange={(event) => setUserId(event.currentTarget.value)}
            >
              {!people.loaded && <option value={userId}>Loading people…</option>}
              {candidates.map((owner) => (
                <option key={owner.id} value={owner.id}>
                  {owner.id === me.id ? `${owner.label}, you` : owner.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ErrorAlert>{Object.keys(fieldErrors).length === 0 ? error : null}</ErrorAlert>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={saving || !people.loaded || !userId}>
            {first ? 'Assign owner' : 'Hand over'}
          </button>
          <button type="button" class="button button-secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** What a one-field move asks for: the field, and the words around it. */
interface MoveNote {
  readonly title: string;
  readonly description: string;
  readonly name: 'note' | 'followUp';
  readonly label: string;
  readonly hint: string;
  readonly optional: boolean;
  readonly submitLabel: string;
}

const mitigateNote: MoveNote = {
  title: 'Mark the issue mitigated',
  description: 'The harm to the customer is stopped, though the cause may not be fixed yet.',
  name: 'note',
  label: 'How was it stopped? (optional)',
  hint: 'A workaround, a rollback, a manual fix: it goes on the timeline.',
  optional: true,
  submitLabel: 'Mark mitigated',
};

const resolveNote: MoveNote = {
  title: 'Resolve the issue',
  description: 'Resolved is final. Say what follows up on it, so it does not happen again.',
  name: 'followUp',
  label: 'Follow-up',
  hint: 'What changes because of it: a check added, a runbook updated, a talk with the partner.',
  optional: false,
  submitLabel: 'Resolve issue',
};

/** Mitigating (an optional note) and resolving (a required follow-up): one text, one move. */
function MoveDialog({
  move,
  onSubmit,
  onClose,
}: {
  move: MoveNote;
  onSubmit: (text: string) => Promise<void>;
  onClose: () => void;
}) {
  const [text, setText] = useState('');
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
      await onSubmit(text);
    } catch (cause) {
      setSaving(false);
      if (cause instanceof ApiError) setFieldErrors(cause.fieldErrors);
      setError(describeError(cause, [move.name]));
    }
  }

  return (
    <Dialog title={move.title} description={move.description} onClose={onClose}>
      <form ref={form} class="stack" noValidate onSubmit={submit}>
        <TextAreaField
          label={move.label}
          name={move.name}
          hint={move.hint}
          value={text}
          onInput={setText}
          error={fieldErrors[move.name]}
          optional={move.optional}
        />
        <ErrorAlert>{Object.keys(fieldErrors).length === 0 ? error : null}</ErrorAlert>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={saving}>
            {move.submitLabel}
          </button>
          <button type="button" class="button button-secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function FactorsSection({
  issue,
  onSaved,
  onFailed,
}: {
  issue: Issue;
  onSaved: (updated: Issue, said: string) => Promise<void>;
  onFailed: (error: unknown) => void;
}) {
  const saved = issue.factors ?? [];
  const [chosen, setChosen] = useState<ContributingFactor[]>(saved);
  const [saving, setSaving] = useState(false);
  const savedKey = saved.join(',');
  // A reload (someone else's change) shows what is stored.
  useEffect(() => setChosen(savedKey ? (savedKey.split(',') as ContributingFactor[]) : []), [savedKey]);
  const dirty = [...chosen].sort().join(',') !== [...saved].sort().join(',');

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setSaving(true);
    try {
      const updated = await issuesApi.update(issue, { factors: chosen });
      await onSaved(updated, 'The contributing factors were saved.');
    } catch (error) {
      onFailed(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <section class="card" aria-labelledby="factors-heading">
      <h2 id="factors-heading">Contributing factors</h2>
      <p class="section-hint">Ownership, not blame: what in how we work let it happen. Never who.</p>
      <form class="stack" noValidate onSubmit={submit}>
        <fieldset class="choice-group">
          <legend>What contributed</legend>
          <div class="choices factor-choices">
            {contributingFactors.map((factor) => (
              <label key={factor.value} class="choice">
                <input
                  type="checkbox"
                  class="choice-input-top"
                  name="factors"
                  value={factor.value}
                  checked={chosen.includes(factor.value)}
                  onChange={(event) => {
                    const on = event.currentTarget.checked;
                    setChosen((current) =>
                      on ? [...current, factor.value] : current.filter((other) => other !== factor.value),
                    );
                  }}
                />
                <span>
                  <strong>{factor.label}</strong>
                  <span class="choice-meaning">{factor.meaning}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button button-secondary" disabled={saving || !dirty}>
            Save factors
          </button>
        </div>
      </form>
    </section>
  );
}

function CommunicationLog({
  issue,
  people,
  onAdded,
}: {
  issue: IssueDetail;
  people: People;
  onAdded: (said: string) => Promise<void>;
}) {
  const [channel, setChannel] = useState<CommunicationChannel>('email');
  const [summary, setSummary] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const lastAttempt = useRef<{ body: string; key: string } | null>(null);
  useEffect(() => focusFirstInvalid(form.current), [fieldErrors]);
  const entries = [...(issue.communications ?? [])].sort((a, b) => a.at.localeCompare(b.at));

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    setFieldErrors({});
    const body = { channel, summary };
    const text = JSON.stringify(body);
    const key = lastAttempt.current?.body === text ? lastAttempt.current.key : crypto.randomUUID();
    lastAttempt.current = { body: text, key };
    try {
      await issuesApi.communicate(issue.id, body, key);
      setSummary('');
      lastAttempt.current = null;
      await onAdded('The communication was logged.');
    } catch (cause) {
      if (cause instanceof ApiError) setFieldErrors(cause.fieldErrors);
      setError(describeError(cause, ['channel', 'summary']));
    } finally {
      setSaving(false);
    }
  }

  return (
    <section class="card" aria-labelledby="communications-heading">
      <h2 id="communications-heading">Customer communication</h2>
      <p class="section-hint">What we told the affected customers, when, and how.</p>
      {entries.length === 0 ? (
        <p class="empty">Nothing logged yet. What they were told at the start is above.</p>
      ) : (
        <ol class="notes">
          {entries.map((entry) => (
            <li key={entry.id}>
              <p class="note-text">{entry.summary}</p>
              <p class="note-meta">
                {channelLabel(entry.channel)} · {people.userName(entry.authorId) ?? '…'},{' '}
                <Time iso={entry.at} withTime />
              </p>
            </li>
          ))}
        </ol>
      )}
      <form ref={form} class="stack" noValidate onSubmit={submit}>
        <h3 class="subheading">Log a communication</h3>
        <div class="form-row">
          <Field label="Channel" error={fieldErrors.channel}>
            {(control) => (
              <select
                {...control}
                name="channel"
                value={channel}
                onChange={(event) => setChannel(event.currentTarget.value as CommunicationChannel)}
              >
                {channels.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <TextAreaField
          label="What we told them"
          name="summary"
          value={summary}
          onInput={setSummary}
          error={fieldErrors.summary}
        />
        <ErrorAlert>{Object.keys(fieldErrors).length === 0 ? error : null}</ErrorAlert>
        <div class="form-actions">
          <button type="submit" class="button button-secondary" disabled={saving}>
            Add to the log
          </button>
        </div>
      </form>
    </section>
  );
}
