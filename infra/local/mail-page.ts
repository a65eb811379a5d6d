import { Hono, type MiddlewareHandler } from 'hono';
import { escapeHtml } from '#domain/notifications/render.ts';
import type { SunkMail } from './mail-sink.ts';

export interface MailSinkReader {
  list(): Promise<SunkMail[]>;
}

/**
 * The policy of one message's HTML preview. An e-mail styles itself inline (mail clients
 * ignore style sheets), which the app's policy refuses: the preview allows inline style and
 * nothing else (no script, no frame, nothing from elsewhere), so it shows as a recipient sees it.
 */
export const mailPreviewPolicy =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/** Put in front of the server's secure headers, so that its answer has the last word on the preview. */
export const mailPreviewHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set('Content-Security-Policy', mailPreviewPolicy);
};

/**
 * What the local stack "sent": `/dev/mail` lists the sink's messages newest first (recipient,
 * subject, plain text), `/dev/mail.json` gives them to tests, `/dev/mail/<id>` shows one
 * message's HTML as a recipient would see it.
 */
export function mailPages(sink: MailSinkReader) {
  const pages = new Hono();
  pages.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  pages.get('/mail', async (c) => {
    const messages = await sink.list();
    const entries = messages.map(
      (message) =>
        `<article><h2>${escapeHtml(message.subject)}</h2>` +
        `<p>To: <span class="to">${escapeHtml(message.to)}</span> · ${escapeHtml(message.sentAt)} · ` +
        `<a href="/dev/mail/${encodeURIComponent(message.id)}">as HTML</a></p>` +
        `<pre>${escapeHtml(message.text)}</pre></article>`,
    );
    return c.html(
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local mail</title></head><body>' +
        `<h1>Local mail (${messages.length})</h1>` +
        '<p>What the local stack sent instead of e-mail, newest first. Files under .data/mail/.</p>' +
        (entries.join('<hr>') || '<p>Nothing sent yet.</p>') +
        '</body></html>',
    );
  });
  pages.get('/mail.json', async (c) => c.json(await sink.list()));
  pages.get('/mail/:id', async (c) => {
    const message = (await sink.list()).find((candidate) => candidate.id === c.req.param('id'));
    return message ? c.html(message.html) : c.text('No such message.', 404);
  });
  return pages;
}
