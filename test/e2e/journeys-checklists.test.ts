import { beforeAll, describe, expect, test } from 'vitest';
import {
  api,
  apiOnVersion,
  type DemoUser,
  e2e,
  followMenu,
  journeyStep,
  screens,
  textOf,
  unexpected,
  uniqueName,
  uniqueTag,
  url,
  useBrowser,
  useDemoUsers,
} from './browser.ts';

/**
 * Issue 17, point 8, at a laptop's width and a phone's: the next team says what it needs.
 * Product's staff write what they need with an escalation; the sender's form asks for each item
 * and will not go without them; Product returns it ticking the item that was missing; the sender
 * resubmits with that answer changed; the scorecard's "Returns, by kind and missing item" breaks
 * the return down by that item and drills down to the handoff.
 *
 * Only Product's escalation list is written here (no other test sends Product an escalation),
 * and each run starts it afresh with items of its own.
 */

type Checklist = { teamId: string; version: number; kinds: Record<string, { id: string; label: string }[]> };
type Figure = { id: string; byDimension: { dimension: string; label: string; value: number }[] };

/** The scorecard's returns figure, once the aggregator has counted a return under `dimension`. */
async function returnsCounted(leader: DemoUser, dimension: string): Promise<void> {
  for (let attempt = 0; attempt < 180; attempt++) {
    const scorecard = await api<{ pillars: { figures: Figure[] }[] }>(leader, 'GET', '/api/scorecard');
    const figure = scorecard.pillars.flatMap((pillar) => pillar.figures).find((f) => f.id === 'handoffs.returns');
    if (figure?.byDimension.some((point) => point.dimension === dimension && point.value > 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The scorecard did not count a return under ${dimension} within 90 s`);
}

describe.runIf(e2e)('journeys: what the next team needs', () => {
  const browser = useBrowser();
  const people = useDemoUsers({ priya: 'Priya Nair', sam: 'Sam Okafor', morgan: 'Morgan Hale' });

  let productId: string;

  beforeAll(async () => {
    const { sam } = people();
    const teams = await api<{ items: { id: string; name: string }[] }>(sam, 'GET', '/api/teams');
    const product = teams.items.find((team) => team.name === 'Product');
    if (!product) throw new Error('The demo seed has no Product team');
    productId = product.id;
  });

  for (const screen of screens) {
    test(`a team says what it needs, the sender answers it, a return ticks what was missing, the resubmission changes it, the scorecard drills down to it (${screen.name})`, async () => {
      const { priya, sam, morgan } = people();
      const tag = uniqueTag();
      const impactItem = `Customer impact ${tag}`;
      const stepsItem = `Steps to reproduce ${tag}`;
      // Product's escalation list emptied, its other kinds kept as they are.
      const before = await api<Checklist>(priya, 'GET', `/api/teams/${productId}/checklist`);
      await apiOnVersion(priya, 'PUT', `/api/teams/${productId}/checklist`, before.version, {
        ...before.kinds,
        escalation: [],
      });

      // Priya (Product) writes what her team needs with an escalation.
      const team = await browser.signedIn(priya, { viewport: screen });
      await followMenu(team.page, 'What we need');
      await team.page.getByRole('heading', { level: 1, name: 'What Product needs' }).waitFor();
      const escalation = team.page.getByRole('region', { name: 'Escalation' });
      await escalation.getByRole('button', { name: 'Add an item to Escalation' }).click();
      await escalation.getByLabel('Escalation: item 1').fill(impactItem);
      await escalation.getByRole('button', { name: 'Add an item to Escalation' }).click();
      await escalation.getByLabel('Escalation: item 2').fill(stepsItem);
      await team.page.getByRole('button', { name: 'Save what we need' }).click();
      await team.page.getByRole('status').filter({ hasText: 'Senders now answer these items' }).waitFor();
      await journeyStep(team.page, `journey-needs-1-team-list-${screen.name}`);

      // Sam (Sales) hands an escalation to Product: the form asks for both items and requires them.
      const summary = uniqueName('Report builder times out');
      const sender = await browser.signedIn(sam, { viewport: screen });
      await sender.page.goto(url('/hand-over'));
      await sender.page.getByRole('heading', { level: 1, name: 'Hand over' }).waitFor();
      await sender.page.getByLabel('Hand over to').selectOption({ label: 'Product' });
      await sender.page.getByLabel('Kind of handoff').selectOption({ label: 'Escalation' });
      const asked = sender.page.getByRole('region', { name: 'What Product needs' });
      await asked.getByLabel(impactItem, { exact: true }).waitFor();
      await sender.page.getByLabel('Summary').fill(summary);
      await sender.page.getByLabel('What was the customer promised?').fill('A workaround this week.');
      await sender.page.getByLabel('What does Product need to do its part?').fill('A look at the slow query.');
      await sender.page.getByRole('button', { name: 'Hand over', exact: true }).click();
      await sender.page.getByRole('alert').filter({ hasText: 'Some answers need attention' }).waitFor();
      for (const label of [impactItem, stepsItem]) {
        expect(await asked.getByLabel(label, { exact: true }).getAttribute('aria-invalid'), label).toBe('true');
      }
      await asked.getByText(`The receiving team needs this: ${stepsItem}.`).waitFor();
      await journeyStep(sender.page, `journey-needs-2-required-${screen.name}`);
      await asked.getByLabel(impactItem, { exact: true }).fill('Forty analysts cannot run the monthly report.');
      await asked.getByLabel(stepsItem, { exact: true }).fill('Run any report.');
      await sender.page.getByRole('button', { name: 'Hand over', exact: true }).click();
      await sender.page.getByRole('heading', { level: 1, name: summary }).waitFor();
      const handoffPath = new URL(sender.page.url()).pathname;

      // Priya acknowledges it and returns it, ticking the item whose answer was not enough.
      await team.page.goto(url(handoffPath));
      await team.page.getByRole('heading', { level: 1, name: summary }).waitFor();
      await team.page.getByRole('button', { name: `Acknowledge ${summary}`, exact: true }).click();
      await team.page
        .getByRole('status')
        .filter({ hasText: `“${summary}” was acknowledged.` })
        .waitFor();
      await team.page.getByRole('button', { name: `Return ${summary}`, exact: true }).click();
      const returning = team.page.getByRole('dialog', { name: `Return “${summary}”` });
      await returning
        .getByRole('group', { name: 'Missing from what you asked for' })
        .getByRole('checkbox', { name: stepsItem })
        .check();
      await returning.getByLabel('Note (optional)').fill('Which report, with which filters?');
      await journeyStep(team.page, `journey-needs-3-return-${screen.name}`);
      await returning.getByRole('button', { name: 'Return handoff' }).click();
      await team.page
        .getByRole('status')
        .filter({ hasText: `“${summary}” was returned to Sales` })
        .waitFor();
      const answers = team.page.getByRole('region', { name: 'What Product asked for' });
      await answers.getByText('Missing', { exact: true }).waitFor();

      // Sam resubmits from his outbox, answering the missing item anew.
      await followMenu(sender.page, 'Outbox');
      await sender.page.getByRole('heading', { level: 1, name: 'Outbox' }).waitFor();
      const row = sender.page
        .getByRole('row')
        .filter({ has: sender.page.getByRole('link', { name: summary, exact: true }) });
      await row.getByText('Returned', { exact: true }).waitFor();
      await row.getByRole('button', { name: `Resubmit ${summary}`, exact: true }).click();
      const resubmit = sender.page.getByRole('dialog', { name: `Resubmit “${summary}”` });
      const group = resubmit.getByRole('group', { name: 'Your answers to what Product asks for' });
      // The missing item comes first, with its answer as sent, to be changed.
      expect(await group.locator('label').first().textContent()).toContain(stepsItem);
      const steps = group.getByLabel(stepsItem, { exact: true });
      expect(await steps.inputValue()).toBe('Run any report.');
      const better = 'Sales by region, last 13 months, grouped by week: it times out after 30 s.';
      await steps.fill(better);
      await journeyStep(sender.page, `journey-needs-4-resubmit-${screen.name}`);
      await resubmit.getByRole('button', { name: 'Resubmit handoff' }).click();
      await sender.page
        .getByRole('status')
        .filter({ hasText: `“${summary}” was resubmitted to Product.` })
        .waitFor();

      // Both sides see the new answer, marked, and the timeline says which answer changed.
      await team.page.reload();
      await team.page.getByRole('heading', { level: 1, name: summary }).waitFor();
      await answers.getByText(better).waitFor();
      await answers.getByText('Answered anew').waitFor();
      await team.page
        .getByRole('region', { name: 'Timeline' })
        .getByText(`Resubmitted to Product by Sam Okafor of Sales, with new answers to: ${stepsItem}`)
        .waitFor();
      await journeyStep(team.page, `journey-needs-5-resubmitted-${screen.name}`);

      // The leader's scorecard: returns by missing item, drilled down to this handoff.
      const checklist = await api<Checklist>(priya, 'GET', `/api/teams/${productId}/checklist`);
      const stepsId = checklist.kinds.escalation?.find((item) => item.label === stepsItem)?.id;
      const dimension = `item:${productId}:${stepsId}`;
      await returnsCounted(morgan, dimension);
      const leader = await browser.signedIn(morgan, { viewport: screen });
      await leader.page.goto(url('/scorecard'));
      await leader.page.getByRole('heading', { level: 2, name: 'Total Customer Index' }).waitFor();
      await leader.page.getByRole('button', { name: 'Returns, by kind and missing item', exact: true }).click();
      const drill = leader.page.getByRole('dialog', { name: 'Returns, by kind and missing item' });
      const breakdown = drill.getByLabel('Break down by');
      await breakdown.selectOption({ value: dimension });
      await textOf(breakdown.locator('option:checked')).toBe(`Product: ${stepsItem}`);
      const record = drill.getByRole('link', { name: summary, exact: true });
      // The handoff is among all the figure's returns too, shown before the breakdown's answer
      // comes: the summary says when the rows are the breakdown's.
      await textOf(drill.getByTestId('drill-summary')).toBe('1 record.');
      await record.waitFor();
      expect(await drill.getByRole('table').getByRole('row').count()).toBe(2);
      await journeyStep(leader.page, `journey-needs-6-scorecard-${screen.name}`);
      await record.click();
      await leader.page.getByRole('heading', { level: 1, name: summary }).waitFor();
      expect(new URL(leader.page.url()).pathname).toBe(handoffPath);

      expect(team.errors).toEqual([]);
      expect(unexpected(sender.errors, 400)).toEqual([]);
      expect(leader.errors).toEqual([]);
    });
  }
});
