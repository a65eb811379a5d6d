import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  demoUser,
  demoUsers,
  e2e,
  launchBrowser,
  mainNavigation,
  openPage,
  type Role,
  screenshot,
  seriousAxeViolations,
  signIn,
  textOf,
  url,
} from './browser.ts';

/** What each role finds in the main navigation; later capabilities add their items here. */
const expectedNavigation: Record<Role, string[]> = {
  staff: [
    'My work',
    'Referrals',
    'Refer a customer',
    'Conflicts',
    'Inbox',
    'Outbox',
    'Hand over',
    'What we need',
    'Customers',
    'Win back',
    'Issues',
    'Report an issue',
    'Notifications',
    'Me',
  ],
  partner: ['My work', 'My referrals', 'Refer a customer', 'My customers', 'Notifications', 'Me'],
  advocate: ['My work', 'My referrals', 'Refer a customer', 'My customers', 'Notifications', 'Me'],
  leader: [
    'My work',
    'Referrals',
    'Refer a customer',
    'Conflicts',
    'Handoffs',
    'What teams need',
    'Customers',
    'Win back',
    'Issues',
    'Report an issue',
    'Scorecard',
    'Settings',
    'Webhooks',
    'Directory',
    'Notifications',
    'Me',
  ],
};

const roles = Object.keys(expectedNavigation) as Role[];

describe.runIf(e2e)('signing in as each role', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('the sign-in page lists the demo users grouped by role, with no serious accessibility violation', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(url('/'));
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByRole('button').first().waitFor();

    const groups = await page.getByRole('heading', { level: 2 }).allTextContents();
    expect(groups).toEqual(['Staff', 'Partners', 'Advocates', 'Leaders']);
    const users = await demoUsers();
    for (const user of users) {
      const group = page.getByRole('region', {
        name: { staff: 'Staff', partner: 'Partners', advocate: 'Advocates', leader: 'Leaders' }[user.role],
      });
      expect(await group.getByRole('button').filter({ hasText: user.email }).count(), user.email).toBe(1);
    }
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in');
    expect(errors).toEqual([]);
  });

  test.each(roles)('%s: signs in, sees the navigation of the role and their own profile', async (role) => {
    const user = await demoUser(role);
    const { page, errors } = await openPage(browser);

    await signIn(page, user);
    expect(await mainNavigation(page)).toEqual(expectedNavigation[role]);

    const meLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Me', exact: true });
    await meLink.click();
    await page.getByRole('heading', { level: 1, name: 'Me' }).waitFor();
    const profile = page.getByRole('region', { name: 'Your profile' });
    await textOf(profile).toContain(user.name);
    await textOf(profile).toContain(user.email);
    if (user.teamName) await profile.getByText(user.teamName, { exact: true }).waitFor();
    expect(await meLink.getAttribute('aria-current')).toBe('page');
    expect(await page.title()).toBe('Me · Total Customer');

    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, role);

    // The session survives a reload, and a screen the role has no navigation item for is not routed.
    await page.goto(url('/directory/teams'));
    if (role === 'leader') {
      await page.getByRole('heading', { level: 1, name: 'Teams' }).waitFor();
    } else {
      await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
      expect(await page.getByRole('table').count()).toBe(0);
    }
    expect(errors).toEqual([]);
  });

  test('signing out ends the session: the next visit asks to sign in again', async () => {
    const user = await demoUser('staff');
    const { page, errors } = await openPage(browser);
    await signIn(page, user);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'You have signed out.' }).count()).toBe(1);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    await page.goto(url('/me'));
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
