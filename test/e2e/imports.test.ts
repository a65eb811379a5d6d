import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  api,
  type DemoUser,
  demoUser,
  e2e,
  screens,
  screenshot,
  seriousAxeViolations,
  uniqueTag,
  url,
  useBrowser,
} from './browser.ts';

const rows = 5_000;

/**
 * A customer list as a CRM exports it and Excel saves it: a byte-order mark, CRLF line ends,
 * the CRM's own header names, names with commas and notes with line breaks and doubled quotes
 * (both quoted), and a column we have no place for.
 */
function crmExport(tag: string): Buffer {
  const lines = ['\uFEFFCompany Name,Website,Industry,Description,Phone'];
  for (let index = 1; index <= rows; index++) {
    lines.push(
      `"${tag} Customer ${index}, Ltd",https://www.${tag}-${index}.example/,Retail,"Buys in bulk,\nships ""weekly""",+44 20 7946 ${String(index).padStart(4, '0')}`,
    );
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

/** The directory's customers whose name starts with `prefix`, counted page by page through the API (a Query each). */
async function countCustomers(leader: DemoUser, prefix: string): Promise<number> {
  let total = 0;
  let cursor: string | null = null;
  do {
    const query: string = new URLSearchParams({ name: prefix, limit: '100', ...(cursor ? { cursor } : {}) }).toString();
    const page: { items: unknown[]; cursor: string | null } = await api(leader, 'GET', `/api/customers?${query}`);
    total += page.items.length;
    cursor = page.cursor;
  } while (cursor);
  return total;
}

/** Uploads the file chosen on the form and follows the bar until it is full; resolves the bar's last value. */
async function uploadAndWatch(page: Page): Promise<{ now: number; max: number }> {
  await page.getByRole('button', { name: 'Upload and import' }).click();
  const bar = page.getByRole('progressbar');
  await bar.waitFor();
  // Done is when the report says so; the bar is read then, not raced while it moves. The wait is
  // a budget for two cores shared with other work (DynamoDB Local writes a few hundred items a
  // second there), not a speed check.
  await page
    .getByRole('status')
    .filter({ hasText: /Import of customers done/ })
    .waitFor({ timeout: 480_000 });
  return {
    now: Number(await bar.getAttribute('aria-valuenow')),
    max: Number(await bar.getAttribute('aria-valuemax')),
  };
}

describe.runIf(e2e)('importing a CRM export, as a leader', () => {
  const browser = useBrowser();

  test(`uploads ${rows.toLocaleString('en')} customers, watches the bar reach the end, finds every one, and the same file again adds nothing`, {
    timeout: 1_200_000,
  }, async () => {
    const leader = await demoUser('leader');
    const [desktop, phone] = screens;
    const { page, errors } = await browser.signedIn(leader, { viewport: desktop });
    const tag = `Crm${uniqueTag()}`;
    const file = crmExport(tag);

    await page.goto(url('/directory/import'));
    await page.getByRole('heading', { level: 1, name: 'Import CSV' }).waitFor();
    await page.getByLabel('What the file holds').selectOption({ label: 'Customers' });
    await page.getByLabel('CSV file').setInputFiles({ name: 'accounts.csv', mimeType: 'text/csv', buffer: file });

    // The header row as the job will read it: the CRM's names taken for ours, the phone ignored.
    const mapping = page.getByRole('group', { name: 'The file’s columns' });
    await mapping.waitFor();
    const choice = (header: string) => mapping.getByLabel(`Import “${header}” as`);
    expect(await choice('Company Name').inputValue()).toBe('name');
    expect(await choice('Website').inputValue()).toBe('domain');
    expect(await choice('Industry').inputValue()).toBe('segment');
    expect(await choice('Description').inputValue()).toBe('jobToBeDone');
    expect(await choice('Phone').inputValue()).toBe('');
    expect(await seriousAxeViolations(page)).toEqual([]);

    const first = await uploadAndWatch(page);
    expect(first).toEqual({ now: rows, max: rows });
    await page
      .getByRole('status')
      .filter({
        hasText: `Import of customers done: ${rows.toLocaleString('en-GB')} created, 0 updated, 0 unchanged, 0 refused.`,
      })
      .waitFor();
    const report = page.getByRole('region', { name: 'Import of customers' });
    expect(await report.getByRole('definition').allTextContents()).toEqual(['5,000', '0', '0', '0', 'Phone']);
    // The job is in the recent list, with the date as the portal writes dates.
    const recent = page.getByRole('table', { name: 'Recent imports' });
    await recent
      .getByRole('link', { name: /^Report of the import of customers/ })
      .first()
      .waitFor();
    expect(await recent.getByRole('row').nth(1).getByRole('cell').first().textContent()).toMatch(
      /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d$/,
    );
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'import-customers-desktop');

    // Every customer is in the directory: counted through the API, and found by the customers page's search.
    expect(await countCustomers(leader, tag)).toBe(rows);
    await page.goto(url('/customers'));
    await page.getByLabel('Name starts with').fill(`${tag} Customer 4321,`);
    await page.getByRole('button', { name: 'Search' }).click();
    const found = page.getByRole('rowheader', { name: new RegExp(`^${tag} Customer 4321, Ltd`) });
    await found.waitFor();
    expect(await found.textContent()).toBe(`${tag} Customer 4321, Ltd${tag.toLowerCase()}-4321.example`);

    // The hand-over form's About picker reads the first few hundred customers; one imported far
    // past them is found by typing its name, and chosen.
    const staff = await browser.signedIn(await demoUser('staff'), { viewport: desktop });
    await staff.page.goto(url('/hand-over'));
    await staff.page.getByRole('heading', { level: 1, name: 'Hand over' }).waitFor();
    await staff.page.getByLabel('Find a customer').fill(`${tag} Customer 4321,`);
    const about = staff.page.getByLabel('About (optional)');
    await about.locator('option', { hasText: `${tag} Customer 4321, Ltd` }).waitFor({ state: 'attached' });
    await about.selectOption({ label: `${tag} Customer 4321, Ltd` });
    expect(await about.locator('option:checked').textContent()).toBe(`${tag} Customer 4321, Ltd`);
    await staff.page.getByLabel('Find a customer').fill('');
    // Cleared, the search leaves the choice in place.
    expect(await about.locator('option:checked').textContent()).toBe(`${tag} Customer 4321, Ltd`);
    expect(await seriousAxeViolations(staff.page)).toEqual([]);
    expect(staff.errors).toEqual([]);
    await staff.page.close();

    // The same file again: every row is found by its domain, nothing is created or changed.
    await page.goto(url('/directory/import'));
    await page.getByLabel('CSV file').setInputFiles({ name: 'accounts.csv', mimeType: 'text/csv', buffer: file });
    await page.getByRole('group', { name: 'The file’s columns' }).waitFor();
    const second = await uploadAndWatch(page);
    expect(second).toEqual({ now: rows, max: rows });
    await page
      .getByRole('status')
      .filter({
        hasText: `Import of customers done: 0 created, 0 updated, ${rows.toLocaleString('en-GB')} unchanged, 0 refused.`,
      })
      .waitFor();
    expect(await countCustomers(leader, tag)).toBe(rows);
    const jobId = new URL(page.url()).searchParams.get('job');
    expect(jobId).toMatch(/^[0-9A-Z]{26}$/);

    // The report at a phone's width, opened by its address as the finished-import notification links it.
    const small = await browser.signedIn(leader, { viewport: phone });
    await small.page.goto(url(`/directory/import?job=${jobId}`));
    await small.page
      .getByRole('status')
      .filter({ hasText: /Import of customers done: 0 created/ })
      .waitFor();
    expect(await small.page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe(String(rows));
    expect(await small.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
    expect(await seriousAxeViolations(small.page)).toEqual([]);
    await screenshot(small.page, 'import-customers-phone');

    expect(errors).toEqual([]);
    expect(small.errors).toEqual([]);
  });

  test('a file with a refused row writes nothing, and the report names the row and offers it as CSV', {
    timeout: 180_000,
  }, async () => {
    const leader = await demoUser('leader');
    const { page, errors } = await browser.signedIn(leader, { viewport: screens[1] });
    const tag = `Bad${uniqueTag()}`;
    await page.goto(url('/directory/import'));
    await page.getByLabel('CSV file').setInputFiles({
      name: 'accounts.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `Account Name;Website;Lifecycle Stage\r\n${tag} One;one-${tag}.example;prospect\r\n${tag} Two;two-${tag}.example;not-a-stage\r\n`,
      ),
    });
    const mapping = page.getByRole('group', { name: 'The file’s columns' });
    await mapping.getByText('semicolon', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Upload and import' }).click();

    await page.getByRole('alert').filter({ hasText: '1 row(s) refused, 1 fine: nothing was imported.' }).waitFor();
    const refused = page.getByRole('table', { name: 'Refused rows' });
    const row = refused.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '3', exact: true }) });
    expect(await row.getByRole('cell').first().textContent()).toBe('lifecycle');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the refused rows (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^import-[0-9A-Z]{26}-rejected\.csv$/);
    expect(await countCustomers(leader, tag)).toBe(0);
    // On the phone the button's one line was wider than its card's content, past the padding.
    const overhang = await page.getByRole('button', { name: 'Download the refused rows (CSV)' }).evaluate((button) => {
      const card = button.closest('.card') as HTMLElement;
      const inner = card.getBoundingClientRect().right - Number.parseFloat(getComputedStyle(card).paddingRight);
      return Math.round(button.getBoundingClientRect().right - inner);
    });
    expect(overhang).toBeLessThanOrEqual(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'import-refused-phone');
    expect(errors).toEqual([]);
  });
});
