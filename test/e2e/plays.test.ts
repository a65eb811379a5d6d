import type { Locator } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { axeViolations, e2e, screens, screenshot, uniqueTag, url, useBrowser, useDemoUsers } from './browser.ts';

/**
 * From a mover to a closed play: a leader opens the scorecard, reads a mover's records, makes a
 * play of it for a staff member with a due date; the staff member finds it on My work and closes
 * it with a note. At a laptop's width and a phone's.
 */

const journeyTimeout = 180_000;

/** The rows of an open drill-down, every page of them loaded. */
async function drillRows(dialog: Locator): Promise<number> {
  await dialog.locator('.loading').waitFor({ state: 'detached' });
  const more = dialog.getByRole('button', { name: 'Show more' });
  while ((await more.count()) > 0) {
    const before = await dialog.locator('table.drill-table tbody tr').count();
    await more.click();
    await expect.poll(() => dialog.locator('table.drill-table tbody tr').count()).toBeGreaterThan(before);
  }
  return dialog.locator('table.drill-table tbody tr').count();
}

/** A date `days` from today, as the date input takes it. */
function inDays(days: number): string {
  const date = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
  return date.toISOString().slice(0, 10);
}

describe.runIf(e2e)('plays, from a mover to a closed follow-up', () => {
  const browser = useBrowser();
  const people = useDemoUsers({ morgan: 'Morgan Hale', sam: 'Sam Okafor' });

  for (const screen of screens) {
    test(
      `a leader makes a play of a mover, its owner closes it on My work (${screen.name})`,
      async () => {
        const { morgan, sam } = people();
        const title = `Call about the move ${uniqueTag()}`;
        const dueOn = inDays(5);

        const leader = await browser.signedIn(morgan, { viewport: screen });
        await leader.page.goto(url('/scorecard'));
        await leader.page.getByRole('heading', { level: 2, name: 'Total Customer Index' }).waitFor();

        // Every pillar lists what moved against the previous twelve weeks.
        const movers = leader.page.locator('.movers');
        await expect.poll(() => movers.count()).toBe(3);
        const mover = movers.first().locator('li').first();
        const moverText = (await mover.textContent()) ?? '';
        const n = Number(/n = ([\d,]+)/.exec(moverText)?.[1]?.replace(/,/g, '') ?? 'NaN');
        expect(n).toBeGreaterThan(0);
        expect(await axeViolations(leader.page)).toEqual([]);
        await screenshot(leader.page, `plays-1-movers-${screen.name}`);

        // The mover's number opens its records: as many rows as its n.
        await mover.getByRole('button').first().click();
        const drill = leader.page.getByRole('dialog');
        await drill.waitFor();
        expect(await drillRows(drill)).toBe(n);
        expect(await axeViolations(leader.page)).toEqual([]);
        await screenshot(leader.page, `plays-2-mover-records-${screen.name}`);
        await drill.getByRole('button', { name: 'Close' }).click();
        await drill.waitFor({ state: 'detached' });

        // A play of it, for Sam, due in five days.
        await mover.getByRole('button', { name: /^Make a play: / }).click();
        const dialog = leader.page.getByRole('dialog', { name: /^Make a play: / });
        await dialog.waitFor();
        const owner = dialog.getByLabel('Owner');
        await expect.poll(() => owner.locator('option', { hasText: sam.name }).count()).toBe(1);
        await owner.selectOption({ label: `${sam.name} (${sam.teamName ?? 'Sales'})` });
        await dialog.getByLabel('Due by').fill(dueOn);
        await dialog.getByLabel('What to do (optional)').fill(title);
        expect(await axeViolations(leader.page)).toEqual([]);
        await screenshot(leader.page, `plays-3-make-${screen.name}`);
        await dialog.getByRole('button', { name: 'Make the play' }).click();
        await leader.page
          .getByRole('status')
          .filter({ hasText: new RegExp(`^Play made: ${sam.name} follows it up by \\d{1,2} \\w+ \\d{4}\\.$`) })
          .waitFor();

        // Sam finds it on My work, with its due date, and closes it with a note.
        const owner2 = await browser.signedIn(sam, { viewport: screen });
        await owner2.page.goto(url('/my-work'));
        const plays = owner2.page.getByRole('region', { name: /^My plays/ });
        const row = plays.getByRole('row').filter({ has: owner2.page.getByRole('rowheader', { name: title }) });
        await row.waitFor();
        // The due date reads as a date ("8 Dec 2026") and carries the calendar date it stands for.
        expect(await row.locator('time').getAttribute('datetime')).toBe(dueOn);
        expect(await axeViolations(owner2.page)).toEqual([]);
        await screenshot(owner2.page, `plays-4-my-work-${screen.name}`);
        await row.getByRole('button', { name: `Close the play: ${title}` }).click();
        const closing = owner2.page.getByRole('dialog', { name: `Close the play: ${title}` });
        await closing.getByLabel('Note').fill('Called them: the quiet month was a holiday; two referrals are coming.');
        expect(await axeViolations(owner2.page)).toEqual([]);
        await screenshot(owner2.page, `plays-5-close-${screen.name}`);
        await closing.getByRole('button', { name: 'Close the play' }).click();
        await owner2.page
          .getByRole('status')
          .filter({ hasText: `Play closed: ${title}.` })
          .waitFor();
        await row.waitFor({ state: 'detached' });
        expect(await axeViolations(owner2.page)).toEqual([]);
        await screenshot(owner2.page, `plays-6-closed-${screen.name}`);

        expect(leader.errors).toEqual([]);
        expect(owner2.errors).toEqual([]);
      },
      journeyTimeout,
    );
  }
});
