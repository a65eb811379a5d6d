import { describe, expect, test } from 'vitest';
import {
  apiOnVersion,
  e2e,
  journeyStep,
  referralThroughApi,
  screens,
  uniqueCompany,
  url,
  useBrowser,
  useDemoUsers,
} from './browser.ts';

/**
 * Issue 17, points 1 and 10, at a laptop's width and a phone's, where no other file tries them
 * at both: qualifying and winning a referral are confirmed in a dialog with a note the referrer
 * reads; and the small things (an advocate's Me page offers only what can reach an advocate, a
 * partner's My work says "Nothing waits on you" once and names the menu's "My referrals", the
 * scorecard has no landmark axe would flag and one wrong total in the weights form says so once,
 * and the mail sink's HTML preview runs without a Content-Security-Policy error).
 */

describe.runIf(e2e)('journeys: everyday referrals and small things', () => {
  const browser = useBrowser();
  const people = useDemoUsers({
    nora: 'Nora Lindqvist',
    sam: 'Sam Okafor',
    alex: 'Alex Rivera',
    morgan: 'Morgan Hale',
  });

  for (const screen of screens) {
    test(`staff qualify and win a referral, each confirmed with a note the partner reads (${screen.name})`, async () => {
      const { nora, sam } = people();
      const prospect = uniqueCompany('Oakhurst Bakeries');
      const submitted = await referralThroughApi(nora, prospect, { jobToBeDone: 'Bake to order, not to forecast.' });
      await apiOnVersion(sam, 'POST', `/api/referrals/${submitted.id}/transitions`, submitted.version, {
        to: 'accepted',
      });

      const staff = await browser.signedIn(sam, { viewport: screen });
      await staff.page.goto(url(`/referrals/${submitted.id}`));
      await staff.page.getByRole('heading', { level: 1, name: prospect.name }).waitFor();

      const qualified = `Budget confirmed for ${prospect.name}.`;
      await staff.page.getByRole('button', { name: /^Qualify/ }).click();
      const qualify = staff.page.getByRole('dialog', { name: `Qualify the referral of ${prospect.name}` });
      await qualify.getByLabel('Note to the referrer (optional)').fill(qualified);
      await journeyStep(staff.page, `journey-referral-1-qualify-${screen.name}`);
      await qualify.getByRole('button', { name: 'Qualify referral' }).click();
      await staff.page
        .getByRole('status')
        .filter({ hasText: `The referral of ${prospect.name} was qualified.` })
        .waitFor();

      const won = `Signed today: thank you for ${prospect.name}.`;
      await staff.page.getByRole('button', { name: /^Win/ }).click();
      const win = staff.page.getByRole('dialog', { name: `Mark ${prospect.name} as won` });
      // Cancel changes nothing: a status change is confirmed before it is made.
      await win.getByRole('button', { name: 'Cancel' }).click();
      await win.waitFor({ state: 'detached' });
      await staff.page.getByRole('button', { name: /^Win/ }).click();
      await win.getByLabel('Note to the referrer (optional)').fill(won);
      await journeyStep(staff.page, `journey-referral-2-win-${screen.name}`);
      await win.getByRole('button', { name: 'Mark as won' }).click();
      await staff.page
        .getByRole('status')
        .filter({ hasText: `The referral of ${prospect.name} was marked as won.` })
        .waitFor();
      await journeyStep(staff.page, `journey-referral-3-won-${screen.name}`);

      const partner = await browser.signedIn(nora, { viewport: screen });
      await partner.page.goto(url(`/referrals/${submitted.id}`));
      const timeline = partner.page.getByRole('region', { name: 'Timeline' });
      await timeline.getByText(qualified).waitFor();
      await timeline.getByText(won).waitFor();
      await journeyStep(partner.page, `journey-referral-4-partner-${screen.name}`);
      expect(staff.errors).toEqual([]);
      expect(partner.errors).toEqual([]);
    });

    test(`the small things: the advocate's Me page, the partner's My work, the scorecard, the mail preview (${screen.name})`, async () => {
      const { nora, alex, morgan } = people();
      // An advocate is offered only the e-mail that can reach an advocate.
      const advocate = await browser.signedIn(alex, { viewport: screen });
      await advocate.page.goto(url('/me'));
      const wanted = advocate.page.getByRole('group', { name: 'E-mail me when' });
      await wanted.getByRole('checkbox').first().waitFor();
      expect(await wanted.getByRole('checkbox').count()).toBe(1);
      await wanted.getByRole('checkbox', { name: 'A referral of mine changes status' }).waitFor();
      await journeyStep(advocate.page, `journey-small-1-advocate-me-${screen.name}`);

      // A partner owes nothing: said once, with the menu's own words for the way on.
      const partner = await browser.signedIn(nora, { viewport: screen });
      await partner.page.getByRole('heading', { level: 2, name: 'Nothing waits on you' }).waitFor();
      expect(await partner.page.getByText(/nothing (here )?waits on you/i).count()).toBe(1);
      await partner.page.getByRole('main').getByRole('link', { name: 'My referrals' }).waitFor();
      await journeyStep(partner.page, `journey-small-2-partner-my-work-${screen.name}`);

      // The scorecard: axe at every impact (it once flagged landmark-unique), and one wrong total
      // in the weights form is one message. Nothing is saved: the weights are every test's.
      const leader = await browser.signedIn(morgan, { viewport: screen });
      await leader.page.goto(url('/scorecard'));
      await leader.page.getByRole('heading', { level: 2, name: 'Total Customer Index' }).waitFor();
      await leader.page.waitForLoadState('networkidle');
      await journeyStep(leader.page, `journey-small-3-scorecard-${screen.name}`);
      const form = leader.page.getByRole('form', { name: 'Weights and thresholds' });
      const external = form.getByLabel('External customers');
      await external.fill(String(Number(await external.inputValue()) + 5));
      await form.getByText(/The weights add up to 105; they must add up to 100\./).waitFor();
      expect(
        await form
          .getByText(/100/)
          .filter({ hasText: /add up|sum|total/i })
          .count(),
      ).toBe(1);

      // The mail sink's HTML preview: no CSP error (the page's console is clean).
      const mail = await browser.open({ viewport: screen });
      await mail.page.goto(url('/dev/mail'));
      const preview = mail.page.getByRole('link', { name: 'as HTML' }).first();
      await preview.waitFor();
      await preview.click();
      await mail.page.waitForLoadState('load');
      await mail.page.screenshot({ path: `test-results/journey-small-4-mail-preview-${screen.name}.png` });

      for (const opened of [advocate, partner, leader, mail]) expect(opened.errors).toEqual([]);
    });
  }
});
