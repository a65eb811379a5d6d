import { type Notification, type NotificationKind, notificationKindLabels } from './schemas.ts';

/** Text that came from anyone goes into HTML only through this. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/**
 * The e-mail of one notification, to its recipient only: what the feed says (the record named,
 * whom it concerns, what is missing or the note), a link to the record, and a link that turns this kind of e-mail off. Subject lines carry no line breaks, so
 * nothing written by a user can add a header.
 */
export function renderNotificationMail(
  notification: Pick<Notification, 'kind' | 'title' | 'body' | 'about'>,
  links: { record: string; unsubscribe: string; preferences: string },
): RenderedMail {
  const subject = `Total Customer: ${notification.title}`.replace(/[\r\n]+/g, ' ').slice(0, 200);
  const why = `You get this e-mail because you asked to hear when: ${notificationKindLabels[notification.kind as NotificationKind].toLowerCase()}.`;
  const text = [
    notification.title,
    ...(notification.about ? [notification.about] : []),
    '',
    ...(notification.body ? [notification.body, ''] : []),
    `Open it: ${links.record}`,
    '',
    '--',
    why,
    `Stop these e-mails: ${links.unsubscribe}`,
    `All your notification settings: ${links.preferences}`,
    '',
  ].join('\n');
  const paragraph = (value: string) => `<p>${escapeHtml(value).replaceAll('\n', '<br>')}</p>`;
  const html = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>',
    escapeHtml(subject),
    '</title></head><body style="font-family: system-ui, sans-serif; line-height: 1.5">',
    `<h1 style="font-size: 1.2em">${escapeHtml(notification.title)}</h1>`,
    notification.about ? `<p style="color: #555">${escapeHtml(notification.about)}</p>` : '',
    notification.body ? paragraph(notification.body) : '',
    `<p><a href="${escapeHtml(links.record)}">Open it in Total Customer</a></p>`,
    '<hr>',
    `<p style="font-size: 0.9em; color: #555">${escapeHtml(why)}<br>`,
    `<a href="${escapeHtml(links.unsubscribe)}">Stop these e-mails</a> · `,
    `<a href="${escapeHtml(links.preferences)}">All your notification settings</a></p>`,
    '</body></html>',
  ].join('');
  return { subject, text, html };
}
