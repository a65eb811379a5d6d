import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError } from '../../api/problem.ts';
import { referralsApi } from '../../api/referrals.ts';
import type { Fit, FitName, ReferralSubmission } from '../../api/types.ts';
import { formatDay } from '../../components/dates.tsx';
import { flash } from '../../components/flash.ts';
import { FormActions } from '../../components/form-actions.tsx';
import { TextAreaField, TextField } from '../../components/form-field.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { StakeholderMap, type StakeholderRow } from '../../components/stakeholder-map.tsx';
import { useForm } from '../../forms/use-form.ts';
import { FitScores } from './fit-scores.tsx';
import { fits } from './labels.tsx';

const stakeholderPath = /^stakeholders\.\d+\.(name|role)$/;
const formPaths = [
  'company.name',
  'company.domain',
  'contact.name',
  'contact.email',
  'contact.phone',
  'jobToBeDone',
  'notes',
  ...fits.map((fit) => `fit.${fit.name}`),
];

/** Fresh for every submission, the same when the very same submission is sent again. */
/**
 * "Refer a customer": the company, its contact (personal data), the job they want done, the
 * four fits, the stakeholder map and notes. Field errors come from the API and are shown next
 * to their fields; a prospect another referral registered already gets a sentence saying so.
 */
export function ReferralFormPage() {
  usePageTitle('Refer a customer');
  const { route } = useLocation();
  const [companyName, setCompanyName] = useState('');
  const [companyDomain, setCompanyDomain] = useState('');
  const [contactName, setContactName] = useState('');
  const [contactEmail, setContactEmail] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const [jobToBeDone, setJobToBeDone] = useState('');
  const [fit, setFit] = useState<Partial<Fit>>({});
  const [stakeholders, setStakeholders] = useState<StakeholderRow[]>([]);
  const [notes, setNotes] = useState('');
  const form = useForm({
    fields: (path) => formPaths.includes(path) || stakeholderPath.test(path),
    summarise: true,
  });
  const [registered, setRegistered] = useState<string | null>(null);
  /** The caller's own open referral of the company (409 `own-referral`): where to follow it. */
  const [ownReferral, setOwnReferral] = useState<string | null>(null);
  const registeredNotice = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (registered) registeredNotice.current?.focus();
  }, [registered]);

  function submission(): ReferralSubmission {
    const optional = (value: string) => (value.trim() ? value : undefined);
    // A fit not chosen is left out: the API names it as a field error.
    const body = {
      company: { name: companyName, domain: optional(companyDomain) },
      contact: { name: contactName, email: contactEmail, phone: optional(contactPhone) },
      jobToBeDone,
      fit: fit as Fit,
      stakeholders: stakeholders.map(({ name, role }) => ({ name, role })),
      notes: optional(notes),
    };
    return JSON.parse(JSON.stringify(body)) as ReferralSubmission;
  }

  function submit(event: SubmitEvent) {
    event.preventDefault();
    setRegistered(null);
    const body = submission();
    const key = form.idempotencyKey(body);
    void form.submit(
      async () => {
        const referral = await referralsApi.submit(body, key);
        const path = `/referrals/${referral.id}`;
        flash(
          path,
          `Thank you: your referral of ${referral.company.name} was submitted. We will respond by ${formatDay(referral.firstResponseDueAt)}.`,
        );
        route(path);
      },
      { handle: explainRegistered, reword: (errors) => friendlier(errors, fit) },
    );
  }

  /** A 409 for a company registered already is not an error to the referrer: the form says where it stands. */
  function explainRegistered(cause: unknown): boolean {
    if (cause instanceof ApiError && cause.problem.type === '/problems/prospect-registered') {
      setOwnReferral(null);
      setRegistered(registeredMessage(cause));
      return true;
    }
    if (cause instanceof ApiError && cause.problem.type === '/problems/own-referral') {
      const id = cause.extension('referralId');
      const at = cause.extension('registeredAt');
      setOwnReferral(id ?? null);
      setRegistered(
        id && at
          ? `You referred this company already on ${formatDay(at)} (referral ${id}), and that referral is still open: follow it there rather than sending it again.`
          : (cause.problem.detail ?? cause.message),
      );
      return true;
    }
    return false;
  }

  return (
    <>
      <h1>Refer a customer</h1>
      <p class="lede">
        Tell us who they are, the job they want done and how well we fit. We answer every referral within a few days,
        and the first valid referral of a company is protected while it is open.
      </p>
      <form ref={form.ref} class="referral-form" noValidate onSubmit={submit}>
        <section class="card" aria-labelledby="company-heading">
          <h2 id="company-heading">The company</h2>
          <div class="form-grid">
            <TextField
              label="Company name"
              name="companyName"
              value={companyName}
              onInput={setCompanyName}
              error={form.fieldErrors['company.name']}
              autoComplete="organization"
            />
            <TextField
              label="Website domain (optional)"
              name="companyDomain"
              hint="Such as example.com."
              value={companyDomain}
              onInput={setCompanyDomain}
              error={form.fieldErrors['company.domain']}
              optional
            />
          </div>
        </section>

        <section class="card" aria-labelledby="contact-heading">
          <h2 id="contact-heading">The contact</h2>
          <p class="section-hint">Personal data: only the people working on this referral see it.</p>
          <div class="form-grid">
            <TextField
              label="Contact name"
              name="contactName"
              value={contactName}
              onInput={setContactName}
              error={form.fieldErrors['contact.name']}
            />
            <TextField
              label="E-mail"
              name="contactEmail"
              type="email"
              value={contactEmail}
              onInput={setContactEmail}
              error={form.fieldErrors['contact.email']}
            />
            <TextField
              label="Phone (optional)"
              name="contactPhone"
              type="tel"
              value={contactPhone}
              onInput={setContactPhone}
              error={form.fieldErrors['contact.phone']}
              optional
            />
          </div>
        </section>

        <section class="card" aria-labelledby="job-heading">
          <h2 id="job-heading">The job to be done</h2>
          <TextAreaField
            label="Which job do they want done?"
            name="jobToBeDone"
            hint="In their words: what they would hire us to do."
            value={jobToBeDone}
            onInput={setJobToBeDone}
            error={form.fieldErrors.jobToBeDone}
            rows={3}
          />
        </section>

        <section class="card" aria-labelledby="fit-heading">
          <h2 id="fit-heading">Fit</h2>
          <p class="section-hint">Score each from 1 (poor) to 5 (excellent).</p>
          <FitScores fit={fit} onChange={setFit} fieldErrors={form.fieldErrors} />
        </section>

        <StakeholderMap
          heading="Stakeholders"
          hint="Who has a say in the decision, and how much:"
          rows={stakeholders}
          onRows={setStakeholders}
          fieldErrors={form.fieldErrors}
          onRemoved={() =>
            form.setFieldErrors((errors) =>
              Object.fromEntries(Object.entries(errors).filter(([path]) => !path.startsWith('stakeholders.'))),
            )
          }
        />

        <section class="card" aria-labelledby="notes-heading">
          <h2 id="notes-heading">Notes</h2>
          <TextAreaField
            label="Anything else we should know (optional)"
            name="notes"
            value={notes}
            onInput={setNotes}
            error={form.fieldErrors.notes}
            rows={4}
            optional
          />
        </section>

        {registered && (
          <div class="alert alert-notice" role="alert" tabIndex={-1} ref={registeredNotice}>
            <h2>{ownReferral ? 'You referred this company already' : 'This company is already registered'}</h2>
            <p>{registered}</p>
            {ownReferral && (
              <p>
                <a href={`/referrals/${ownReferral}`}>Open your referral</a>
              </p>
            )}
          </div>
        )}
        <FormActions form={form} label="Submit referral" busyLabel="Submitting…" />
      </form>
    </>
  );
}

/** The sentence for a prospect registered by an open referral (409 `prospect-registered`). */
function registeredMessage(error: ApiError): string {
  const registeredAt = error.extension('registeredAt');
  if (!registeredAt) return error.problem.detail ?? error.message;
  return `Another referral registered this prospect on ${formatDay(registeredAt)}, and it is protected while that referral is open. Our team has been told and will be in touch with you about it.`;
}

/**
 * The API's messages, but for a fit the user did not score: "expected number, received
 * undefined" says nothing to a person who simply has not chosen yet.
 */
function friendlier(errors: Record<string, string>, fit: Partial<Fit>): Record<string, string> {
  const result = { ...errors };
  for (const { name } of fits) {
    const path = `fit.${name}`;
    if (result[path] && fit[name as FitName] === undefined) result[path] = 'Choose a score from 1 to 5.';
  }
  return result;
}
