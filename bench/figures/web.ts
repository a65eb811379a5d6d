/**
 * The web app's first load: the JavaScript and CSS web/dist/index.html asks for (as built by
 * `npm run build:web`), gzipped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSize, repoRoot, type WebFirstLoad } from '../lib/bundles.ts';

const webDist = join(repoRoot, 'web/dist');

export function webFirstLoad(): WebFirstLoad {
  const html = readFileSync(join(webDist, 'index.html'), 'utf8');
  const assets = new Set<string>();
  for (const match of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) assets.add(match[1] as string);
  for (const match of html.matchAll(/<link[^>]*\shref="([^"]+\.(?:css|m?js))"/g)) assets.add(match[1] as string);
  const files = [...assets]
    .filter((asset) => !/^[a-z]+:\/\//i.test(asset))
    .map((asset) => {
      const contents = readFileSync(join(webDist, asset.replace(/^\//, '')));
      return { name: asset.replace(/^\//, ''), bytes: contents.length, gzipBytes: gzipSize(contents) };
    });
  return {
    files,
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
  };
}
