import { describe, expect, it } from 'vitest';
import { mailPages } from '#local/mail-page.ts';
import type { SunkMail } from '#local/mail-sink.ts';

const hostile: SunkMail = {
  id: 'event-1-user-1',
  to: 'nora@northwind.example',
  subject: 'Total Customer: <script>alert(1)</script>',
  text: 'Note: <img src=x onerror=alert(2)>',
  html: '<p>the message as sent</p>',
  sentAt: '2026-03-04T10:00:00.000Z',
};

const pages = mailPages({ list: async () => [hostile] });

describe('the local mail page', () => {
  it('lists what was sent, every word as text', async () => {
    const response = await pages.request('/mail');
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    const page = await response.text();
    expect(page).toContain('Local mail (1)');
    expect(page).toContain('nora@northwind.example');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(page).not.toMatch(/<script|<img/);
  });

  it('gives tests the messages as JSON, and each message as the recipient saw it', async () => {
    expect(await (await pages.request('/mail.json')).json()).toEqual([hostile]);
    expect(await (await pages.request('/mail/event-1-user-1')).text()).toBe('<p>the message as sent</p>');
    expect((await pages.request('/mail/nothing')).status).toBe(404);
  });
});
