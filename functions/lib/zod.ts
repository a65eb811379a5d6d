import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { ZodType } from 'zod';

// zod 4 binds a schema's methods when the schema is made, so `.openapi()` exists only on
// schemas made after this extension: every module takes zod from here (`import * as z`) to be
// sure of it. Everything is re-exported by name and only `ZodType` (whose prototype is extended)
// is handed over: a namespace used as a value, or re-exported as one binding, cannot be
// tree-shaken, and each Lambda bundle would keep all of zod (infra/aws/zod-for-bundles.ts).
extendZodWithOpenApi({ ZodType } as unknown as Parameters<typeof extendZodWithOpenApi>[0]);

export * from 'zod';
