import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  api,
  type DemoUser,
  demoToken,
  e2e,
  screenshot,
  seriousAxeViolations,
  unexpected,
  uniqueName,
  url,
  useBrowser,
  useDemoUsers,
} from './browser.ts';

/**
 * Who hears of an early warning, and when: the thresholds and the minimum sample on the Settings
 * page, and the responsible leader a team or partner organisation names on the directory pages.
 */

interface EarlyWarningThresholds {
  referralsDropPercent: number;
  acceptanceDropPoints: number;
  returnsRisePoints: number;
  lateRisePoints: number;
}
interface SettingsAnswer {
  earlyWarnings: EarlyWarningThresholds;
  scorecard: { minimumSample: number };
}

const labels = {
  referrals: 'A partner’s referrals fall by (% of their weekly baseline)',
  acceptance: 'A partner’s acceptance rate falls by (percentage points)',
  returns: 'A team pair’s returns rise by (percentage points)',
  late: 'A team pair’s late acknowledgements rise by (percentage points)',
  minimum: 'Minimum sample (records)',
};

async function openEarlyWarnings(page: Page) {
  await page.goto(url('/settings'));
  const section = page.getByRole('region', { name: 'Early warnings' });
  await section.waitFor();
  return section;
}

/** Puts settings back through the API, for whatever runs next. */
async function restore(user: DemoUser, change: Partial<SettingsAnswer>): Promise<void> {
  const token = await demoToken(user);
  const current = await fetch(url('/api/settings'), { headers: { authorization: `Bearer ${token}` } });
  const restored = await fetch(url('/api/settings'), {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'if-match': current.headers.get('etag') ?? '',
    },
    body: JSON.stringify(change),
  });
  expect(restored.status).toBe(200);
}

describe.runIf(e2e)('early warnings, as a leader', () => {
  const browser = useBrowser();
  const people = useDemoUsers({ morgan: 'Morgan Hale' });

  test('the thresholds and the minimum sample are set on the Settings page, refused when out of range', async () => {
    const { morgan } = people();
    const original = await api<SettingsAnswer>(morgan, 'GET', '/api/settings');
    const { page, errors } = await browser.signedIn(morgan, { viewport: { width: 1366, height: 850 } });
    try {
      let section = await openEarlyWarnings(page);
      expect(await section.getByLabel(labels.referrals).inputValue()).toBe(
        String(original.earlyWarnings.referralsDropPercent),
      );
      expect(await section.getByLabel(labels.minimum).inputValue()).toBe(String(original.scorecard.minimumSample));

      // Out of range or not a number: each field says so, and nothing is saved.
      await section.getByLabel(labels.referrals).fill('0');
      await section.getByLabel(labels.late).fill('101');
      await section.getByLabel(labels.minimum).fill('');
      await section.getByRole('button', { name: 'Save early-warning settings' }).click();
      await section.getByRole('alert').filter({ hasText: 'Some answers need attention' }).waitFor();
      expect(await section.locator('.field-error').allTextContents()).toEqual([
        'Error: A whole number from 1 to 100.',
        'Error: A whole number from 1 to 100.',
        'Error: A whole number of records from 1 to 1000.',
      ]);
      expect(await section.getByLabel(labels.referrals).getAttribute('aria-invalid')).toBe('true');
      expect(await section.getByLabel(labels.referrals).evaluate((input) => input === document.activeElement)).toBe(
        true,
      );
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, 'settings-early-warnings-refused');
      expect(await api<SettingsAnswer>(morgan, 'GET', '/api/settings')).toMatchObject({
        earlyWarnings: original.earlyWarnings,
        scorecard: { minimumSample: original.scorecard.minimumSample },
      });

      // Within range: saved, said so, and there after a reload.
      await section.getByLabel(labels.referrals).fill('40');
      await section.getByLabel(labels.acceptance).fill('25');
      await section.getByLabel(labels.returns).fill('10');
      await section.getByLabel(labels.late).fill('30');
      await section.getByLabel(labels.minimum).fill('6');
      await section.getByRole('button', { name: 'Save early-warning settings' }).click();
      await section.getByRole('status').filter({ hasText: 'Early-warning settings saved' }).waitFor();
      expect(await section.locator('.field-error').count()).toBe(0);
      const saved = await api<SettingsAnswer>(morgan, 'GET', '/api/settings');
      expect(saved.earlyWarnings).toEqual({
        referralsDropPercent: 40,
        acceptanceDropPoints: 25,
        returnsRisePoints: 10,
        lateRisePoints: 30,
      });
      expect(saved.scorecard.minimumSample).toBe(6);
      section = await openEarlyWarnings(page);
      expect(await section.getByLabel(labels.returns).inputValue()).toBe('10');
      expect(await section.getByLabel(labels.minimum).inputValue()).toBe('6');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, 'settings-early-warnings-saved');
      expect(unexpected(errors)).toEqual([]);
    } finally {
      await restore(morgan, {
        earlyWarnings: original.earlyWarnings,
        scorecard: { minimumSample: original.scorecard.minimumSample },
      });
    }
  });

  test('a partner organisation names the leader who hears of its warnings, and can name nobody again', async () => {
    const { morgan } = people();
    const name = uniqueName('E2E Partner');
    await api(morgan, 'POST', '/api/partners', { name });
    const { page, errors } = await browser.signedIn(morgan, { viewport: { width: 1366, height: 850 } });
    await page.goto(url('/directory/partners'));
    const table = page.getByRole('table', { name: 'Active partner organisations' });
    const picker = table.getByLabel(`Responsible leader of ${name}`, { exact: true });
    await picker.waitFor();
    await expect.poll(() => picker.isEnabled()).toBe(true);
    expect(await picker.inputValue()).toBe('');

    await picker.selectOption({ label: morgan.name });
    await page
      .getByRole('status')
      .filter({ hasText: `${morgan.name} now hears of the early warnings of “${name}”.` })
      .waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'directory-responsible-leader');

    // Stored, not only shown: a fresh page reads it back from the API.
    await page.reload();
    const again = page
      .getByRole('table', { name: 'Active partner organisations' })
      .getByLabel(`Responsible leader of ${name}`, { exact: true });
    await expect.poll(() => again.inputValue()).toBe(morgan.id);
    await again.selectOption({ label: 'Every leader' });
    await page
      .getByRole('status')
      .filter({ hasText: `Every leader now hears of the early warnings of “${name}”.` })
      .waitFor();
    expect(errors).toEqual([]);
  });
});
