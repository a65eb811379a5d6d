import type { Success } from './client.ts';
import { api, request } from './client.ts';

type Answer<F extends (...args: never[]) => Promise<unknown>> = Success<Awaited<ReturnType<F>>>;

const notifications = api.api.notifications;

export type NotificationPage = Answer<typeof notifications.$get>;
export type Notification = NotificationPage['items'][number];
export type NotificationPreferences = Answer<typeof notifications.preferences.$get>;
export type NotificationKind = keyof NotificationPreferences['email'];

/** Said once for the whole app: the header's badge listens, the notifications page tells. */
const changed = 'notifications-changed';

export function onNotificationsChanged(listener: () => void): () => void {
  window.addEventListener(changed, listener);
  return () => window.removeEventListener(changed, listener);
}

function announceChange(): void {
  window.dispatchEvent(new Event(changed));
}

export const notificationsApi = {
  list: (cursor?: string | null, limit = 25): Promise<NotificationPage> =>
    request(notifications.$get({ query: { limit: String(limit), ...(cursor ? { cursor } : {}) } })),

  async markRead(which: { ids: string[] } | { all: true }): Promise<{ unread: number }> {
    const result = await request(notifications.read.$post({ json: which }));
    announceChange();
    return result;
  },

  preferences: (): Promise<NotificationPreferences> => request(notifications.preferences.$get()),

  updatePreferences: (email: Partial<NotificationPreferences['email']>): Promise<NotificationPreferences> =>
    request(notifications.preferences.$put({ json: { email } })),
};

/** What each kind of notification is about, as the preferences list it. */
export const kindLabels: Record<NotificationKind, string> = {
  referral_status: 'A referral of mine changes status',
  handoff_received: 'A handoff arrives for my team',
  handoff_returned: 'A handoff my team sent comes back',
  issue_assigned: 'An issue is handed to me',
  severe_issue: 'A sev 1 or sev 2 issue is reported (as a leader, or on call for issues)',
  due_soon: 'Something of mine is due within the next working day',
  overdue: 'Something of mine is overdue',
  unowned: 'Nobody owns something past its target (that I reported, or as a leader)',
  webhook_disabled: 'A webhook I registered is disabled after failing for a day',
  import_finished: 'An import I started has finished',
  early_warning: 'A partner or team pair moves past an early-warning threshold',
  weekly_digest: 'The weekly scorecard digest, on Monday morning',
};

/**
 * The unsubscribe link's call: no session (the link is followed from an e-mail, signed in or
 * not), so it goes around the typed client, which refuses to call without one.
 */
export async function unsubscribe(token: string): Promise<{ kind: NotificationKind }> {
  const response = await fetch('/api/unsubscribe', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (!response.ok) throw new Error('This unsubscribe link is not valid.');
  return (await response.json()) as { kind: NotificationKind };
}
