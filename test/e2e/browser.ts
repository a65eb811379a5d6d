import { mkdir } from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';

/** Set by global-setup.ts; null when Chromium is missing and the suite skips. */
export const e2e = inject('e2e');

function context() {
  if (!e2e) throw new Error('The e2e context is missing: global-setup.ts did not start the stack.');
  return e2e;
}

/** The machine's network is closed: nothing Chromium would fetch on its own may be attempted. */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: context().chromiumPath, headless: true, args: chromiumArgs });
}

export function url(path: string): string {
  return new URL(path, context().baseUrl).toString();
}

export type Role = 'staff' | 'partner' | 'advocate' | 'leader';

/** A demo user as the local identity provider lists them on the sign-in page. */
export interface DemoUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  teamName?: string;
  partnerName?: string;
}

export async function demoUsers(): Promise<DemoUser[]> {
  const response = await fetch(url('/auth/users'));
  if (!response.ok) throw new Error(`GET /auth/users answered ${response.status}`);
  return ((await response.json()) as { users: DemoUser[] }).users;
}

/** The first demo user of a role; the seed has at least one of each. */
export async function demoUser(role: Role): Promise<DemoUser> {
  const user = (await demoUsers()).find((candidate) => candidate.role === role);
  if (!user) throw new Error(`The demo seed has no ${role}`);
  return user;
}

/** A demo user by name (the seed's people: "Nora Lindqvist", "Sam Okafor", …). */
export async function demoUserNamed(name: string): Promise<DemoUser> {
  const user = (await demoUsers()).find((candidate) => candidate.name === name);
  if (!user) throw new Error(`The demo seed has no user named ${name}`);
  return user;
}

/** A bearer token for a demo user from the local identity provider, for API calls a test sets up with. */
export async function demoToken(user: DemoUser): Promise<string> {
  const response = await fetch(url('/auth/token'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: user.id }),
  });
  if (!response.ok) throw new Error(`POST /auth/token answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** How a test's page is opened: the window's size, and whether the page's own CSP is set aside. */
export interface PageOptions {
  bypassCSP?: boolean;
  viewport?: { width: number; height: number };
}

/** A page and what the browser reported as an error on it so far. */
export interface OpenedPage {
  page: Page;
  errors: string[];
}

/**
 * A fresh page (its own context, so its own sessionStorage) that records everything the
 * browser reports as an error: uncaught exceptions, console errors, and Content-Security-Policy
 * violations, which Chromium reports as console errors.
 */
export async function openPage(browser: Browser, options: PageOptions = {}): Promise<OpenedPage> {
  const browserContext = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: 'en-GB',
    bypassCSP: options.bypassCSP ?? false,
  });
  const page = await browserContext.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return { page, errors };
}

/** Signs in through the sign-in page, as a person would, and waits for the signed-in frame. */
export async function signIn(page: Page, user: DemoUser): Promise<void> {
  await page.goto(url('/'));
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.getByRole('button').filter({ hasText: user.email }).click();
  // Attached, not visible: on a phone the menu is folded away behind its toggle.
  await page.locator('nav[aria-label="Main"]').waitFor({ state: 'attached' });
}

/** The Chromium a describe block's tests share; each test still opens pages of its own. */
export interface SharedBrowser {
  /** A fresh page, not signed in (see openPage). */
  open(options?: PageOptions): Promise<OpenedPage>;
  /** A fresh page signed in as `user` through the sign-in page, as a person would. */
  signedIn(user: DemoUser, options?: PageOptions): Promise<OpenedPage>;
}

/**
 * Launches Chromium before a describe block's first test and closes it after its last, so a
 * file says once that its tests share a browser instead of spelling out the hooks.
 */
export function useBrowser(): SharedBrowser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  const launched = (): Browser => {
    if (!browser) throw new Error('useBrowser: the browser is launched in beforeAll, before the first test');
    return browser;
  };
  return {
    open: (options) => openPage(launched(), options),
    async signedIn(user, options) {
      const opened = await openPage(launched(), options);
      await signIn(opened.page, user);
      return opened;
    },
  };
}

/**
 * The demo users a describe block's tests act as, by the names the seed gives them (`{ sam:
 * 'Sam Okafor' }`), looked up once before the first test; the getter answers them from then on.
 */
export function useDemoUsers<Key extends string>(names: Record<Key, string>): () => Record<Key, DemoUser> {
  let users: Record<Key, DemoUser> | undefined;
  beforeAll(async () => {
    const entries = await Promise.all(
      Object.entries<string>(names).map(async ([key, name]) => [key, await demoUserNamed(name)] as const),
    );
    users = Object.fromEntries(entries) as Record<Key, DemoUser>;
  });
  return () => {
    if (!users) throw new Error('useDemoUsers: the users are looked up in beforeAll, before the first test');
    return users;
  };
}

/** The labels of the main navigation's links, in order. */
export async function mainNavigation(page: Page): Promise<string[]> {
  const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
  return (await links.allTextContents()).map((text) => text.trim());
}

/**
 * What each role finds in the main navigation, whichever way it signs in; later capabilities add
 * their items here.
 */
export const roleNavigation: Record<Role, string[]> = {
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

/**
 * axe's violations on the page as it is now, by the rules of the tags the project holds to.
 *
 * Legacy mode runs `axe.run` in the page itself. The default instead runs axe in every frame and
 * finishes the run in a blank page it opens and injects axe into again: on two cores that doubled
 * every check (2.9 s against 1.5 s a page), and the app has no frames for it to gain from. Only
 * violations are asserted on, so axe is told to collect only them (it still runs every rule on
 * every node; the passes it would list are what it skips): 1.5 s became 0.95 s. On pages given
 * violations on purpose, all three ways found the same ones.
 */
async function violationsOf(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .setLegacyMode()
    .options({ resultTypes: ['violations'] })
    .analyze();
  return results.violations;
}

/** One line for an axe violation: its rule, its impact and where it is. */
function violationLine(violation: Awaited<ReturnType<typeof violationsOf>>[number]): string {
  return `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`;
}

/** axe's serious and critical violations on the page as it is now, one line each. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  return (await violationsOf(page))
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(violationLine);
}

/** Every axe violation on the page as it is now, whatever its impact, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  return (await violationsOf(page)).map(violationLine);
}

/** The widths every everyday journey is tried at: a laptop and a phone. */
export const screens = [
  { name: 'desktop', width: 1366, height: 850 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Keeps a full-page screenshot as an artifact in test-results/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir('test-results', { recursive: true });
  await page.screenshot({ path: `test-results/${name}.png`, fullPage: true });
}

/**
 * Asserts on what a locator shows once the page has settled. A list arrives before the directory
 * names its teams and people (they show as "…" for a moment), so a single read would race.
 */
export function textOf(locator: Locator) {
  return expect.poll(() => locator.textContent(), { timeout: 10_000 });
}

/** A tag no other run (nor the demo seed) uses: what a test names with it is its own. */
export function uniqueTag(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** A name no other run uses, so the test finds exactly its own record. */
export function uniqueName(prefix: string): string {
  return `${prefix} ${uniqueTag()}`;
}

/** A company as uniqueCompany names it: a prospect's or a customer's name and e-mail domain. */
export type Company = { name: string; domain: string };

/** A company name and e-mail domain no other run uses: a prospect or a customer of the test's own. */
export function uniqueCompany(prefix: string): Company {
  const tag = uniqueTag();
  return { name: `${prefix} ${tag}`, domain: `${prefix.toLowerCase().replace(/\W+/g, '-')}-${tag}.example` };
}

/**
 * The console errors a test did not provoke. Chromium logs each 4xx answer ("Failed to load
 * resource: … 400"); where a test provokes one on purpose, only that status is set aside.
 */
export function unexpected(errors: string[], ...statuses: number[]): string[] {
  return errors.filter(
    (error) =>
      !statuses.some((status) =>
        error.includes(`Failed to load resource: the server responded with a status of ${status}`),
      ),
  );
}

/** A call to the API as a demo user, for the set-up of a test about something else. */
export async function api<T>(user: DemoUser, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(url(path), {
    method,
    headers: { authorization: `Bearer ${await demoToken(user)}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * A record made through the API (`POST path`), as set-up for a test about something else. A
 * creation answers 201; anything else means the set-up, not the test's subject, went wrong.
 */
async function created(user: DemoUser, path: string, body: unknown): Promise<{ id: string; version: number }> {
  const response = await fetch(url(path), {
    method: 'POST',
    headers: { authorization: `Bearer ${await demoToken(user)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { id: string; version: number };
}

/**
 * A referral of `prospect` as the API takes it, with a contact at the prospect's domain and a job
 * to be done; `details` replaces any field a test shows or relies on.
 */
export function referralSubmission(prospect: Company, details: Record<string, unknown> = {}) {
  return {
    company: { name: prospect.name, domain: prospect.domain },
    contact: { name: 'Robin Vale', email: `robin@${prospect.domain}` },
    jobToBeDone: 'Keep every site running through the winter.',
    fit: { resources: 3, functional: 4, technical: 3, cultural: 5 },
    stakeholders: [{ name: 'Kim Decider', role: 'decision_maker' }],
    ...details,
  };
}

/** A referral of `prospect` submitted through the API by `user` (see referralSubmission). */
export function referralThroughApi(
  user: DemoUser,
  prospect: Company,
  details: Record<string, unknown> = {},
): Promise<{ id: string; version: number }> {
  return created(user, '/api/referrals', referralSubmission(prospect, details));
}

/**
 * A customer entered through the API by `user` (staff or a leader), a repeat mid-market customer
 * unless `details` says otherwise; `details` replaces any field a test shows or relies on.
 */
export function customerThroughApi(
  user: DemoUser,
  company: Company,
  details: Record<string, unknown> = {},
): Promise<{ id: string; version: number }> {
  return created(user, '/api/customers', {
    name: company.name,
    domain: company.domain,
    segment: 'mid-market',
    lifecycle: 'repeat',
    fit: { resources: 4, functional: 4, technical: 3, cultural: 5 },
    jobToBeDone: 'Keep every site running through the winter.',
    stakeholders: [{ name: 'Dana Whitfield', role: 'decision_maker' }],
    ...details,
  });
}

/**
 * What does not fit the window: the page scrolling sideways, and any button, link or field of
 * the page or of an open dialog past the right edge of the window, or (wider than a phone) of
 * the scroll box it is in: a table scrolls inside `.table-scroll`, never the page.
 */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) {
      out.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${width} px window`);
    }
    const controls = document.querySelectorAll(
      ':is(main, dialog[open]) :is(button, a[href], select, input:not([type="hidden"]), textarea)',
    );
    for (const element of controls) {
      if (element.closest('.visually-hidden')) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const scroller = element.closest('.table-scroll');
      // On a phone a wide table scrolls inside its box, as it should; wider than that, an action
      // past the box's edge is clipped (the triage queue's "Win Lose Assi").
      if (scroller && width < 700) continue;
      const edge = scroller ? scroller.getBoundingClientRect().right : width;
      if (box.right > edge + 1) {
        out.push(`${element.tagName} "${element.textContent?.trim().slice(0, 40)}" ends at ${Math.round(box.right)}`);
      }
    }
    return out;
  });
}

/**
 * The words of `selector`'s text whose letters sit on two lines ("Saffron Kitchen/s", "respo/nse"):
 * a cell squeezed below its longest word. A hyphen is a fair place to wrap, and a sample size
 * ("n = 12") counts as one word. A bracket, an equals sign or a slash between words is fair too,
 * where the browser itself offers a break: pasted markup or a URL wraps there ("<script>alert('x')"
 * then "</script>"), as in any text; a rating ("4.4/5") wrapping at its slash is still a squeeze.
 */
export function splitWords(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    /** Whether every line break inside the word falls beside a bracket, an equals sign or a slash between words. */
    const wrapsAtPunctuation = (node: Node, start: number, word: string): boolean => {
      const lineOf = (offset: number) => {
        const range = document.createRange();
        range.setStart(node, start + offset);
        range.setEnd(node, start + offset + 1);
        return Math.round(range.getClientRects()[0]?.top ?? 0);
      };
      let line = lineOf(0);
      for (let offset = 1; offset < word.length; offset += 1) {
        const next = lineOf(offset);
        if (next === line) continue;
        const pair = word.slice(offset - 1, offset + 1);
        if (!/[<>()[\]{}=]/.test(pair) && !(pair.includes('/') && !/\d/.test(pair))) return false;
        line = next;
      }
      return true;
    };
    const out: string[] = [];
    for (const root of document.querySelectorAll(selector)) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement?.closest('.visually-hidden, caption')) continue;
        for (const match of (node.textContent ?? '').matchAll(/n = [\d,]+|[^\s-]+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
          if (lines.size > 1 && !wrapsAtPunctuation(node, match.index, match[0])) out.push(match[0]);
        }
      }
    }
    return out;
  }, selector);
}

/**
 * One step of an everyday journey: axe finds nothing at any impact, nothing sticks out of the
 * window, and the screen is kept as `test-results/<name>.png` (the whole page, or the window
 * while a dialog is open). The screenshot is taken first, so a failing step leaves its picture.
 */
export async function journeyStep(page: Page, name: string): Promise<void> {
  // A modal dims the window, not the whole page: with one open, the window is what a person sees.
  if ((await page.locator('dialog[open]').count()) > 0) {
    await mkdir('test-results', { recursive: true });
    await page.screenshot({ path: `test-results/${name}.png` });
  } else {
    await screenshot(page, name);
  }
  expect(await axeViolations(page), `axe on ${name}`).toEqual([]);
  expect(await layoutProblems(page), `layout of ${name}`).toEqual([]);
}

/** A change through the API on the version the test read (`If-Match`), for a journey's set-up. */
export async function apiOnVersion<T>(
  user: DemoUser,
  method: string,
  path: string,
  version: number,
  body: unknown,
): Promise<T> {
  const response = await fetch(url(path), {
    method,
    headers: {
      authorization: `Bearer ${await demoToken(user)}`,
      'content-type': 'application/json',
      'if-match': `"${version}"`,
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Follows a link of the main menu, unfolding the menu first where it is folded away (a phone). */
export async function followMenu(page: Page, label: string): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Menu' });
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
}
