import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { axeViolations, demoUser, e2e, type Role, screenshot, splitWords, url, useBrowser } from './browser.ts';

/**
 * Every page fits the screen: at 1366 and 1024 px no button or link sticks out of the box it
 * is in (the triage queue's actions once read "Win Lose Assi"); on a phone (390 × 844) the page
 * itself never scrolls sideways (a table scrolls inside its own box), and the menu folds away
 * behind a toggle.
 */

/** The buttons and links past the right edge of the window or of the scroll box they sit in. */
function clipped(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const width = document.documentElement.clientWidth;
    for (const element of document.querySelectorAll('main button, main a, main select, main input')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0) continue;
      const scroller = element.closest('.table-scroll');
      const edge = scroller ? scroller.getBoundingClientRect().right : width;
      if (box.right > edge + 1) out.push(`${element.tagName} "${element.textContent?.trim()}" ends at ${box.right}`);
    }
    return out;
  });
}

async function settle(page: Page, heading: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.loading').count(), { timeout: 15_000 }).toBe(0);
}

const pages: { role: Role; path: string; heading: string }[] = [
  { role: 'leader', path: '/referrals', heading: 'Referrals' },
  { role: 'leader', path: '/handoffs', heading: 'Handoffs' },
  { role: 'leader', path: '/conflicts', heading: 'Conflicts' },
  { role: 'leader', path: '/directory/users', heading: 'Users' },
  { role: 'staff', path: '/inbox', heading: 'Inbox' },
  { role: 'staff', path: '/customers', heading: 'Customers' },
];

describe.runIf(e2e)('fitting the screen', () => {
  const browser = useBrowser();

  for (const width of [1366, 1024]) {
    test(`no action is clipped at ${width} px`, async () => {
      for (const role of ['leader', 'staff'] as const) {
        const { page, errors } = await browser.signedIn(await demoUser(role), { viewport: { width, height: 850 } });
        for (const entry of pages.filter((candidate) => candidate.role === role)) {
          await page.goto(url(entry.path));
          await settle(page, entry.heading);
          expect(await clipped(page), `${entry.path} at ${width}`).toEqual([]);
          await screenshot(page, `fit-${width}-${role}${entry.path.replace(/\W+/g, '-')}`);
        }
        expect(errors).toEqual([]);
        await page.context().close();
      }
    });
  }

  test('on a phone a table keeps its words whole and scrolls inside its box', async () => {
    for (const role of ['leader', 'staff'] as const) {
      const { page, errors } = await browser.signedIn(await demoUser(role), { viewport: { width: 390, height: 844 } });
      for (const entry of [...pages, { role: 'staff', path: '/', heading: 'My work' }].filter(
        (candidate) => candidate.role === role,
      )) {
        await page.goto(url(entry.path));
        await settle(page, entry.heading);
        await page.locator('main table').first().waitFor();
        expect(await splitWords(page, 'main table'), `${entry.path} at 390`).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await screenshot(page, `fit-390-${role}${entry.path.replace(/\W+/g, '-')}-words`);
      }
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  test('on a phone the page never scrolls sideways, forms stack and the menu folds away', async () => {
    const { page, errors } = await browser.signedIn(await demoUser('staff'), { viewport: { width: 390, height: 844 } });
    const menu = page.getByRole('navigation', { name: 'Main' });
    const toggle = page.getByRole('button', { name: 'Menu' });
    for (const [path, heading] of [
      ['/inbox', 'Inbox'],
      ['/refer', 'Refer a customer'],
      ['/hand-over', 'Hand over'],
      ['/report-issue', 'Report an issue'],
    ] as const) {
      await page.goto(url(path));
      await settle(page, heading);
      expect(await menu.isVisible()).toBe(false);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(page, `fit-390-staff${path.replace(/\W+/g, '-')}`);
    }
    // The form stacks: its fields are one above the other, each as wide as the card.
    const fields = page.locator('main input[type="text"], main textarea');
    const first = await fields.first().boundingBox();
    expect(first?.width).toBeGreaterThan(280);

    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    await menu.getByRole('link', { name: 'Inbox' }).waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'fit-390-menu-open');
    await menu.getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    // Choosing a page folds the menu away again.
    expect(await menu.isVisible()).toBe(false);
    expect(errors).toEqual([]);
  });
});
