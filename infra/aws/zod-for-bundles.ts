/**
 * What `zod` resolves to in the Lambda bundles: function-bundling.ts aliases the package here.
 *
 * zod's own entry also exports its whole API as one namespace value, `z`, and
 * `@hono/zod-openapi` hands that value to `extendZodWithOpenApi` when it is imported. A
 * namespace used as a value cannot be tree-shaken, so every bundle kept all of zod, its forty
 * locales included: 455 KB of the api's 1.27 MB, parsed at every cold start. Exported by name,
 * as here, esbuild keeps only what is used. `z` is what `extendZodWithOpenApi` reads, the
 * prototype of `ZodType` it extends with `.openapi()`; our own code imports `* as z` (a lint
 * rule in biome.json refuses `import { z }`), so nothing else ever reads this `z`.
 */
import { ZodType } from '../../node_modules/zod/v4/classic/external.js';

export * from '../../node_modules/zod/v4/classic/external.js';

export const z = { ZodType };
export default z;
