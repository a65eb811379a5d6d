import { describe, expect, it } from 'vitest';
import { escapeHtml, renderNotificationMail } from '#domain/notifications/render.ts';
import { readUnsubscribeToken, unsubscribeToken } from '#domain/notifications/unsubscribe.ts';
import { dueSoonHorizon } from '#services/due-soon.ts';

const links = {
  record: 'https://portal.example.test/referrals/01J0?a=1&b=2',
  unsubscribe: 'https://portal.example.test/unsubscribe?token=abc.def',
  preferences: 'https://portal.example.test/me',
};

describe('notification e-mail', () => {
  it('escapes every character that means something in HTML', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('puts what a user wrote into the HTML as text, never as markup', () => {
    const mail = renderNotificationMail(
      {
        kind: 'referral_status',
        title: 'Your referral of <script>alert(1)</script> Ltd was accepted',
        body: 'See "this" & <img src=x onerror=alert(2)>\nSecond line',
      },
      links,
    );
    expect(mail.html).not.toMatch(/<script|<img/);
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('See &quot;this&quot; &amp; &lt;img src=x onerror=alert(2)&gt;<br>Second line');
    expect(mail.html).toContain('href="https://portal.example.test/referrals/01J0?a=1&amp;b=2"');
    // The plain text keeps the words as written.
    expect(mail.text).toContain('See "this" & <img src=x onerror=alert(2)>\nSecond line');
  });

  it('links the record, the unsubscribe of its kind and the settings, in both parts', () => {
    const mail = renderNotificationMail({ kind: 'overdue', title: 'A handoff from Sales is overdue' }, links);
    for (const part of [mail.text, mail.html.replaceAll('&amp;', '&')]) {
      expect(part).toContain(links.record);
      expect(part).toContain(links.unsubscribe);
      expect(part).toContain(links.preferences);
    }
    expect(mail.text).toContain('something of yours is overdue');
  });

  it('keeps the subject on one line whatever the title holds', () => {
    const mail = renderNotificationMail({ kind: 'overdue', title: 'Evil\r\nBcc: everyone@example.test' }, links);
    expect(mail.subject).toBe('Total Customer: Evil Bcc: everyone@example.test');
  });
});

describe('unsubscribe tokens', () => {
  const secret = 'a-secret-of-sixteen-or-more';

  it('name the user and the kind they were made for', async () => {
    const token = await unsubscribeToken(secret, 'user-1', 'due_soon');
    expect(await readUnsubscribeToken(secret, token)).toEqual({ userId: 'user-1', kind: 'due_soon' });
  });

  it('are refused when signed with another secret, altered, or not tokens at all', async () => {
    const token = await unsubscribeToken(secret, 'user-1', 'due_soon');
    expect(await readUnsubscribeToken('another-secret-of-enough-size', token)).toBeUndefined();
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ kind: 'overdue', sub: 'user-2', aud: 'total-customer:unsubscribe' }),
    ).toString('base64url');
    expect(await readUnsubscribeToken(secret, `${header}.${forged}.${signature}`)).toBeUndefined();
    expect(await readUnsubscribeToken(secret, 'nonsense')).toBeUndefined();
  });
});

describe('due soon', () => {
  const calendar = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'Europe/London' };

  it('reaches one working day ahead: Friday afternoon to Monday afternoon', () => {
    expect(dueSoonHorizon(new Date('2026-03-06T15:00:00Z'), calendar).toISOString()).toBe('2026-03-09T15:00:00.000Z');
  });

  it('from an evening, to the end of the next working day', () => {
    expect(dueSoonHorizon(new Date('2026-03-03T20:00:00Z'), calendar).toISOString()).toBe('2026-03-04T17:00:00.000Z');
  });
});
