import { useEffect, useState } from 'preact/hooks';
import { kindLabels, type NotificationPreferences, notificationsApi } from '../api/notifications.ts';
import { ErrorAlert, StatusMessage } from '../components/alert.tsx';

/** The "me" page's e-mail choices: every kind is in the feed; these say which also come by e-mail. */
export function NotificationPreferencesSection() {
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
            {/* Only the kinds that can reach the caller: the API says which. */}
            {saved.offered.map((kind) => (
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
