/**
 * Our zod is `zod/mini`: the same schemas and rules as classic zod, built from functions
 * (`z.optional(s)`, `s.check(z.minLength(1))`) instead of methods, so esbuild keeps only what a
 * bundle uses and a Lambda does not pay classic zod's start-up (docs/adr/0004).
 *
 * Classic zod sets its English messages when its first schema is made; mini has none of its own
 * and would answer "Invalid input" for every failure. The API's 400s name what is wrong, so the
 * English locale is set here, once, by every module that makes a schema. Only `en` is imported,
 * not the locales' index, so the other forty stay out of the bundles.
 */
import { config, globalRegistry, type ZodMiniType } from 'zod/mini';
import type { GlobalMeta } from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';

/**
 * Classic zod's `.meta(...)`: a copy of the schema with the metadata in the global registry,
 * where the document generator finds it (`id` names a component). Written as
 * `schema.apply(z.withMeta, { id })`. Mini's own `z.meta()` is a check instead, and an object
 * schema holding a check can no longer be extended, picked or omitted.
 */
export function withMeta<T extends ZodMiniType>(schema: T, metadata: GlobalMeta): T {
  const copy = schema.clone();
  globalRegistry.add(copy, metadata);
  return copy;
}
