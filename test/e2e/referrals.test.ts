import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  axeViolations,
  type Company,
  type DemoUser,
  e2e,
  referralThroughApi,
  screenshot,
  seriousAxeViolations,
  textOf,
  unexpected,
  uniqueCompany,
  url,
  useBrowser,
  useDemoUsers,
} from './browser.ts';

/**
 * Referrals across roles: a partner refers a customer through the form, staff triage it, the
 * partner follows it; a second partner registering the same prospect is told so, and staff see
 * the conflict. Every test makes its own prospects (names and domains no other run uses), so the
 * tests do not depend on each other's order.
 */

interface FormInput {
  company: string;
  domain?: string;
  contactName?: string;
  email?: string;
  phone?: string;
  job?: string;
  /** Scores by fit legend; a fit left out is not chosen. */
  fits?: Partial<Record<'Resources' | 'Functional' | 'Technical' | 'Cultural', number>>;
  stakeholders?: { name: string; role: 'Decision maker' | 'Ally' | 'Bag of wind' | 'Champion' }[];
  notes?: string;
}

const allFits = { Resources: 4, Functional: 5, Technical: 3, Cultural: 4 } as const;

async function openForm(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Refer a customer' }).click();
  await page.getByRole('heading', { level: 1, name: 'Refer a customer' }).waitFor();
}

/** Fills the referral form as a person would: by the labels, with the keyboard and the mouse. */
async function fillForm(page: Page, input: FormInput): Promise<void> {
  await page.getByLabel('Company name').fill(input.company);
  if (input.domain) await page.getByLabel('Website domain (optional)').fill(input.domain);
  await page.getByLabel('Contact name').fill(input.contactName ?? 'Jordan Avery');
  await page.getByLabel('E-mail').fill(input.email ?? `jordan@${input.domain ?? 'example.com'}`);
  if (input.phone) await page.getByLabel('Phone (optional)').fill(input.phone);
  await page.getByLabel('Which job do they want done?').fill(input.job ?? 'Answer every customer question on the day.');
  for (const [fit, score] of Object.entries(input.fits ?? allFits)) {
    await page
      .getByRole('group', { name: `${fit} fit` })
      .getByLabel(String(score), { exact: true })
      .check();
  }
  const stakeholders = page.getByRole('region', { name: 'Stakeholders' });
  for (const [index, stakeholder] of (input.stakeholders ?? []).entries()) {
    await stakeholders.getByRole('button', { name: 'Add a stakeholder' }).click();
    const row = stakeholders.getByRole('group', { name: `Stakeholder ${index + 1}` });
    // A new row takes focus on its name, ready to type.
    // (After the render that adds it: focus moves in an effect.)
    await expect.poll(() => row.getByLabel('Name').evaluate((input) => input === document.activeElement)).toBe(true);
    await row.getByLabel('Name').fill(stakeholder.name);
    await row.getByLabel('Influence').selectOption({ label: stakeholder.role });
  }
  if (input.notes) await page.getByLabel('Anything else we should know (optional)').fill(input.notes);
}

async function submitForm(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Submit referral' }).click();
}

/** The row of a table whose company link is `company`. */
function rowOf(page: Page | Locator, company: string): Locator {
  return page.getByRole('row').filter({ has: page.getByRole('link', { name: company, exact: true }) });
}

/** A referral submitted through the API with a phone and notes: the personal data an erasure removes. */
async function submitThroughApi(user: DemoUser, prospect: Company): Promise<string> {
  const submitted = await referralThroughApi(user, prospect, {
    contact: { name: 'Robin Vale', email: `robin@${prospect.domain}`, phone: '+44 20 7946 0100' },
    notes: 'Met them at the partner day.',
  });
  return submitted.id;
}

/** Whole journeys across two or three browsers, with axe on every screen: more than one screen's time. */
const journeyTimeout = 120_000;

describe.runIf(e2e)('referrals', () => {
  const browser = useBrowser();
  const people = useDemoUsers({ nora: 'Nora Lindqvist', ben: 'Ben Carter', sam: 'Sam Okafor', morgan: 'Morgan Hale' });

  test(
    'a partner refers a customer, staff accept it from the triage queue, and the partner sees it accepted',
    async () => {
      const { nora, sam } = people();
      const prospect = uniqueCompany('Northstar Freight');

      // Nora (Northwind Consulting) lands on "My work", goes to "My referrals" and refers a customer.
      const partner = await browser.signedIn(nora);
      await partner.page.getByRole('heading', { level: 1, name: 'My work' }).waitFor();
      await partner.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My referrals' }).click();
      await partner.page.getByRole('heading', { level: 1, name: 'My referrals' }).waitFor();
      await openForm(partner.page);
      expect(await seriousAxeViolations(partner.page)).toEqual([]);
      await fillForm(partner.page, {
        company: prospect.name,
        domain: prospect.domain,
        contactName: 'Jordan Avery',
        phone: '+44 20 7946 0000',
        stakeholders: [
          { name: 'Dana Whitfield', role: 'Decision maker' },
          { name: 'Sam Lee', role: 'Champion' },
        ],
        notes: 'They asked for a demo next month.',
      });
      await screenshot(partner.page, 'referral-form');
      await submitForm(partner.page);

      // It lands on the referral's own page, with a confirmation.
      await partner.page.getByRole('heading', { level: 1, name: prospect.name }).waitFor();
      await partner.page
        .getByRole('status')
        .filter({ hasText: `your referral of ${prospect.name} was submitted` })
        .waitFor();
      const referralPath = new URL(partner.page.url()).pathname;
      expect(referralPath).toMatch(/^\/referrals\/[0-9A-Z]{26}$/);
      const prospectCard = partner.page.getByRole('region', { name: 'Prospect' });
      await textOf(prospectCard).toContain(`jordan@${prospect.domain}`);
      const stakeholders = partner.page.getByRole('table', { name: 'Stakeholders' });
      expect(await rowTexts(stakeholders)).toEqual(['Dana WhitfieldDecision maker', 'Sam LeeChampion']);
      await partner.page
        .getByRole('region', { name: 'Timeline' })
        .getByText('Submitted by Nora Lindqvist (you)')
        .waitFor();

      // Sam (Sales) finds it in the triage queue, among the submitted referrals, and accepts it.
      const staff = await browser.signedIn(sam);
      await staff.page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Referrals', exact: true })
        .click();
      await staff.page.getByRole('heading', { level: 1, name: 'Referrals' }).waitFor();
      await staff.page.getByLabel('Status').selectOption({ label: 'Submitted' });
      await staff.page.getByRole('table', { name: 'Submitted referrals' }).waitFor();
      const row = rowOf(staff.page, prospect.name);
      await row.waitFor();
      await textOf(row).toContain('Nora Lindqvist');
      await textOf(row).toContain('Northwind Consulting');
      await textOf(row).toContain('Unassigned');
      // Overdue referrals lead the queue: the first row is one, the new referral (due in days) is not.
      const firstRow = staff.page.getByRole('table', { name: 'Submitted referrals' }).getByRole('row').nth(1);
      await textOf(firstRow).toContain('Overdue');
      expect(await row.textContent()).not.toContain('Overdue');
      expect(await seriousAxeViolations(staff.page)).toEqual([]);
      await screenshot(staff.page, 'referral-queue');

      // Accepting is confirmed in a dialog that takes a note for the referrer.
      await row.getByRole('button', { name: `Accept ${prospect.name}`, exact: true }).click();
      const dialog = staff.page.getByRole('dialog', { name: `Accept the referral of ${prospect.name}` });
      await dialog.getByLabel('Note to the referrer (optional)').fill('Thanks, Nora: we call them this week.');
      expect(await axeViolations(staff.page)).toEqual([]);
      await screenshot(staff.page, 'referral-accept-dialog');
      await dialog.getByRole('button', { name: 'Accept referral' }).click();
      await staff.page
        .getByRole('status')
        .filter({ hasText: `The referral of ${prospect.name} was accepted.` })
        .waitFor();
      await row.getByText('Accepted', { exact: true }).waitFor();
      // Whoever accepts an unowned referral owns it; the next step is offered in place of the first.
      await textOf(row).toContain('Sam Okafor (you)');
      await row.getByRole('button', { name: `Qualify ${prospect.name}`, exact: true }).waitFor();

      // Staff see the whole story on the referral's page: actions, internal notes, conflicts.
      await row.getByRole('link', { name: prospect.name, exact: true }).click();
      await staff.page.getByRole('heading', { level: 1, name: prospect.name }).waitFor();
      const timeline = staff.page.getByRole('region', { name: 'Timeline' });
      await timeline.getByText('Accepted by Sam Okafor (you), who now owns it').waitFor();
      const notes = staff.page.getByRole('region', { name: 'Internal notes' });
      await notes.getByLabel('Add an internal note').fill('Discovery call booked for Tuesday.');
      await notes.getByRole('button', { name: 'Add note' }).click();
      await notes.getByText('Discovery call booked for Tuesday.').waitFor();
      await timeline.getByText('Internal note added by Sam Okafor (you)').waitFor();
      await staff.page.getByRole('region', { name: 'Conflicts' }).getByText('Nobody else has tried').waitFor();
      expect(await seriousAxeViolations(staff.page)).toEqual([]);
      await screenshot(staff.page, 'referral-detail-staff');

      // Nora sees it accepted in "My referrals" and on its page, without the internal notes.
      await partner.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My referrals' }).click();
      await partner.page.getByRole('heading', { level: 1, name: 'My referrals' }).waitFor();
      const mine = rowOf(partner.page, prospect.name);
      await mine.waitFor();
      expect(await mine.getByRole('cell').first().textContent()).toBe('Accepted');
      await textOf(mine).toMatch(/Responded \d{1,2} \w{3} \d{4}/);
      expect(await seriousAxeViolations(partner.page)).toEqual([]);
      await mine.getByRole('link', { name: prospect.name, exact: true }).click();
      await partner.page.getByRole('heading', { level: 1, name: prospect.name }).waitFor();
      const status = partner.page.getByRole('region', { name: 'Status' });
      await status.getByText('Accepted', { exact: true }).first().waitFor();
      await partner.page.getByRole('region', { name: 'Timeline' }).getByText('Accepted', { exact: true }).waitFor();
      await partner.page
        .getByRole('region', { name: 'Timeline' })
        .getByText('Thanks, Nora: we call them this week.')
        .waitFor();
      expect(await partner.page.getByRole('region', { name: 'Internal notes' }).count()).toBe(0);
      expect(await partner.page.getByText('Discovery call booked').count()).toBe(0);
      expect(await partner.page.getByRole('button', { name: /^Qualify/ }).count()).toBe(0);
      expect(await seriousAxeViolations(partner.page)).toEqual([]);
      await screenshot(partner.page, 'referral-detail');

      expect(partner.errors).toEqual([]);
      expect(staff.errors).toEqual([]);
    },
    journeyTimeout,
  );

  test(
    'field errors are shown where they occurred, and focus moves to the first',
    async () => {
      const { nora } = people();
      const prospect = uniqueCompany('Lattice Dental');
      const { page, errors } = await browser.signedIn(nora);
      await openForm(page);
      await fillForm(page, {
        company: prospect.name,
        domain: prospect.domain,
        email: 'jordan-at-lattice',
        fits: { Resources: 3, Functional: 4, Technical: 2 },
        stakeholders: [{ name: 'Ola Norberg', role: 'Ally' }],
      });
      await submitForm(page);

      // The e-mail: its message next to it, tied to it, and focus on it (it comes first on the form).
      const email = page.getByLabel('E-mail');
      await page.getByText('Must be an e-mail address.').waitFor();
      expect(await email.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
      expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe('Error: Must be an e-mail address.');
      expect(await email.evaluate((input) => input === document.activeElement)).toBe(true);

      // The fit left unscored: a message on its group, and nowhere else.
      const cultural = page.getByRole('group', { name: 'Cultural fit' });
      expect(await cultural.locator('.field-error').textContent()).toBe('Error: Choose a score from 1 to 5.');
      expect(await cultural.getByRole('radio').first().getAttribute('aria-invalid')).toBe('true');
      for (const fit of ['Resources', 'Functional', 'Technical']) {
        expect(
          await page
            .getByRole('group', { name: `${fit} fit` })
            .locator('.field-error')
            .count(),
          fit,
        ).toBe(0);
      }
      expect(await page.locator('.field-error').count()).toBe(2);
      await page.getByRole('alert').filter({ hasText: 'Some answers need attention' }).waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, 'referral-form-errors');

      // Put right, the same form goes through (the answers the user gave are all still there).
      await email.fill(`ola@${prospect.domain}`);
      await cultural.getByLabel('5', { exact: true }).check();
      await submitForm(page);
      await page.getByRole('heading', { level: 1, name: prospect.name }).waitFor();
      await page.getByRole('table', { name: 'Stakeholders' }).getByText('Ola Norberg').waitFor();
      expect(unexpected(errors, 400)).toEqual([]);
    },
    journeyTimeout,
  );

  test(
    'a second partner referring the same prospect is told it is registered, and staff see the conflict',
    async () => {
      const { nora, ben, sam } = people();
      const prospect = uniqueCompany('Harrow Mills');
      const registeredId = await submitThroughApi(nora, prospect);

      // Ben (Bluewave Systems) refers the same company, written differently, with the same domain.
      const partner = await browser.signedIn(ben);
      await openForm(partner.page);
      const attempted = `${prospect.name} Ltd`;
      await fillForm(partner.page, { company: attempted, domain: prospect.domain, email: `lee@${prospect.domain}` });
      await submitForm(partner.page);
      const notice = partner.page.getByRole('alert').filter({ hasText: 'This company is already registered' });
      await notice.waitFor();
      const today = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' }).format(new Date());
      await textOf(notice).toContain(`registered this prospect on ${today}`);
      await textOf(notice).toContain('Our team has been told');
      expect(new URL(partner.page.url()).pathname).toBe('/refer');
      expect(await partner.page.getByLabel('Company name').inputValue()).toBe(attempted);
      expect(await seriousAxeViolations(partner.page)).toEqual([]);
      // Nothing was registered for Ben: his organisation's list does not have it.
      await partner.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My referrals' }).click();
      await partner.page.getByRole('table', { name: 'All referrals' }).waitFor();
      expect(await partner.page.getByText(attempted).count()).toBe(0);

      // Sam sees the conflict, and rules on it.
      const staff = await browser.signedIn(sam);
      await staff.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Conflicts' }).click();
      await staff.page.getByRole('heading', { level: 1, name: 'Conflicts' }).waitFor();
      const open = staff.page.getByRole('table', { name: 'Open conflicts' });
      const row = open
        .getByRole('row')
        // The spelling submitted, and beside it the company as the registered referral names it.
        .filter({
          has: staff.page.getByRole('rowheader', {
            name: new RegExp(`^${attempted}\\s*Registered as ${prospect.name}$`),
          }),
        });
      await row.waitFor();
      await textOf(row).toContain('Ben Carter');
      await textOf(row).toContain('Bluewave Systems');
      expect(await row.getByRole('link', { name: /The registered referral/ }).getAttribute('href')).toBe(
        `/referrals/${registeredId}`,
      );
      expect(await seriousAxeViolations(staff.page)).toEqual([]);
      await screenshot(staff.page, 'referral-conflicts');

      // The registered referral's page shows the conflict too.
      await staff.page.goto(url(`/referrals/${registeredId}`));
      await staff.page.getByRole('heading', { level: 1, name: prospect.name }).waitFor();
      await staff.page
        .getByRole('region', { name: 'Conflicts' })
        .getByText(`Ben Carter (Bluewave Systems) tried to refer “${attempted}”`)
        .waitFor();

      // Uphold: a dialog asks first; Escape leaves it be.
      await staff.page.goBack();
      await row.waitFor();
      const uphold = row.getByRole('button', { name: `Uphold the conflict over ${attempted}`, exact: true });
      await uphold.click();
      const dialog = staff.page.getByRole('dialog', { name: `Uphold the first registration of “${attempted}”?` });
      await dialog.waitFor();
      expect(await seriousAxeViolations(staff.page)).toEqual([]);
      await staff.page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => uphold.evaluate((button) => button === document.activeElement)).toBe(true);
      await uphold.click();
      await dialog.getByLabel('Note on the ruling (optional)').fill('Northwind registered it first.');
      await dialog.getByRole('button', { name: 'Uphold', exact: true }).click();
      await staff.page
        .getByRole('status')
        .filter({ hasText: `The conflict over ${attempted} was upheld` })
        .waitFor();
      await row.waitFor({ state: 'detached' });
      await staff.page.getByLabel('Show ruled conflicts').check();
      const ruled = staff.page
        .getByRole('table', { name: 'All conflicts' })
        .getByRole('row')
        // The spelling submitted, and beside it the company as the registered referral names it.
        .filter({
          has: staff.page.getByRole('rowheader', {
            name: new RegExp(`^${attempted}\\s*Registered as ${prospect.name}$`),
          }),
        });
      await ruled.waitFor();
      await textOf(ruled).toContain('Upheld');
      await textOf(ruled).toContain('Northwind registered it first.');

      expect(unexpected(partner.errors, 409)).toEqual([]);
      expect(staff.errors).toEqual([]);
    },
    journeyTimeout,
  );

  test(
    'staff decline with a reason in a dialog; a leader erases the contact details after confirming',
    async () => {
      const { nora, morgan } = people();
      const prospect = uniqueCompany('Osprey Clinics');
      const id = await submitThroughApi(nora, prospect);
      const { page, errors } = await browser.signedIn(morgan);
      await page.goto(url(`/referrals/${id}`));
      await page.getByRole('heading', { level: 1, name: prospect.name }).waitFor();

      // Decline asks for a reason: without one, the dialog says so next to the field.
      const decline = page.getByRole('button', { name: `Decline ${prospect.name}`, exact: true });
      await decline.click();
      const dialog = page.getByRole('dialog', { name: `Decline the referral of ${prospect.name}` });
      await dialog.waitFor();
      const reason = dialog.getByLabel('Reason');
      expect(await reason.evaluate((input) => input === document.activeElement)).toBe(true);
      await dialog.getByRole('button', { name: 'Decline referral' }).click();
      await dialog.getByText('Must not be empty.').waitFor();
      expect(await reason.getAttribute('aria-invalid')).toBe('true');
      await reason.fill('Outside the regions we serve.');
      await dialog.getByRole('button', { name: 'Decline referral' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `The referral of ${prospect.name} was declined.` })
        .waitFor();
      const status = page.getByRole('region', { name: 'Status' });
      await status.getByText('Outside the regions we serve.').waitFor();
      await page.getByRole('region', { name: 'Timeline' }).getByText('Declined by Morgan Hale (you)').waitFor();

      // Erasing the contact asks first; Cancel keeps everything.
      const erase = page.getByRole('button', { name: 'Erase contact details' });
      await erase.click();
      const confirm = page.getByRole('dialog', { name: `Erase the contact details of ${prospect.name}?` });
      await confirm.waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await confirm.waitFor({ state: 'detached' });
      const prospectCard = page.getByRole('region', { name: 'Prospect' });
      await textOf(prospectCard).toContain('Robin Vale');
      await erase.click();
      await confirm.getByRole('button', { name: 'Erase contact details' }).click();
      await page.getByRole('status').filter({ hasText: 'The contact details were erased.' }).waitFor();
      await page
        .getByRole('region', { name: 'Personal data' })
        .getByText('The contact details were erased on')
        .waitFor();
      const contact = await prospectCard.textContent();
      expect(contact).not.toContain('Robin Vale');
      expect(contact).not.toContain(`robin@${prospect.domain}`);
      expect(contact).toContain('(erased)');
      await page
        .getByRole('region', { name: 'Timeline' })
        .getByText('Contact details erased by Morgan Hale (you)')
        .waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      // The one 400 is the decline sent without a reason.
      expect(unexpected(errors, 400)).toEqual([]);

      // The partner sees the decline, its reason and the erasure.
      const partner = await browser.signedIn(nora);
      await partner.page.goto(url(`/referrals/${id}`));
      await partner.page.getByRole('heading', { level: 1, name: prospect.name }).waitFor();
      await partner.page.getByRole('region', { name: 'Status' }).getByText('Outside the regions we serve.').waitFor();
      await textOf(partner.page.getByRole('region', { name: 'Prospect' })).toContain('(erased)');
      expect(await partner.page.getByRole('button', { name: 'Erase contact details' }).count()).toBe(0);
      expect(partner.errors).toEqual([]);
    },
    journeyTimeout,
  );
});

async function rowTexts(table: Locator): Promise<string[]> {
  const rows = await table.locator('tbody tr').allTextContents();
  return rows.map((text) => text.trim());
}
