import { useEffect, useState } from 'preact/hooks';
import { ApiError, describeError } from '../api/problem.ts';
import { type Webhook, type WebhookDelivery, webhooksApi } from '../api/webhooks.ts';
import { ErrorAlert, StatusMessage } from '../components/alert.tsx';
import { Field } from '../components/form-field.tsx';
import { usePageTitle } from '../components/page-title.ts';

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

  /** Runs an action on an endpoint, then reloads the list (a 412 means someone else changed it). */
  async function act(done: string, action: () => Promise<unknown>) {
    setError(null);
    setStatus(undefined);
    try {
      await action();
      setStatus(done);
    } catch (cause) {
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
            <li key={webhook.id} class="card">
              <h2 class="webhook-url">{webhook.url}</h2>
              <p>
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
                onSubmit={(events) => act('Events saved.', () => webhooksApi.update(webhook, { events }))}
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

function EventsForm(props: {
  events: readonly string[];
  submitLabel: string;
  error?: string | undefined;
  onSubmit: (events: string[]) => Promise<unknown>;
}) {
  const initial = splitEvents(props.events);
  const [ticked, setTicked] = useState<string[]>(initial.ticked);
  const [other, setOther] = useState(initial.other);
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="webhook-events"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        try {
          await props.onSubmit(joinEvents(ticked, other));
        } finally {
          setBusy(false);
        }
      }}
    >
      <fieldset>
        <legend>Events</legend>
        {families.map((family) => (
          <label key={family.pattern} class="checkbox">
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
            />{' '}
            {family.label}
          </label>
        ))}
        <Field
          label="Other event types"
          hint="Exact types, separated by commas, e.g. issue.resolved"
          error={props.error}
        >
          {(control) => <input {...control} value={other} onInput={(event) => setOther(event.currentTarget.value)} />}
        </Field>
      </fieldset>
      <button type="submit" class="button button-secondary" disabled={busy}>
        {props.submitLabel}
      </button>
    </form>
  );
}

function CreateWebhook({ onCreated }: { onCreated: (created: { url: string; secret: string }) => void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  return (
    <section aria-labelledby="new-webhook">
      <h2 id="new-webhook">Add a webhook</h2>
      <ErrorAlert>{error}</ErrorAlert>
      <Field label="URL" hint="HTTPS, e.g. https://hooks.example.com/total-customer" error={errors.url}>
        {(control) => (
          <input {...control} type="url" value={url} onInput={(event) => setUrl(event.currentTarget.value)} />
        )}
      </Field>
      <Field label="Description (optional)" error={errors.description}>
        {(control) => (
          <input {...control} value={description} onInput={(event) => setDescription(event.currentTarget.value)} />
        )}
      </Field>
      <EventsForm
        key={round}
        events={['referral.*']}
        submitLabel="Add the webhook"
        error={Object.entries(errors).find(([path]) => path.startsWith('events'))?.[1]}
        onSubmit={async (events) => {
          setError(null);
          setErrors({});
          try {
            const created = await webhooksApi.create({ url, events, ...(description.trim() ? { description } : {}) });
            setUrl('');
            setDescription('');
            setRound(round + 1);
            onCreated(created);
          } catch (cause) {
            const fields = cause instanceof ApiError ? cause.fieldErrors : {};
            setErrors(fields);
            setError(describeError(cause, Object.keys(fields)));
          }
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
        <div class="table-scroll">
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
                        <small>next at {new Date(delivery.nextAttemptAt).toLocaleString()}</small>
                      </>
                    )}
                  </td>
                  <td>
                    <ol class="attempts">
                      {delivery.attempts.map((attempt) => (
                        <li key={attempt.at}>
                          {new Date(attempt.at).toLocaleString()}: {attempt.statusCode ?? attempt.error} in{' '}
                          {attempt.durationMs} ms
                          {attempt.nextAttemptAt ? `; next ${new Date(attempt.nextAttemptAt).toLocaleString()}` : ''}
                        </li>
                      ))}
                    </ol>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
