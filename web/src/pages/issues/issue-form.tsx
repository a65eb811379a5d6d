import { useMemo, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { issuesApi } from '../../api/issues.ts';
import type { Severity } from '../../api/types.ts';
import { formatDateTime } from '../../components/dates.tsx';
import { flash } from '../../components/flash.ts';
import { FormActions } from '../../components/form-actions.tsx';
import { TextAreaField, TextField } from '../../components/form-field.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import type { FieldErrors } from '../../forms/form-state.ts';
import { useForm } from '../../forms/use-form.ts';
import { LifecycleBadge } from '../customers/labels.tsx';
import { useCustomerIndex } from '../customers/use-customer-index.ts';
import { matchesCustomer, useCustomerSearch } from '../customers/use-customer-search.ts';
import { severities } from './labels.tsx';

const formPaths = ['customerIds', 'severity', 'title', 'impact', 'customerTold'];

/**
 * "Report an issue": something that hurts external customers. The customers affected (a
 * picker over the directory, `?customer=` preselects one), the severity with what each means,
 * a short title, the impact and what the customers have been told. Sent with an `Idempotency-Key`.
 */
export function IssueFormPage() {
  usePageTitle('Report an issue');
  const { route, query } = useLocation();
  const index = useCustomerIndex();
  const [selected, setSelected] = useState<string[]>(() => (query.customer ? [query.customer] : []));
  const [search, setSearch] = useState('');
  const [severity, setSeverity] = useState<Severity | null>(null);
  const [title, setTitle] = useState('');
  const [impact, setImpact] = useState('');
  const [customerTold, setCustomerTold] = useState('');
  const form = useForm({
    fields: (path) => formPaths.includes(path) || path.startsWith('customerIds'),
    summarise: true,
  });
  const candidates = useCustomerSearch(index.customers, search);

  const shown = useMemo(
    () => candidates.filter((customer) => selected.includes(customer.id) || matchesCustomer(customer, search)),
    [candidates, search, selected],
  );

  function toggle(id: string, on: boolean) {
    setSelected((current) => (on ? [...current, id] : current.filter((other) => other !== id)));
  }

  function submit(event: SubmitEvent) {
    event.preventDefault();
    // Keep the picker's order (by name), so the same choice is the same body on a retry.
    const ordered = candidates.map((customer) => customer.id).filter((id) => selected.includes(id));
    // A customer named by `?customer=` may lie beyond the first thousand: it is sent all the same.
    const customerIds = [...ordered, ...selected.filter((id) => !ordered.includes(id))];
    const body = JSON.parse(
      JSON.stringify({
        customerIds: index.loaded ? customerIds : selected,
        severity: severity ?? undefined,
        title,
        impact,
        customerTold,
      }),
    );
    const key = form.idempotencyKey(body);
    void form.submit(
      async () => {
        const issue = await issuesApi.report(body, key);
        const path = `/issues/${issue.id}`;
        flash(
          path,
          `The issue was reported.${issue.ownDueAt ? ` It needs an owner by ${formatDateTime(issue.ownDueAt)}.` : ''}`,
        );
        route(path);
      },
      { reword: (found) => onThePicker(found, severity, title) },
    );
  }

  const pickerError = form.fieldErrors.customerIds;
  return (
    <>
      <h1>Report an issue</h1>
      <p class="lede">
        Something hurts a customer. Say who, how badly and what they have been told: somebody will own it and see it
        through. Ownership, not blame: nobody is named at fault.
      </p>
      <form ref={form.ref} class="referral-form" noValidate onSubmit={submit}>
        <section class="card" aria-labelledby="affected-heading">
          <h2 id="affected-heading">Who is affected</h2>
          <fieldset
            class={`choice-group customer-picker${pickerError ? ' field-invalid' : ''}`}
            aria-describedby={pickerError ? 'customers-error' : 'customers-hint'}
          >
            <legend>Affected customers</legend>
            <p class="field-hint" id="customers-hint">
              Choose every customer it hurts. {selected.length > 0 ? `${selected.length} chosen.` : ''}
            </p>
            {pickerError && (
              <p class="field-error" id="customers-error">
                <span class="visually-hidden">Error: </span>
                {pickerError}
              </p>
            )}
            <label class="inline-field picker-search">
              <span>Find a customer</span>
              <input
                type="search"
                name="customerSearch"
                value={search}
                onInput={(event) => setSearch(event.currentTarget.value)}
              />
            </label>
            {!index.loaded && <p class="loading">Loading customers…</p>}
            {index.failed && (
              <p class="field-error">The customers could not be loaded. Reload the page to try again.</p>
            )}
            {index.loaded && shown.length === 0 && <p class="empty">No customer’s name contains “{search}”.</p>}
            <ul class="picker-list">
              {shown.map((customer) => (
                <li key={customer.id} class="picker-item">
                  <label class="choice">
                    <input
                      type="checkbox"
                      name="customerIds"
                      value={customer.id}
                      checked={selected.includes(customer.id)}
                      aria-invalid={pickerError ? 'true' : undefined}
                      onChange={(event) => toggle(customer.id, event.currentTarget.checked)}
                    />
                    <span>{customer.name}</span>
                    <LifecycleBadge stage={customer.lifecycle} />
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        </section>

        <section class="card" aria-labelledby="severity-heading">
          <h2 id="severity-heading">How bad is it</h2>
          <fieldset
            class={`choice-group severity-choices${form.fieldErrors.severity ? ' field-invalid' : ''}`}
            aria-describedby={form.fieldErrors.severity ? 'severity-error' : undefined}
          >
            <legend>Severity</legend>
            {form.fieldErrors.severity && (
              <p class="field-error" id="severity-error">
                <span class="visually-hidden">Error: </span>
                {form.fieldErrors.severity}
              </p>
            )}
            <div class="choices">
              {severities.map((option) => (
                <label key={option.value} class={`choice severity-choice severity-choice-${option.value}`}>
                  <input
                    type="radio"
                    class="choice-input-top"
                    name="severity"
                    value={option.value}
                    checked={severity === option.value}
                    aria-invalid={form.fieldErrors.severity ? 'true' : undefined}
                    onChange={() => setSeverity(option.value)}
                  />
                  <span>
                    <strong>{option.label}</strong>
                    <span class="choice-meaning">{option.meaning}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        </section>

        <section class="card" aria-labelledby="impact-heading">
          <h2 id="impact-heading">What is happening</h2>
          <div class="stack">
            <TextField
              label="Title"
              name="title"
              hint="A short name everyone will know it by, such as “Checkout times out for EU stores”. At most 120 characters."
              value={title}
              onInput={setTitle}
              error={form.fieldErrors.title}
            />
            <TextAreaField
              label="Impact"
              name="impact"
              hint="How the customers are hurt: what they cannot do, since when, how many of their people."
              value={impact}
              onInput={setImpact}
              error={form.fieldErrors.impact}
              rows={4}
            />
            <TextAreaField
              label="What has the customer been told?"
              name="customerTold"
              hint="Who told them what, and when they expect to hear from us next. “Nothing yet” is an answer."
              value={customerTold}
              onInput={setCustomerTold}
              error={form.fieldErrors.customerTold}
              rows={3}
            />
          </div>
        </section>

        <FormActions form={form} label="Report issue" busyLabel="Reporting…" />
      </form>
    </>
  );
}

/** "customerIds.2: No such customer." belongs to the picker as a whole; a severity not chosen is asked for. */
function onThePicker(found: FieldErrors, severity: Severity | null, title: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const [path, message] of Object.entries(found)) {
    const at = path.startsWith('customerIds') ? 'customerIds' : path;
    errors[at] ??=
      at === 'severity' && severity === null
        ? 'Choose a severity.'
        : at === 'title' && !title.trim()
          ? 'Give the issue a short title.'
          : message;
  }
  return errors;
}
