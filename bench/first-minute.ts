/**
 * `npm run bench:first-minute`: what a newcomer meets in the first minute. Starts `npm start`
 * as on a fresh clone (its data in a new temporary directory), prints its phase lines, and as
 * soon as it says ready, has staff accept a partner's new referral every 10 s for a minute,
 * timing each until the partner's notification feed shows it. Then stops it and starts it
 * again on the same data, as a developer's second start is, and does the same for 20 s.
 *
 *   npm run bench:first-minute
 *
 * The goal (issue #13): ready in at most 30 s on two quiet cores, and every notification in the
 * feed within 5 s, from the first second on.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '#local/dynamodb.ts';
import { freshSubmission } from './lib/referral-ops.ts';

const root = resolve(import.meta.dirname, '..');
const giveUpMs = 30_000;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly readySeconds: number;
}

/** `npm start`'s own entry, with its output shown as it comes; resolves once it prints its URL. */
function start(dataDir: string, port: number): Promise<Started> {
  const began = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'infra/local/start.ts')], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'SILENT' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ok, fail) => {
    let output = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      output += chunk;
      for (const line of chunk.split('\n')) if (/^\s{2}\S.*\d s$|running at/.test(line)) console.log(`  │${line}`);
      const url = /running at (\S+)/.exec(output)?.[1];
      if (url) ok({ child, url, readySeconds: (performance.now() - began) / 1000 });
    });
    child.once('exit', (code) => fail(new Error(`npm start ended (exit ${code}) before it was ready:\n${output}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const gone = new Promise((done) => child.once('exit', done));
  child.kill('SIGINT');
  await gone;
}

async function call<T>(url: string, path: string, init: RequestInit & { token?: string } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  if (init.body) headers.set('Content-Type', 'application/json');
  const response = await fetch(`${url}${path}`, { ...init, headers });
  if (!response.ok)
    throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

async function tokenOf(url: string, name: string): Promise<string> {
  const { users } = await call<{ users: { id: string; name: string }[] }>(url, '/auth/users');
  const user = users.find((candidate) => candidate.name === name);
  if (!user) throw new Error(`No demo user ${name}`);
  return (
    await call<{ token: string }>(url, '/auth/token', { method: 'POST', body: JSON.stringify({ userId: user.id }) })
  ).token;
}

/** Seconds from staff's accept being answered to the partner's feed naming the referral. */
async function acceptAndWait(url: string, partner: string, staff: string): Promise<number> {
  const referral = await call<{ id: string; version: number }>(url, '/api/referrals', {
    method: 'POST',
    token: partner,
    body: JSON.stringify(freshSubmission()),
  });
  await call(url, `/api/referrals/${referral.id}/transitions`, {
    method: 'POST',
    token: staff,
    headers: { 'If-Match': `"${referral.version}"` },
    body: JSON.stringify({ to: 'accepted' }),
  });
  const accepted = performance.now();
  while (performance.now() - accepted < giveUpMs) {
    const feed = await call<{ items: { recordId: string; kind: string }[] }>(url, '/api/notifications?limit=20', {
      token: partner,
    });
    if (feed.items.some((item) => item.recordId === referral.id)) return (performance.now() - accepted) / 1000;
    await sleep(100);
  }
  throw new Error(`The partner's feed did not name referral ${referral.id} within ${giveUpMs / 1000} s.`);
}

async function firstSeconds(url: string, seconds: number): Promise<number[]> {
  const [partner, staff] = await Promise.all([tokenOf(url, 'Nora Lindqvist'), tokenOf(url, 'Sam Okafor')]);
  const began = performance.now();
  const latencies: number[] = [];
  while (performance.now() - began < seconds * 1000) {
    const at = (performance.now() - began) / 1000;
    const latency = await acceptAndWait(url, partner, staff);
    latencies.push(latency);
    console.log(
      `  ${at.toFixed(0).padStart(3)} s after ready: in the partner's feed ${latency.toFixed(2)} s after the accept`,
    );
    await sleep(Math.max(0, 10_000 - latency * 1000));
  }
  return latencies;
}

const dataDir = await mkdtemp(join(tmpdir(), 'total-customer-first-minute-'));
try {
  const port = await freePort();
  console.log('First start, as on a fresh clone:');
  const first = await start(dataDir, port);
  const firstLatencies = await firstSeconds(first.url, 60);
  await stop(first.child);
  console.log('\nSecond start, on the same data:');
  const second = await start(dataDir, port);
  const secondLatencies = await firstSeconds(second.url, 20);
  await stop(second.child);
  const worst = Math.max(...firstLatencies, ...secondLatencies);
  console.log(
    `\nready: first start ${first.readySeconds.toFixed(1)} s, second start ${second.readySeconds.toFixed(1)} s (aim ≤ 30 s)` +
      `\nnotification in the feed: worst ${worst.toFixed(2)} s of ${firstLatencies.length + secondLatencies.length} (goal ≤ 5 s)`,
  );
  if (worst > 5) process.exitCode = 1;
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
