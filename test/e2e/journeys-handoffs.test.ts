import { describe, expect, test } from 'vitest';
import {
  api,
  apiOnVersion,
  e2e,
  journeyStep,
  referralThroughApi,
  screens,
  textOf,
  uniqueCompany,
  url,
  useBrowser,
  useDemoUsers,
} from './browser.ts';

/**
 * Issue 17, point 7, at a laptop's width and a phone's: a referral just accepted is not a
 * customer yet, and its kickoff starts from the referral's page with the handoff form filled in
 * from it (kind, what it is about, summary, what the next team needs); the handoff links back to
 * the referral, which lists it. Each run makes its own referral.
 */

type Checklist = { kinds: Record<string, { id: string; label: string }[]> };

describe.runIf(e2e)('journeys: a handoff about an accepted referral', () => {
  const browser = useBrowser();
  const people = useDemoUsers({ nora: 'Nora Lindqvist', sam: 'Sam Okafor' });

  for (const screen of screens) {
    test(`staff start the kickoff from the referral's page, filled in, and it links back (${screen.name})`, async () => {
      const { nora, sam } = people();
      const prospect = uniqueCompany('Tamsin Robotics');
      const job = 'Pick and pack every order within the hour.';
      const submitted = await referralThroughApi(nora, prospect, { jobToBeDone: job });
      await apiOnVersion(sam, 'POST', `/api/referrals/${submitted.id}/transitions`, submitted.version, {
        to: 'accepted',
        noteToReferrer: 'Kickoff within five working days.',
      });

      const { page, errors } = await browser.signedIn(sam, { viewport: screen });
      await page.goto(url(`/referrals/${submitted.id}`));
      await page.getByRole('heading', { level: 1, name: prospect.name }).waitFor();
      const handoffs = page.getByRole('region', { name: 'Handoffs' });
      await handoffs.getByText('No handoff about this referral yet.').waitFor();
      await journeyStep(page, `journey-kickoff-1-referral-${screen.name}`);
      await handoffs.getByRole('link', { name: 'Kick off a handoff' }).click();

      // The form, filled in from the referral.
      await page.getByRole('heading', { level: 1, name: 'Hand over' }).waitFor();
      const summary = page.getByLabel('Summary');
      await expect.poll(() => summary.inputValue(), { timeout: 10_000 }).toBe(`Kickoff: ${prospect.name}`);
      expect(await page.getByLabel('Kind of handoff').inputValue()).toBe('kickoff');
      expect(await page.getByLabel('About (optional)').inputValue()).toBe(`referral:${submitted.id}`);
      await textOf(page.getByLabel('About (optional)').locator('option:checked')).toBe(`Referral: ${prospect.name}`);
      expect(await page.getByLabel('What was the customer promised?').inputValue()).toBe(
        'Kickoff within five working days.',
      );

      // Onboarding asks for its kickoff checklist: every item is required, so each is answered.
      await page.getByLabel('Hand over to').selectOption({ label: 'Onboarding' });
      expect(await page.getByLabel('What does Onboarding need to do its part?').inputValue()).toBe(
        `The job to be done: ${job}`,
      );
      const teams = await api<{ items: { id: string; name: string }[] }>(sam, 'GET', '/api/teams');
      const onboarding = teams.items.find((team) => team.name === 'Onboarding');
      if (!onboarding) throw new Error('The demo seed has no Onboarding team');
      const checklist = await api<Checklist>(sam, 'GET', `/api/teams/${onboarding.id}/checklist`);
      const asked = page.getByRole('region', { name: 'What Onboarding needs' });
      for (const item of checklist.kinds.kickoff ?? []) {
        await asked.getByLabel(item.label, { exact: true }).fill(`For ${prospect.name}: ${item.label.toLowerCase()}.`);
      }
      await journeyStep(page, `journey-kickoff-2-form-${screen.name}`);
      await page.getByRole('button', { name: 'Hand over', exact: true }).click();

      // The handoff's page names the referral and links back to it.
      await page.getByRole('heading', { level: 1, name: `Kickoff: ${prospect.name}` }).waitFor();
      await page.getByRole('status').filter({ hasText: 'Handed over to Onboarding.' }).waitFor();
      const handoffPath = new URL(page.url()).pathname;
      const about = page.getByRole('region', { name: 'The handoff' });
      await journeyStep(page, `journey-kickoff-3-handoff-${screen.name}`);
      await about.getByRole('link', { name: 'The referral this handoff is about' }).click();

      await page.getByRole('heading', { level: 1, name: prospect.name }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/referrals/${submitted.id}`);
      const listed = handoffs.getByRole('link', { name: `Kickoff: ${prospect.name}` });
      await listed.waitFor();
      expect(await listed.getAttribute('href')).toBe(handoffPath);
      await textOf(handoffs).toContain('to Onboarding, sent');
      await journeyStep(page, `journey-kickoff-4-linked-${screen.name}`);
      expect(errors).toEqual([]);
    });
  }
});
