import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  e2e,
  screenshot,
  seriousAxeViolations,
  signIn,
  textOf,
  unexpected,
  uniqueName,
  useBrowser,
  useDemoUsers,
} from './browser.ts';

/**
 * Internal handoffs: Sales (Sam Okafor) hands a customer over to Onboarding (Olivia Brandt)
 * through the form; Onboarding works it from its inbox (acknowledge, return for what is missing,
 * accept, complete, rate), Sales resubmits it from its outbox, and the handoff's page tells the
 * whole story. Every test makes its own handoffs (summaries no other run uses), so the tests do
 * not depend on each other's order, nor on the demo seed's handoffs.
 */

/** A day `days` from today, as a date control takes it (YYYY-MM-DD, the browser's own day). */
function dayFromNow(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

async function goTo(page: Page, link: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
}

/** The row of a handoff table whose summary link is `summary`. */
function rowOf(page: Page, summary: string): Locator {
  return page.getByRole('row').filter({ has: page.getByRole('link', { name: summary, exact: true }) });
}

/** Presses one of a row's action buttons and waits for the page to confirm the move. */
async function act(page: Page, row: Locator, action: string, summary: string, confirmation: string) {
  await row.getByRole('button', { name: `${action} ${summary}`, exact: true }).click();
  await page.getByRole('status').filter({ hasText: confirmation }).waitFor();
}

const journeyTimeout = 120_000;

describe.runIf(e2e)('handoffs', () => {
  const browser = useBrowser();
  const people = useDemoUsers({ sam: 'Sam Okafor', olivia: 'Olivia Brandt' });

  test(
    'Sales hands a customer over, Onboarding returns it for a missing detail, Sales resubmits, Onboarding completes and rates it',
    async () => {
      const { sam, olivia } = people();
      const summary = uniqueName('Kick-off for Aurora');

      // Sam (Sales) hands the work over to Onboarding through the form.
      const sales = await browser.signedIn(sam);
      await goTo(sales.page, 'Hand over', 'Hand over');
      const form = sales.page;
      await form.getByLabel('Hand over to').selectOption({ label: 'Onboarding' });
      // The own team is not offered: a team does not hand work to itself.
      expect(await form.getByLabel('Hand over to').locator('option').allTextContents()).not.toContain('Sales');
      let customerName: string | null = null;
      // The picker offers customers and accepted referrals: this handoff is about a customer.
      const customerPicker = form.getByLabel('About (optional)');
      if ((await customerPicker.count()) > 0) {
        const firstCustomer = customerPicker.locator('optgroup[label="Customers"] option').first();
        await firstCustomer.waitFor({ state: 'attached' });
        customerName = (await firstCustomer.textContent())?.trim() ?? null;
        await customerPicker.selectOption({ value: (await firstCustomer.getAttribute('value')) ?? '' });
      }
      await form.getByLabel('Summary').fill(summary);
      await form.getByLabel('What was the customer promised?').fill('Go-live on the 1st, with two training sessions.');
      await form
        .getByLabel('What does Onboarding need to do its part?')
        .fill('The admin contact and the agreed start date.');
      await form.getByLabel('Work due (optional)').fill(dayFromNow(14));
      expect(await seriousAxeViolations(form)).toEqual([]);
      await screenshot(form, 'handoff-form');
      await form.getByRole('button', { name: 'Hand over', exact: true }).click();

      // It lands on the handoff's own page, with a confirmation and the SLA's due time.
      await form.getByRole('heading', { level: 1, name: summary }).waitFor();
      await form.getByRole('status').filter({ hasText: 'Handed over to Onboarding.' }).waitFor();
      expect(new URL(form.url()).pathname).toMatch(/^\/handoffs\/[0-9A-Z]{26}$/);
      const detailPath = new URL(form.url()).pathname;
      const what = form.getByRole('region', { name: 'The handoff' });
      if (customerName) await what.getByText(customerName, { exact: true }).waitFor();
      await what.getByText('Go-live on the 1st, with two training sessions.').waitFor();
      await form
        .getByRole('region', { name: 'Timeline' })
        .getByText('Sent to Onboarding by Sam Okafor (you) of Sales')
        .waitFor();

      // Olivia (Onboarding) finds it in her inbox, overdue ones first, and acknowledges it.
      const onboarding = await browser.open();
      const inbox = onboarding.page;
      await signIn(inbox, olivia);
      await goTo(inbox, 'Inbox', 'Inbox');
      const row = rowOf(inbox, summary);
      await row.waitFor();
      await textOf(row).toContain('Sales');
      await textOf(row).toContain('Sam Okafor');
      expect(await row.getByText('Sent', { exact: true }).count()).toBe(1);
      const rows = inbox.getByRole('table', { name: /received by Onboarding/ }).locator('tbody tr');
      const overdueRows = await rows.filter({ hasText: 'Overdue' }).count();
      if (overdueRows > 0) await textOf(rows.first()).toContain('Overdue');
      expect(await row.textContent()).not.toContain('Overdue');
      expect(await seriousAxeViolations(inbox)).toEqual([]);
      await screenshot(inbox, 'handoff-inbox');

      await act(inbox, row, 'Acknowledge', summary, `“${summary}” was acknowledged.`);
      await row.getByRole('button', { name: `Accept ${summary}`, exact: true }).waitFor();

      // Something is missing: she returns it, one item a line.
      await row.getByRole('button', { name: `Return ${summary}`, exact: true }).click();
      const returnDialog = inbox.getByRole('dialog', { name: `Return “${summary}”` });
      await returnDialog
        .getByLabel('What is missing?')
        .fill('The signed order form\n\nThe admin contact’s phone number\n');
      expect(await seriousAxeViolations(inbox)).toEqual([]);
      await returnDialog.getByRole('button', { name: 'Return handoff' }).click();
      await inbox
        .getByRole('status')
        .filter({ hasText: `“${summary}” was returned to Sales` })
        .waitFor();
      await row.getByText('Returned', { exact: true }).waitFor();
      expect(await row.getByRole('listitem').allTextContents()).toEqual([
        'The signed order form',
        'The admin contact’s phone number',
      ]);
      expect(await row.getByRole('button').count()).toBe(0);

      // Sam sees it returned in the outbox, with what is missing, and resubmits it.
      await goTo(form, 'Outbox', 'Outbox');
      const sent = rowOf(form, summary);
      await sent.getByText('Returned', { exact: true }).waitFor();
      expect(await sent.getByRole('listitem').allTextContents()).toEqual([
        'The signed order form',
        'The admin contact’s phone number',
      ]);
      expect(await seriousAxeViolations(form)).toEqual([]);
      await sent.getByRole('button', { name: `Resubmit ${summary}`, exact: true }).click();
      const resubmit = form.getByRole('dialog', { name: `Resubmit “${summary}”` });
      await resubmit.getByText('The signed order form').waitFor();
      await resubmit
        .getByLabel('What you added, for Onboarding (optional)')
        .fill('Order form attached to the customer record; the admin is on +44 20 7946 0011.');
      await resubmit.getByRole('button', { name: 'Resubmit handoff' }).click();
      await form
        .getByRole('status')
        .filter({ hasText: `“${summary}” was resubmitted to Onboarding.` })
        .waitFor();
      await sent.getByText('Sent', { exact: true }).waitFor();
      expect(await sent.getByRole('button').count()).toBe(0);

      // Olivia acknowledges it again, accepts, completes and rates it.
      await goTo(inbox, 'Outbox', 'Outbox');
      await goTo(inbox, 'Inbox', 'Inbox');
      await rowOf(inbox, summary).getByText('Sent', { exact: true }).waitFor();
      await act(inbox, rowOf(inbox, summary), 'Acknowledge', summary, `“${summary}” was acknowledged.`);
      await act(inbox, rowOf(inbox, summary), 'Accept', summary, `“${summary}” was accepted.`);
      await act(inbox, rowOf(inbox, summary), 'Complete', summary, `“${summary}” was completed.`);
      // The next step, rating, is offered in place of the last, and has the focus.
      const rate = rowOf(inbox, summary).getByRole('button', { name: `Rate ${summary}`, exact: true });
      await rate.waitFor();
      await inbox.waitForFunction(() => document.activeElement?.textContent?.startsWith('Rate'));
      await rate.click();
      const rating = inbox.getByRole('dialog', { name: `Rate “${summary}”` });
      await rating.getByRole('group', { name: 'Score' }).getByLabel('4', { exact: true }).check();
      await rating.getByLabel('Comment (optional)').fill('Everything we needed after the resubmission.');
      expect(await seriousAxeViolations(inbox)).toEqual([]);
      await rating.getByRole('button', { name: 'Save rating' }).click();
      await inbox
        .getByRole('status')
        .filter({ hasText: `your rating of “${summary}” was saved` })
        .waitFor();
      expect(await rowOf(inbox, summary).getByRole('button').count()).toBe(0);

      // The handoff's page tells each step, with team and person.
      await rowOf(inbox, summary).getByRole('link', { name: summary, exact: true }).click();
      await inbox.getByRole('heading', { level: 1, name: summary }).waitFor();
      const timeline = inbox.getByRole('region', { name: 'Timeline' });
      await timeline.getByText('Resubmitted to Onboarding by Sam Okafor of Sales').waitFor();
      const steps = (await timeline.locator('.timeline-what').allTextContents()).map((text) => text.trim());
      expect(steps).toEqual([
        'Sent to Onboarding by Sam Okafor of Sales',
        'Acknowledged by Olivia Brandt (you) of Onboarding',
        'Returned to Sales by Olivia Brandt (you) of Onboarding, for what is missing:',
        'Resubmitted to Onboarding by Sam Okafor of Sales',
        'Acknowledged by Olivia Brandt (you) of Onboarding',
        'Accepted by Olivia Brandt (you) of Onboarding',
        'Completed by Olivia Brandt (you) of Onboarding',
        'Rated 4 of 5 by Olivia Brandt (you) of Onboarding',
      ]);
      expect(await timeline.locator('.missing-list li').allTextContents()).toEqual([
        'The signed order form',
        'The admin contact’s phone number',
      ]);
      await timeline.getByText('Order form attached to the customer record').waitFor();
      const ratingCard = inbox.getByRole('region', { name: 'Rating' });
      await ratingCard.getByText('4 of 5').waitFor();
      await ratingCard.getByText('Everything we needed after the resubmission.').waitFor();
      await inbox.getByRole('region', { name: 'Status' }).getByText('Completed', { exact: true }).first().waitFor();
      expect(await seriousAxeViolations(inbox)).toEqual([]);
      await screenshot(inbox, 'handoff-detail');

      // Sam sees the same story and the rating on his side, with nothing left to do.
      await form.goto(new URL(detailPath, form.url()).toString());
      await form.getByRole('heading', { level: 1, name: summary }).waitFor();
      await form.getByRole('region', { name: 'Rating' }).getByText('4 of 5').waitFor();
      expect(await form.getByRole('button', { name: new RegExp(summary) }).count()).toBe(0);

      expect(sales.errors).toEqual([]);
      expect(onboarding.errors).toEqual([]);
    },
    journeyTimeout,
  );

  test(
    'the form shows field errors where they occurred, and focus moves to the first',
    async () => {
      const { sam } = people();
      const summary = uniqueName('Renewal terms');
      const { page, errors } = await browser.signedIn(sam);
      await goTo(page, 'Hand over', 'Hand over');

      // Nothing filled in: each required field says so, and focus moves to the first.
      await page.getByRole('button', { name: 'Hand over', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: 'Some answers need attention' }).waitFor();
      const team = page.getByLabel('Hand over to');
      expect(await team.getAttribute('aria-invalid')).toBe('true');
      expect(await team.evaluate((element) => element === document.activeElement)).toBe(true);
      await page.getByText('Choose the team to hand the work to.').waitFor();
      expect(await page.getByLabel('Summary').getAttribute('aria-invalid')).toBe('true');
      expect(await seriousAxeViolations(page)).toEqual([]);

      // A due date in the past is refused by the API, next to its field.
      await team.selectOption({ label: 'Finance' });
      await page.getByLabel('Summary').fill(summary);
      await page.getByLabel('What was the customer promised?').fill('A revised quote by Friday.');
      await page.getByLabel('What does Finance need to do its part?').fill('The discount the customer was offered.');
      await page.getByLabel('Work due (optional)').fill(dayFromNow(-2));
      await page.getByRole('button', { name: 'Hand over', exact: true }).click();
      await page.getByText('The due date must be in the future.').waitFor();
      const due = page.getByLabel('Work due (optional)');
      expect(await due.getAttribute('aria-invalid')).toBe('true');
      expect(await due.evaluate((element) => element === document.activeElement)).toBe(true);
      expect(await page.getByLabel('Summary').getAttribute('aria-invalid')).toBeNull();

      // Without a due date it goes.
      await due.fill('');
      await page.getByRole('button', { name: 'Hand over', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: summary }).waitFor();
      await page.getByRole('region', { name: 'The handoff' }).getByText('No due date').waitFor();

      expect(unexpected(errors, 400)).toEqual([]);
    },
    journeyTimeout,
  );
});
