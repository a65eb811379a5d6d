import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { describe, expect, it } from 'vitest';
import { mailPages, mailPreviewHeaders, mailPreviewPolicy } from '#local/mail-page.ts';
import { contentSecurityPolicy } from '#local/server.ts';

/** The local server's arrangement: the preview's headers in front of the app's secure headers. */
function server() {
  const app = new Hono();
  app.use('/dev/mail/:id', mailPreviewHeaders);
  app.use('*', secureHeaders({ contentSecurityPolicy }));
  const sink = {
    list: async () => [
      {
        id: 'm1',
        to: 'nora@northwind.example',
        subject: 'Hello',
        text: 'Hello',
        html: '<body style="font-family: system-ui"><p style="color: #555">Hello</p></body>',
        sentAt: '2026-12-02T10:00:00.000Z',
      },
    ],
  };
  app.route('/dev', mailPages(sink as never));
  return app;
}

describe('the local mail pages', () => {
  it("let one message's preview style itself inline, and nothing more", async () => {
    const response = await server().request('/dev/mail/m1');
    expect(response.status).toBe(200);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toBe(mailPreviewPolicy);
    expect(policy).toContain("style-src 'unsafe-inline'");
    expect(policy).not.toContain('script-src');
    expect(policy).toContain("default-src 'none'");
  });

  it("keep the app's policy on the list", async () => {
    const response = await server().request('/dev/mail');
    expect(response.headers.get('content-security-policy')).toContain("style-src 'self'");
  });
});
