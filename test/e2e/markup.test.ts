import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  api,
  customerThroughApi,
  type DemoUser,
  e2e,
  type SharedBrowser,
  signIn,
  uniqueTag,
  url,
  useBrowser,
  useDemoUsers,
} from './browser.ts';

/**
 * User-supplied text is shown as text, never rendered as HTML. A partner submits a referral
 * through the form with markup in its company name, a stakeholder's name and its notes; staff
 * open it and add a note with markup; an issue is reported with markup in its impact on a
 * customer whose name is markup. On every page: the markup is the visible text, no element it
 * names exists, no script of it ran (no dialog, no flag set on window, no console error) and
 * the browser never asked for the image it points at.
 */
const tag = uniqueTag();
const hostile = {
  company: `Acme <img src="x-${tag}" onerror="window.__xss='company'"> ${tag}`,
  stakeholder: `<script>window.__xss='stakeholder'</script>Dana`,
  notes: `<b id="bold-${tag}">bold</b><svg onload="window.__xss='notes'"></svg><iframe src="/x-${tag}"></iframe>`,
  staffNote: `<img src="x-${tag}" onerror="alert('note')"> discovery call`,
  customer: `Globex <img src="x-${tag}" onerror="window.__xss='customer'"> ${tag}`,
  impact: `<script>alert('impact')</script><a href="javascript:alert(1)" id="link-${tag}">click</a>`,
  issueTitle: `<i onmouseover="alert('title')">Outage</i> ${tag}`,
};

interface Watched {
  page: Page;
  errors: string[];
  dialogs: string[];
  requests: string[];
}

async function watchedPage(browser: SharedBrowser, user: DemoUser): Promise<Watched> {
  const { page, errors } = await browser.open();
  const dialogs: string[] = [];
  const requests: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  page.on('request', (request) => requests.push(request.url()));
  await signIn(page, user);
  return { page, errors, dialogs, requests };
}

/** What markup that had been rendered would have left behind, on the page as it is now. */
async function traces(page: Page) {
  return page.evaluate(
    (marker) => ({
      flag: (window as unknown as { __xss?: string }).__xss ?? null,
      elements: document.querySelectorAll(
        `img[src^="x-${marker}"], #bold-${marker}, svg[onload], iframe[src*="${marker}"], #link-${marker}, [onerror]`,
      ).length,
      scripts: [...document.scripts].filter(
        (script) => script.textContent?.includes('__xss') || script.textContent?.includes('alert'),
      ).length,
    }),
    tag,
  );
}

async function expectInert(watched: Watched): Promise<void> {
  expect(await traces(watched.page)).toEqual({ flag: null, elements: 0, scripts: 0 });
  expect(watched.dialogs).toEqual([]);
  expect(watched.requests.filter((request) => request.includes(`x-${tag}`))).toEqual([]);
  expect(watched.errors).toEqual([]);
}

describe.runIf(e2e)('markup in user text', () => {
  const browser = useBrowser();
  const people = useDemoUsers({ nora: 'Nora Lindqvist', sunil: 'Sunil Mehta' });

  test('a referral submitted with markup is shown as text to the partner and to staff', async () => {
    const { nora, sunil } = people();
    const partner = await watchedPage(browser, nora);
    await partner.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Refer a customer' })
      .click();
    await partner.page.getByRole('heading', { level: 1, name: 'Refer a customer' }).waitFor();
    await partner.page.getByLabel('Company name').fill(hostile.company);
    await partner.page.getByLabel('Contact name').fill('Jordan Avery');
    await partner.page.getByLabel('E-mail').fill(`jordan@${tag}.example`);
    await partner.page.getByLabel('Which job do they want done?').fill('Answer every customer question on the day.');
    for (const fit of ['Resources', 'Functional', 'Technical', 'Cultural']) {
      await partner.page
        .getByRole('group', { name: `${fit} fit` })
        .getByLabel('4', { exact: true })
        .check();
    }
    const stakeholders = partner.page.getByRole('region', { name: 'Stakeholders' });
    await stakeholders.getByRole('button', { name: 'Add a stakeholder' }).click();
    const row = stakeholders.getByRole('group', { name: 'Stakeholder 1' });
    await row.getByLabel('Name').fill(hostile.stakeholder);
    await row.getByLabel('Influence').selectOption({ label: 'Decision maker' });
    await partner.page.getByLabel('Anything else we should know (optional)').fill(hostile.notes);
    await partner.page.getByRole('button', { name: 'Submit referral' }).click();

    // Its own page: the markup is the heading's text, and the stakeholder's and the notes'.
    const heading = partner.page.getByRole('heading', { level: 1, name: hostile.company, exact: true });
    await heading.waitFor();
    expect(await heading.textContent()).toBe(hostile.company);
    expect(await partner.page.getByText(hostile.stakeholder, { exact: true }).count()).toBeGreaterThan(0);
    expect(await partner.page.getByText(hostile.notes, { exact: true }).count()).toBeGreaterThan(0);
    const referralPath = new URL(partner.page.url()).pathname;
    await expectInert(partner);

    // The partner's list, where the company name is a link.
    await partner.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My referrals' }).click();
    await partner.page.getByRole('link', { name: hostile.company, exact: true }).waitFor();
    await expectInert(partner);

    // Staff open it, and add an internal note that is markup too.
    const staff = await watchedPage(browser, sunil);
    await staff.page.goto(url(referralPath));
    await staff.page.getByRole('heading', { level: 1, name: hostile.company, exact: true }).waitFor();
    const notes = staff.page.getByRole('region', { name: 'Internal notes' });
    await notes.getByLabel('Add an internal note').fill(hostile.staffNote);
    await notes.getByRole('button', { name: 'Add note' }).click();
    await notes.getByText(hostile.staffNote, { exact: true }).waitFor();
    await expectInert(staff);
    await staff.page.reload();
    await staff.page.getByRole('heading', { level: 1, name: hostile.company, exact: true }).waitFor();
    await staff.page.getByText(hostile.staffNote, { exact: true }).waitFor();
    await expectInert(staff);
  }, 120_000);

  test('an issue whose impact and customer name are markup is shown as text', async () => {
    const { sunil } = people();
    const customer = await customerThroughApi(
      sunil,
      { name: hostile.customer, domain: `globex-${tag}.example` },
      { jobToBeDone: 'Ship on time.', stakeholders: [] },
    );
    const issue = await api<{ id: string }>(sunil, 'POST', '/api/issues', {
      customerIds: [customer.id],
      title: hostile.issueTitle,
      severity: 'sev3',
      impact: hostile.impact,
      customerTold: hostile.staffNote,
    });
    const staff = await watchedPage(browser, sunil);
    await staff.page.goto(url(`/issues/${issue.id}`));
    await staff.page.getByRole('heading', { level: 1, name: hostile.issueTitle }).waitFor();
    expect(await staff.page.getByText(hostile.impact, { exact: true }).count()).toBeGreaterThan(0);
    await expectInert(staff);
    await staff.page.goto(url(`/customers/${customer.id}`));
    await staff.page.getByRole('heading', { level: 1, name: hostile.customer, exact: true }).waitFor();
    await expectInert(staff);
  }, 120_000);
});
