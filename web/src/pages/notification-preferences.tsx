import { useEffect, useState } from 'preact/hooks';
import {
  kindLabels,
  type NotificationKind,
  type NotificationPreferences,
  notificationsApi,
} from '../api/notifications.ts';
import type { Role } from '../api/types.ts';
import { useSession } from '../auth/session.tsx';
import { ErrorAlert, StatusMessage } from '../components/alert.tsx';

const kinds = Object.keys(kindLabels) as NotificationKind[];

/**
 * The kinds that never reach a role: partners and advocates have no team, no issues to own and
 * no webhooks, and only leaders register webhooks, start imports and hear the scorecard's warnings and digest. Offering them would be a choice about nothing.
 */
const teamWork: readonly NotificationKind[] = [
  'handoff_received',
  'handoff_returned',
  'issue_assigned',
  'severe_issue',
  'due_soon',
  'overdue',
  'unowned',
];
const leadersOnly: readonly NotificationKind[] = [
  'webhook_disabled',
  'import_finished',
  'early_warning',
  'weekly_digest',
];
const neverFor: Record<Role, readonly NotificationKind[]> = {
  partner: [...teamWork, ...leadersOnly],
  advocate: [...teamWork, ...leadersOnly],
  staff: leadersOnly,
  leader: [],
};

/** The "me" page's e-mail choices: every kind is in the feed; these say which also come by e-mail. */
export function NotificationPreferencesSection() {
  const { me } = useSession();
  const offered = kinds.filter((kind) => !neverFor[me.role].includes(kind));
  const [saved, setSaved] = useState<NotificationPreferences | null>(null);
  const [email, setEmail] = useState<NotificationPreferences['email'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    notificationsApi.preferences().then(
      (preferences) => {
        setSaved(preferences);
        setEmail(preferences.email);
      },
      (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
    );
  }, []);

  const save = async (event: Event) => {
    event.preventDefault();
    if (!email) return;
    setSaving(true);
    setError(null);
    setStatus(null);
    try {
      const next = await notificationsApi.updatePreferences(email);
      setSaved(next);
      setEmail(next.email);
      setStatus('Your e-mail choices are saved.');
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section class="card" aria-labelledby="me-notifications">
      <h2 id="me-notifications">Notifications</h2>
      <p>
        Everything below appears under <a href="/notifications">Notifications</a>. Choose what also comes to you by
        e-mail.
      </p>
      <ErrorAlert>{error}</ErrorAlert>
      <StatusMessage>{status}</StatusMessage>
      {email && saved ? (
        <form onSubmit={save}>
          <fieldset class="checkbox-group">
            <legend>E-mail me when</legend>
            {offered.map((kind) => (
              <label key={kind} class="checkbox">
                <input
                  type="checkbox"
                  name={kind}
                  checked={email[kind]}
                  onChange={(event) => setEmail({ ...email, [kind]: (event.target as HTMLInputElement).checked })}
                />{' '}
                {kindLabels[kind]}
              </label>
            ))}
          </fieldset>
          <button type="submit" class="button button-primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save e-mail choices'}
          </button>
        </form>
      ) : error ? null : (
        <p>Loading…</p>
      )}
    </section>
  );
}
