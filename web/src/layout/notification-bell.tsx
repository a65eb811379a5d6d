import { useEffect, useState } from 'preact/hooks';
import { notificationsApi, onNotificationsChanged } from '../api/notifications.ts';

/** How often the badge asks again: often enough to feel live, rarely enough to cost nothing. */
const refreshMs = 30_000;

/**
 * The header's link to the notifications page, with the unread count. It asks when it appears,
 * every half minute, and whenever the app marks something read.
 */
export function NotificationBell() {
  const [unread, setUnread] = useState<number | null>(null);
  useEffect(() => {
    let current = true;
    const refresh = () =>
      notificationsApi.list(null, 1).then(
        (page) => current && setUnread(page.unread),
        () => {},
      );
    void refresh();
    const timer = setInterval(refresh, refreshMs);
    const stop = onNotificationsChanged(() => void refresh());
    return () => {
      current = false;
      clearInterval(timer);
      stop();
    };
  }, []);
  const label = unread ? `Notifications, ${unread} unread` : 'Notifications';
  return (
    <a class="notification-bell" href="/notifications" aria-label={label} title={label}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
        />
      </svg>
      {unread ? (
        <span class="notification-count" data-testid="unread-count">
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </a>
  );
}
