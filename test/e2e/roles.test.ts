import { describe, expect, test } from 'vitest';
import {
  axeViolations,
  demoUser,
  demoUsers,
  e2e,
  mainNavigation,
  type Role,
  roleNavigation,
  screenshot,
  seriousAxeViolations,
  textOf,
  url,
  useBrowser,
} from './browser.ts';

const roles = Object.keys(roleNavigation) as Role[];

describe.runIf(e2e)('signing in as each role', () => {
  const browser = useBrowser();

  test('the sign-in page lists the demo users grouped by role, with no serious accessibility violation', async () => {
    const { page, errors } = await browser.open();
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
    const { page, errors } = await browser.signedIn(user);
    expect(await mainNavigation(page)).toEqual(roleNavigation[role]);

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

  // Every page a role's menu leads to, at a desktop's width and a phone's: axe finds nothing at
  // any impact, and the page never scrolls sideways. The menu is read, not listed here, so a page
  // added to it is checked too.
  test.each(roles)(
    '%s: every page of the menu passes axe at any impact, at 1366 and 390 wide',
    {
      timeout: 600_000,
    },
    async (role) => {
      const user = await demoUser(role);
      const { page, errors } = await browser.signedIn(user, { viewport: { width: 1366, height: 850 } });
      const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
      const paths = [...new Set(await links.evaluateAll((all) => all.map((link) => link.getAttribute('href') ?? '')))];
      expect(paths.length).toBeGreaterThan(3);
      const found: string[] = [];
      for (const width of [1366, 390]) {
        await page.setViewportSize({ width, height: width === 390 ? 844 : 850 });
        for (const path of paths) {
          await page.goto(url(path));
          await page.getByRole('heading', { level: 1 }).first().waitFor();
          await page.waitForLoadState('networkidle');
          await expect.poll(() => page.locator('.loading').count(), { timeout: 15_000 }).toBe(0);
          for (const violation of await axeViolations(page)) found.push(`${width} ${path}: ${violation}`);
          const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
          if (scrollWidth > width) found.push(`${width} ${path}: scrolls sideways to ${scrollWidth} px`);
        }
      }
      expect(found).toEqual([]);
      expect(errors).toEqual([]);
    },
  );

  test('signing out ends the session: the next visit asks to sign in again', async () => {
    const user = await demoUser('staff');
    const { page, errors } = await browser.signedIn(user);

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
