import * as z from '#lib/zod.ts';

export const importJobKinds = ['teams', 'partners', 'users', 'customers'] as const;
export type ImportJobKind = (typeof importJobKinds)[number];

export const importJobStatuses = ['awaiting_upload', 'validating', 'importing', 'done', 'failed'] as const;
export type ImportJobStatus = (typeof importJobStatuses)[number];

/** What a CRM export may hold: the limits a job takes, far above the synchronous import's. */
export const maxImportFileBytes = 50 * 1024 * 1024;
export const maxImportJobRows = 100_000;

/** An upload URL is good for an hour; an unused job simply stays awaiting its file. */
export const uploadUrlSeconds = 60 * 60;

/** Each kind's columns, and which of them a row cannot do without. */
export const importJobColumns: Record<
  ImportJobKind,
  { readonly all: readonly string[]; readonly required: readonly string[] }
> = {
  teams: { all: ['name'], required: ['name'] },
  partners: { all: ['name'], required: ['name'] },
  users: { all: ['name', 'email', 'role', 'team', 'partner'], required: ['name', 'email', 'role'] },
  customers: {
    all: [
      'name',
      'domain',
      'segment',
      'lifecycle',
      'jobToBeDone',
      'fit.resources',
      'fit.functional',
      'fit.technical',
      'fit.cultural',
    ],
    required: ['name'],
  },
};

/**
 * Header names CRMs export (Salesforce, HubSpot, Pipedrive, Google Sheets by hand), by our
 * column: compared case- and punctuation-insensitively, so "Company Name" and "company_name"
 * are one. A header that is one of our own column names needs no entry.
 */
const aliases: Record<ImportJobKind, Record<string, readonly string[]>> = {
  teams: { name: ['team', 'team name', 'department'] },
  partners: {
    name: ['partner', 'partner name', 'company', 'company name', 'organisation', 'organization', 'account name'],
  },
  users: {
    name: ['full name', 'contact name', 'user name', 'display name'],
    email: ['email address', 'e-mail', 'e-mail address', 'user email', 'work email', 'account owner email'],
    role: ['user role', 'profile'],
    team: ['team name', 'department'],
    partner: ['partner name', 'partner organisation', 'partner organization', 'company'],
  },
  customers: {
    name: [
      'company',
      'company name',
      'account name',
      'account',
      'organisation',
      'organization',
      'customer',
      'customer name',
    ],
    domain: ['website', 'company domain name', 'company domain', 'web site', 'url', 'website url', 'domain name'],
    segment: ['industry', 'type', 'account type', 'tier'],
    lifecycle: ['lifecycle stage', 'stage', 'status', 'account status'],
    jobToBeDone: ['description', 'job to be done', 'notes', 'account description'],
  },
};

const simplify = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s_\-.]+/g, ' ')
    .trim();

/**
 * The column a file's header is taken for, when the leader maps nothing: our own column names
 * first, then the common CRM names; undefined for a column the import ignores.
 */
export function suggestColumn(kind: ImportJobKind, header: string): string | undefined {
  const wanted = simplify(header);
  const own = importJobColumns[kind].all.find((column) => simplify(column) === wanted);
  if (own) return own;
  for (const [column, names] of Object.entries(aliases[kind])) {
    if (names.some((name) => simplify(name) === wanted)) return column;
  }
  return undefined;
}

/** A file's header mapped to our columns: the leader's choice where given, else the suggestion. */
export function mapHeader(
  kind: ImportJobKind,
  header: readonly string[],
  mapping: Readonly<Record<string, string>> = {},
): (string | undefined)[] {
  return header.map((name) => {
    const chosen = mapping[name.trim()];
    if (chosen !== undefined) return chosen === '' ? undefined : chosen;
    return suggestColumn(kind, name);
  });
}

export const createImportJobSchema = z
  .strictObject({
    kind: z.enum(importJobKinds),
    dryRun: z.optional(z.boolean()).apply(z.withMeta, { description: 'Validate the whole file and write nothing.' }),
    skipInvalid: z.optional(z.boolean()).apply(z.withMeta, {
      description: 'Import the valid rows and report the others; without it, one refused row means nothing is written.',
    }),
    mapping: z
      .optional(
        z
          .record(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)), z.string().check(z.maxLength(64)))
          .check(z.refine((value) => Object.keys(value).length <= 200, 'At most 200 columns.')),
      )
      .apply(z.withMeta, {
        description:
          'The file’s header names mapped to our columns ("" ignores a column). Unmapped headers are taken by name, ' +
          'or by a common CRM name ("Company Name", "Website", "Account Owner Email", …).',
      }),
  })
  .check(
    z.superRefine((input, ctx) => {
      const columns = importJobColumns[input.kind].all;
      for (const [header, column] of Object.entries(input.mapping ?? {})) {
        if (column !== '' && !columns.includes(column)) {
          ctx.addIssue({
            code: 'custom',
            path: ['mapping', header],
            message: `Not a column of ${input.kind}: one of ${columns.join(', ')}, or "" to ignore it.`,
          });
        }
      }
    }),
  )
  .apply(z.withMeta, { id: 'CreateImportJob' });
export type CreateImportJob = z.infer<typeof createImportJobSchema>;

/** How much of a file the page sends to have its header read: far more than any CRM's header row. */
export const maxHeaderSampleChars = 32 * 1024;

export const readHeaderSchema = z
  .strictObject({
    kind: z.enum(importJobKinds),
    sample: z.string().check(z.minLength(1), z.maxLength(maxHeaderSampleChars)).apply(z.withMeta, {
      description:
        'The start of the file as text (the page sends its first 16 KiB): its first line, the header, is read as a job would read it.',
    }),
  })
  .apply(z.withMeta, { id: 'ReadImportHeader' });
export type ReadHeader = z.infer<typeof readHeaderSchema>;

export const importHeaderSchema = z
  .object({
    delimiter: z.enum([',', ';', '\t']),
    header: z.array(
      z.object({
        name: z.string(),
        suggested: z.nullable(z.string()).apply(z.withMeta, {
          description: 'The column a job takes it for when nothing is mapped; null: ignored.',
        }),
      }),
    ),
    columns: z.array(z.object({ name: z.string(), required: z.boolean() })),
  })
  .apply(z.withMeta, { id: 'ImportHeader' });
export type ImportHeader = z.infer<typeof importHeaderSchema>;

/** A file's header as a job reads it: each name, with the column it would be taken for, beside the kind's columns. */
export function describeHeader(kind: ImportJobKind, delimiter: ImportHeader['delimiter'], header: readonly string[]) {
  const { all, required } = importJobColumns[kind];
  return {
    delimiter,
    header: header.map((name) => ({ name, suggested: suggestColumn(kind, name) ?? null })),
    columns: all.map((name) => ({ name, required: required.includes(name) })),
  } satisfies ImportHeader;
}

export const importRejectionSchema = z.object({
  row: z
    .number()
    .check(z.int())
    .apply(z.withMeta, { description: 'The row as a spreadsheet numbers it: the header is row 1.' }),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
});
export type ImportRejection = z.infer<typeof importRejectionSchema>;

export const importJobSchema = z
  .object({
    id: z.string(),
    kind: z.enum(importJobKinds),
    status: z.enum(importJobStatuses),
    dryRun: z.boolean(),
    skipInvalid: z.boolean(),
    mapping: z.record(z.string(), z.string()),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** Rows in the file, known once it is read. */
    totalRows: z.optional(z.number().check(z.int())),
    /** Accepted rows written (or found unchanged) so far: where a resumed job goes on from. */
    processed: z.number().check(z.int()),
    accepted: z.number().check(z.int()),
    rejected: z.number().check(z.int()),
    created: z.number().check(z.int()),
    updated: z.number().check(z.int()),
    unchanged: z.number().check(z.int()),
    /** Why the job failed, or what it ignored: a sentence for the leader. */
    message: z.optional(z.string()),
    ignoredColumns: z.optional(z.array(z.string())),
    finishedAt: z.optional(z.string()),
  })
  .apply(z.withMeta, { id: 'ImportJob' });
export type ImportJob = z.infer<typeof importJobSchema>;

export const isFinished = (status: ImportJobStatus) => status === 'done' || status === 'failed';
