/**
 * Bundles the single-page app into web/dist: index.html, app-<hash>.js, app-<hash>.css and the
 * favicon, and the API's OpenAPI document (api/openapi.json). Content-hashed names let CloudFront cache the assets forever while index.html stays
 * short-lived. No inline script or style is emitted: the Content-Security-Policy is
 * `script-src 'self'; style-src 'self'`.
 *
 * Run with `npm run build:web`.
 */
import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { webBuildOptions } from './build-options.ts';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const outdir = join(webDir, 'dist');

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });

const result = await build(webBuildOptions(outdir));

const outputs = Object.entries(result.metafile.outputs);
const app = outputs.find(([, output]) => output.entryPoint?.endsWith('main.tsx'));
if (!app) throw new Error('esbuild produced no output for web/src/main.tsx');
const [jsPath, jsOutput] = app;
if (!jsOutput.cssBundle) throw new Error('esbuild produced no CSS bundle: does web/src/main.tsx import styles.css?');

// The chunks the entry imports statically are part of the first load: preloaded beside it rather
// than discovered one import at a time. Lazy chunks (dynamic imports) are left to load on demand.
const staticChunks = new Set<string>();
const pending = [jsOutput];
for (let output = pending.pop(); output; output = pending.pop())
  for (const imported of output.imports) {
    if (imported.kind !== 'import-statement' || staticChunks.has(imported.path)) continue;
    staticChunks.add(imported.path);
    const chunk = result.metafile.outputs[imported.path];
    if (chunk) pending.push(chunk);
  }
const preloads = [...staticChunks]
  .map((path) => `<link rel="modulepreload" href="/${basename(path)}" />`)
  .join('\n    ');
const template = await readFile(join(webDir, 'index.html'), 'utf8');
const html = template
  .replace('%APP_JS%', `/${basename(jsPath)}`)
  .replace('%APP_CSS%', `/${basename(jsOutput.cssBundle)}`)
  .replace('</head>', preloads ? `  ${preloads}\n  </head>` : '</head>');
if (html.includes('%APP_')) throw new Error('web/index.html has a placeholder the build does not know');
await writeFile(join(outdir, 'index.html'), html);
await copyFile(join(webDir, 'src', 'favicon.svg'), join(outdir, 'favicon.svg'));

// The API's document is built here, not by the functions build: web/dist is what the site
// bucket and the local server serve (at /api/openapi.json, before the API's own paths), and this
// build empties web/dist first, so a document written by any other build would be lost the next
// time only the web app is built (as `npm run test:e2e` does).
const { apiDocument } = await import('../functions/api/openapi.ts');
const { createDb } = await import('../functions/data/client.ts');
const documentFile = join(outdir, 'api', 'openapi.json');
await mkdir(dirname(documentFile), { recursive: true });
// The document reads no table: a client of a port nothing listens on is never used.
const unusedDb = createDb({ tableName: 'unused', region: 'local', endpoint: 'http://127.0.0.1:9' });
await writeFile(documentFile, JSON.stringify(await apiDocument(unusedDb)));
unusedDb.doc.destroy();

for (const file of [...outputs.map(([path]) => path).filter((path) => !path.endsWith('.map')), documentFile]) {
  const { size } = await stat(file);
  console.log(`${relative(process.cwd(), file)}  ${(size / 1024).toFixed(1)} KiB`);
}
