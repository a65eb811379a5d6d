import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// zod 4 binds a schema's methods when the schema is made, so `.openapi()` exists only on
// schemas made after this extension: every module takes its `z` from here to be sure of it.
extendZodWithOpenApi(z);

export { z };
