import { resolve } from 'node:path';

/** The repository root: every path the infrastructure reads (handlers, web/dist) hangs off it. */
export const repoRoot = resolve(import.meta.dirname, '../..');

/** Where the Lambda entry points live, one module per deployed function. */
export const handlersDir = resolve(repoRoot, 'functions/handlers');

/** The entry module of a deployed function, by name (`api` → functions/handlers/api.ts). */
export function handlerEntry(name: string): string {
  return resolve(handlersDir, `${name}.ts`);
}

/**
 * The esbuild options every deployed function is bundled with. `PortalFunction` (at synth) and
 * `infra/aws/bundle.ts` (`npm run build:functions`, read by the bench) both take them from here,
 * so what the bench measures is what is deployed.
 *
 * - ESM, preferring each package's `module` build so esbuild can tree-shake the AWS SDK; the
 *   banner gives the CommonJS dependencies that still call `require` a working one.
 * - Nothing external, the AWS SDK included: the runtime's bundled SDK drifts from the version
 *   the tests ran against, and one minified file loads faster at cold start than node_modules.
 * - External source maps without sources: `--enable-source-maps` turns stack traces back into
 *   TypeScript lines, and leaving the sources out keeps the map small to parse.
 * - `zod` resolves to zod-for-bundles.ts, which exports it by name only, so that esbuild can
 *   tree-shake it (that file says why the package's own entry cannot be).
 */
export const functionBundling = {
  platform: 'node',
  target: 'node22',
  format: 'esm',
  outExtension: '.mjs',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  external: [],
  banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
  alias: { zod: resolve(repoRoot, 'infra/aws/zod-for-bundles.ts') },
} as const satisfies {
  readonly platform: 'node';
  readonly target: string;
  readonly format: 'esm';
  readonly outExtension: string;
  readonly minify: boolean;
  readonly sourcemap: boolean;
  readonly sourcesContent: boolean;
  readonly mainFields: readonly string[];
  readonly external: readonly string[];
  readonly banner: string;
  readonly alias: Readonly<Record<string, string>>;
};
