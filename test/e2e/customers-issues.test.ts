import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  type Company,
  customerThroughApi,
  type DemoUser,
  demoToken,
  demoUserNamed,
  e2e,
  screenshot,
  seriousAxeViolations,
  splitWords,
  textOf,
  unexpected,
  uniqueCompany,
  url,
  useBrowser,
  useDemoUsers,
} from './browser.ts';

/**
 * Customers and customer-impacting issues: a staff member reports an issue through the form,
 * another owns it, mitigates it and resolves it with a follow-up; a leader wins back a lapsed
 * customer from the win-back list. Each test makes its own customers (names and domains no
 * other run uses), so the tests do not depend on each other's order nor on the demo seed's.
 */

/** A customer made through the API, with the stakeholders its page lists. */
async function createCustomer(user: DemoUser, company: Company, lifecycle: 'repeat' | 'lapsed'): Promise<string> {
  const customer = await customerThroughApi(user, company, {
    lifecycle,
    jobToBeDone: 'Get every shipment to the right dock on time.',
    stakeholders: [
      { name: 'Dana Whitfield', role: 'decision_maker', title: 'Chief Operating Officer' },
      { name: 'Ravi Iyer', role: 'champion', title: 'Head of Logistics' },
    ],
  });
  return customer.id;
}

async function navigate(page: Page, label: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** Whole journeys across two browsers, with axe on every screen. */
const journeyTimeout = 120_000;

describe.runIf(e2e)('customers and issues', () => {
  const browser = useBrowser();
  const people = useDemoUsers({ sunil: 'Sunil Mehta', olivia: 'Olivia Brandt', morgan: 'Morgan Hale' });

  test(
    'staff report a sev2 issue on a customer; another takes ownership, mitigates and resolves it with a follow-up',
    async () => {
      const { sunil, olivia } = people();
      const company = uniqueCompany('Harbour Logistics');
      await createCustomer(sunil, company, 'repeat');
      const impact = `Label printing fails for ${company.name}; parcels wait at the dock.`;
      const title = `Dock labels not printing at ${company.name}`;

      // Sunil (Support) reports it through the form: customer, severity, impact, what they were told.
      const reporter = await browser.signedIn(sunil);
      await navigate(reporter.page, 'Report an issue', 'Report an issue');
      const picker = reporter.page.getByRole('group', { name: 'Affected customers' });
      await picker.getByLabel('Find a customer').fill(company.name);
      await picker.getByRole('checkbox', { name: company.name }).check();
      await reporter.page.getByRole('radio', { name: /Sev 2: major/ }).check();
      await reporter.page.getByLabel('Title').fill(title);
      await reporter.page.getByLabel('Impact').fill(impact);
      await reporter.page
        .getByLabel('What has the customer been told?')
        .fill('Their operations lead knows; next update within the hour.');
      expect(await seriousAxeViolations(reporter.page)).toEqual([]);
      await reporter.page.getByRole('button', { name: 'Report issue' }).click();

      // It lands on the issue's page, reported and waiting for an owner.
      await reporter.page.getByRole('heading', { level: 1, name: title }).waitFor();
      await reporter.page.getByRole('status').filter({ hasText: 'The issue was reported.' }).waitFor();
      const issuePath = new URL(reporter.page.url()).pathname;
      expect(issuePath).toMatch(/^\/issues\/[0-9A-Z]{26}$/);
      const timeline = reporter.page.getByRole('region', { name: 'Timeline' });
      await timeline.getByText('Reported by Sunil Mehta (you) as sev 2: major').waitFor();
      expect(reporter.errors).toEqual([]);

      // Olivia (Onboarding) finds it on the board, among the reported sev2 issues, and opens it.
      const owner = await browser.signedIn(olivia);
      await navigate(owner.page, 'Issues', 'Issues');
      await owner.page.getByLabel('Severity').selectOption({ label: 'Sev 2: major' });
      const reported = owner.page.getByRole('region', { name: /^Reported/ });
      const card = reported.getByRole('listitem').filter({ hasText: impact });
      await card.waitFor();
      await textOf(card).toContain(company.name);
      await textOf(card).toContain('Nobody owns it yet');
      expect(await seriousAxeViolations(owner.page)).toEqual([]);
      await screenshot(owner.page, 'issue-board');
      await card.getByRole('link', { name: title }).click();
      await owner.page.getByRole('heading', { level: 1, name: title }).waitFor();

      // She takes ownership: she is the one owner now.
      const ownership = owner.page.getByRole('region', { name: 'Ownership' });
      await ownership.getByRole('button', { name: 'Take ownership' }).click();
      await owner.page.getByRole('status').filter({ hasText: 'You own the issue now.' }).waitFor();
      await textOf(ownership).toContain('Olivia Brandt (you)');

      // What contributed: causes, never a person.
      const factors = owner.page.getByRole('region', { name: 'Contributing factors' });
      await factors.getByRole('checkbox', { name: /Tooling/ }).check();
      await factors.getByRole('checkbox', { name: /Communication/ }).check();
      await factors.getByRole('button', { name: 'Save factors' }).click();
      await owner.page.getByRole('status').filter({ hasText: 'The contributing factors were saved.' }).waitFor();
      expect(await factors.getByRole('textbox').count()).toBe(0);

      // What the customer was told since, in the communication log.
      const log = owner.page.getByRole('region', { name: 'Customer communication' });
      await log.getByLabel('Channel').selectOption({ label: 'Phone' });
      await log.getByLabel('What we told them').fill('Called their operations lead: a workaround is in place.');
      await log.getByRole('button', { name: 'Add to the log' }).click();
      await log.getByText('Called their operations lead: a workaround is in place.').waitFor();

      // Mitigated, then resolved: resolving asks for the follow-up and refuses without one.
      await ownership.getByRole('button', { name: 'Mark mitigated' }).click();
      const mitigate = owner.page.getByRole('dialog', { name: 'Mark the issue mitigated' });
      await mitigate.getByRole('button', { name: 'Mark mitigated' }).click();
      await owner.page.getByRole('status').filter({ hasText: 'The issue is mitigated' }).waitFor();
      await ownership.getByRole('button', { name: 'Resolve' }).click();
      const dialog = owner.page.getByRole('dialog', { name: 'Resolve the issue' });
      await dialog.getByRole('button', { name: 'Resolve issue' }).click();
      await dialog.getByText('Say what follows up on it: a short note.').waitFor();
      const followUp = dialog.getByLabel('Follow-up');
      expect(await followUp.getAttribute('aria-invalid')).toBe('true');
      expect(await followUp.evaluate((element) => element === document.activeElement)).toBe(true);
      await followUp.fill('Label printer health check added to the morning runbook.');
      await dialog.getByRole('button', { name: 'Resolve issue' }).click();
      await owner.page.getByRole('status').filter({ hasText: 'The issue is resolved, with its follow-up.' }).waitFor();
      expect(await dialog.count()).toBe(0);

      // The timeline shows every step, each with who did it.
      const steps = owner.page.getByRole('region', { name: 'Timeline' });
      await steps.getByText('Resolved by Olivia Brandt (you)').waitFor();
      await steps.getByText('Reported by Sunil Mehta as sev 2: major').waitFor();
      const sentences = await steps.locator('.timeline-what').allTextContents();
      expect(sentences).toEqual([
        'Reported by Sunil Mehta as sev 2: major',
        'Ownership taken by Olivia Brandt (you), who now owns it',
        'Edited by Olivia Brandt (you): contributing factors: tooling, communication',
        'Customer communication logged by Olivia Brandt (you): phone',
        'Mitigated by Olivia Brandt (you): the harm is stopped',
        'Resolved by Olivia Brandt (you)',
      ]);
      await steps.getByText('Follow-up: Label printer health check added to the morning runbook.').waitFor();
      await textOf(ownership).toContain('Resolved: nothing more to do.');
      expect(await seriousAxeViolations(owner.page)).toEqual([]);
      await screenshot(owner.page, 'issue-detail');
      expect(unexpected(owner.errors, 400)).toEqual([]);

      // Sunil's page, reloaded, shows it resolved too.
      await reporter.page.reload();
      await reporter.page.getByRole('region', { name: 'Timeline' }).getByText('Resolved by Olivia Brandt').waitFor();
      expect(reporter.errors).toEqual([]);
    },
    journeyTimeout,
  );

  test(
    'a leader moves a lapsed customer with an open grievance to won back from the win-back list',
    async () => {
      const { sunil, morgan } = people();
      const company = uniqueCompany('Kestrel Foods');
      const customerId = await createCustomer(sunil, company, 'lapsed');
      const grievance = `Invoices for ${company.name} went out twice.`;
      await fetch(url('/api/issues'), {
        method: 'POST',
        headers: { authorization: `Bearer ${await demoToken(sunil)}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          customerIds: [customerId],
          title: grievance,
          severity: 'sev3',
          impact: grievance,
          customerTold: 'We apologised and are crediting the duplicates.',
        }),
      }).then((response) => expect(response.status).toBe(201));

      const leader = await browser.signedIn(morgan);
      await navigate(leader.page, 'Win back', 'Win back');
      const table = leader.page.getByRole('table', { name: 'Lapsed customers' });
      const row = table.getByRole('row').filter({ has: leader.page.getByRole('link', { name: company.name }) });
      await row.waitFor();
      await textOf(row).toContain(grievance);
      await textOf(row).toContain('Sev 3: minor');
      // Open grievances come first: no row without one comes before this one.
      const rows = await table.getByRole('row').allTextContents();
      const position = rows.findIndex((text) => text.includes(company.name));
      expect(rows.slice(1, position).every((text) => !text.includes('No open issue'))).toBe(true);
      expect(await seriousAxeViolations(leader.page)).toEqual([]);
      await screenshot(leader.page, 'win-back');

      // "Won back" asks what settled it, and will not go without an answer.
      await row.getByRole('button', { name: `Won back ${company.name}` }).click();
      const dialog = leader.page.getByRole('dialog', { name: `${company.name} is won back` });
      await dialog.getByRole('button', { name: 'Record the win-back' }).click();
      await dialog.getByText('Say what settled it: what won the customer back.').waitFor();
      await dialog
        .getByLabel('What settled it?')
        .fill('Credited the duplicates and gave them a named billing contact.');
      await dialog.getByRole('button', { name: 'Record the win-back' }).click();
      await leader.page
        .getByRole('status')
        .filter({ hasText: `${company.name} is won back` })
        .waitFor();
      expect(await row.count()).toBe(0);

      // The customer's page: won back, with who did it and what settled it in its history.
      await leader.page.goto(url(`/customers/${customerId}`));
      await leader.page.getByRole('heading', { level: 1, name: company.name }).waitFor();
      const lifecycle = leader.page.getByRole('region', { name: 'Lifecycle' });
      await lifecycle.getByText('Credited the duplicates and gave them a named billing contact.').first().waitFor();
      await textOf(lifecycle).toContain('Won back');
      await textOf(lifecycle).toContain('Morgan Hale (you)');
      await leader.page
        .getByRole('region', { name: 'Timeline' })
        .getByText('Moved from lapsed to won back by Morgan Hale (you)')
        .waitFor();
      const issues = leader.page.getByRole('table', { name: 'Issues' });
      await issues.getByRole('link', { name: grievance }).waitFor();
      const stakeholders = leader.page.getByRole('table', { name: 'Stakeholder map' });
      await textOf(stakeholders).toContain('Dana Whitfield');
      await textOf(stakeholders).toContain('Decision maker');
      // Its next moves are offered as actions: up the ladder from repeat, or lapsing again.
      expect(await lifecycle.getByRole('button').allTextContents()).toEqual([
        `Move to repeat ${company.name}`,
        `Move to loyal ${company.name}`,
        `Move to advocate ${company.name}`,
        `Mark as lapsed ${company.name}`,
      ]);
      expect(await seriousAxeViolations(leader.page)).toEqual([]);
      // An owner's name, or "Nobody yet", reads whole beside the issue's title ("Nobod/y yet" once).
      expect(await splitWords(leader.page, 'table[aria-labelledby="issues-heading"] td')).toEqual([]);
      await screenshot(leader.page, 'customer-page');
      expect(unexpected(leader.errors, 400)).toEqual([]);
    },
    journeyTimeout,
  );

  test('partners see the customers their referrals brought, read-only', async () => {
    const partner = await browser.signedIn(await demoUserNamed('Nora Lindqvist'));
    await navigate(partner.page, 'My customers', 'My customers');
    await partner.page.getByRole('heading', { level: 2, name: 'All customers' }).waitFor();
    await partner.page.locator('.loading').waitFor({ state: 'detached' });
    expect(await partner.page.getByRole('link', { name: 'Add a customer' }).count()).toBe(0);
    const links = partner.page.getByRole('table', { name: 'All customers' }).getByRole('link');
    if ((await links.count()) > 0) {
      await links.first().click();
      await partner.page.getByRole('region', { name: 'Lifecycle' }).waitFor();
      expect(await partner.page.getByRole('region', { name: 'Stakeholder map' }).count()).toBe(0);
      expect(await partner.page.getByRole('region', { name: 'Lifecycle' }).getByRole('button').count()).toBe(0);
      expect(await partner.page.getByRole('link', { name: 'Edit profile' }).count()).toBe(0);
    }
    expect(await seriousAxeViolations(partner.page)).toEqual([]);
    expect(partner.errors).toEqual([]);
  });
});
