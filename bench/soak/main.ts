import { parseArgs } from 'node:util';
import { runSoak } from './soak.ts';

/**
 * `npm run soak [-- --operations 3000 --concurrency 50]` (or SOAK_OPERATIONS,
 * SOAK_CONCURRENCY, SOAK_DOWN_MS): the soak of bench/soak/soak.ts, printed as one line per
 * check. Exits 1 when any check fails (anything acknowledged lost, a duplicate, a wrong error).
 */
const { values } = parseArgs({
  options: {
    operations: { type: 'string' },
    concurrency: { type: 'string' },
    'down-ms': { type: 'string' },
  },
});

function count(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${name} must be a whole number above 0, not ${value}.`);
  return parsed;
}

async function main(): Promise<void> {
  const operations = count(values.operations ?? process.env.SOAK_OPERATIONS, 3000, 'operations');
  const concurrency = count(values.concurrency ?? process.env.SOAK_CONCURRENCY, 50, 'concurrency');
  const downMs = count(values['down-ms'] ?? process.env.SOAK_DOWN_MS, 1500, 'down-ms');
  const report = await runSoak({ operations, concurrency, downMs, log: (line) => console.log(line) });
  console.log('');
  console.log(
    `${report.operations} operations (${report.attempts} requests) at concurrency ${concurrency} in ${(
      report.durationMs / 1000
    ).toFixed(1)} s`,
  );
  console.log(
    `  mix: ${Object.entries(report.byKind)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', ')}`,
  );
  console.log(
    `  answers: ${Object.entries(report.statuses)
      .map(([status, n]) => `${status} ×${n}`)
      .join(', ')}`,
  );
  console.log(
    `  outage: DynamoDB Local down for ${report.outage.downMs} ms (kill, restart on the same data and port); ` +
      `first success ${report.outage.recoveredAfterMs ?? '—'} ms after it was back`,
  );
  for (const check of report.checks)
    console.log(`${check.ok ? 'PASS' : check.required ? 'FAIL' : 'NOTE'} ${check.name}: ${check.detail}`);
  process.exitCode = report.ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(`Soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(2);
});
