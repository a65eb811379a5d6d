import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

/** What the e2e tests get from this setup: null when Chromium is missing and the suite skips. */
export interface E2eContext {
  baseUrl: string;
  chromiumPath: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2eContext | null;
  }
}

const webIndex = resolve(import.meta.dirname, '../../web/dist/index.html');

/**
 * Starts the whole local stack in this process (in-memory DynamoDB Local, the demo seed, the
 * Node server with web/dist, /config.json, /auth and /api) on a free port, for the e2e tests.
 *
 * Without Chromium the suite skips with one line saying how to install it, except on CI
 * (`CI` set), where a missing browser must fail the run rather than pass it silently.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) {
    const message = `The e2e suite needs Chromium at ${chromiumPath}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`;
    if (process.env.CI) throw new Error(message);
    console.warn(`${message} Skipping the e2e suite.`);
    project.provide('e2e', null);
    return undefined;
  }
  if (!existsSync(webIndex)) throw new Error('web/dist is not built: run the suite with `npm run test:e2e`.');

  // The API logs a line per request; the suite's output is for failures. Set before the import,
  // because the configuration is parsed once, when the API's modules load.
  process.env.LOG_LEVEL ??= 'WARN';
  // Imported here, not at the top: without Chromium there is no reason to load DynamoDB Local.
  const { startLocalStack } = await import('#local/stack.ts');
  const stack = await startLocalStack({ port: 0, seed: true, quiet: true });
  // The scorecard and the notifications of the demo's twelve weeks first: a test's own change
  // then shows within a poll or two instead of waiting behind the seed's history.
  await stack.caughtUp();
  project.provide('e2e', { baseUrl: stack.url, chromiumPath });
  return () => stack.stop();
}
