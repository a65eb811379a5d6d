import { useState } from 'preact/hooks';
import { kindLabels, type NotificationKind, unsubscribe } from '../api/notifications.ts';

/**
 * Where an e-mail's unsubscribe link leads, signed in or not. It asks before it acts: mail
 * scanners follow links, and a GET alone must not turn anyone's e-mail off.
 */
export function UnsubscribePage() {
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const [done, setDone] = useState<NotificationKind | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      setDone((await unsubscribe(token)).kind);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="boot-failure">
      <h1>Stop these e-mails</h1>
      {done ? (
        <p role="status">
          Done: no more e-mail when “{kindLabels[done].toLowerCase()}”. You still see it under Notifications, and you
          can turn it back on from your page in Total Customer.
        </p>
      ) : (
        <>
          {error ? <p role="alert">{error}</p> : null}
          <p>Stop e-mailing me about this kind of notification?</p>
          <button type="button" class="button button-primary" onClick={confirm} disabled={busy || !token}>
            Stop these e-mails
          </button>
        </>
      )}
      <p>
        <a href="/">Go to Total Customer</a>
      </p>
    </main>
  );
}
