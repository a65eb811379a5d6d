/**
 * What `zod` resolves to in the Lambda bundles: function-bundling.ts aliases the package here.
 *
 * zod's own entry also exports its whole API as one namespace value, `z`. A namespace used as a
 * value cannot be tree-shaken, and `@hono/zod-openapi` used it so when it was imported: every
 * bundle kept all of zod, its forty locales included (455 KB of the api's 1.27 MB). The routes
 * no longer use that package (docs/adr/0004); exported by name, as here, esbuild keeps only
 * what is used, until the schemas move to `zod/mini` and this alias can go. Our own code
 * imports `* as z` (a lint rule in biome.json refuses `import { z }`), so nothing reads this `z`.
 */
import { ZodType } from '../../node_modules/zod/v4/classic/external.js';

export * from '../../node_modules/zod/v4/classic/external.js';

export const z = { ZodType };
export default z;
