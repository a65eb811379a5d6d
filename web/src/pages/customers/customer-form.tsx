import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { customerRecordsApi } from '../../api/customers.ts';
import { ApiError, describeError } from '../../api/problem.ts';
import type { Customer, CustomerDetail, Fit, LifecycleStage } from '../../api/types.ts';
import { ErrorAlert } from '../../components/alert.tsx';
import { flash } from '../../components/flash.ts';
import { Field, TextAreaField, TextField } from '../../components/form-field.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { StakeholderMap, type StakeholderRow, stakeholderRow } from '../../components/stakeholder-map.tsx';
import { useForm } from '../../forms/use-form.ts';
import { NotFoundPage } from '../not-found.tsx';
import { FitScores } from '../referrals/fit-scores.tsx';
import { fits } from '../referrals/labels.tsx';
import { lifecycleStages } from './labels.tsx';
import { forgetCustomerIndex } from './use-customer-index.ts';

const stakeholderPath = /^stakeholders\.\d+\.(name|role|title|email|phone)$/;
const formPaths = [
  'name',
  'domain',
  'segment',
  'lifecycle',
  'jobToBeDone',
  'fit',
  ...fits.map((fit) => `fit.${fit.name}`),
];
/** A customer is entered at any stage but won back: that is reached only by a lifecycle move. */
const startingStages = lifecycleStages.filter((stage) => stage.value !== 'won_back');

/**
 * `/customers/new` and `/customers/:id/edit`: the profile of an external customer (staff and
 * leaders). The lifecycle is chosen on creation only; afterwards it moves on the customer's page.
 */
export function CustomerFormPage({ id }: { id?: string | undefined }) {
  const [existing, setExisting] = useState<CustomerDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  usePageTitle(id ? (existing ? `Edit ${existing.name}` : 'Edit customer') : 'Add a customer', 'Customers');

  useEffect(() => {
    if (!id) return;
    customerRecordsApi.get(id).then(setExisting, (error: unknown) => {
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) setMissing(true);
      else setLoadError(describeError(error));
    });
  }, [id]);

  if (missing) return <NotFoundPage />;
  if (id && !existing) {
    return (
      <>
        <h1>Edit customer</h1>
        <ErrorAlert>{loadError}</ErrorAlert>
        {!loadError && <p class="loading">Loading the customer…</p>}
      </>
    );
  }
  return <CustomerForm key={existing?.id ?? 'new'} existing={existing} />;
}

function CustomerForm({ existing }: { existing: Customer | null }) {
  const { route } = useLocation();
  const [name, setName] = useState(existing?.name ?? '');
  const [domain, setDomain] = useState(existing?.domain ?? '');
  const [segment, setSegment] = useState(existing?.segment ?? '');
  const [lifecycle, setLifecycle] = useState<LifecycleStage>('prospect');
  const [jobToBeDone, setJobToBeDone] = useState(existing?.jobToBeDone ?? '');
  const [fit, setFit] = useState<Partial<Fit>>(existing?.fit ?? {});
  const [stakeholders, setStakeholders] = useState<StakeholderRow[]>(() =>
    (existing?.stakeholders ?? []).map((contact) =>
      stakeholderRow({
        name: contact.name,
        role: contact.role,
        title: contact.title ?? '',
        email: contact.email ?? '',
        phone: contact.phone ?? '',
      }),
    ),
  );
  const form = useForm({
    fields: (path) => formPaths.includes(path) || stakeholderPath.test(path),
    summarise: true,
  });
  const [twin, setTwin] = useState<string | null>(null);
  const twinNotice = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (twin !== null) twinNotice.current?.focus();
  }, [twin]);

  const scored = fits.filter((item) => fit[item.name] !== undefined).length;

  function contacts() {
    const optional = (value: string | undefined) => (value?.trim() ? value : undefined);
    return stakeholders.map(({ name, role, title, email, phone }) =>
      JSON.parse(
        JSON.stringify({ name, role, title: optional(title), email: optional(email), phone: optional(phone) }),
      ),
    );
  }

  async function save(): Promise<Customer> {
    if (existing) {
      const cleared = (value: string) => (value.trim() ? value : null);
      return customerRecordsApi.update(existing, {
        name,
        domain: cleared(domain),
        segment: cleared(segment),
        jobToBeDone: cleared(jobToBeDone),
        // Not scored at all clears the fits; some scored and not others is the API's to name.
        fit: scored === 0 ? null : (fit as Fit),
        stakeholders: contacts(),
      });
    }
    const optional = (value: string | undefined) => (value?.trim() ? value : undefined);
    const body = JSON.parse(
      JSON.stringify({
        name,
        domain: optional(domain),
        segment: optional(segment),
        lifecycle,
        jobToBeDone: optional(jobToBeDone),
        fit: scored === 0 ? undefined : fit,
        stakeholders: contacts(),
      }),
    );
    return customerRecordsApi.create(body, form.idempotencyKey(body));
  }

  function submit(event: SubmitEvent) {
    event.preventDefault();
    setTwin(null);
    void form.submit(
      async () => {
        const customer = await save();
        forgetCustomerIndex();
        const path = `/customers/${customer.id}`;
        flash(path, existing ? 'The profile was saved.' : `${customer.name} was added to the customers.`);
        route(path);
      },
      {
        handle: (cause) => {
          if (!(cause instanceof ApiError && cause.problem.type === '/problems/customer-exists')) return false;
          setTwin(cause.extension('existingCustomerId') ?? '');
          return true;
        },
        reword: (errors) => friendlier(errors, fit),
      },
    );
  }

  return (
    <>
      <p class="breadcrumb">
        <a href={existing ? `/customers/${existing.id}` : '/customers'}>
          {existing ? `Back to ${existing.name}` : 'Back to customers'}
        </a>
      </p>
      <h1>{existing ? `Edit ${existing.name}` : 'Add a customer'}</h1>
      <p class="lede">
        {existing
          ? 'The profile, the fits, the job to be done and the stakeholder map. The lifecycle moves on the customer’s page.'
          : 'An external customer: who they are, the job they hired us for, how well we fit and who decides.'}
      </p>
      <form ref={form.ref} class="referral-form" noValidate onSubmit={submit}>
        <section class="card" aria-labelledby="customer-heading">
          <h2 id="customer-heading">The customer</h2>
          <div class="form-grid">
            <TextField label="Name" name="name" value={name} onInput={setName} error={form.fieldErrors.name} />
            <TextField
              label="Website domain (optional)"
              name="domain"
              hint="Such as example.com."
              value={domain}
              onInput={setDomain}
              error={form.fieldErrors.domain}
              optional
            />
            <TextField
              label="Segment (optional)"
              name="segment"
              hint="Such as enterprise, mid-market, public sector."
              value={segment}
              onInput={setSegment}
              error={form.fieldErrors.segment}
              optional
            />
            {!existing && (
              <Field
                label="Lifecycle stage"
                hint="Where they are today. “Won back” is reached only from lapsed."
                error={form.fieldErrors.lifecycle}
              >
                {(control) => (
                  <select
                    {...control}
                    name="lifecycle"
                    value={lifecycle}
                    onChange={(event) => setLifecycle(event.currentTarget.value as LifecycleStage)}
                  >
                    {startingStages.map((stage) => (
                      <option key={stage.value} value={stage.value}>
                        {stage.label}: {stage.meaning}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
          </div>
        </section>

        <section class="card" aria-labelledby="job-heading">
          <h2 id="job-heading">The job to be done</h2>
          <TextAreaField
            label="Which job do they want done? (optional)"
            name="jobToBeDone"
            hint="In their words: what they hired us to do."
            value={jobToBeDone}
            onInput={setJobToBeDone}
            error={form.fieldErrors.jobToBeDone}
            optional
          />
        </section>

        <section class="card" aria-labelledby="fit-heading">
          <h2 id="fit-heading">Fit</h2>
          <p class="section-hint">Score each from 1 (poor) to 5 (excellent), or leave all four for later.</p>
          {form.fieldErrors.fit && <p class="field-error">{form.fieldErrors.fit}</p>}
          <FitScores fit={fit} onChange={setFit} fieldErrors={form.fieldErrors} />
          {scored > 0 && (
            <button type="button" class="button button-secondary" onClick={() => setFit({})}>
              Clear the scores
            </button>
          )}
        </section>

        <StakeholderMap
          heading="Stakeholder map"
          hint="Who has a say, and how much. Personal data: only staff and leaders see the contacts."
          rows={stakeholders}
          onRows={setStakeholders}
          fieldErrors={form.fieldErrors}
          onRemoved={() =>
            form.setFieldErrors((errors) =>
              Object.fromEntries(Object.entries(errors).filter(([path]) => !path.startsWith('stakeholders.'))),
            )
          }
          contacts
        />

        {twin !== null && (
          <div class="alert alert-notice" role="alert" tabIndex={-1} ref={twinNotice}>
            <h2>This customer exists already</h2>
            <p>
              A customer with this name or domain is on record.{' '}
              {twin ? <a href={`/customers/${twin}`}>Open that customer</a> : 'Find it in the customers list'} rather
              than making a twin.
            </p>
          </div>
        )}
        <ErrorAlert>{form.error}</ErrorAlert>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={form.submitting}>
            {form.submitting ? 'Saving…' : existing ? 'Save profile' : 'Add customer'}
          </button>
          <a class="button button-secondary" href={existing ? `/customers/${existing.id}` : '/customers'}>
            Cancel
          </a>
        </div>
      </form>
    </>
  );
}

/** A fit left unscored while others are scored: the API's "expected number" says nothing to a person. */
function friendlier(errors: Record<string, string>, fit: Partial<Fit>): Record<string, string> {
  const result = { ...errors };
  for (const { name } of fits) {
    const path = `fit.${name}`;
    if (result[path] && fit[name] === undefined) result[path] = 'Choose a score from 1 to 5, or clear all four.';
  }
  return result;
}
