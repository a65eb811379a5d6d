import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { demoUser, e2e, screenshot, seriousAxeViolations, signIn, uniqueName, useBrowser } from './browser.ts';

async function openTeams(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Directory' }).click();
  await page.getByRole('heading', { level: 1, name: 'Teams' }).waitFor();
  await page.getByRole('table', { name: 'Active teams' }).waitFor();
}

describe.runIf(e2e)('the directory, as a leader', () => {
  const browser = useBrowser();

  test('creates a team, renames it, deactivates it, and it is gone from the default list', async () => {
    const { page, errors } = await browser.signedIn(await demoUser('leader'));
    await openTeams(page);
    const created = uniqueName('E2E Team');
    const renamed = `${created} renamed`;
    const table = page.getByRole('table', { name: 'Active teams' });

    // Create
    const addForm = page.getByRole('region', { name: 'Add a team' });
    await addForm.getByLabel('Name').fill(created);
    await addForm.getByRole('button', { name: 'Add team' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Team “${created}” added.` })
      .waitFor();
    await table.getByRole('rowheader', { name: created, exact: true }).waitFor();
    expect(await addForm.getByLabel('Name').inputValue()).toBe('');

    // Rename
    await table.getByRole('button', { name: `Rename ${created}`, exact: true }).click();
    const nameInput = page.getByLabel(`New name for ${created}`, { exact: true });
    expect(await nameInput.evaluate((input) => input === document.activeElement)).toBe(true);
    await nameInput.fill(renamed);
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Team renamed to “${renamed}”.` })
      .waitFor();
    await table.getByRole('rowheader', { name: renamed, exact: true }).waitFor();
    expect(await table.getByRole('rowheader', { name: created, exact: true }).count()).toBe(0);

    // Deactivate: it leaves the list of active teams at once...
    await table.getByRole('button', { name: `Deactivate ${renamed}`, exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Team “${renamed}” deactivated.` })
      .waitFor();
    await table.getByRole('rowheader', { name: renamed, exact: true }).waitFor({ state: 'detached' });

    // ...and is not in it when the list is loaded afresh from the API,
    await page.reload();
    await page.getByRole('table', { name: 'Active teams' }).getByRole('rowheader').first().waitFor();
    expect(await page.getByRole('rowheader', { name: renamed, exact: true }).count()).toBe(0);

    // but the show-inactive toggle still finds it, marked inactive, ready to be reactivated.
    await page.getByLabel('Show inactive teams').check();
    const allTeams = page.getByRole('table', { name: 'All teams' });
    const row = allTeams.getByRole('row').filter({ has: page.getByRole('rowheader', { name: renamed, exact: true }) });
    await row.waitFor();
    expect(await row.getByRole('cell').first().textContent()).toBe('Inactive');
    expect(await row.getByRole('button', { name: `Reactivate ${renamed}`, exact: true }).count()).toBe(1);

    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'leader-directory-teams');
    expect(errors).toEqual([]);
  });

  test('submitting an empty team name shows the API’s field error next to the field', async () => {
    const { page, errors } = await browser.signedIn(await demoUser('leader'));
    await openTeams(page);
    const addForm = page.getByRole('region', { name: 'Add a team' });
    const nameInput = addForm.getByLabel('Name');

    const answer = page.waitForResponse(
      (response) => response.url().endsWith('/api/teams') && response.request().method() === 'POST',
    );
    await addForm.getByRole('button', { name: 'Add team' }).click();
    const response = await answer;
    expect(response.status()).toBe(400);
    expect(response.headers()['content-type']).toContain('application/problem+json');
    const problem = (await response.json()) as { errors?: { path: string; message: string }[] };
    const apiMessage = problem.errors?.find((error) => error.path === 'name')?.message;
    expect(apiMessage).toBeTruthy();

    const fieldError = addForm.locator('.field-error');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toBe(`Error: ${apiMessage}`);
    expect(await nameInput.getAttribute('aria-invalid')).toBe('true');
    // The message is the field's accessible description, and focus is on the field to fix.
    const describedBy = (await nameInput.getAttribute('aria-describedby')) ?? '';
    expect(describedBy.split(' ')).toContain(await fieldError.getAttribute('id'));
    expect(await nameInput.evaluate((input) => input === document.activeElement)).toBe(true);

    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'leader-directory-validation');
    // The 400 itself is logged by Chromium as a failed resource load; nothing else may be.
    expect(errors.filter((error) => !error.includes('400'))).toEqual([]);
  });

  test('a rename based on a stale version is refused (412): the user is told and sees the record as it is now', async () => {
    const leader = await demoUser('leader');
    const first = await browser.open();
    const second = await browser.open();
    await signIn(first.page, leader);
    await signIn(second.page, leader);

    // The first tab creates a team; the second loads the list holding it at version 1.
    await openTeams(first.page);
    const original = uniqueName('E2E Stale');
    const addForm = first.page.getByRole('region', { name: 'Add a team' });
    await addForm.getByLabel('Name').fill(original);
    await addForm.getByRole('button', { name: 'Add team' }).click();
    await first.page.getByRole('rowheader', { name: original, exact: true }).waitFor();
    await openTeams(second.page);
    await second.page.getByRole('rowheader', { name: original, exact: true }).waitFor();

    // The first tab renames it (version 2)...
    await first.page.getByRole('button', { name: `Rename ${original}`, exact: true }).click();
    await first.page.getByLabel(`New name for ${original}`, { exact: true }).fill(`${original} first`);
    await first.page.getByRole('button', { name: 'Save' }).click();
    await first.page.getByRole('rowheader', { name: `${original} first`, exact: true }).waitFor();

    // ...then the second tab, still holding version 1, tries to.
    await second.page.getByRole('button', { name: `Rename ${original}`, exact: true }).click();
    await second.page.getByLabel(`New name for ${original}`, { exact: true }).fill(`${original} second`);
    const answer = second.page.waitForResponse((response) => response.request().method() === 'PATCH');
    await second.page.getByRole('button', { name: 'Save' }).click();
    expect((await answer).status()).toBe(412);

    const alert = second.page.getByRole('alert').filter({ hasText: 'changed by someone else' });
    await alert.waitFor();
    await second.page.getByRole('rowheader', { name: `${original} first`, exact: true }).waitFor();
    expect(await second.page.getByRole('rowheader', { name: `${original} second`, exact: true }).count()).toBe(0);
    await screenshot(second.page, 'leader-directory-stale');
    expect(first.errors).toEqual([]);
    expect(second.errors.filter((error) => !error.includes('412'))).toEqual([]);
  });

  test('the partner organisations and users screens list the demo seed and pass axe', async () => {
    const { page, errors } = await browser.open();
    const leader = await demoUser('leader');
    const partner = await demoUser('partner');
    await signIn(page, leader);
    await openTeams(page);

    await page
      .getByRole('navigation', { name: 'Directory' })
      .getByRole('link', { name: 'Partner organisations' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Partner organisations' }).waitFor();
    if (!partner.partnerName) throw new Error('The demo partner has no partner organisation name');
    await page.getByRole('rowheader', { name: partner.partnerName, exact: true }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole('navigation', { name: 'Directory' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    const partnerRow = page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: partner.name, exact: true }) });
    await partnerRow.getByRole('cell', { name: partner.partnerName, exact: true }).waitFor();
    expect(await partnerRow.getByRole('cell', { name: 'Partner', exact: true }).count()).toBe(1);
    // Leaders cannot deactivate themselves, so their own row offers no such button.
    const ownRow = page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: leader.name, exact: true }) });
    expect(await ownRow.getByRole('button', { name: /^Deactivate/ }).count()).toBe(0);

    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'leader-directory-users');
    expect(errors).toEqual([]);
  });
});
