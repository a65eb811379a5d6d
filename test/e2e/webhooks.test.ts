import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Receiver, startReceiver } from '../integration/webhooks/receiver.ts';
import { demoUser, e2e, screenshot, seriousAxeViolations, unexpected, useBrowser } from './browser.ts';

describe.runIf(e2e)('webhooks, as a leader', () => {
  const browser = useBrowser();

  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await receiver?.close();
  });

  test('adds an endpoint, sees its secret once, sends a test that the receiver verifies, and sees it delivered', async () => {
    const { page, errors } = await browser.signedIn(await demoUser('leader'));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();

    const form = page.getByRole('region', { name: 'Add a webhook' });
    // The API's 400 is shown beside the URL, which takes focus; nothing is added.
    await form.getByLabel('URL').fill('http://hooks.example.com/plain');
    await form.getByRole('button', { name: 'Add the webhook' }).click();
    await form.getByText('Must use HTTPS', { exact: false }).waitFor();
    expect(await form.getByLabel('URL').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('URL').evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await page.getByRole('heading', { name: 'http://hooks.example.com/plain' }).count()).toBe(0);

    const url = `${receiver.url}/${Date.now().toString(36)}`;
    await form.getByLabel('URL').fill(url);
    await form.getByLabel('Issues: every change').check();
    await form.getByRole('button', { name: 'Add the webhook' }).click();

    const secret = (await page.locator('code.secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.locator('code.secret').count()).toBe(0);

    const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: url }) });
    await item.getByRole('button', { name: 'Send a test' }).click();
    await page.getByRole('status').filter({ hasText: 'Test message queued.' }).waitFor();

    // The local stack's dispatcher runs every two seconds.
    const tests = () => receiver.received.filter((request) => request.body.includes('"webhook.test"'));
    await expect.poll(() => tests().length, { timeout: 15_000 }).toBe(1);
    const [request] = tests();
    if (!request) throw new Error('nothing received');
    expect(new Webhook(secret).verify(request.body, request.headers as Record<string, string>)).toMatchObject({
      type: 'webhook.test',
    });

    await item.getByRole('button', { name: 'Deliveries' }).click();
    // Other events may have followed the test (the sweeper's, say): the test's own row is delivered.
    await item
      .getByRole('table', { name: /Deliveries to/ })
      .getByRole('row')
      .filter({ hasText: 'webhook.test' })
      .getByText('Delivered')
      .waitFor();
    await screenshot(page, 'webhooks');
    expect(unexpected(errors, 400)).toEqual([]);
  });
});
