import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { customerRecordsApi } from '../../api/customers.ts';
import { issuesApi } from '../../api/issues.ts';
import { ApiError, describeError } from '../../api/problem.ts';
import type { Customer, Severity } from '../../api/types.ts';
import { ErrorAlert } from '../../components/alert.tsx';
import { formatDateTime } from '../../components/dates.tsx';
import { flash } from '../../components/flash.ts';
import { focusFirstInvalid, TextAreaField, TextField } from '../../components/form-field.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { LifecycleBadge } from '../customers/labels.tsx';
import { useCustomerIndex } from '../customers/use-customer-index.ts';
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
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  // The index holds the first thousand customers by name; an organisation that imported more
  // finds the rest by asking the server for names that start with what was typed.
  const [found, setFound] = useState<Customer[]>([]);
  const known = useRef(new Map<string, Customer>());

  useEffect(() => {
    const term = search.trim();
    if (!term) {
      setFound([]);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      customerRecordsApi.list({ name: term, limit: 50 }).then(
        (page) => current && setFound(page.items),
        () => current && setFound([]),
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [search]);

  const candidates = useMemo(() => {
    for (const customer of [...index.customers, ...found]) known.current.set(customer.id, customer);
    return [...known.current.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [index.customers, found]);
  const lastAttempt = useRef<{ body: string; key: string } | null>(null);

  useEffect(() => focusFirstInvalid(form.current), [fieldErrors]);

  const shown = useMemo(() => {
    const term = search.trim().toLowerCase();
    return candidates.filter(
      (customer) =>
        selected.includes(customer.id) ||
        !term ||
        customer.name.toLowerCase().includes(term) ||
        customer.domain?.includes(term),
    );
  }, [candidates, search, selected]);

  function toggle(id: string, on: boolean) {
    setSelected((current) => (on ? [...current, id] : current.filter((other) => other !== id)));
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    setFieldErrors({});
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
    const text = JSON.stringify(body);
    const key = lastAttempt.current?.body === text ? lastAttempt.current.key : crypto.randomUUID();
    lastAttempt.current = { body: text, key };
    try {
      const issue = await issuesApi.report(body, key);
      const path = `/issues/${issue.id}`;
      flash(
        path,
        `The issue was reported.${issue.ownDueAt ? ` It needs an owner by ${formatDateTime(issue.ownDueAt)}.` : ''}`,
      );
      route(path);
    } catch (cause) {
      setSubmitting(false);
      // "customerIds.2: No such customer." belongs to the picker as a whole.
      const errors: Record<string, string> = {};
      if (cause instanceof ApiError) {
        for (const [path, message] of Object.entries(cause.fieldErrors)) {
          const at = path.startsWith('customerIds') ? 'customerIds' : path;
          errors[at] ??=
            at === 'severity' && severity === null
              ? 'Choose a severity.'
              : at === 'title' && !title.trim()
                ? 'Give the issue a short title.'
                : message;
        }
      }
      setFieldErrors(errors);
      const placed = Object.keys(errors).filter((path) => formPaths.includes(path));
      if (cause instanceof ApiError && cause.status === 400 && placed.length > 0) {
        setError('Some answers need attention: each one is marked on the form.');
      } else {
        setError(describeError(cause, placed));
      }
    }
  }

  const pickerError = fieldErrors.customerIds;
  return (
    <>
      <h1>Report an issue</h1>
      <p class="lede">
        Something hurts a customer. Say who, how badly and what they have been told: somebody will own it and see it
        through. Ownership, not blame: nobody is named at fault.
      </p>
      <form ref={form} class="referral-form" noValidate onSubmit={submit}>
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
            class={`choice-group severity-choices${fieldErrors.severity ? ' field-invalid' : ''}`}
            aria-describedby={fieldErrors.severity ? 'severity-error' : undefined}
          >
            <legend>Severity</legend>
            {fieldErrors.severity && (
              <p class="field-error" id="severity-error">
                <span class="visually-hidden">Error: </span>
                {fieldErrors.severity}
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
                    aria-invalid={fieldErrors.severity ? 'true' : undefined}
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
              error={fieldErrors.title}
            />
            <TextAreaField
              label="Impact"
              name="impact"
              hint="How the customers are hurt: what they cannot do, since when, how many of their people."
              value={impact}
              onInput={setImpact}
              error={fieldErrors.impact}
              rows={4}
            />
            <TextAreaField
              label="What has the customer been told?"
              name="customerTold"
              hint="Who told them what, and when they expect to hear from us next. “Nothing yet” is an answer."
              value={customerTold}
              onInput={setCustomerTold}
              error={fieldErrors.customerTold}
              rows={3}
            />
          </div>
        </section>

        <ErrorAlert>{error}</ErrorAlert>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={submitting}>
            {submitting ? 'Reporting…' : 'Report issue'}
          </button>
        </div>
      </form>
    </>
  );
}
