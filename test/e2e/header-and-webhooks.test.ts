import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  api,
  axeViolations,
  demoUser,
  e2e,
  layoutProblems,
  screens,
  screenshot,
  uniqueTag,
  url,
  useBrowser,
} from './browser.ts';

/** WCAG's contrast ratio of two `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (colour: string) => {
    const [r, g, bl] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((part) => {
      const channel = Number(part) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (bl ?? 0);
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The bell icon's colour and the first opaque background behind it, as the browser paints them now. */
function bellColours(page: Page): Promise<{ icon: string; background: string }> {
  return page.evaluate(() => {
    const bell = document.querySelector('.notification-bell svg');
    if (!bell) throw new Error('no bell');
    let node: Element | null = bell;
    let background = 'rgb(255, 255, 255)';
    while (node) {
      const colour = getComputedStyle(node).backgroundColor;
      if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') {
        background = colour;
        break;
      }
      node = node.parentElement;
    }
    return { icon: getComputedStyle(bell).color, background };
  });
}

describe.runIf(e2e)('the header and the webhooks page', () => {
  const browser = useBrowser();

  for (const screen of screens) {
    test(`the bell is visible in every state, its count beside it (${screen.name})`, async () => {
      const { page, errors } = await browser.signedIn(await demoUser('leader'), { viewport: screen });
      const bell = page.getByRole('link', { name: /^Notifications, \d+ unread$/ });
      await bell.waitFor();
      const states: Record<string, { icon: string; background: string }> = {};
      states.rest = await bellColours(page);
      await bell.hover();
      states.hover = await bellColours(page);
      await page.mouse.move(0, 400);
      await bell.focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      states.focus = await bellColours(page);
      await screenshot(page, `bell-${screen.name}-focus`);
      for (const [state, { icon, background }] of Object.entries(states)) {
        expect(contrast(icon, background), `${state}: ${icon} on ${background}`).toBeGreaterThanOrEqual(3);
      }
      // The unread count sits beside the icon, not over it.
      const icon = await page.locator('.notification-bell svg').boundingBox();
      const count = await page.getByTestId('unread-count').boundingBox();
      if (!icon || !count) throw new Error('the bell or its count is not shown');
      expect(count.x).toBeGreaterThanOrEqual(icon.x + icon.width - 1);
      expect(errors).toEqual([]);
    });

    test(`the webhooks page uses the app's fields, cards and dates, and lights one menu item (${screen.name})`, async () => {
      const leader = await demoUser('leader');
      const hook = `https://hooks.example.com/${uniqueTag()}`;
      await api(leader, 'POST', '/api/webhooks', { url: hook, events: ['issue.*'] });
      const { page, errors } = await browser.signedIn(leader, { viewport: screen });
      await page.goto(url('/settings/webhooks'));
      await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
      await page.getByRole('heading', { name: hook }).waitFor();

      const lit = page.locator('nav[aria-label="Main"] a[aria-current="page"]');
      expect(await lit.allTextContents()).toEqual(['Webhooks']);
      const form = page.getByRole('region', { name: 'Add a webhook' });
      expect(await form.getAttribute('class')).toContain('card');
      // As tall as every other text field of the app (2.625rem), not the browser's bare 15 px.
      for (const label of ['URL', 'Description (optional)', 'Other event types (optional)']) {
        const box = await form.getByLabel(label).boundingBox();
        expect(box?.height, label).toBeGreaterThanOrEqual(40);
      }

      const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: hook }) });
      await card.getByRole('button', { name: 'Send a test' }).click();
      await page.getByRole('status').filter({ hasText: 'Test message queued.' }).waitFor();
      await card.getByRole('button', { name: 'Deliveries' }).click();
      const times = card.locator('table time');
      await expect.poll(() => times.count(), { timeout: 20_000 }).toBeGreaterThan(0);
      for (const text of await times.allTextContents())
        expect(text).toMatch(/^\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2}$/);

      expect(await axeViolations(page)).toEqual([]);
      // A webhook's URL is one long word: on a phone it must wrap inside its card, not push the page sideways.
      expect(await layoutProblems(page)).toEqual([]);
      await screenshot(page, `webhooks-${screen.name}`);
      expect(errors).toEqual([]);
    });
  }
});
