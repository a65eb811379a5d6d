import type { Context } from 'hono';
import * as z from '#lib/zod.ts';
import { type ImportKind, importColumns, importCsv, maxImportRows } from '#services/imports.ts';
import type { AppEnv } from '../env.ts';
import { serviceContext } from '../env.ts';
import { booleanQuery, createResponses, input, json, operation, router } from '../http.ts';

const importBody = z
  .strictObject({
    csv: z
      .string()
      .check(z.minLength(1, 'Send the file’s text.'))
      .apply(z.withMeta, {
        description:
          'The CSV file as text: UTF-8 (a byte-order mark is fine), RFC 4180 quoting, a header row naming exactly ' +
          'the columns of the kind (any order), one record per row. Empty cells are absent fields.',
      }),
  })
  .apply(z.withMeta, { id: 'CsvImport' });

const rejectionSchema = z.object({
  row: z
    .number()
    .check(z.int())
    .apply(z.withMeta, { description: 'The row as a spreadsheet numbers it: the header is row 1.' }),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
});

const reportSchema = z
  .object({
    kind: z.string(),
    dryRun: z.boolean(),
    accepted: z.number().check(z.int()),
    imported: z.number().check(z.int()),
    rejected: z.array(rejectionSchema),
    ids: z.array(z.string()),
  })
  .apply(z.withMeta, { id: 'ImportReport' });

const problem422 = {
  description:
    'Some rows were refused and nothing was written: a problem document that is also the report (`accepted`, ' +
    '`rejected`: each row with its field errors by column).',
  content: {
    'application/problem+json': {
      schema: z.extend(z.omit(reportSchema, { ids: true }), {
        type: z.string(),
        title: z.string(),
        status: z.number(),
      }),
    },
  },
};

const nouns: Record<ImportKind, string> = {
  teams: 'teams',
  partners: 'partner organisations',
  users: 'users (each gets a sign-in account, as when a leader adds one)',
  customers: 'customers',
};

const importQuery = z.object({ dryRun: booleanQuery });

function importOperation(kind: ImportKind) {
  return operation({
    tags: ['imports'],
    summary: `Import ${kind} from CSV (leaders)`,
    description:
      `Creates ${nouns[kind]} from a CSV file sent as JSON \`{"csv": "…"}\`. Columns: \`${importColumns[kind].join(',')}\`. ` +
      'Every row is validated with the schema of the single-record API; duplicates within the file and against ' +
      `existing records are refused. At most ${maxImportRows} rows (400 beyond) and a 64 KiB body (413 beyond). ` +
      'All or nothing: when any row is refused, nothing is written (422, with the report); otherwise every row is ' +
      'written, in transactions of at most 100 items, and should one fail the earlier ones are deleted again. ' +
      '`?dryRun=true` validates and writes nothing (200). No `Idempotency-Key` is needed: a file sent twice is ' +
      'refused the second time as duplicates, and nothing is doubled.',
    responses: {
      200: json(reportSchema, 'A dry run: every row is valid; nothing was written.'),
      201: json(reportSchema, 'Every row was imported; `ids` are the new records’, in row order.'),
      ...createResponses,
      413: { description: 'The file is too large.' },
      422: problem422,
    },
  });
}

type ImportContext = Context<
  AppEnv,
  string,
  { out: { json: { csv: string }; query: { dryRun?: boolean | undefined } } }
>;

/** One kind's import: the same steps for every kind, each route naming its own. */
function importHandler(kind: ImportKind) {
  return async (c: ImportContext) => {
    const report = await importCsv(serviceContext(c), kind, c.req.valid('json').csv, {
      dryRun: c.req.valid('query').dryRun === true,
    });
    return c.json(report, report.dryRun ? 200 : 201);
  };
}

const importInputs = [input('query', importQuery), input('json', importBody)] as const;

export const importRoutes = router()
  .post('/teams', importOperation('teams'), ...importInputs, importHandler('teams'))
  .post('/partners', importOperation('partners'), ...importInputs, importHandler('partners'))
  .post('/users', importOperation('users'), ...importInputs, importHandler('users'))
  .post('/customers', importOperation('customers'), ...importInputs, importHandler('customers'));
