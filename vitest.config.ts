import { defineConfig } from 'vitest/config';

// Four suites, one config: `vitest run --project <name>` picks one. Integration and e2e start
// their own DynamoDB Local (and, for e2e, the whole local stack) in their global setup.
export default defineConfig({
  test: {
    // Tests assert on responses; the request log would only bury their output.
    env: { LOG_LEVEL: 'SILENT' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // The property tests run hundreds of cases: a budget two busy cores meet, never a speed check.
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
          setupFiles: ['test/support/drop-tables.ts'],
          // Two files at a time, each worker with its own DynamoDB Local: a file spends most of its
          // time waiting on the emulator's single SQLite thread, so on two cores one worker (the
          // default there) left a core idle.
          maxWorkers: 2,
          // Budgets for two busy cores (a test takes well under a second on a quiet machine):
          // a timeout here only catches a hang, it never measures speed.
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          // A journey at two widths takes 15 s on quiet cores and over 60 s on loaded ones: the
          // budget catches a hang, it never measures speed.
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
