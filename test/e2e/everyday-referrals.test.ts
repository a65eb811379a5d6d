import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  axeViolations,
  demoToken,
  e2e,
  referralSubmission,
  referralThroughApi,
  screens,
  screenshot,
  unexpected,
  uniqueCompany,
  url,
  useBrowser,
  useDemoUsers,
} from './browser.ts';

/**
 * Everyday referral flows, at a laptop's width and a phone's: accepting with a note to the
 * referrer (confirmed in a dialog first), and a partner sending its own open referral again
 * (told which referral it is, with a link, and no conflict for staff to rule on), while a rival's
 * attempt still makes a conflict that shows the registered company beside the submitted spelling.
 */

function rowOf(page: Page, company: string): Locator {
  return page.getByRole('row').filter({ has: page.getByRole('link', { name: company, exact: true }) });
}

describe.runIf(e2e)('everyday referral flows', () => {
  const browser = useBrowser();
  const people = useDemoUsers({ nora: 'Nora Lindqvist', sam: 'Sam Okafor', ben: 'Ben Carter' });

  for (const screen of screens) {
    test(`staff accept with a note the partner reads (${screen.name})`, async () => {
      const { nora, sam } = people();
      const prospect = uniqueCompany('Halcyon Labs');
      await referralThroughApi(nora, prospect);
      const note = `Thanks, Nora: we call ${prospect.name} this week.`;

      const staff = await browser.signedIn(sam, { viewport: screen });
      await staff.page.goto(url('/referrals'));
      await staff.page.getByLabel('Status').selectOption({ label: 'Submitted' });
      const row = rowOf(staff.page, prospect.name);
      await row.waitFor();
      await row.getByRole('button', { name: `Accept ${prospect.name}`, exact: true }).click();
      const dialog = staff.page.getByRole('dialog', { name: `Accept the referral of ${prospect.name}` });
      await dialog.waitFor();
      expect(await axeViolations(staff.page)).toEqual([]);
      await screenshot(staff.page, `accept-1-dialog-${screen.name}`);

      // Cancel changes nothing: the referral is still waiting to be accepted.
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await row.getByText('Submitted', { exact: true }).waitFor();

      await row.getByRole('button', { name: `Accept ${prospect.name}`, exact: true }).click();
      await dialog.getByLabel('Note to the referrer (optional)').fill(note);
      await screenshot(staff.page, `accept-2-note-${screen.name}`);
      await dialog.getByRole('button', { name: 'Accept referral' }).click();
      await staff.page
        .getByRole('status')
        .filter({ hasText: `The referral of ${prospect.name} was accepted.` })
        .waitFor();
      await row.getByText('Accepted', { exact: true }).waitFor();
      expect(await axeViolations(staff.page)).toEqual([]);
      await screenshot(staff.page, `accept-3-done-${screen.name}`);

      const partner = await browser.signedIn(nora, { viewport: screen });
      await partner.page.goto(url('/referrals'));
      await rowOf(partner.page, prospect.name).getByRole('link', { name: prospect.name, exact: true }).click();
      await partner.page.getByRole('heading', { level: 1, name: prospect.name }).waitFor();
      await partner.page.getByRole('region', { name: 'Timeline' }).getByText(note).waitFor();
      expect(await axeViolations(partner.page)).toEqual([]);
      await screenshot(partner.page, `accept-4-partner-${screen.name}`);
      expect(staff.errors).toEqual([]);
      expect(partner.errors).toEqual([]);
    });

    test(`a partner sending its own referral again is pointed to it; a rival's attempt is a conflict with both names (${screen.name})`, async () => {
      const { nora, sam, ben } = people();
      const prospect = uniqueCompany('Quillon Freight');
      const first = await referralThroughApi(nora, prospect);

      const partner = await browser.signedIn(nora, { viewport: screen });
      await partner.page.goto(url('/refer'));
      await partner.page.getByRole('heading', { level: 1, name: 'Refer a customer' }).waitFor();
      await partner.page.getByLabel('Company name').fill(`${prospect.name} Ltd`);
      await partner.page.getByLabel('Website domain (optional)').fill(prospect.domain);
      await partner.page.getByLabel('Contact name').fill('Robin Vale');
      await partner.page.getByLabel('E-mail').fill(`robin@${prospect.domain}`);
      await partner.page.getByLabel('Which job do they want done?').fill('Ship on time.');
      for (const fit of ['Resources', 'Functional', 'Technical', 'Cultural']) {
        await partner.page
          .getByRole('group', { name: `${fit} fit` })
          .getByLabel('3', { exact: true })
          .check();
      }
      await screenshot(partner.page, `own-referral-1-form-${screen.name}`);
      await partner.page.getByRole('button', { name: 'Submit referral' }).click();
      const notice = partner.page.getByRole('alert').filter({ hasText: 'You referred this company already' });
      await notice.waitFor();
      expect(await notice.textContent()).toContain(first.id);
      expect(await axeViolations(partner.page)).toEqual([]);
      await screenshot(partner.page, `own-referral-2-told-${screen.name}`);
      await notice.getByRole('link', { name: 'Open your referral' }).click();
      await partner.page.getByRole('heading', { level: 1, name: prospect.name }).waitFor();
      expect(new URL(partner.page.url()).pathname).toBe(`/referrals/${first.id}`);

      // A rival partner's spelling of the same company: a conflict, with both names for staff.
      const rival = `${prospect.name.toUpperCase()}, Inc.`;
      const refused = await fetch(url('/api/referrals'), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await demoToken(ben)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(referralSubmission({ name: rival, domain: prospect.domain })),
      });
      expect(refused.status).toBe(409);
      const problem = await refused.json();
      expect(problem.type).toBe('/problems/prospect-registered');
      expect(JSON.stringify(problem)).not.toContain(first.id);

      const staff = await browser.signedIn(sam, { viewport: screen });
      await staff.page.goto(url('/conflicts'));
      await staff.page.getByRole('heading', { level: 1, name: 'Conflicts' }).waitFor();
      const conflict = staff.page.getByRole('row').filter({ hasText: rival });
      await conflict.waitFor();
      expect(await conflict.textContent()).toContain(`Registered as ${prospect.name}`);
      // The partner's own second attempt made no conflict.
      expect(
        await staff.page
          .getByRole('row')
          .filter({ hasText: `${prospect.name} Ltd` })
          .count(),
      ).toBe(0);
      expect(await axeViolations(staff.page)).toEqual([]);
      await screenshot(staff.page, `own-referral-3-conflicts-${screen.name}`);
      expect(unexpected(partner.errors, 409)).toEqual([]);
      expect(staff.errors).toEqual([]);
    });
  }
});
