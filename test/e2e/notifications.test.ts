import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { e2e, referralThroughApi, screenshot, seriousAxeViolations, url, useBrowser, useDemoUsers } from './browser.ts';

interface SunkMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  unsubscribeUrl?: string;
}

function rowOf(page: Page, company: string): Locator {
  return page.getByRole('row').filter({ has: page.getByRole('link', { name: company, exact: true }) });
}

/**
 * The local stack's mail sink, as the /dev/mail page lists it, until a message to `to` about
 * `about` is there. Generous: on a fresh stack the notifier first works through the seed's history.
 */
async function mailTo(to: string, about: string): Promise<SunkMail> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const messages = (await (await fetch(url('/dev/mail.json'))).json()) as SunkMail[];
    const found = messages.find((message) => message.to === to && message.subject.includes(about));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`No e-mail to ${to} about ${about} within 150 seconds`);
}

describe.runIf(e2e)('notifications', () => {
  const browser = useBrowser();
  const people = useDemoUsers({ nora: 'Nora Lindqvist', sam: 'Sam Okafor' });

  test('staff accept a referral; the partner sees it in the bell, the feed and the mail sink, and can unsubscribe', async () => {
    const { nora, sam } = people();
    const prospect = { name: 'Harbourlight Ferries', domain: 'harbourlight.example' };
    await referralThroughApi(nora, prospect);

    const staff = await browser.signedIn(sam);
    // Everyone lands on "My work"; the triage queue is "Referrals".
    await staff.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Referrals', exact: true })
      .click();
    await staff.page.getByRole('heading', { level: 1, name: 'Referrals' }).waitFor();
    await staff.page.getByLabel('Status').selectOption({ label: 'Submitted' });
    const row = rowOf(staff.page, prospect.name);
    await row.waitFor();
    await row.getByRole('button', { name: `Accept ${prospect.name}`, exact: true }).click();
    await staff.page.getByRole('dialog').getByRole('button', { name: 'Accept referral' }).click();
    await staff.page
      .getByRole('status')
      .filter({ hasText: `The referral of ${prospect.name} was accepted.` })
      .waitFor();

    // The e-mail: to Nora only, with the link back to the referral and a link to stop them.
    const title = `Your referral of ${prospect.name} was accepted`;
    const mail = await mailTo(nora.email, title);
    expect(mail.text).toMatch(/\/referrals\/[0-9A-Z]{26}/);
    expect(mail.text).not.toContain('Robin Vale');
    expect(mail.text).not.toContain(sam.name);

    // The mail page lists it for a person too.
    const sink = await browser.open();
    await sink.page.goto(url('/dev/mail'));
    await sink.page
      .getByRole('heading', { level: 2, name: `Total Customer: ${title}` })
      .first()
      .waitFor();

    // Nora: the bell counts it; the feed shows it and opens the referral.
    const partner = await browser.signedIn(nora);
    const bell = partner.page.getByRole('link', { name: /^Notifications, \d+ unread$/ });
    await bell.waitFor();
    const unreadBefore = Number(await partner.page.getByTestId('unread-count').textContent());
    expect(unreadBefore).toBeGreaterThan(0);
    await bell.click();
    await partner.page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    const item = partner.page.getByRole('listitem').filter({ hasText: title });
    await item.waitFor();
    expect(await seriousAxeViolations(partner.page)).toEqual([]);
    await screenshot(partner.page, 'notifications');
    await item.getByRole('button', { name: `Mark read: ${title}` }).click();
    await item.getByRole('button', { name: `Mark read: ${title}` }).waitFor({ state: 'detached' });
    await partner.page
      .getByRole('link', { name: unreadBefore > 1 ? `Notifications, ${unreadBefore - 1} unread` : 'Notifications' })
      .first()
      .waitFor();
    await item.getByRole('link', { name: title }).click();
    await partner.page.getByRole('heading', { level: 1, name: prospect.name }).waitFor();

    // The unsubscribe link, followed without signing in, turns that kind of e-mail off.
    const anonymous = await browser.open();
    await anonymous.page.goto(String(mail.unsubscribeUrl));
    await anonymous.page.getByRole('button', { name: 'Stop these e-mails' }).click();
    await anonymous.page.getByRole('status').filter({ hasText: 'a referral of mine changes status' }).waitFor();
    await partner.page.goto(url('/me'));
    const referralStatus = partner.page.getByRole('checkbox', { name: 'A referral of mine changes status' });
    await referralStatus.waitFor();
    expect(await referralStatus.isChecked()).toBe(false);
    // A partner is offered only what can reach a partner: no team handoffs, issues or webhooks.
    expect(await partner.page.getByRole('group', { name: 'E-mail me when' }).getByRole('checkbox').count()).toBe(1);
    expect(await seriousAxeViolations(partner.page)).toEqual([]);

    for (const opened of [staff, sink, partner, anonymous]) expect(opened.errors).toEqual([]);
  }, 240_000);
});
