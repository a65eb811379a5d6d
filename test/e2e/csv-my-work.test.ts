import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { demoUser, e2e, screenshot, seriousAxeViolations, uniqueTag, url, useBrowser } from './browser.ts';

describe.runIf(e2e)('my work and CSV', () => {
  const browser = useBrowser();

  test('signing in lands on My work, overdue first', async () => {
    const { page, errors } = await browser.signedIn(await demoUser('staff'));
    await page.getByRole('heading', { level: 1, name: 'My work' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/my-work');
    await page.getByRole('heading', { level: 2, name: /^Overdue/ }).waitFor();
    const sections = await page.getByRole('heading', { level: 2 }).allTextContents();
    expect(sections[0]).toMatch(/^Overdue/);
    expect(sections[1]).toMatch(/^Due within the next working day/);
    expect(
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'My work' })
        .getAttribute('aria-current'),
    ).toBe('page');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'my-work-staff');

    // A partner owes nothing: the page says so.
    const partner = await browser.signedIn(await demoUser('partner'));
    await partner.page.getByRole('heading', { level: 2, name: 'Nothing waits on you' }).waitFor();
    // Said once, and the link is named as the menu names it.
    expect(await partner.page.getByText(/nothing (here )?waits on you/i).count()).toBe(1);
    await partner.page.getByRole('main').getByRole('link', { name: 'My referrals' }).waitFor();
    expect(errors).toEqual([]);
    expect(partner.errors).toEqual([]);
  });

  test('on a phone every row of My work shows when it is due without scrolling sideways', async () => {
    const { page, errors } = await browser.signedIn(await demoUser('staff'), { viewport: { width: 390, height: 844 } });
    await page.getByRole('heading', { level: 2, name: /^Overdue/ }).waitFor();
    // When a thing is due is the point of the page: it once sat in a third column past the
    // phone's right edge, seen only by scrolling the table sideways.
    const rows = page.locator(
      'table[aria-labelledby="work-overdue"] tbody tr, table[aria-labelledby="work-due-soon"] tbody tr',
    );
    await rows.first().waitFor();
    const dueEdges = await rows.evaluateAll((elements) =>
      elements.map((row) =>
        Math.max(
          ...[...row.querySelectorAll('time')]
            .map((time) => time.getBoundingClientRect())
            .filter((box) => box.width > 0)
            .map((box) => box.right),
        ),
      ),
    );
    expect(dueEdges.length).toBeGreaterThan(0);
    // A row with no date on screen gives -Infinity and fails the first check.
    for (const edge of dueEdges) {
      expect(edge).toBeGreaterThan(0);
      expect(edge).toBeLessThanOrEqual(390);
    }
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'my-work-staff-390');

    // On a wide screen the table keeps its three columns, the date in a column of its own.
    await page.setViewportSize({ width: 1366, height: 850 });
    const overdue = page.getByRole('table', { name: /^Overdue/ });
    expect(await overdue.getByRole('columnheader').allTextContents()).toEqual(['What', 'Record', 'Due']);
    await screenshot(page, 'my-work-staff-1366');
    expect(errors).toEqual([]);
  });

  test('a leader imports partner organisations from a CSV file and sees them listed; the same file again adds nothing', async () => {
    const { page, errors } = await browser.signedIn(await demoUser('leader'));
    const tag = uniqueTag();
    const names = [`Aardvark Partners ${tag}`, `Aardwolf, Quayside & Co ${tag}`];
    const file = {
      name: 'partners.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`\uFEFFPartner Name\r\n${names[0]}\r\n"${names[1]}"\r\n`),
    };

    await page.goto(url('/directory/import'));
    await page.getByRole('heading', { level: 1, name: 'Import CSV' }).waitFor();
    await page.getByLabel('What the file holds').selectOption({ label: 'Partner organisations' });
    await page.getByLabel('CSV file').setInputFiles(file);
    expect(await page.getByLabel('Import “Partner Name” as').inputValue()).toBe('name');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Import of partner organisations done: 2 created, 0 updated, 0 unchanged, 0 refused.' })
      .waitFor();

    await page
      .getByRole('navigation', { name: 'Directory' })
      .getByRole('link', { name: 'Partner organisations' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Partner organisations' }).waitFor();
    for (const name of names) await page.getByRole('rowheader', { name, exact: true }).waitFor();

    // The same file again finds both by name and writes nothing.
    await page.getByRole('navigation', { name: 'Directory' }).getByRole('link', { name: 'Import CSV' }).click();
    await page.getByLabel('What the file holds').selectOption({ label: 'Partner organisations' });
    await page.getByLabel('CSV file').setInputFiles(file);
    await page.getByLabel('Import “Partner Name” as').waitFor();
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Import of partner organisations done: 0 created, 0 updated, 2 unchanged, 0 refused.' })
      .waitFor();
    await screenshot(page, 'import-partners-again');
    expect(errors).toEqual([]);
  });

  test('a list downloads as CSV', async () => {
    const { page, errors } = await browser.signedIn(await demoUser('leader'));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Referrals', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Referrals' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^referrals-\d{4}-\d\d-\d\d\.csv$/);
    const text = await readFile(await download.path(), 'utf8');
    const [header, ...rows] = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header).toMatch(/^id,createdAt,status,company,domain,contactName,contactEmail,referrerId,referrerName,/);
    expect(rows.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
