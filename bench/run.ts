/**
 * `npm run bench` (after `npm run build`): the performance budget of ARCHITECTURE.md, measured.
 *
 * Every figure is a ratio of two things measured in this run, taking turns (A B, B A, …), with
 * the spread over batches shown as min / median / max. A timed ratio is the median of the
 * ratios of batches that ran next to each other, so that other work on the machine, which
 * comes and goes, weighs on both sides of each pair. The bench reports; it never fails on a
 * missed goal. It prints one table (progress goes to stderr), writes bench/results.json, and
 * stops everything it started. `--quick` runs a handful of everything, to try the bench out;
 * `--only=<figure>,…` runs only those figures (cold-start, bundle-size, web, freshness,
 * requests, throughput, scale, imports). Stopped by its time limit or Ctrl-C, it prints the figures it
 * has, says what it skipped (bench/lib/stages.ts) and exits with 1 (time limit) or 130 (Ctrl-C).
 *
 * A scenario marked `notBuilt` in bench/figures/requests.ts prints "NOT BUILT" rows.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDb } from '#data/client.ts';
import { firstRequest, measureColdStarts } from './figures/cold-start.ts';
import { measureFreshness } from './figures/freshness.ts';
import { type ImportFigure, measureImports } from './figures/imports.ts';
import {
  type BuiltScenario,
  type CostFigure,
  isBuilt,
  measureOverhead,
  measureThroughput,
  type Session,
  scenarios,
  warmUp,
} from './figures/requests.ts';
import { measureScale, type ScaleSize } from './figures/scale.ts';
import { webFirstLoad } from './figures/web.ts';
import {
  benchOutdir,
  biggestInputs,
  bundleFunction,
  bundleWeb,
  deployedOutdir,
  entryFileName,
  expressEntry,
  type FunctionBundle,
  floorEntry,
  handlerEntry,
  handlerNames,
  type InputShare,
  repoRoot,
} from './lib/bundles.ts';
import { loadHistory } from './lib/dataset.ts';
import { describeMachine, type Machine } from './lib/machine.ts';
import {
  formatBytes,
  formatNumber,
  formatSpread,
  machineLine,
  markdownTable,
  overheadRows,
  pairedRow,
  type Row,
  ratioRow,
  textTable,
} from './lib/report.ts';
import { Stages } from './lib/stages.ts';
import { median, spread } from './lib/stats.ts';
import type { PollerSwitched, ServerCommand, ServerReady } from './server.ts';
import { readBudget } from './size-budget.ts';

const quick = process.argv.includes('--quick');

/** How much of everything: enough for stable medians on 2 cores within 10 minutes. */
const plan = quick
  ? {
      coldStartRuns: 3,
      warmUp: 40,
      rounds: 2,
      perRoundSerial: 20,
      perRoundConcurrent: 64,
      throughputRounds: 2,
      throughputPerRound: 128,
      freshnessSamples: 3,
      scaleSizes: [1000, 5000],
      scaleRounds: 2,
      scalePerRound: 3,
      importRows: 1000,
      importRounds: 1,
    }
  : {
      coldStartRuns: 20,
      warmUp: 150,
      rounds: 8,
      perRoundSerial: 100,
      perRoundConcurrent: 160,
      throughputRounds: 6,
      throughputPerRound: 320,
      freshnessSamples: 12,
      scaleSizes: [1000, 100_000],
      scaleRounds: 8,
      scalePerRound: 6,
      // 10,000 customers is about a minute a side on 2 cores: two pairs, each side first once.
      importRows: 10_000,
      importRounds: 2,
    };
const concurrencies = [1, 32] as const;
// 10 minutes on 2 cores is the bench's own budget. On a machine shared with other work the
// same plan takes longer: `--time-limit=<minutes>` allows it, and the output says so.
const timeLimitArgument = process.argv.find((argument) => argument.startsWith('--time-limit='));
const timeLimitMinutes = timeLimitArgument ? Number(timeLimitArgument.split('=')[1]) : 10;
if (!(timeLimitMinutes > 0)) throw new Error('--time-limit takes a number of minutes, e.g. --time-limit=20');
const timeLimitMs = timeLimitMinutes * 60 * 1000;

const onlyArgument = process.argv.find((argument) => argument.startsWith('--only='));
const only = onlyArgument?.split('=')[1]?.split(',').filter(Boolean);

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);
const started = Date.now();
const rows: Row[] = [];
const warnings: string[] = [];
let server: ChildProcess | undefined;
const stages = new Stages(only ? { only } : {});

// A bench that runs away is stopped: the figure that runs is left, the rest skipped, and the
// report printed with what there is. A second Ctrl-C leaves at once.
const guard = setTimeout(() => {
  log(`still running after ${timeLimitMs / 60000} minutes: stopping, and reporting what there is.`);
  stages.stop('time limit');
}, timeLimitMs);
guard.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stages.reason) process.exit(130);
    log('interrupted: stopping, and reporting what there is (Ctrl-C again to leave at once).');
    stages.stop('interrupted');
  });
}
// Work left behind by a stop fails once what it talked to is gone (ECONNREFUSED from DynamoDB
// Local): expected then, and no reason to crash before the report. Before a stop it is a bug.
let lateFailures = 0;
process.on('unhandledRejection', (error) => {
  if (stages.reason) {
    lateFailures++;
    return;
  }
  console.error(error);
  process.exit(1);
});

const machine: Machine = describeMachine();
log(machineLine(machine));

// 1. Bundles: the deployed functions as `npm run build:functions` built them, their floors,
// and the usual choice, all with the deployed esbuild options.

const names = handlerNames();
const functions = new Map<string, { file: string; bytes: number; bundle: FunctionBundle; floor?: FunctionBundle }>();
let express: FunctionBundle | undefined;
if (stages.wants('cold-start') || stages.wants('bundle-size')) {
  await stages.run(
    'bundles',
    async () => {
      for (const name of names) {
        const dir = deployedOutdir(name);
        const file = join(dir, entryFileName);
        if (!existsSync(file))
          throw new Error(`${file} is missing: run \`npm run build:functions\` (npm run bench does).`);
        // Built again in memory for its metafile; a start-up path that differs from the one on
        // disk means bench/lib/bundles.ts no longer bundles as infra/aws/bundle.ts does (or the
        // code changed since the build).
        const bundle = await bundleFunction(handlerEntry(name), dir, false);
        const bytes = bundle.startup.reduce((sum, output) => {
          const onDisk = join(repoRoot, output.path);
          return sum + (existsSync(onDisk) ? statSync(onDisk).size : 0);
        }, 0);
        if (bundle.bytes !== bytes) {
          warnings.push(
            `${name}: dist/functions has ${bytes} bytes on its start-up path, a build of the code as it is now ${bundle.bytes}: the code changed since the build, or bench/lib/bundles.ts no longer matches infra/aws/bundle.ts.`,
          );
        }
        const floor = floorEntry(name);
        functions.set(name, {
          file,
          bytes,
          bundle,
          ...(floor ? { floor: await bundleFunction(floor, benchOutdir(`floor-${name}`)) } : {}),
        });
        if (!floor)
          warnings.push(`${name} has no floor: add bench/floor/${name}.ts (DynamoDBClient and the commands it sends).`);
      }
      express = await bundleFunction(expressEntry, benchOutdir('express-api'));
      log(`bundled ${names.join(', ')}, their floors and the Express comparison`);
    },
    { always: true },
  );
}

// 2. Cold starts, every contender taking turns.

let cold: Awaited<ReturnType<typeof measureColdStarts>> | undefined;
if (express) {
  const contenders = [
    ...[...functions].flatMap(([name, fn]) => [
      { id: name, file: fn.file, ...(name === 'api' ? { request: firstRequest } : {}) },
      ...(fn.floor ? [{ id: `floor-${name}`, file: fn.floor.outfile }] : []),
    ]),
    { id: 'express-api', file: express.outfile, request: firstRequest },
  ];
  cold = await stages.run('cold-start', () => {
    log(`cold starts: ${plan.coldStartRuns} imports of each of ${contenders.map((c) => c.id).join(', ')}, interleaved`);
    return measureColdStarts(contenders, plan.coldStartRuns);
  });
}
if (cold) {
  const measured = cold;
  const importSpread = (id: string) => spread(measured[id]?.importMs ?? []);
  for (const name of names) {
    const floorId = `floor-${name}`;
    if (!measured[floorId]) {
      rows.push({ figure: 'cold start', subject: `${name} vs floor`, status: 'ERROR', note: 'no floor' });
      continue;
    }
    rows.push(
      pairedRow({
        figure: 'cold start',
        subject: `${name} vs its floor`,
        unit: 'ms',
        measured: importSpread(name),
        baseline: importSpread(floorId),
        pairs: pairsOf(measured[name]?.importMs, measured[floorId]?.importMs),
        goal: { op: '<=', value: 1.25, text: '≤ 1.25 ×' },
      }),
    );
  }
  rows.push(
    pairedRow({
      figure: 'cold start',
      subject: 'api vs Express + serverless-http',
      unit: 'ms',
      measured: importSpread('api'),
      baseline: importSpread('express-api'),
      pairs: pairsOf(measured.api?.importMs, measured['express-api']?.importMs),
      goal: { op: '<=', value: 0.6, text: '≤ 0.6 ×' },
    }),
  );
  // The api loads a route group on its first request under the group's path: the import alone
  // would not show what that costs, so the first request's answer is measured too (reported).
  rows.push(
    pairedRow({
      figure: 'cold start',
      subject: 'api vs Express + serverless-http, import and a first GET /api/referrals (401)',
      unit: 'ms',
      measured: spread(measured.api?.firstRequestMs ?? []),
      baseline: spread(measured['express-api']?.firstRequestMs ?? []),
      pairs: pairsOf(measured.api?.firstRequestMs, measured['express-api']?.firstRequestMs),
    }),
  );
}

// 3. Bundle sizes, against the floor and against the committed budget `npm test` checks.

if (express) {
  await stages.run('bundle-size', async () => {
    const budget = readBudget();
    for (const [name, fn] of functions) {
      if (fn.floor) {
        rows.push(
          ratioRow({
            figure: 'bundle size',
            subject: `${name} vs its floor`,
            measuredText: formatBytes(fn.bytes),
            baselineText: formatBytes(fn.floor.bytes),
            ratio: fn.bytes / fn.floor.bytes,
            goal: { op: '<=', value: 1.2, text: '≤ 1.2 ×' },
          }),
        );
      }
      rows.push({
        figure: 'bundle size',
        subject: `${name}: lazy chunks, read by the requests that need them`,
        measuredText: formatBytes(fn.bundle.lazy.reduce((sum, file) => sum + file.bytes, 0)),
        status: 'REPORTED',
        note: `${fn.bundle.lazy.length} chunk(s), not on the start-up path`,
      });
      const allowed = budget.functions[name];
      rows.push(
        allowed
          ? ratioRow({
              figure: 'bundle size',
              subject: `${name} vs bench/size-budget.json`,
              measuredText: formatBytes(fn.bytes),
              baselineText: formatBytes(allowed),
              ratio: fn.bytes / allowed,
              goal: { op: '<=', value: 1 + budget.tolerance, text: `≤ ${1 + budget.tolerance} × (npm test)` },
            })
          : {
              figure: 'bundle size',
              subject: `${name} vs budget`,
              status: 'ERROR',
              note: 'no budget in bench/size-budget.json',
            },
      );
    }
  });
}

// 4. The web app's first load.

const web = await stages.run('web', async () => {
  const built = webFirstLoad();
  const webInMemory = await bundleWeb();
  if (Math.abs(webInMemory.gzipBytes - built.gzipBytes) > built.gzipBytes * 0.01) {
    warnings.push(
      `web: web/dist's first load is ${built.gzipBytes} bytes gzipped, an in-memory build ${webInMemory.gzipBytes}: rebuild, or check bench/lib/bundles.ts against web/build.ts.`,
    );
  }
  const webGoalBytes = 150 * 1000;
  rows.push(
    ratioRow({
      figure: 'web app',
      subject: `first load JS + CSS, gzipped (${built.files.map((file) => file.name).join(', ')})`,
      measuredText: formatBytes(built.gzipBytes),
      baselineText: `goal ${webGoalBytes / 1000} KB`,
      ratio: built.gzipBytes / webGoalBytes,
      goal: { op: '<=', value: 1, text: '≤ 150 KB' },
    }),
  );
  return built;
});

// 5. Through the server: request overhead, throughput, cost.

const costs: { name: string; cost?: CostFigure; notBuilt?: string }[] = [];
const requestDetails: Record<string, unknown> = {};
let scale: ScaleSize[] | undefined;
const serverFigures = ['freshness', 'requests', 'throughput', 'scale', 'imports'];
let imports: ImportFigure | undefined;
const ready = serverFigures.some((figure) => stages.wants(figure))
  ? await stages.run('server', () => startServer(), { always: true })
  : undefined;
if (ready) {
  const session: Session = {
    url: ready.url,
    db: createDb({ tableName: ready.tableName, region: 'local', endpoint: ready.dynamoEndpoint }),
    users: ready.users,
    teams: ready.teams,
  };
  try {
    await stages.run('freshness', async () => {
      // A history for the scorecard to read: 1,000 records and their aggregates, as in the scale figure.
      const history = await loadHistory(session.db, 1000, new Date());
      log(`loaded a history of 1,000 records (${history.aggregates} aggregates) for the scorecard`);
      log(`freshness: ${plan.freshnessSamples} referrals, each until the scorecard shows it`);
      await switchPoller(true);
      const freshness = await measureFreshness(session, plan.freshnessSamples);
      await switchPoller(false);
      note(freshness.failures, 'freshness');
      requestDetails.freshness = freshness;
      rows.push(
        ratioRow({
          figure: 'freshness',
          subject: 'POST /api/referrals until GET /api/scorecard shows it (local stack, poller every 1 s)',
          measuredText: formatSpread(spread(freshness.seconds), 's'),
          baselineText: 'goal 5 s',
          ratio: median(freshness.seconds) / 5,
          goal: { op: '<=', value: 1, text: '≤ 5 s' },
        }),
      );
    });

    for (const scenario of scenarios) {
      if (!isBuilt(scenario)) {
        for (const concurrency of concurrencies) {
          rows.push({
            figure: 'request overhead',
            subject: `${scenario.name} c=${concurrency}`,
            status: 'NOT BUILT',
            note: scenario.notBuilt,
            goal: { op: '<=', value: 1.3, text: 'p50 ≤ 1.3 ×, p99 ≤ 1.5 × raw p99' },
          });
        }
        costs.push({ name: scenario.name, notBuilt: scenario.notBuilt });
        continue;
      }
      await stages.run(`requests ${scenario.name}`, async () => {
        await measureScenario(session, scenario);
        costs.push({ name: scenario.name, cost: await scenario.cost(session) });
      });
    }

    const submit = scenarios.find(
      (scenario): scenario is BuiltScenario & { rawWrite: NonNullable<BuiltScenario['rawWrite']> } =>
        isBuilt(scenario) && scenario.name === 'POST /api/referrals' && scenario.rawWrite !== undefined,
    );
    if (submit) {
      await stages.run('throughput', async () => {
        log(`throughput: ${plan.throughputRounds} × ${plan.throughputPerRound} submissions at c=32, each side`);
        const throughput = await measureThroughput(session, submit, 32, plan.throughputRounds, plan.throughputPerRound);
        note(throughput.failures, 'throughput');
        requestDetails.throughput = throughput;
        rows.push(
          pairedRow({
            figure: 'throughput',
            subject: 'referral submissions c=32 vs raw TransactWriteItems',
            unit: '/s',
            measured: spread(throughput.http),
            baseline: spread(throughput.raw),
            pairs: pairsOf(throughput.http, throughput.raw),
            goal: { op: '>=', value: 0.8, text: '≥ 0.8 ×' },
          }),
        );
      });
    }

    scale = await stages.run('scale', () => {
      log(`scale: loading ${plan.scaleSizes.join(' and ')} records into tables of their own`);
      return measureScale({
        endpoint: ready.dynamoEndpoint,
        sizes: plan.scaleSizes,
        rounds: plan.scaleRounds,
        perRound: plan.scalePerRound,
        log,
      });
    });
    if (scale) requestDetails.scale = scale;

    imports = await stages.run('imports', () => {
      log(
        `imports: ${plan.importRows} customers through the job runner and as raw BatchWriteItem, ${plan.importRounds} pairs`,
      );
      return measureImports({
        endpoint: ready.dynamoEndpoint,
        rows: plan.importRows,
        rounds: plan.importRounds,
        log,
        signal: stages.signal,
      });
    });
    if (imports) requestDetails.imports = imports;
  } finally {
    session.db.doc.destroy();
  }
}
await stopServer();

const [small, large] = [scale?.[0], scale?.at(-1)];
if (small && large && small !== large) {
  const label = (size: ScaleSize) => size.records.toLocaleString('en-GB');
  rows.push(
    pairedRow({
      figure: 'scale',
      subject: `scorecard p50, ${label(large)} vs ${label(small)} records (scorecard.get, 12 weeks)`,
      unit: 'ms',
      measured: spread(large.p50),
      baseline: spread(small.p50),
      pairs: pairsOf(large.p50, small.p50),
      goal: { op: '<=', value: 1.2, text: '≤ 1.2 ×' },
    }),
    ratioRow({
      figure: 'scale',
      subject: `scorecard read capacity, ${label(large)} vs ${label(small)} records`,
      measuredText: `${formatNumber(large.localRcu)} RCU (DynamoDB Local), ${formatNumber(large.rulesRcu)} by the rules, ${large.itemsRead} items`,
      baselineText: `${formatNumber(small.localRcu)} RCU (DynamoDB Local), ${formatNumber(small.rulesRcu)} by the rules, ${small.itemsRead} items`,
      ratio: large.rulesRcu / small.rulesRcu,
      goal: { op: '<=', value: 1, text: '= capacity' },
      note: `aggregates stored: ${large.aggregates} against ${small.aggregates}`,
    }),
  );
} else if (stages.outcomes.some((outcome) => outcome.name === 'scale' && outcome.state === 'failed')) {
  rows.push({
    figure: 'scale',
    subject: 'scorecard p50 and read capacity',
    status: 'ERROR',
    note: 'the scale figure failed',
    goal: { op: '<=', value: 1.2, text: '≤ 1.2 × latency, = capacity' },
  });
}

if (imports) {
  const rowsText = imports.rows.toLocaleString('en-GB');
  rows.push(
    pairedRow({
      figure: 'imports',
      subject: `${rowsText} customers (CRM CSV) through the import job runner vs raw BatchWriteItem of its ${imports.items} items`,
      unit: 'rows/s',
      measured: spread(imports.job),
      baseline: spread(imports.raw),
      pairs: pairsOf(imports.job, imports.raw),
      goal: { op: '>=', value: 1 / 1.5, text: '≥ 0.67 × (within 1.5 ×)' },
    }),
    ratioRow({
      figure: 'imports',
      subject: `write capacity per row, ${rowsText} customers (DynamoDB Local)`,
      measuredText: `${formatNumber(imports.jobWcuPerRow)} WCU + ${formatNumber(imports.jobRcuPerRow)} RCU per row (job)`,
      baselineText: `${formatNumber(imports.rawWcuPerRow)} WCU per row (raw)`,
      ratio: imports.jobWcuPerRow / imports.rawWcuPerRow,
      note: 'the job adds its checkpoints, rejections and notice; its reads are the natural-key lookups',
    }),
  );
}

for (const { name, cost, notBuilt } of costs) {
  const units = (figure: CostFigure['rules']) =>
    `${formatNumber(figure.rcu)} RCU, ${formatNumber(figure.wcu - figure.indexWcu)} WCU + ${formatNumber(figure.indexWcu)} WCU index`;
  rows.push(
    cost
      ? {
          figure: 'cost',
          subject: `${name} (per request)`,
          measuredText: `${units(cost.rules)} (by the rules); DynamoDB Local: ${units(cost.local)}`,
          baselineText: `minimum ${units(cost.minimum)} (${cost.minimumDetail})`,
          ratio: (cost.rules.rcu + cost.rules.wcu) / (cost.minimum.rcu + cost.minimum.wcu),
          goal: { op: '<=', value: Number.POSITIVE_INFINITY, text: 'reported' },
          status: 'REPORTED',
          note: cost.detail,
        }
      : {
          figure: 'cost',
          subject: name,
          status: 'NOT BUILT',
          note: notBuilt,
          goal: { op: '<=', value: Number.POSITIVE_INFINITY, text: 'reported' },
        },
  );
}

// The report.

const composition: Record<string, InputShare[]> = {};
for (const [name, fn] of functions) {
  composition[name] = biggestInputs(fn.bundle.metafile);
  if (fn.floor) composition[`floor-${name}`] = biggestInputs(fn.floor.metafile);
}
if (express) composition['express-api'] = biggestInputs(express.metafile);

const elapsed = Math.round((Date.now() - started) / 1000);
const output = [
  `Performance budget: ${machineLine(machine)}`,
  `${new Date().toISOString()}, ${elapsed} s${quick ? ', --quick (too few runs to trust)' : ''}${
    elapsed > 600 ? ` (over the 10-minute budget; allowed by --time-limit=${timeLimitMinutes})` : ''
  }`,
  ...(stages.reason
    ? [
        `Stopped by ${stages.reason === 'time limit' ? `the ${timeLimitMinutes}-minute time limit` : 'Ctrl-C'}: the figures below are the ones measured before that.`,
      ]
    : []),
  '',
  textTable(rows),
  '',
  ...(stages.summary().length > 0 ? ['Not measured:', ...stages.summary(), ''] : []),
  ...(rows.some((row) => row.status === 'NOT BUILT')
    ? [
        'Not built yet:',
        ...rows
          .filter((row) => row.status === 'NOT BUILT')
          .map((row) => `  ${row.figure}: ${row.subject}: ${row.note ?? ''}`),
        '',
      ]
    : []),
  'Goals missed:',
  ...(rows.some((row) => row.status === 'FAIL' || row.status === 'ERROR')
    ? rows
        .filter((row) => row.status === 'FAIL' || row.status === 'ERROR')
        .map(
          (row) =>
            `  ${row.status}: ${row.figure}, ${row.subject}: ${row.ratio?.toFixed(2) ?? '–'} × (${row.goal?.text ?? row.note ?? ''})`,
        )
    : ['  none']),
  '',
  'Cost, per request:',
  ...rows
    .filter((row) => row.figure === 'cost' && row.status === 'REPORTED')
    .map((row) => `  ${row.subject.replace(' (per request)', '')}: ${row.note ?? ''}`),
  '  Rules: 2 WCU per KB per item written in a transaction, index writes 1 WCU per KB per index the item is in',
  '  (DynamoDB Local undercounts the table side of a transaction, 2 WCU for two items where DynamoDB charges 4,',
  '  and counts index writes made in a transaction at 2 WCU per KB).',
  '',
  'What the bundles hold (esbuild metafile, bytes in the output by package or folder):',
  ...Object.entries(composition).map(
    ([id, inputs]) =>
      `  ${id}: ${inputs
        .slice(0, 8)
        .map((input) => `${input.source} ${formatBytes(input.bytes)} (${(input.share * 100).toFixed(0)} %)`)
        .join(', ')}`,
  ),
  ...(warnings.length ? ['', 'Warnings:', ...warnings.map((warning) => `  ${warning}`)] : []),
];
console.log(output.join('\n'));

writeFileSync(
  join(repoRoot, 'bench/results.json'),
  `${JSON.stringify(
    {
      machine,
      machineLine: machineLine(machine),
      finishedAt: new Date().toISOString(),
      elapsedSeconds: elapsed,
      quick,
      plan,
      rows,
      markdown: markdownTable(rows),
      coldStart: cold,
      bundles: Object.fromEntries(
        [...functions].map(([name, fn]) => [name, { bytes: fn.bytes, floorBytes: fn.floor?.bytes }]),
      ),
      expressBytes: express?.bytes,
      stopped: stages.reason ?? null,
      stages: stages.outcomes,
      web,
      requests: requestDetails,
      costs,
      composition,
      warnings,
    },
    null,
    2,
  )}\n`,
);
log(`wrote bench/results.json (${elapsed} s)`);
clearTimeout(guard);
if (stages.reason) {
  if (lateFailures > 0) log(`${lateFailures} failures of work left behind by the stop were ignored`);
  // What a stop left behind (an autocannon batch, a loader) may still hold the event loop.
  process.exit(stages.reason === 'interrupted' ? 130 : 1);
}

// Helpers

async function measureScenario(session: Session, scenario: BuiltScenario): Promise<void> {
  // At least two requests per connection, so every one of them is busy.
  const share = (count: number, connections = 8) => Math.max(2 * connections, Math.round(count * (scenario.load ?? 1)));
  log(`${scenario.name}: warming up`);
  note(await warmUp(session, scenario, share(plan.warmUp)), `${scenario.name} warm-up`);
  for (const concurrency of concurrencies) {
    const perRound = share(concurrency === 1 ? plan.perRoundSerial : plan.perRoundConcurrent, concurrency);
    log(
      `${scenario.name} c=${concurrency}: ${Math.min(plan.rounds, scenario.rounds ?? plan.rounds)} × ${perRound} requests and raw runs, taking turns`,
    );
    const rounds = Math.min(plan.rounds, scenario.rounds ?? plan.rounds);
    const samples = await measureOverhead(session, scenario, concurrency, rounds, perRound);
    note(samples.failures, `${scenario.name} c=${concurrency}`);
    requestDetails[`${scenario.name} c=${concurrency}`] = samples;
    rows.push(...overheadRows(`${scenario.name} c=${concurrency}`, samples));
  }
}

/** Batch i of one side with batch i of the other: they ran next to each other. */
function pairsOf(a: readonly number[] | undefined, b: readonly number[] | undefined): [number, number][] {
  return (a ?? []).slice(0, b?.length ?? 0).map((value, index) => [value, b?.[index] ?? Number.NaN]);
}

function note(failures: readonly string[], where: string) {
  if (failures.length === 0) return;
  const counts = new Map<string, number>();
  for (const failure of failures) counts.set(failure, (counts.get(failure) ?? 0) + 1);
  warnings.push(`${where}: ${[...counts].map(([failure, count]) => `${failure} (${count} batches)`).join('; ')}`);
}

function startServer(): Promise<ServerReady> {
  log('starting DynamoDB Local and the server on free ports');
  const child = fork(join(repoRoot, 'bench/server.ts'), [], {
    cwd: repoRoot,
    // The request log goes nowhere, but is still written, as in Lambda.
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, LOG_LEVEL: 'INFO' },
  });
  server = child;
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the bench server did not start within 3 minutes')), 180_000);
    child.on('message', (message: ServerReady | { type: 'error'; message: string }) => {
      clearTimeout(timer);
      if (message.type === 'ready') resolve(message);
      else reject(new Error(`the bench server failed: ${message.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the bench server exited (${code}) before it was ready:\n${stderr}`));
    });
  });
}

/** Switches the aggregator's stream poller in the server on or off, and waits until it is. */
function switchPoller(on: boolean): Promise<void> {
  const child = server;
  if (!child) return Promise.reject(new Error('the server is not running'));
  return new Promise((resolve) => {
    const listen = (message: PollerSwitched | { type?: string }) => {
      if (message.type !== 'poller') return;
      child.off('message', listen);
      resolve();
    };
    child.on('message', listen);
    const command: ServerCommand = { type: 'poller', on };
    child.send(command);
  });
}

async function stopServer(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    child.send({ type: 'stop' });
  } catch {
    // Ctrl-C reached it too, and it is already on its way out.
  }
  const timer = setTimeout(() => child.kill('SIGTERM'), 15_000);
  await exited;
  clearTimeout(timer);
  log('stopped the server and DynamoDB Local');
}
