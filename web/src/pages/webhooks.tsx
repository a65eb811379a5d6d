import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, describeError } from '../api/problem.ts';
import { type Webhook, type WebhookDelivery, webhooksApi } from '../api/webhooks.ts';
import { ErrorAlert, StatusMessage } from '../components/alert.tsx';
import { Time } from '../components/dates.tsx';
import { TextField } from '../components/form-field.tsx';
import { usePageTitle } from '../components/page-title.ts';
import type { FieldErrors } from '../forms/form-state.ts';
import { useForm } from '../forms/use-form.ts';

/** The families a leader ticks; any exact type (docs/webhooks.md) goes in the field beside them. */
const families = [
  { pattern: 'referral.*', label: 'Referrals: every change' },
  { pattern: 'handoff.*', label: 'Handoffs: every change' },
  { pattern: 'issue.*', label: 'Issues: every change' },
  { pattern: 'customer.lifecycle_changed', label: 'Customers: lifecycle changes' },
] as const;
const familyPatterns: readonly string[] = families.map((family) => family.pattern);

function splitEvents(events: readonly string[]) {
  return {
    ticked: events.filter((event) => familyPatterns.includes(event)),
    other: events.filter((event) => !familyPatterns.includes(event)).join(', '),
  };
}

function joinEvents(ticked: readonly string[], other: string): string[] {
  const extra = other
    .split(/[\s,]+/)
    .map((type) => type.trim())
    .filter(Boolean);
  return [...ticked, ...extra];
}

/**
 * Leaders: the endpoints the portal's events are sent to, signed (Standard Webhooks). A secret
 * is shown once, when an endpoint is made or its secret rotated; each endpoint's deliveries
 * and their attempts are listed below it.
 */
export function WebhooksPage() {
  usePageTitle('Webhooks');
  const [items, setItems] = useState<Webhook[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | undefined>();
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  const reload = () =>
    webhooksApi.list().then(
      (page) => setItems(page.items),
      (cause: unknown) => setError(describeError(cause)),
    );
  useEffect(() => {
    void reload();
  }, []);

  /**
   * Runs an action on an endpoint, then reloads the list (a 412 means someone else changed it).
   * A 400 is thrown back to the events form it came from, to be shown beside its field.
   */
  async function act(done: string, action: () => Promise<unknown>, fromForm = false) {
    setError(null);
    setStatus(undefined);
    try {
      await action();
      setStatus(done);
    } catch (cause) {
      if (fromForm && cause instanceof ApiError && cause.status === 400) throw cause;
      setError(
        cause instanceof ApiError && cause.status === 412
          ? 'Someone changed this webhook meanwhile: the list is reloaded, try again.'
          : describeError(cause),
      );
    }
    await reload();
  }

  return (
    <>
      <h1>Webhooks</h1>
      <p class="lede">
        Send the portal’s events to your other tools. Each request is signed (Standard Webhooks): verify it with the
        secret shown when the endpoint is made.
      </p>
      <ErrorAlert>{error}</ErrorAlert>
      <StatusMessage>{status}</StatusMessage>
      {secret && <SecretNotice {...secret} onDone={() => setSecret(null)} />}
      {!items && !error && <p class="loading">Loading the webhooks…</p>}
      {items && items.length === 0 && <p>No webhooks yet.</p>}
      {items && items.length > 0 && (
        <ul class="webhook-list">
          {items.map((webhook) => (
            <li key={webhook.id} class="card card-narrow">
              <h2 class="webhook-url">{webhook.url}</h2>
              <p class="section-hint">
                {webhook.enabled
                  ? 'Enabled'
                  : webhook.disabledReason === 'failing'
                    ? 'Disabled: it failed for a day'
                    : 'Disabled'}
                {webhook.description ? ` · ${webhook.description}` : ''}
              </p>
              <EventsForm
                key={`${webhook.id}-${webhook.version}`}
                events={webhook.events}
                submitLabel="Save events"
                onSubmit={(events) => act('Events saved.', () => webhooksApi.update(webhook, { events }), true)}
              />
              <div class="button-group">
                <button
                  type="button"
                  class="button button-secondary"
                  onClick={() =>
                    act(webhook.enabled ? 'Webhook disabled.' : 'Webhook enabled.', () =>
                      webhooksApi.update(webhook, { enabled: !webhook.enabled }),
                    )
                  }
                >
                  {webhook.enabled ? 'Disable' : 'Enable'}
                </button>
                <button
                  type="button"
                  class="button button-secondary"
                  onClick={() =>
                    act('Secret rotated: the old one keeps working for 24 hours.', async () => {
                      const rotated = await webhooksApi.rotate(webhook);
                      setSecret({ url: rotated.url, secret: rotated.secret });
                    })
                  }
                >
                  Rotate secret
                </button>
                <button
                  type="button"
                  class="button button-secondary"
                  disabled={!webhook.enabled}
                  onClick={() => act('Test message queued.', () => webhooksApi.test(webhook))}
                >
                  Send a test
                </button>
                <button
                  type="button"
                  class="button button-secondary"
                  aria-expanded={open === webhook.id ? 'true' : 'false'}
                  onClick={() => setOpen(open === webhook.id ? null : webhook.id)}
                >
                  Deliveries
                </button>
                <button
                  type="button"
                  class="button button-danger"
                  onClick={() => {
                    if (window.confirm(`Delete the webhook to ${webhook.url}?`)) {
                      void act('Webhook deleted.', () => webhooksApi.remove(webhook));
                    }
                  }}
                >
                  Delete
                </button>
              </div>
              {open === webhook.id && <DeliveryLog webhook={webhook} />}
            </li>
          ))}
        </ul>
      )}
      <CreateWebhook
        onCreated={(created) => {
          setSecret({ url: created.url, secret: created.secret });
          setStatus('Webhook added.');
          void reload();
        }}
      />
    </>
  );
}

function SecretNotice({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="alert alert-success secret-notice">
      <p>The signing secret of {url}. Copy it now: it is not shown again.</p>
      <p>
        <code class="secret">{secret}</code>
      </p>
      <div class="button-group">
        <button
          type="button"
          class="button button-primary"
          onClick={() =>
            navigator.clipboard.writeText(secret).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy the secret'}
        </button>
        <button type="button" class="button button-secondary" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}

/** The paths a webhook's forms show beside a field; `events.2` is one of the events, shown on the types field. */
const isWebhookField = (path: string) => path === 'url' || path === 'description' || /^events(\.|$)/.test(path);

function EventsForm(props: {
  events: readonly string[];
  submitLabel: string;
  /** The form's main action (adding), not one of several on a card (saving its events). */
  primary?: boolean;
  /** The fields asked before the events (a new webhook's URL and description), given their errors. */
  before?: (fieldErrors: FieldErrors) => ComponentChildren;
  /** Sends the events; a 400 it throws is shown on the form, beside the fields it names. */
  onSubmit: (events: string[]) => Promise<unknown>;
}) {
  const initial = splitEvents(props.events);
  const [ticked, setTicked] = useState<string[]>(initial.ticked);
  const [other, setOther] = useState(initial.other);
  const form = useForm({ fields: isWebhookField, quiet: true });
  const eventsError = Object.entries(form.fieldErrors).find(([path]) => path.startsWith('events'))?.[1];
  return (
    <form
      ref={form.ref}
      class="webhook-events stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit(() => props.onSubmit(joinEvents(ticked, other)));
      }}
    >
      {props.before?.(form.fieldErrors)}
      <fieldset class="choice-group stack">
        <legend>Events</legend>
        {families.map((family) => (
          <label key={family.pattern} class="choice">
            <input
              type="checkbox"
              checked={ticked.includes(family.pattern)}
              onChange={(event) =>
                setTicked(
                  event.currentTarget.checked
                    ? [...ticked, family.pattern]
                    : ticked.filter((pattern) => pattern !== family.pattern),
                )
              }
            />
            {family.label}
          </label>
        ))}
        <TextField
          label="Other event types (optional)"
          name="otherEvents"
          hint="Exact types, separated by commas, e.g. issue.resolved"
          error={eventsError}
          value={other}
          onInput={setOther}
          optional
        />
      </fieldset>
      <ErrorAlert>{form.error}</ErrorAlert>
      <button
        type="submit"
        class={`button ${props.primary ? 'button-primary' : 'button-secondary'}`}
        disabled={form.submitting}
      >
        {props.submitLabel}
      </button>
    </form>
  );
}

function CreateWebhook({ onCreated }: { onCreated: (created: { url: string; secret: string }) => void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [round, setRound] = useState(0);
  return (
    <section class="card card-narrow stack" aria-labelledby="new-webhook">
      <h2 id="new-webhook">Add a webhook</h2>
      <EventsForm
        key={round}
        events={['referral.*']}
        submitLabel="Add the webhook"
        primary
        before={(errors) => (
          <>
            <TextField
              label="URL"
              name="url"
              type="url"
              hint="HTTPS, e.g. https://hooks.example.com/total-customer"
              error={errors.url}
              value={url}
              onInput={setUrl}
            />
            <TextField
              label="Description (optional)"
              name="description"
              error={errors.description}
              value={description}
              onInput={setDescription}
              optional
            />
          </>
        )}
        onSubmit={async (events) => {
          const created = await webhooksApi.create({ url, events, ...(description.trim() ? { description } : {}) });
          setUrl('');
          setDescription('');
          setRound(round + 1);
          onCreated(created);
        }}
      />
    </section>
  );
}

function outcome(delivery: WebhookDelivery): string {
  if (delivery.status === 'succeeded') return 'Delivered';
  if (delivery.status === 'failed') return 'Failed';
  return delivery.attempts.length === 0 ? 'Queued' : 'Retrying';
}

function DeliveryLog({ webhook }: { webhook: Webhook }) {
  const [items, setItems] = useState<WebhookDelivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    webhooksApi.deliveries(webhook).then(
      (page) => setItems(page.items),
      (cause: unknown) => setError(describeError(cause)),
    );
  }, [webhook.id, webhook.version]);
  return (
    <div class="webhook-deliveries">
      <ErrorAlert>{error}</ErrorAlert>
      {!items && !error && <p class="loading">Loading the deliveries…</p>}
      {items && items.length === 0 && <p>Nothing sent yet.</p>}
      {items && items.length > 0 && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the log has no link to tab to, and a keyboard user must still scroll it
        <section class="table-scroll" tabIndex={0} aria-label={`Delivery log of ${webhook.url}`}>
          <table>
            <caption>Deliveries to {webhook.url}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Outcome</th>
                <th scope="col">Attempts</th>
              </tr>
            </thead>
            <tbody>
              {items.map((delivery) => (
                <tr key={delivery.id}>
                  <td>
                    {delivery.type}
                    <br />
                    <small>{delivery.id}</small>
                  </td>
                  <td>
                    {outcome(delivery)}
                    {delivery.status === 'pending' && delivery.nextAttemptAt && (
                      <>
                        <br />
                        <small>
                          next at <Time iso={delivery.nextAttemptAt} withTime />
                        </small>
                      </>
                    )}
                  </td>
                  <td>
                    <ol class="attempts">
                      {delivery.attempts.map((attempt) => (
                        <li key={attempt.at}>
                          <Time iso={attempt.at} withTime />: {attempt.statusCode ?? attempt.error} in{' '}
                          {attempt.durationMs} ms
                          {attempt.nextAttemptAt && (
                            <>
                              ; next <Time iso={attempt.nextAttemptAt} withTime />
                            </>
                          )}
                        </li>
                      ))}
                    </ol>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
