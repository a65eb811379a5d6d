import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  demoToken,
  demoUser,
  e2e,
  mainNavigation,
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
 * The total customer scorecard: a partner's referral reaches the leader's scorecard through the
 * aggregator (the local stack's stream poller), the drill-down lists it, the scorecard downloads
 * as CSV, the weights form holds to its rule, and no one but a leader finds the page.
 */

/**
 * The aggregator runs every second on the local stack and the page reads the scorecard every few
 * (the global setup waits until the seed's history is aggregated); the bound is for a slow machine.
 */
const freshness = { timeout: 90_000, interval: 500 };
const journeyTimeout = 180_000;

async function openScorecard(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Scorecard', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Scorecard' }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Total Customer Index' }).waitFor();
}

/** The partner and advocate table's row of a partner organisation. */
function partnerRow(page: Page, partnerName: string): Locator {
  return page
    .getByRole('table', { name: 'Partner organisations and advocates, with what became of their referrals' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${partnerName}`) }) });
}

/** The Submitted column of a partner's row (0 while the partner has no row yet). */
async function submittedCount(page: Page, partnerName: string): Promise<number> {
  const row = partnerRow(page, partnerName);
  if ((await row.count()) === 0) return 0;
  return Number((await row.getByRole('cell').first().textContent())?.replace(/\D/g, '') ?? 'NaN');
}

/** The rows of an open drill-down, every page of them loaded. */
async function drillRows(dialog: Locator): Promise<number> {
  await dialog.locator('.loading').waitFor({ state: 'detached' });
  const more = dialog.getByRole('button', { name: 'Show more' });
  while ((await more.count()) > 0) {
    const before = await dialog.locator('table.drill-table tbody tr').count();
    await more.click();
    await expect.poll(() => dialog.locator('table.drill-table tbody tr').count()).toBeGreaterThan(before);
  }
  return dialog.locator('table.drill-table tbody tr').count();
}

/** The n a rate or rating shows beside it ("n = 12"). */
const sampleOf = (text: string | null) => Number(/n = ([\d,]+)/.exec(text ?? '')?.[1]?.replace(/,/g, '') ?? 'NaN');

describe.runIf(e2e)('the total customer scorecard', () => {
  const browser = useBrowser();
  const people = useDemoUsers({ morgan: 'Morgan Hale', nora: 'Nora Lindqvist' });

  test(
    "a partner's referral shows on the leader's scorecard, the drill-down lists it, and the CSV downloads",
    async () => {
      const { morgan, nora } = people();
      const prospect = uniqueCompany('Larkspur Foods');
      const partnerName = nora.partnerName ?? 'Northwind Consulting';

      // Morgan opens the scorecard first: the index, its band in words, and the three pillars.
      const leader = await browser.signedIn(morgan);
      await openScorecard(leader.page);
      const index = leader.page.getByRole('region', { name: 'Total Customer Index' });
      await textOf(index).toMatch(/Green|Amber|Red|No data/);
      for (const pillar of ['External customers', 'Internal customers', 'Partners and advocates'])
        await leader.page.getByRole('heading', { level: 2, name: pillar, exact: true }).first().waitFor();
      // Each chart has a text alternative: a summary as its name, and a table of the weeks.
      expect(await leader.page.getByRole('img', { name: /^Total Customer Index/ }).count()).toBe(1);
      expect(await leader.page.getByRole('table', { name: 'Total Customer Index, by week' }).count()).toBe(1);
      const before = await submittedCount(leader.page, partnerName);

      // Nora (a partner) refers a customer through the form.
      const partner = await browser.signedIn(nora);
      await partner.page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Refer a customer' })
        .click();
      await partner.page.getByLabel('Company name').fill(prospect.name);
      await partner.page.getByLabel('Website domain (optional)').fill(prospect.domain);
      await partner.page.getByLabel('Contact name').fill('Jordan Avery');
      await partner.page.getByLabel('E-mail').fill(`jordan@${prospect.domain}`);
      await partner.page.getByLabel('Which job do they want done?').fill('Keep the cold chain unbroken.');
      for (const fit of ['Resources', 'Functional', 'Technical', 'Cultural'])
        await partner.page
          .getByRole('group', { name: `${fit} fit` })
          .getByLabel('4', { exact: true })
          .check();
      await partner.page.getByRole('button', { name: 'Submit referral' }).click();
      await partner.page.getByRole('heading', { level: 1, name: prospect.name }).waitFor();
      const referralPath = new URL(partner.page.url()).pathname;

      // The leader's page reads the scorecard again by itself: the partner's count rises.
      await expect.poll(() => submittedCount(leader.page, partnerName), freshness).toBeGreaterThan(before);
      expect(await seriousAxeViolations(leader.page)).toEqual([]);
      await screenshot(leader.page, 'scorecard');

      // The partner's submitted count opens the records behind it, for this week: the new referral.
      await partnerRow(leader.page, partnerName).getByRole('cell').first().getByRole('button').click();
      const dialog = leader.page.getByRole('dialog', { name: 'Referrals submitted' });
      await dialog.waitFor();
      expect(await dialog.getByLabel('Break down by').locator('option:checked').textContent()).toBe(partnerName);
      const link = dialog.getByRole('link', { name: prospect.name, exact: true });
      await link.waitFor();
      expect(await link.getAttribute('href')).toBe(referralPath);
      expect(await seriousAxeViolations(leader.page)).toEqual([]);
      await screenshot(leader.page, 'scorecard-drill-down');

      // The drill-down's own CSV holds the referral.
      const [recordsDownload] = await Promise.all([
        leader.page.waitForEvent('download'),
        dialog.getByRole('button', { name: 'Download these records as CSV' }).click(),
      ]);
      const recordsCsv = await readFile((await recordsDownload.path()) as string, 'utf8');
      expect(recordsCsv).toContain(prospect.name);
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'detached' });

      // The whole scorecard downloads as CSV, with its header row and the figure's rows.
      const [download] = await Promise.all([
        leader.page.waitForEvent('download'),
        leader.page.getByRole('button', { name: 'Download CSV', exact: true }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      const csv = (await readFile((await download.path()) as string, 'utf8')).replace(/^\uFEFF/, '');
      const [header, ...rows] = csv.trim().split(/\r?\n/);
      expect(header?.split(',')).toEqual(expect.arrayContaining(['pillar', 'figure', 'week', 'dimension', 'value']));
      expect(rows.some((row) => row.split(',').includes('referrals.submitted'))).toBe(true);
      await leader.page.getByRole('status').filter({ hasText: 'Downloaded' }).waitFor();

      expect(leader.errors).toEqual([]);
      expect(partner.errors).toEqual([]);
    },
    journeyTimeout,
  );

  test(
    'every kind of number opens exactly the records behind it: a tile, a trend point, a heat-map cell, a partner row',
    async () => {
      const { morgan } = people();
      const { page, errors } = await browser.signedIn(morgan);
      await openScorecard(page);
      await textOf(page.getByRole('region', { name: 'Total Customer Index' })).toMatch(/12-week index/);
      await textOf(page.getByTestId('index-this-week')).toMatch(/This week/);
      const close = async (dialog: Locator) => {
        await dialog.getByRole('button', { name: 'Close' }).click();
        await dialog.waitFor({ state: 'detached' });
      };

      // A count's tile: as many rows as the number, over the page's twelve weeks.
      const partners = page.getByRole('table', {
        name: 'Partner organisations and advocates, with what became of their referrals',
      });
      const submittedRow = page.locator('tr[data-figure="referrals.submitted"]');
      const submitted = Number((await submittedRow.getByRole('cell').first().textContent())?.replace(/\D/g, ''));
      expect(submitted).toBeGreaterThan(0);
      await submittedRow.getByRole('button', { name: 'Referrals submitted' }).click();
      let dialog = page.getByRole('dialog', { name: 'Referrals submitted' });
      await dialog.waitFor();
      expect(await drillRows(dialog)).toBe(submitted);
      await textOf(dialog.getByTestId('drill-summary')).toContain(`${submitted} records`);

      // A trend point: one week of the same figure, as many rows as that week's value.
      const period = dialog.getByLabel('Period');
      const option = period.locator('option').nth(2);
      const [value, label] = [await option.getAttribute('value'), await option.textContent()];
      const weekCount = Number(/\((\d+)\)/.exec(label ?? '')?.[1] ?? 'NaN');
      await period.selectOption(value ?? '');
      await expect.poll(async () => drillRows(dialog), freshness).toBe(weekCount);
      await close(dialog);

      // A share's tile: n rows, each met or missed.
      const acceptanceRow = page.locator('tr[data-figure="referrals.acceptance_rate"]');
      const acceptanceN = sampleOf(await acceptanceRow.getByRole('cell').first().textContent());
      await acceptanceRow.getByRole('button', { name: 'Acceptance rate' }).click();
      dialog = page.getByRole('dialog', { name: 'Acceptance rate' });
      await dialog.waitFor();
      expect(await drillRows(dialog)).toBe(acceptanceN);
      const outcomes = await dialog.locator('table.drill-table tbody tr td:nth-of-type(4)').allTextContents();
      expect(outcomes.every((outcome) => outcome === 'Met' || outcome === 'Missed')).toBe(true);
      await close(dialog);

      // A heat-map cell: the pair's rated handoffs, n of them, its name and not its id.
      const cell = page.locator('table.heat-map tbody .heat-value').first();
      const cellN = sampleOf(await cell.textContent());
      await cell.click();
      dialog = page.getByRole('dialog', { name: /Satisfaction of receiving teams|Acknowledged within SLA/ });
      await dialog.waitFor();
      expect(await drillRows(dialog)).toBe(cellN);
      expect(await dialog.textContent()).not.toMatch(/handoffs\.(satisfaction|sla_attainment)/);
      await close(dialog);

      // A partner row's count: that partner's referrals in the twelve weeks.
      const row = partners.locator('tr[data-dimension^="partner:"]').first();
      const partnerSubmitted = Number((await row.getByRole('cell').first().textContent())?.replace(/\D/g, ''));
      await row.getByRole('cell').first().getByRole('button').click();
      dialog = page.getByRole('dialog', { name: 'Referrals submitted' });
      await dialog.waitFor();
      expect(await drillRows(dialog)).toBe(partnerSubmitted);
      await close(dialog);
      expect(errors).toEqual([]);
    },
    journeyTimeout,
  );

  test(
    'the weights form refuses weights that do not add up to 100, and saves weights that do',
    async () => {
      const { morgan } = people();
      const { page, errors } = await browser.signedIn(morgan);
      await openScorecard(page);
      const form = page.getByRole('form', { name: 'Weights and thresholds' });
      const external = form.getByLabel('External customers');
      const internal = form.getByLabel('Internal customers');
      const partners = form.getByLabel('Partners and advocates');
      const original = [await external.inputValue(), await internal.inputValue(), await partners.inputValue()];

      // The sum is checked as the leader types…
      await external.fill(String(Number(original[0]) + 5));
      await form.getByText(/The weights add up to 105; they must add up to 100\./).waitFor();
      // …and again by the API, whose answer is shown with the weights and nothing is saved.
      await form.getByRole('button', { name: 'Save weights and thresholds' }).click();
      await form.locator('.weights-fieldset .field-error').waitFor();
      await textOf(form.locator('.weights-fieldset .field-error')).toMatch(/100/);
      // One wrong total, one message: not the live sum, the API's and a summary besides.
      expect(
        await form
          .getByText(/100/)
          .filter({ hasText: /add up|sum|total/i })
          .count(),
      ).toBe(1);
      expect(await form.getByRole('alert').filter({ hasNotText: /100/ }).count()).toBe(0);
      await textOf(page.getByRole('region', { name: 'Total Customer Index' })).toContain(`external ${original[0]},`);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, 'scorecard-weights-refused');

      // Weights that add up to 100 are saved, and the index is weighted by them.
      await external.fill('50');
      await internal.fill('25');
      await partners.fill('25');
      await form.getByText('The weights add up to 100.').waitFor();
      await form.getByRole('button', { name: 'Save weights and thresholds' }).click();
      await form.getByRole('status').filter({ hasText: 'Weights and thresholds saved' }).waitFor();
      await page
        .getByRole('region', { name: 'Total Customer Index' })
        .getByText(/Weighted: external 50, internal 25, partners and advocates 25\./)
        .waitFor();

      // Put the demo's weights back through the API, for whatever runs next.
      const token = await demoToken(morgan);
      const settings = await fetch(url('/api/settings'), { headers: { authorization: `Bearer ${token}` } });
      const restored = await fetch(url('/api/settings'), {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'if-match': settings.headers.get('etag') ?? '',
        },
        body: JSON.stringify({
          scorecard: {
            weights: { external: Number(original[0]), internal: Number(original[1]), partners: Number(original[2]) },
          },
        }),
      });
      expect(restored.status).toBe(200);
      expect(unexpected(errors, 400)).toEqual([]);
    },
    journeyTimeout,
  );

  test(
    'on a phone the heat map and the partner table keep their words whole and scroll inside their box',
    async () => {
      const { morgan, nora } = people();
      const { page, errors } = await browser.signedIn(morgan, { viewport: { width: 390, height: 844 } });
      await page.goto(url('/scorecard'));
      await page.locator('table.heat-map .heat-value').first().waitFor();
      await partnerRow(page, nora.partnerName ?? 'Northwind Consulting').waitFor();
      expect(await splitWords(page, 'table.heat-map, table.partner-table')).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.locator('table.partner-table').scrollIntoViewIfNeeded();
      await screenshot(page, 'scorecard-phone');
      expect(errors).toEqual([]);
    },
    journeyTimeout,
  );

  test(
    'the trend charts follow the window when it narrows: a window made phone-wide still fits',
    async () => {
      const { morgan } = people();
      const { page, errors } = await browser.signedIn(morgan, { viewport: { width: 1366, height: 900 } });
      await page.goto(url('/scorecard'));
      await page.locator('.trend-chart canvas').first().waitFor();
      await page.setViewportSize({ width: 390, height: 844 });
      // The charts redraw on the next frames (ResizeObserver); the page is measured once they have.
      await expect
        .poll(() => page.evaluate(() => document.documentElement.scrollWidth), { timeout: 10_000 })
        .toBeLessThanOrEqual(390);
      const widest = await page.$$eval('.trend-chart canvas', (canvases) =>
        Math.max(...canvases.map((canvas) => canvas.getBoundingClientRect().width)),
      );
      expect(widest).toBeLessThanOrEqual(390);
      await screenshot(page, 'scorecard-narrowed');
      expect(errors).toEqual([]);
    },
    journeyTimeout,
  );

  test('a non-leader has no scorecard in the navigation, and its address says whose page it is', async () => {
    for (const role of ['staff', 'partner'] as const) {
      const { page, errors } = await browser.signedIn(await demoUser(role));
      expect(await mainNavigation(page)).not.toContain('Scorecard');
      await page.goto(url('/scorecard'));
      await page.getByRole('heading', { level: 1, name: 'The scorecard is for leaders' }).waitFor();
      expect(await page.getByRole('link', { name: 'Go to your start page' }).count()).toBe(1);
      expect(await seriousAxeViolations(page)).toEqual([]);
      if (role === 'staff') await screenshot(page, 'scorecard-refused');
      expect(errors).toEqual([]);
    }
  });
});
