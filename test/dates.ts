/**
 * `npm run test:dates`: the unit suite and the calendar-sensitive integration tests, each run
 * with the whole process tree's clock moved to an awkward moment by libfaketime (Debian's
 * `faketime`): Node, vitest's workers and DynamoDB Local's JVM all see the same shifted clock,
 * because an offset (`+Ns`) moves every process by the same amount, whenever it starts.
 *
 *   npm run test:dates                      every date below
 *   npm run test:dates -- week-53 leap-day  the named ones
 *
 * A test that reads the real clock (`new Date()`) therefore runs as it would on that date; a
 * test that pins its own clock is unaffected, as it should be.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';

/** The moments, in UTC, and why each is awkward in the organisation's zone (Europe/London). */
export const awkwardDates: readonly { name: string; at: string; why: string }[] = [
  {
    name: 'week-53',
    at: '2026-12-31T23:50:00Z',
    why: 'Thursday of ISO week 53 of 2026, ten minutes before the new year',
  },
  { name: 'monday-0005', at: '2027-06-06T23:05:00Z', why: 'Monday 00:05 in London (BST), still Sunday in UTC' },
  {
    name: 'dst-spring',
    at: '2027-03-28T00:58:00Z',
    why: 'two minutes before London skips 01:00–02:00 (last Sunday of March)',
  },
  {
    name: 'dst-autumn',
    at: '2027-10-31T00:58:00Z',
    why: 'two minutes before London repeats 01:00–02:00 (last Sunday of October)',
  },
  { name: 'leap-day', at: '2028-02-29T10:30:00Z', why: '29 February 2028, a Tuesday' },
  { name: 'new-years-eve', at: '2027-12-31T23:59:00Z', why: 'New Year’s Eve 23:59, a Friday, ISO week 52' },
];

/**
 * The tests that depend on the calendar: the domain's unit tests (weeks, working hours, SLAs,
 * deadlines), the web's and the local server's formatting of dates, the demo seed and its
 * scorecard, the aggregator's weeks, the sweeper, due soon, My work. The unit tests of the data
 * layer, the HTTP layer and the libraries read no clock; they run once, in `npm test`.
 */
export const calendarTests = [
  'test/unit/domain',
  'test/unit/web',
  'test/unit/local',
  'test/integration/local/demo-seed.test.ts',
  'test/integration/api/scorecard.test.ts',
  'test/integration/services/aggregator.test.ts',
  'test/integration/services/sweeper.test.ts',
  'test/integration/notifications/notifier.test.ts',
  'test/integration/csv/my-work.test.ts',
];

/**
 * Only the date moves: timers and timeouts stay on the real monotonic clock. The JVM hangs at
 * start-up with libfaketime's monotonic fix, which the library turns on by itself for this
 * glibc; with these two settings DynamoDB Local starts and sees the shifted date.
 */
const faketimeEnv = { FAKETIME_DONT_FAKE_MONOTONIC: '1', FAKETIME_FORCE_MONOTONIC_FIX: '0' };

/**
 * How many dates run at once (`TEST_DATES_AT_ONCE` to choose). A date's run is one vitest of the
 * unit and the calendar's integration files, and the demo seed's file is most of it (50 of 79 s):
 * while it runs alone, the other worker and its DynamoDB Local sit idle. Two dates at once fill
 * that gap: on two busy cores two dates took 190 s together against 222 s one after the other.
 */
const atOnce = Math.max(1, Number(process.env.TEST_DATES_AT_ONCE ?? 2) || 1);

/** The result of one date's run: its output is held back and printed whole, not interleaved. */
interface DateRun {
  name: string;
  passed: boolean;
  output: string;
}

/**
 * Runs the calendar's tests with every process's clock moved to `date.at`, or answers why the
 * clock did not move.
 */
async function runOn(date: (typeof awkwardDates)[number]): Promise<DateRun | string> {
  // Computed just before each run, so the run starts at the moment named, give or take a second.
  const offset = Math.round((Date.parse(date.at) - Date.now()) / 1000);
  const faketime = ['-f', `${offset >= 0 ? '+' : ''}${offset}s`];
  const seen = spawnSync('faketime', [...faketime, process.execPath, '-p', 'new Date().toISOString()'], {
    encoding: 'utf8',
    env: { ...process.env, ...faketimeEnv },
  });
  const shiftedBy = Math.abs(Date.parse(seen.stdout.trim()) - Date.parse(date.at));
  if (!(shiftedBy < 60_000)) {
    return `faketime did not move the clock to ${date.at} (a process saw ${seen.stdout.trim() || seen.stderr}).`;
  }
  const run = spawn(
    'faketime',
    [...faketime, 'npx', 'vitest', 'run', '--project', 'unit', '--project', 'integration', ...calendarTests],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...faketimeEnv } },
  );
  const chunks: Buffer[] = [];
  run.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  run.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
  const [status] = (await once(run, 'close')) as [number | null];
  return {
    name: date.name,
    passed: status === 0,
    output: `\n== ${date.name}: ${date.at}, ${date.why}\n${Buffer.concat(chunks).toString('utf8')}`,
  };
}

async function main(): Promise<number> {
  if (spawnSync('faketime', ['--version'], { stdio: 'ignore' }).error) {
    console.error('test:dates needs libfaketime: `apt-get install -y faketime`.');
    return 1;
  }
  const wanted = process.argv.slice(2);
  const dates = wanted.length ? awkwardDates.filter((date) => wanted.includes(date.name)) : awkwardDates;
  if (dates.length === 0 || dates.length < wanted.length) {
    console.error(`Unknown date; the dates are: ${awkwardDates.map((date) => date.name).join(', ')}`);
    return 1;
  }
  const failed: string[] = [];
  const waiting = [...dates];
  let clockStuck = false;
  const lane = async (): Promise<void> => {
    for (let date = waiting.shift(); date && !clockStuck; date = waiting.shift()) {
      const run = await runOn(date);
      if (typeof run === 'string') {
        console.error(run);
        clockStuck = true;
        return;
      }
      process.stdout.write(run.output);
      if (!run.passed) failed.push(run.name);
    }
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, dates.length) }, lane));
  if (clockStuck) return 1;
  console.log(
    failed.length ? `\ntest:dates failed on ${failed.join(', ')}` : `\ntest:dates passed on ${dates.length} dates`,
  );
  return failed.length ? 1 : 0;
}

process.exitCode = await main();
