import { ServiceUnavailableError } from '#domain/errors.ts';
import {
  createImportJobSchema,
  importHeaderSchema,
  importJobSchema,
  importRejectionSchema,
  maxImportFileBytes,
  maxImportJobRows,
  readHeaderSchema,
} from '#domain/imports/jobs.ts';
import * as z from '#lib/zod.ts';
import { type ImportFiles, importJobs } from '#services/import-jobs.ts';
import { serviceContext } from '../env.ts';
import { createResponses, idParams, input, json, operation, problemResponses, router } from '../http.ts';

const createdSchema = z
  .extend(importJobSchema, {
    uploadUrl: z.string().apply(z.withMeta, {
      description: 'Where to PUT the file, as is (no Authorization header): good for an hour. The PUT starts the job.',
    }),
  })
  .apply(z.withMeta, { id: 'CreatedImportJob' });

const viewSchema = z
  .extend(importJobSchema, { rejections: z.array(importRejectionSchema) })
  .apply(z.withMeta, { id: 'ImportJobView' });

/** Import jobs; `files` is where uploads go (S3 when deployed, the local server's directory otherwise). */
export function importJobRoutes(files: ImportFiles | undefined) {
  const store = () => {
    if (!files) throw new ServiceUnavailableError(3600, 'Imports are not configured on this deployment.');
    return files;
  };
  return router()
    .post(
      '/',
      operation({
        tags: ['imports'],
        summary: 'Start an import job (leaders)',
        description:
          'Creates a job for a CSV file of teams, partner organisations, users or customers, and answers with an ' +
          `\`uploadUrl\` to PUT the file to: up to ${maxImportFileBytes / 1024 / 1024} MB and ${maxImportJobRows.toLocaleString('en')} rows, ` +
          'UTF-8 (with or without a byte-order mark), comma- or semicolon-separated, RFC 4180 quoting. The upload starts ' +
          'the job; follow it with `GET /api/import-jobs/{id}`. Every row is validated before anything is written: one ' +
          'refused row means nothing is written, unless `skipInvalid`. Rows are matched to existing records by natural ' +
          'key (a customer’s domain or name, a partner organisation’s or team’s name, a user’s e-mail address): a file ' +
          'imported twice adds nothing and changes only what differs.',
        responses: { 201: json(createdSchema, 'The job, awaiting its file.'), ...createResponses },
      }),
      input('json', createImportJobSchema),
      async (c) => {
        const { job, uploadUrl } = await importJobs.create(serviceContext(c), store(), c.req.valid('json'));
        return c.json({ ...job, uploadUrl }, 201);
      },
    )
    .post(
      '/header',
      operation({
        tags: ['imports'],
        summary: 'Read a file’s header row as a job would (leaders)',
        description:
          'Takes the start of a CSV file and answers with its separator, each header name with the column a job would ' +
          'take it for (our own column names, or common CRM names such as "Company Name" and "Website"), and the ' +
          'kind’s columns, so that the page can offer a mapping before the upload. Nothing is stored.',
        responses: { 200: json(importHeaderSchema, 'The header, read.'), ...problemResponses },
      }),
      input('json', readHeaderSchema),
      async (c) => c.json(await importJobs.readHeader(serviceContext(c), c.req.valid('json')), 200),
    )
    .get(
      '/',
      operation({
        tags: ['imports'],
        summary: 'Recent import jobs (leaders), newest first',
        responses: { 200: json(z.object({ items: z.array(importJobSchema) }), 'The jobs.'), ...problemResponses },
      }),
      input('query', z.object({ limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20) })),
      async (c) => {
        const items = await importJobs.list(serviceContext(c), c.req.valid('query').limit);
        return c.json({ items }, 200);
      },
    )
    .get(
      '/:id',
      operation({
        tags: ['imports'],
        summary: 'An import job’s progress and report (leaders)',
        description:
          'Its `status` (awaiting_upload, validating, importing, done, failed), `totalRows`, `processed`, `accepted`, ' +
          '`rejected`, what was `created`, `updated` and left `unchanged`, and the first 100 refused rows.',
        responses: { 200: json(viewSchema, 'The job.'), ...problemResponses },
      }),
      input('param', idParams),
      async (c) => c.json(await importJobs.get(serviceContext(c), c.req.valid('param').id), 200),
    )
    .get(
      '/:id/rejected.csv',
      operation({
        tags: ['imports'],
        summary: 'An import job’s refused rows as CSV (leaders)',
        description: 'One line per problem: the row as a spreadsheet numbers it, the column, the problem.',
        responses: {
          200: { description: 'The CSV file (an attachment).', content: { 'text/csv': { schema: z.string() } } },
          ...problemResponses,
        },
      }),
      input('param', idParams),
      async (c) => {
        const id = c.req.valid('param').id;
        const csv = await importJobs.rejectedCsv(serviceContext(c), id);
        return c.body(`\uFEFF${csv}`, 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="import-${id}-rejected.csv"`,
        });
      },
    );
}
