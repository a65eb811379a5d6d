import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The layer rules are Biome's (biome.json, one `noRestrictedImports` per folder). This lints
// probe files placed in each folder, each importing what its layer must not, and holds Biome to
// refusing every such line and none of the allowed ones: a rule that silently stopped matching
// (an override that replaced another's options, a pattern that misses relative paths) fails here.
const root = resolve(import.meta.dirname, '../../..');
const probeName = `layer-probe-${process.pid}.ts`;

/** Per folder, the import lines of its probe, each with the message Biome must answer (or none). */
const probes: Record<string, [specifier: string, refusal: RegExp | undefined][]> = {
  'functions/api': [
    ['#data/client.ts', /through functions\/services\/ only/],
    ['../data/keys.ts', /through functions\/services\/ only/],
    ['@aws-sdk/lib-dynamodb', /Only functions\/data\/ talks to the AWS SDK/],
    ['#services/context.ts', undefined],
    ['#domain/errors.ts', undefined],
  ],
  'functions/api/middleware': [['../../data/idempotency.ts', /through functions\/services\/ only/]],
  'functions/data': [
    ['#services/context.ts', /never a layer above it/],
    ['../services/sign-in.ts', /never a layer above it/],
    ['#api/env.ts', /never a layer above it/],
    ['#domain/errors.ts', undefined],
  ],
  'functions/services': [
    ['#api/env.ts', /know nothing of HTTP/],
    ['../handlers/api.ts', /know nothing of HTTP/],
    ['#data/client.ts', undefined],
  ],
  'functions/domain/referrals': [
    ['#data/keys.ts', /The domain is pure/],
    ['../../data/keys.ts', /The domain is pure/],
    ['#services/context.ts', /The domain is pure/],
    ['../../api/env.ts', /The domain is pure/],
    ['./schemas.ts', undefined],
  ],
  'functions/handlers': [
    ['#local/server.ts', /never imports infra/],
    ['../../infra/aws/app.ts', /never imports infra/],
    ['aws-cdk-lib/aws-lambda', /never imports the CDK/],
    ['#data/client.ts', undefined],
  ],
};

const probePath = (folder: string) => `${folder}/${probeName}`;

interface Diagnostic {
  category: string;
  message: string;
  location: { path: string; start: { line: number } };
}

/** Writes each folder's probe and lints them all: the `noRestrictedImports` diagnostics. */
function lintProbes(sources: Record<string, string>): Diagnostic[] {
  for (const [folder, source] of Object.entries(sources)) writeFileSync(join(root, probePath(folder)), source);
  const run = spawnSync(
    join(root, 'node_modules/.bin/biome'),
    ['lint', '--reporter=json', '--max-diagnostics=none', ...Object.keys(sources).map(probePath)],
    { cwd: root, encoding: 'utf8' },
  );
  const report = JSON.parse(run.stdout) as { diagnostics: Diagnostic[] };
  return report.diagnostics.filter((diagnostic) => diagnostic.category === 'lint/style/noRestrictedImports');
}

let diagnostics: Diagnostic[];

beforeAll(() => {
  diagnostics = lintProbes(
    Object.fromEntries(
      Object.entries(probes).map(([folder, lines]) => [
        folder,
        [
          ...lines.map(([specifier], index) => `import * as m${index} from '${specifier}';`),
          `export const all = [${lines.map((_, index) => `m${index}`).join(', ')}];`,
        ].join('\n'),
      ]),
    ),
  );
}, 60_000);

afterAll(() => {
  for (const folder of Object.keys(probes)) rmSync(join(root, probePath(folder)), { force: true });
});

describe('the layer rules in biome.json', () => {
  const cases = Object.entries(probes).flatMap(([folder, lines]) =>
    lines.map(([specifier, refusal], index) => ({ folder, specifier, refusal, line: index + 1 })),
  );

  it.each(cases.filter((c) => c.refusal))('refuse $specifier in $folder', ({ folder, line, refusal }) => {
    const found = diagnostics.filter((d) => d.location.path === probePath(folder) && d.location.start.line === line);
    expect(found.map((d) => d.message)).toEqual([expect.stringMatching(refusal as RegExp)]);
  });

  it.each(cases.filter((c) => !c.refusal))('allow $specifier in $folder', ({ folder, line }) => {
    const found = diagnostics.filter((d) => d.location.path === probePath(folder) && d.location.start.line === line);
    expect(found).toEqual([]);
  });

  it('keep the rules every folder shares (an override replaces, never adds to, another’s options)', () => {
    // The zod rule is declared for all of functions/; each layer's override must carry it too.
    const folders = Object.keys(probes);
    const refused = lintProbes(
      Object.fromEntries(folders.map((folder) => [folder, "import { z } from 'zod';\nexport { z };\n"])),
    )
      .filter((d) => /Import zod as/.test(d.message))
      .map((d) => d.location.path)
      .sort();
    expect(refused).toEqual(folders.map(probePath).sort());
  }, 60_000);
});
