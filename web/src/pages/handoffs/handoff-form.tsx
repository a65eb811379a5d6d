import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { checklistsApi, handoffsApi } from '../../api/handoffs.ts';
import { referralsApi } from '../../api/referrals.ts';
import type { HandoffKind, HandoffSubmission, Referral, TeamChecklist } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { formatDateTime } from '../../components/dates.tsx';
import { flash } from '../../components/flash.ts';
import { FormActions } from '../../components/form-actions.tsx';
import { Field, TextAreaField, TextField } from '../../components/form-field.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { useForm } from '../../forms/use-form.ts';
import { matchesCustomer, useCustomerSearch } from '../customers/use-customer-search.ts';
import { usePeople } from '../referrals/use-people.ts';
import { kindLabels, kinds } from './labels.tsx';
import { useCustomers } from './use-customers.ts';

const formPaths = ['toTeamId', 'kind', 'customerId', 'referralId', 'summary', 'promised', 'needs', 'dueAt'];

/** The accepted and qualified referrals, not yet customers: what a handoff can be about besides a customer. */
function useOpenReferrals(): Referral[] {
  const [list, setList] = useState<Referral[]>([]);
  useEffect(() => {
    let current = true;
    Promise.all([
      referralsApi.list({ status: 'accepted', limit: 100 }),
      referralsApi.list({ status: 'qualified', limit: 100 }),
    ]).then(
      ([accepted, qualified]) =>
        current &&
        setList(
          [...accepted.items, ...qualified.items]
            .filter((referral) => !referral.customerId)
            .sort((a, b) => a.company.name.localeCompare(b.company.name)),
        ),
      () => current && setList([]),
    );
    return () => {
      current = false;
    };
  }, []);
  return list;
}

/** The receiving team's checklist, read again whenever the team changes. */
function useChecklist(teamId: string): TeamChecklist | null {
  const [checklist, setChecklist] = useState<TeamChecklist | null>(null);
  useEffect(() => {
    setChecklist(null);
    if (!teamId) return;
    let current = true;
    checklistsApi.get(teamId).then(
      (loaded) => current && setChecklist(loaded),
      () => current && setChecklist(null),
    );
    return () => {
      current = false;
    };
  }, [teamId]);
  return checklist;
}

/** "an escalation", "a kickoff": the kind's name as the hint's sentence needs it. */
function withArticle(kind: string): string {
  const name = kind.toLowerCase();
  return `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}`;
}

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
  const { route, query } = useLocation();
  const people = usePeople();
  const customers = useCustomers();
  const [customerSearch, setCustomerSearch] = useState('');
  const customerCandidates = useCustomerSearch(customers.list, customerSearch);
  const referrals = useOpenReferrals();
  const [toTeamId, setToTeamId] = useState('');
  const [kind, setKind] = useState<HandoffKind>('other');
  // `customer:<id>` or `referral:<id>`: a handoff is about one or the other, or neither.
  const [subject, setSubject] = useState('');
  const [summary, setSummary] = useState('');
  const [promised, setPromised] = useState('');
  const [needs, setNeeds] = useState('');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [fromReferral, setFromReferral] = useState<Referral | null>(null);
  const checklist = useChecklist(toTeamId);
  const items = checklist?.kinds[kind] ?? [];
  const [dueDay, setDueDay] = useState('');
  const form = useForm({
    fields: (path) => formPaths.includes(path) || path.startsWith('answers.'),
    summarise: true,
  });

  // A kickoff from a referral's page: its fields filled in from the referral, still editable.
  const referralId = query.referralId;
  useEffect(() => {
    if (!referralId) return;
    let current = true;
    referralsApi.get(referralId).then(
      (referral) => {
        if (!current) return;
        setFromReferral(referral);
        setKind('kickoff');
        setSubject(`referral:${referral.id}`);
        setSummary(`Kickoff: ${referral.company.name}`);
        setPromised(referral.noteToReferrer ?? referral.notes ?? '');
        setNeeds(`The job to be done: ${referral.jobToBeDone}`);
      },
      () => current && form.setError('That referral could not be read: choose what the handoff is about below.'),
    );
    return () => {
      current = false;
    };
  }, [referralId]);

  // The customer chosen stays among the options whatever is typed, so the choice never vanishes.
  const offeredCustomers = customerCandidates.filter(
    (customer) => subject === `customer:${customer.id}` || matchesCustomer(customer, customerSearch),
  );
  const teams = people.teams.filter((team) => team.id !== me.teamId);
  const toTeam = people.teamName(toTeamId);

  function submission(): HandoffSubmission {
    // A team not chosen is left out: the API names it as a field error, worded below.
    const [subjectType, subjectId] = subject.split(':');
    const body = {
      toTeamId: toTeamId || undefined,
      kind,
      customerId: subjectType === 'customer' ? subjectId : undefined,
      referralId: subjectType === 'referral' ? subjectId : undefined,
      // Only the items asked for this team and kind; one left blank is left out, so that the
      // API's error names what the team needs rather than "must not be empty".
      answers: Object.fromEntries(
        items.filter((item) => answers[item.id]?.trim()).map((item) => [item.id, answers[item.id] as string]),
      ),
      summary,
      promised,
      needs,
      dueAt: dueDay ? (endOfDay(dueDay) ?? dueDay) : undefined,
    };
    return JSON.parse(JSON.stringify(body)) as HandoffSubmission;
  }

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const body = submission();
    const key = form.idempotencyKey(body);
    void form.submit(
      async () => {
        const handoff = await handoffsApi.send(body, key);
        const path = `/handoffs/${handoff.id}`;
        const team = people.teamName(handoff.toTeamId) ?? 'The team';
        flash(
          path,
          `Handed over to ${team}. ${team} is to acknowledge it by ${formatDateTime(handoff.ackDueAt)} (${handoff.ackSlaHours} working hours).`,
        );
        route(path);
      },
      {
        reword: (found) => {
          const errors = { ...found };
          if (errors.toTeamId && !toTeamId) errors.toTeamId = 'Choose the team to hand the work to.';
          if (errors.dueAt && dueDay && !endOfDay(dueDay)) errors.dueAt = 'A date such as 2026-11-12.';
          return errors;
        },
      },
    );
  }

  return (
    <>
      <h1>Hand over</h1>
      <p class="lede">
        Hand work to another team: they are your internal customer. Say what the customer was promised and what they
        need to do their part, so that nothing comes back for missing information.
      </p>
      <form ref={form.ref} class="handoff-form" noValidate onSubmit={submit}>
        <section class="card" aria-labelledby="who-heading">
          <h2 id="who-heading">Who it is for</h2>
          <div class="form-grid">
            <Field
              label="Hand over to"
              hint={`The team that takes the work on; ${me.teamName ?? 'your own team'} is not listed.`}
              error={form.fieldErrors.toTeamId}
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
            <Field
              label="Kind of handoff"
              hint="The receiving team says what it needs for each kind."
              error={form.fieldErrors.kind}
            >
              {(control) => (
                <select
                  {...control}
                  name="kind"
                  value={kind}
                  onChange={(event) => setKind(event.currentTarget.value as HandoffKind)}
                >
                  {kinds.map((value) => (
                    <option key={value} value={value}>
                      {kindLabels[value]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <label class="inline-field picker-search">
              <span>Find a customer</span>
              <input
                type="search"
                name="customerSearch"
                value={customerSearch}
                onInput={(event) => setCustomerSearch(event.currentTarget.value)}
              />
            </label>
            <Field
              label="About (optional)"
              hint="The external customer concerned, or an accepted referral that is not a customer yet."
              error={form.fieldErrors.customerId ?? form.fieldErrors.referralId}
            >
              {(control) => (
                <select
                  {...control}
                  name="subject"
                  value={subject}
                  onChange={(event) => setSubject(event.currentTarget.value)}
                >
                  <option value="">
                    {customers.state === 'loading' ? 'Loading customers…' : 'No customer: internal work'}
                  </option>
                  {fromReferral && !referrals.some((referral) => referral.id === fromReferral.id) && (
                    <option value={`referral:${fromReferral.id}`}>Referral: {fromReferral.company.name}</option>
                  )}
                  {referrals.length > 0 && (
                    <optgroup label="Accepted referrals">
                      {referrals.map((referral) => (
                        <option key={referral.id} value={`referral:${referral.id}`}>
                          Referral: {referral.company.name}
                        </option>
                      ))}
                    </optgroup>
                  )}
                  {offeredCustomers.length > 0 && (
                    <optgroup
                      label={customerSearch.trim() ? `Customers matching “${customerSearch.trim()}”` : 'Customers'}
                    >
                      {offeredCustomers.map((customer) => (
                        <option key={customer.id} value={`customer:${customer.id}`}>
                          {customer.name}
                        </option>
                      ))}
                    </optgroup>
                  )}
                </select>
              )}
            </Field>
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
              error={form.fieldErrors.summary}
            />
            <TextAreaField
              label="What was the customer promised?"
              name="promised"
              hint="In the words the customer heard: what, and by when."
              value={promised}
              onInput={setPromised}
              error={form.fieldErrors.promised}
              rows={4}
            />
            <TextAreaField
              label={`What does ${toTeam ?? 'the receiving team'} need to do its part?`}
              name="needs"
              hint="Contacts, documents, access, decisions already made: everything they would otherwise ask for."
              value={needs}
              onInput={setNeeds}
              error={form.fieldErrors.needs}
              rows={4}
            />
            <Field
              label="Work due (optional)"
              hint="When the work itself is due: by the end of that day. The acknowledgement has its own time."
              error={form.fieldErrors.dueAt}
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

        {items.length > 0 && (
          <section class="card" aria-labelledby="checklist-heading">
            <h2 id="checklist-heading">What {toTeam ?? 'the receiving team'} needs</h2>
            <p class="section-hint">
              {toTeam ?? 'The receiving team'} asks for every item below with {withArticle(kindLabels[kind])}: each one
              is required.
            </p>
            <div class="stack">
              {items.map((item) => (
                <TextAreaField
                  key={item.id}
                  label={item.label}
                  name={`answers.${item.id}`}
                  value={answers[item.id] ?? ''}
                  onInput={(value) => setAnswers((current) => ({ ...current, [item.id]: value }))}
                  error={form.fieldErrors[`answers.${item.id}`]}
                  rows={2}
                />
              ))}
            </div>
          </section>
        )}

        <FormActions form={form} label="Hand over" busyLabel="Handing over…" />
      </form>
    </>
  );
}
