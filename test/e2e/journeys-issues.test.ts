import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  api,
  customerThroughApi,
  type DemoUser,
  e2e,
  journeyStep,
  screens,
  unexpected,
  uniqueCompany,
  uniqueName,
  url,
  useBrowser,
  useDemoUsers,
} from './browser.ts';

/**
 * Issue 17, point 6, at a laptop's width and a phone's: an issue needs a short title; its owner
 * may mark it mitigated with a note on how, or resolve it straight from owned with the
 * follow-up; every move is on the timeline with who made it. Each run makes its own customer
 * and issues.
 */

async function aCustomer(user: DemoUser, prefix: string): Promise<{ id: string; name: string }> {
  const company = uniqueCompany(prefix);
  const customer = await customerThroughApi(user, company, {
    segment: 'enterprise',
    jobToBeDone: 'Keep the stores trading every hour they are open.',
  });
  return { id: customer.id, name: company.name };
}

async function timelineSentences(page: Page): Promise<string[]> {
  const sentences = page.getByRole('region', { name: 'Timeline' }).locator('.timeline-what');
  return (await sentences.allTextContents()).map((text) => text.trim());
}

describe.runIf(e2e)('journeys: issues', () => {
  const browser = useBrowser();
  const people = useDemoUsers({ sunil: 'Sunil Mehta', olivia: 'Olivia Brandt' });

  for (const screen of screens) {
    test(`an issue needs a title; its owner mitigates it with a note, then resolves it with the follow-up (${screen.name})`, async () => {
      const { sunil, olivia } = people();
      const customer = await aCustomer(sunil, 'Marlow Grocers');
      const title = uniqueName('Tills offline at Marlow');

      const reporter = await browser.signedIn(sunil, { viewport: screen });
      await reporter.page.goto(url('/report-issue'));
      await reporter.page.getByRole('heading', { level: 1, name: 'Report an issue' }).waitFor();
      const picker = reporter.page.getByRole('group', { name: 'Affected customers' });
      await picker.getByLabel('Find a customer').fill(customer.name);
      await picker.getByRole('checkbox', { name: customer.name }).check();
      await reporter.page.getByRole('radio', { name: /Sev 2: major/ }).check();
      await reporter.page.getByLabel('Impact').fill(`Card payments fail at every till of ${customer.name}.`);
      await reporter.page.getByLabel('What has the customer been told?').fill('Their IT lead knows; update at noon.');
      // No title: refused, said beside the field, and the focus goes there.
      await reporter.page.getByRole('button', { name: 'Report issue' }).click();
      await reporter.page.getByRole('alert').filter({ hasText: 'Some answers need attention' }).waitFor();
      await reporter.page.getByText('Give the issue a short title.').waitFor();
      const titleField = reporter.page.getByLabel('Title');
      expect(await titleField.getAttribute('aria-invalid')).toBe('true');
      expect(await titleField.evaluate((element) => element === document.activeElement)).toBe(true);
      await journeyStep(reporter.page, `journey-issue-1-title-required-${screen.name}`);

      await titleField.fill(title);
      await reporter.page.getByRole('button', { name: 'Report issue' }).click();
      await reporter.page.getByRole('heading', { level: 1, name: title }).waitFor();
      await reporter.page.getByRole('status').filter({ hasText: 'The issue was reported.' }).waitFor();
      const issuePath = new URL(reporter.page.url()).pathname;
      await journeyStep(reporter.page, `journey-issue-2-reported-${screen.name}`);

      const owner = await browser.signedIn(olivia, { viewport: screen });
      await owner.page.goto(url(issuePath));
      await owner.page.getByRole('heading', { level: 1, name: title }).waitFor();
      const ownership = owner.page.getByRole('region', { name: 'Ownership' });
      await ownership.getByRole('button', { name: 'Take ownership' }).click();
      await owner.page.getByRole('status').filter({ hasText: 'You own the issue now.' }).waitFor();

      // Mitigating asks how, and goes without an answer too; this owner says how.
      await ownership.getByRole('button', { name: 'Mark mitigated' }).click();
      const mitigate = owner.page.getByRole('dialog', { name: 'Mark the issue mitigated' });
      const how = 'Switched the tills to the backup card terminal.';
      await mitigate.getByLabel('How was it stopped? (optional)').fill(how);
      await journeyStep(owner.page, `journey-issue-3-mitigate-${screen.name}`);
      await mitigate.getByRole('button', { name: 'Mark mitigated' }).click();
      await owner.page.getByRole('status').filter({ hasText: 'The issue is mitigated' }).waitFor();

      await ownership.getByRole('button', { name: 'Resolve' }).click();
      const resolve = owner.page.getByRole('dialog', { name: 'Resolve the issue' });
      const followUp = 'Terminal failover is now tested every Monday.';
      await resolve.getByLabel('Follow-up').fill(followUp);
      await resolve.getByRole('button', { name: 'Resolve issue' }).click();
      await owner.page.getByRole('status').filter({ hasText: 'The issue is resolved, with its follow-up.' }).waitFor();

      const timeline = owner.page.getByRole('region', { name: 'Timeline' });
      await timeline.getByText('Resolved by Olivia Brandt (you)').waitFor();
      expect(await timelineSentences(owner.page)).toEqual([
        'Reported by Sunil Mehta as sev 2: major',
        'Ownership taken by Olivia Brandt (you), who now owns it',
        'Mitigated by Olivia Brandt (you): the harm is stopped',
        'Resolved by Olivia Brandt (you)',
      ]);
      await timeline.getByText(`How: ${how}`).waitFor();
      await timeline.getByText(`Follow-up: ${followUp}`).waitFor();
      await journeyStep(owner.page, `journey-issue-4-resolved-${screen.name}`);

      expect(unexpected(reporter.errors, 400)).toEqual([]);
      expect(owner.errors).toEqual([]);
    });

    test(`an owner who fixed the cause resolves straight from owned, with the follow-up (${screen.name})`, async () => {
      const { sunil, olivia } = people();
      const customer = await aCustomer(sunil, 'Pelham Outfitters');
      const title = uniqueName('Returns label missing at Pelham');
      const issue = await api<{ id: string }>(sunil, 'POST', '/api/issues', {
        customerIds: [customer.id],
        title,
        severity: 'sev3',
        impact: `Customers of ${customer.name} get no returns label in their parcel.`,
        customerTold: 'Nothing yet.',
      });

      const owner = await browser.signedIn(olivia, { viewport: screen });
      await owner.page.goto(url(`/issues/${issue.id}`));
      await owner.page.getByRole('heading', { level: 1, name: title }).waitFor();
      const ownership = owner.page.getByRole('region', { name: 'Ownership' });
      await ownership.getByRole('button', { name: 'Take ownership' }).click();
      await owner.page.getByRole('status').filter({ hasText: 'You own the issue now.' }).waitFor();
      // Owned: resolving is offered beside mitigating, not after it.
      expect(await ownership.getByRole('button').allTextContents()).toEqual(['Mark mitigated', 'Resolve', 'Hand over']);
      await journeyStep(owner.page, `journey-issue-5-owned-${screen.name}`);

      await ownership.getByRole('button', { name: 'Resolve' }).click();
      const resolve = owner.page.getByRole('dialog', { name: 'Resolve the issue' });
      await resolve.getByLabel('Follow-up').fill('The packing station prints the label with the invoice now.');
      await journeyStep(owner.page, `journey-issue-6-resolve-${screen.name}`);
      await resolve.getByRole('button', { name: 'Resolve issue' }).click();
      await owner.page.getByRole('status').filter({ hasText: 'The issue is resolved, with its follow-up.' }).waitFor();
      await owner.page.getByRole('region', { name: 'Timeline' }).getByText('Resolved by Olivia Brandt (you)').waitFor();
      expect(await timelineSentences(owner.page)).toEqual([
        'Reported by Sunil Mehta as sev 3: minor',
        'Ownership taken by Olivia Brandt (you), who now owns it',
        'Resolved by Olivia Brandt (you)',
      ]);
      await journeyStep(owner.page, `journey-issue-7-resolved-${screen.name}`);
      expect(owner.errors).toEqual([]);
    });
  }
});
