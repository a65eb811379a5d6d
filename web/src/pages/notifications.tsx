import { useCallback, useEffect, useState } from 'preact/hooks';
import { type Notification, notificationsApi } from '../api/notifications.ts';
import { ErrorAlert, StatusMessage } from '../components/alert.tsx';
import { Time } from '../components/dates.tsx';
import { usePageTitle } from '../components/page-title.ts';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The caller's notifications, newest first: each names and links to its record; repeats of one
 * kind about one record are one entry with how often and since when. Opening one marks it read.
 */
export function NotificationsPage() {
  usePageTitle('Notifications');
  const [items, setItems] = useState<Notification[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [unread, setUnread] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const load = useCallback(async (from: string | null) => {
    try {
      const page = await notificationsApi.list(from);
      setItems((previous) => (from && previous ? [...previous, ...page.items] : page.items));
      setCursor(page.cursor);
      setUnread(page.unread);
    } catch (failure) {
      setError(message(failure));
    }
  }, []);

  useEffect(() => {
    void load(null);
  }, [load]);

  const markRead = async (which: { ids: string[] } | { all: true }) => {
    setError(null);
    try {
      const result = await notificationsApi.markRead(which);
      const at = new Date().toISOString();
      setItems((previous) =>
        (previous ?? []).map((item) =>
          'all' in which || which.ids.includes(item.id) ? { ...item, readAt: item.readAt ?? at } : item,
        ),
      );
      setUnread(result.unread);
      setStatus('all' in which ? 'All marked read.' : null);
    } catch (failure) {
      setError(message(failure));
    }
  };

  return (
    <>
      <h1>Notifications</h1>
      <ErrorAlert>{error}</ErrorAlert>
      <StatusMessage>{status}</StatusMessage>
      {items === null ? (
        <p>Loading…</p>
      ) : items.length === 0 ? (
        <p>Nothing yet. You will hear here when something of yours changes.</p>
      ) : (
        <>
          <p>
            {unread === 0 ? 'Nothing unread.' : `${unread} unread.`}{' '}
            {unread > 0 && (
              <button type="button" class="button button-secondary" onClick={() => markRead({ all: true })}>
                Mark all read
              </button>
            )}
          </p>
          <ul class="notification-list">
            {items.map((item) => (
              <li key={item.id} class={item.readAt ? 'notification' : 'notification notification-unread'}>
                <a href={item.path} onClick={() => !item.readAt && void markRead({ ids: [item.id] })}>
                  {item.readAt ? null : <span class="visually-hidden">Unread: </span>}
                  {item.title}
                </a>
                {item.about ? <p class="notification-about">{item.about}</p> : null}
                {item.body ? <p class="notification-body">{item.body}</p> : null}
                <p class="notification-meta">
                  <Time iso={item.at} withTime />
                  {item.count > 1 && item.firstAt ? (
                    <span class="notification-count-note">
                      {item.count} times since <Time iso={item.firstAt} />
                    </span>
                  ) : null}
                  {item.readAt ? null : (
                    <button
                      type="button"
                      class="button button-secondary"
                      onClick={() => markRead({ ids: [item.id] })}
                      aria-label={`Mark read: ${item.title}`}
                    >
                      Mark read
                    </button>
                  )}
                </p>
              </li>
            ))}
          </ul>
          {cursor ? (
            <button type="button" class="button" onClick={() => load(cursor)}>
              Show older
            </button>
          ) : null}
        </>
      )}
    </>
  );
}
