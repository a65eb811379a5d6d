import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { handoffsApi } from '../../api/handoffs.ts';
import { ApiError, describeError } from '../../api/problem.ts';
import type { HandoffSubmission } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert } from '../../components/alert.tsx';
import { formatDateTime } from '../../components/dates.tsx';
import { flash } from '../../components/flash.ts';
import { Field, focusFirstInvalid, TextAreaField, TextField } from '../../components/form-field.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { usePeople } from '../referrals/use-people.ts';
import { useCustomers } from './use-customers.ts';

const formPaths = ['toTeamId', 'customerId', 'summary', 'promised', 'needs', 'dueAt'];

/** The day a date control names, due by the end of it in the user's own time zone. */
export function endOfDay(day: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const [, year, month, date] = match.map(Number) as [number, number, number, number];
  return new Date(year, month - 1, date, 23, 59, 0).toISOString();
}

/**
 * "Hand over": staff hand work from their team to another (the internal customer): which team,
 * which customer, a summary, what the customer was promised, what the receiving team needs to
 * do its part, and when the work is due. Field errors come from the API, next to their fields.
 */
export function HandoffFormPage() {
  usePageTitle('Hand over');
  const { me } = useSession();
  const { route } = useLocation();
  const people = usePeople();
  const customers = useCustomers();
  const [toTeamId, setToTeamId] = useState('');
  const [customerId, setCustomerId] = useState('');
  const [summary, setSummary] = useState('');
  const [promised, setPromised] = useState('');
  const [needs, setNeeds] = useState('');
  const [dueDay, setDueDay] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const lastAttempt = useRef<{ body: string; key: string } | null>(null);

  useEffect(() => focusFirstInvalid(form.current), [fieldErrors]);

  const teams = people.teams.filter((team) => team.id !== me.teamId);
  const toTeam = people.teamName(toTeamId);

  function submission(): HandoffSubmission {
    // A team not chosen is left out: the API names it as a field error, worded below.
    const body = {
      toTeamId: toTeamId || undefined,
      customerId: customerId || undefined,
      summary,
      promised,
      needs,
      dueAt: dueDay ? (endOfDay(dueDay) ?? dueDay) : undefined,
    };
    return JSON.parse(JSON.stringify(body)) as HandoffSubmission;
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    setFieldErrors({});
    const body = submission();
    const text = JSON.stringify(body);
    // Fresh for every submission, the same when the very same submission is sent again.
    const key = lastAttempt.current?.body === text ? lastAttempt.current.key : crypto.randomUUID();
    lastAttempt.current = { body: text, key };
    try {
      const handoff = await handoffsApi.send(body, key);
      const path = `/handoffs/${handoff.id}`;
      const team = people.teamName(handoff.toTeamId) ?? 'The team';
      flash(
        path,
        `Handed over to ${team}. ${team} is to acknowledge it by ${formatDateTime(handoff.ackDueAt)} (${handoff.ackSlaHours} working hours).`,
      );
      route(path);
    } catch (cause) {
      setSubmitting(false);
      const errors = cause instanceof ApiError ? { ...cause.fieldErrors } : {};
      if (errors.toTeamId && !toTeamId) errors.toTeamId = 'Choose the team to hand the work to.';
      if (errors.dueAt && dueDay && !endOfDay(dueDay)) errors.dueAt = 'A date such as 2026-11-12.';
      setFieldErrors(errors);
      const placed = Object.keys(errors).filter((path) => formPaths.includes(path));
      if (cause instanceof ApiError && cause.status === 400 && placed.length > 0) {
        const elsewhere = (cause.problem.errors ?? [])
          .filter((problem) => !placed.includes(problem.path))
          .map((problem) => `${problem.path}: ${problem.message}`);
        setError(['Some answers need attention: each one is marked on the form.', ...elsewhere].join(' '));
      } else {
        setError(describeError(cause, placed));
      }
    }
  }

  return (
    <>
      <h1>Hand over</h1>
      <p class="lede">
        Hand work to another team: they are your internal customer. Say what the customer was promised and what they
        need to do their part, so that nothing comes back for missing information.
      </p>
      <form ref={form} class="handoff-form" noValidate onSubmit={submit}>
        <section class="card" aria-labelledby="who-heading">
          <h2 id="who-heading">Who it is for</h2>
          <div class="form-grid">
            <Field
              label="Hand over to"
              hint={`The team that takes the work on; ${me.teamName ?? 'your own team'} is not listed.`}
              error={fieldErrors.toTeamId}
            >
              {(control) => (
                <select
                  {...control}
                  name="toTeamId"
                  required
                  value={toTeamId}
                  onChange={(event) => setToTeamId(event.currentTarget.value)}
                >
                  <option value="">{people.loaded ? 'Choose a team' : 'Loading teams…'}</option>
                  {teams.map((team) => (
                    <option key={team.id} value={team.id}>
                      {team.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {customers.state !== 'unavailable' && (
              <Field
                label="Customer (optional)"
                hint="The external customer concerned, if there is one."
                error={fieldErrors.customerId}
              >
                {(control) => (
                  <select
                    {...control}
                    name="customerId"
                    value={customerId}
                    onChange={(event) => setCustomerId(event.currentTarget.value)}
                  >
                    <option value="">
                      {customers.state === 'loading' ? 'Loading customers…' : 'No customer: internal work'}
                    </option>
                    {customers.list.map((customer) => (
                      <option key={customer.id} value={customer.id}>
                        {customer.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
          </div>
        </section>

        <section class="card" aria-labelledby="what-heading">
          <h2 id="what-heading">The work</h2>
          <div class="stack">
            <TextField
              label="Summary"
              name="summary"
              hint="One line the receiving team sees in its inbox."
              value={summary}
              onInput={setSummary}
              error={fieldErrors.summary}
            />
            <TextAreaField
              label="What was the customer promised?"
              name="promised"
              hint="In the words the customer heard: what, and by when."
              value={promised}
              onInput={setPromised}
              error={fieldErrors.promised}
              rows={4}
            />
            <TextAreaField
              label={`What does ${toTeam ?? 'the receiving team'} need to do its part?`}
              name="needs"
              hint="Contacts, documents, access, decisions already made: everything they would otherwise ask for."
              value={needs}
              onInput={setNeeds}
              error={fieldErrors.needs}
              rows={4}
            />
            <Field
              label="Work due (optional)"
              hint="When the work itself is due: by the end of that day. The acknowledgement has its own time."
              error={fieldErrors.dueAt}
            >
              {(control) => (
                <input
                  {...control}
                  type="date"
                  name="dueAt"
                  class="input-date"
                  value={dueDay}
                  onInput={(event) => setDueDay(event.currentTarget.value)}
                />
              )}
            </Field>
          </div>
        </section>

        <ErrorAlert>{error}</ErrorAlert>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={submitting}>
            {submitting ? 'Handing over…' : 'Hand over'}
          </button>
        </div>
      </form>
    </>
  );
}
