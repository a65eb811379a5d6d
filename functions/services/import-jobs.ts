import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeTime, ulid } from 'ulid';
import type { Db } from '#data/client.ts';
import { customerCreateItems, getCustomers } from '#data/customer-repository.ts';
import { partnerRepository, teamRepository, userRepository } from '#data/directory-repository.ts';
import type { IdentityAccounts } from '#data/identity-accounts.ts';
import { localIdentityAccounts } from '#data/identity-accounts.ts';
import type { ImportFiles } from '#data/import-files.ts';
import {
  batchPut,
  claimImportJob,
  getImportJob,
  getItemsByPk,
  LeaseLostError,
  listImportJobs,
  putImportJob,
  putRejections,
  putsOf,
  readRejections,
  stalledImportJobs,
  updateImportJob,
} from '#data/import-job-repository.ts';
import { readCollection } from '#data/import-writer.ts';
import { customerKeys, eventKeys, partnerKeys, teamKeys, userKeys } from '#data/keys.ts';
import { putNotification } from '#data/notification-repository.ts';
import type { TransactItem } from '#data/send.ts';
import type { Customer } from '#domain/customers/schemas.ts';
import { newUser, type User } from '#domain/directory/schemas.ts';
import { ConflictError, NotFoundError, ValidationError } from '#domain/errors.ts';
import { assertCan } from '#domain/identity/authorization.ts';
import type { Caller } from '#domain/identity/roles.ts';
import {
  type CreateImportJob,
  describeHeader,
  type ImportHeader,
  type ImportJob,
  type ImportRejection,
  importJobColumns,
  isFinished,
  mapHeader,
  maxImportFileBytes,
  maxImportJobRows,
  type ReadHeader,
  uploadUrlSeconds,
} from '#domain/imports/jobs.ts';
import type { Mailer } from '#domain/notifications/mailer.ts';
import type { NewNotification } from '#domain/notifications/schemas.ts';
import { type CsvRow, decodeCsv, detectDelimiter, parseCsvTable, readCsvHeader, toCsv } from '#lib/csv.ts';
import { logger } from '#lib/logger.ts';
import type { ServiceContext } from './context.ts';
import { customers } from './customers.ts';
import { users } from './directory.ts';
import { importedCustomer, type ValidRow, validateRows } from './imports.ts';
import { mailIfWanted } from './notifications.ts';
import type { ReactionContext } from './reaction.ts';

// Where uploaded files live (S3, or local files): the API is handed one and passes it on.
export type { ImportFiles };

/**
 * Import jobs: a file of up to 100,000 rows, uploaded straight to storage, validated whole and
 * then written in batches by a runner outside the API (an S3-triggered Lambda when deployed,
 * the local server's process otherwise). The API only creates a job and reports on it.
 */

/** How much of a job a runner holds before another may take it over: longer than any batch. */
const leaseMs = 2 * 60 * 1000;
/** Rows per batch: a progress step, a checkpoint, and a few BatchWriteItems. */
export const defaultRowsPerBatch = 500;
/** What a job's page shows of its report; the rest is in the CSV. */
const rejectionsShown = 100;

export interface ImportJobView extends ImportJob {
  /** The first refused rows (all of them are in `GET /api/import-jobs/{id}/rejected.csv`). */
  readonly rejections: ImportRejection[];
}

export const importJobs = {
  /** A new job (leaders); the file is PUT to `uploadUrl`, which starts it. */
  async create(
    ctx: ServiceContext,
    files: ImportFiles,
    input: CreateImportJob,
  ): Promise<{ job: ImportJob; uploadUrl: string }> {
    assertCan(ctx.caller, 'directory.manage');
    const at = ctx.now().toISOString();
    const job: ImportJob = {
      id: ulid(ctx.now().getTime()),
      kind: input.kind,
      status: 'awaiting_upload',
      dryRun: input.dryRun === true,
      skipInvalid: input.skipInvalid === true,
      mapping: input.mapping ?? {},
      createdBy: ctx.caller.userId,
      createdAt: at,
      updatedAt: at,
      processed: 0,
      accepted: 0,
      rejected: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
    };
    await putImportJob(ctx.db, job);
    return { job, uploadUrl: await files.uploadUrl(job.id, uploadUrlSeconds) };
  },

  /**
   * A file's header as a job would read it, for the page to map before uploading: the same
   * reader and the same suggestions as the runner, so the page shows what the job will do.
   */
  async readHeader(ctx: ServiceContext, input: ReadHeader): Promise<ImportHeader> {
    assertCan(ctx.caller, 'directory.manage');
    const { delimiter, header } = await readCsvHeader(input.sample);
    return describeHeader(input.kind, delimiter, header);
  },

  async get(ctx: ServiceContext, id: string): Promise<ImportJobView> {
    assertCan(ctx.caller, 'directory.manage');
    const job = await getImportJob(ctx.db, id);
    if (!job) throw new NotFoundError('There is no import job with this id.');
    return { ...job, rejections: job.rejected > 0 ? await readRejections(ctx.db, id, rejectionsShown) : [] };
  },

  async list(ctx: ServiceContext, limit: number): Promise<ImportJob[]> {
    assertCan(ctx.caller, 'directory.manage');
    return listImportJobs(ctx.db, limit);
  },

  /** Every refused row, one line per problem: the report to correct the file by. */
  async rejectedCsv(ctx: ServiceContext, id: string): Promise<string> {
    assertCan(ctx.caller, 'directory.manage');
    if (!(await getImportJob(ctx.db, id))) throw new NotFoundError('There is no import job with this id.');
    const lines = (await readRejections(ctx.db, id)).flatMap((rejection) =>
      rejection.errors.map((error) => ({ row: rejection.row, ...error })),
    );
    return toCsv(
      [
        { header: 'row', value: (line) => line.row },
        { header: 'column', value: (line) => line.path },
        { header: 'problem', value: (line) => line.message },
      ],
      lines,
    );
  },
};

/** What a runner needs: the table, the files, and what a user import creates and sends. */
export interface ImportRunnerDeps {
  readonly db: Db;
  readonly files: ImportFiles;
  readonly now?: () => Date;
  /** Sign-in accounts: Cognito when deployed (which e-mails each invitation), the local ones otherwise. */
  readonly accounts?: IdentityAccounts;
  /**
   * Sends a new user their invitation through the mailer; the local stack's (Cognito sends its
   * own when deployed).
   */
  readonly invite?: (user: User) => Promise<void>;
  /** Mails the leader the end of the job, as any notification, if they want that kind. */
  readonly notify?: ReactionContext;
  readonly rowsPerBatch?: number;
  /** Sign-in accounts created per second: Cognito's AdminCreateUser quota is shared with everything else. */
  readonly accountsPerSecond?: number;
  /** Called after each batch is checkpointed: tests stop a runner here, as a timeout would. */
  readonly afterBatch?: (processed: number) => void | Promise<void>;
}

/** An id for a row's record (or its event) that only this job and row give: a rerun of the row writes the same items again. */
export function rowId(job: ImportJob, row: number, purpose: string): string {
  const digest = createHash('sha256').update(`${job.id}:${row}:${purpose}`).digest();
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let random = '';
  for (let index = 0; index < 16; index++) random += alphabet[(digest[index] ?? 0) % 32];
  return encodeTime(Date.parse(job.createdAt), 10) + random;
}

/** The record's creation event, under an id of the row's: a rerun puts the same event, not a second one. */
function withEventId(items: TransactItem[], eventId: string): TransactItem[] {
  return items.map((item) => {
    const put = item.Put?.Item as Record<string, unknown> | undefined;
    if (put?.entity !== 'event') return item;
    return {
      Put: { ...item.Put, Item: { ...put, ...eventKeys.of(String(put.pk), eventId), id: eventId } },
    } as TransactItem;
  });
}

/** Failed: the reason is the job's message, for the leader. */
class JobRefusal extends Error {}

function refusalOf(error: unknown): string | undefined {
  if (error instanceof JobRefusal) return error.message;
  if (error instanceof ValidationError) {
    const details = error.errors.map((item) => item.message).join(' ');
    return `${error.message} ${details}`.trim();
  }
  return undefined;
}

interface Parsed {
  readonly rows: CsvRow[];
  readonly widthRejections: ImportRejection[];
  readonly ignoredColumns: string[];
}

/** The file's rows by our columns: its encoding, separator and header read, the leader's mapping applied. */
async function readFile(job: ImportJob, bytes: Uint8Array): Promise<Parsed> {
  const text = decodeCsv(bytes);
  const delimiter = detectDelimiter(text);
  const table = await parseCsvTable(text, { maxRows: maxImportJobRows, delimiter });
  const columns = mapHeader(job.kind, table.header, job.mapping);
  const { required } = importJobColumns[job.kind];
  const taken = new Map<string, string>();
  for (const [index, column] of columns.entries()) {
    if (column === undefined) continue;
    const earlier = taken.get(column);
    if (earlier !== undefined) {
      throw new JobRefusal(
        `Both "${earlier}" and "${table.header[index]}" are taken for ${column}: map one of them to another column, or ignore it.`,
      );
    }
    taken.set(column, table.header[index] ?? '');
  }
  const missing = required.filter((column) => !taken.has(column));
  if (missing.length > 0) {
    const semicolons = delimiter === ',' && table.header.length === 1 && table.header[0]?.includes(';');
    throw new JobRefusal(
      semicolons
        ? 'The file looks separated by semicolons in a way that could not be read: save it from Excel as "CSV UTF-8 (comma delimited)".'
        : `No column of the file is taken for ${missing.join(', ')} (its header: ${table.header.join(', ')}). Map one in the page.`,
    );
  }
  const widthRejections: ImportRejection[] = [];
  const rows: CsvRow[] = [];
  for (const { row, cells } of table.rows) {
    if (cells.length !== table.header.length) {
      widthRejections.push({
        row,
        errors: [{ path: 'row', message: `The row has ${cells.length} cells, the header ${table.header.length}.` }],
      });
      continue;
    }
    const values: Record<string, string> = {};
    for (const [index, column] of columns.entries()) {
      const value = cells[index];
      if (column !== undefined && value !== undefined && value.trim() !== '') values[column] = value;
    }
    rows.push({ row, values });
  }
  return {
    rows,
    widthRejections,
    ignoredColumns: table.header.filter((_, index) => columns[index] === undefined),
  };
}

interface BatchOutcome {
  created: number;
  updated: number;
  unchanged: number;
  /** Rows that failed at writing (a record of the same name claimed meanwhile, say). */
  failed: ImportRejection[];
}

type Writer = (ctx: ServiceContext, job: ImportJob, rows: ValidRow[], deps: ImportRunnerDeps) => Promise<BatchOutcome>;

const noOutcome = (): BatchOutcome => ({ created: 0, updated: 0, unchanged: 0, failed: [] });

const fitColumns = ['resources', 'functional', 'technical', 'cultural'] as const;

/**
 * Customers by their natural key, the prospect markers of domain and name: none found, the row
 * is created under the row's own ids; found and this row's, a rerun puts the same items again;
 * found and another's, the customer is compared and updated through the single-record service
 * only where a field differs (its lifecycle moves by events, never by an import).
 */
const writeCustomers: Writer = async (ctx, job, rows) => {
  const outcome = noOutcome();
  const markers = await getItemsByPk(
    ctx.db,
    rows.flatMap((row) => row.keys.map((key) => customerKeys.prospectMarker(key))),
  );
  const existingOf = (row: ValidRow) =>
    row.keys
      .map((key) => markers.get(customerKeys.prospectMarker(key).pk)?.customerId)
      .find((id): id is string => typeof id === 'string');
  const puts: Record<string, unknown>[] = [];
  const toCompare: { row: ValidRow; id: string }[] = [];
  for (const row of rows) {
    if (row.kind !== 'customers') continue;
    const own = rowId(job, row.row, 'record');
    const existing = existingOf(row);
    if (existing !== undefined && existing !== own) {
      toCompare.push({ row, id: existing });
      continue;
    }
    const customer = importedCustomer(row.input, row.keys, { id: own, at: job.createdAt, createdBy: job.createdBy });
    puts.push(
      ...putsOf(withEventId(customerCreateItems(ctx.db, customer, job.createdBy), rowId(job, row.row, 'event'))),
    );
    outcome.created++;
  }
  await batchPut(ctx.db, puts);
  const found = new Map(
    (
      await getCustomers(
        ctx.db,
        toCompare.map(({ id }) => id),
      )
    ).map((customer) => [customer.id, customer]),
  );
  for (const { row, id } of toCompare) {
    const before = found.get(id);
    if (!before || row.kind !== 'customers') {
      outcome.failed.push({
        row: row.row,
        errors: [{ path: 'name', message: 'The customer it matches could not be read.' }],
      });
      continue;
    }
    const change = customerChange(before, row.input);
    if (Object.keys(change).length === 0) {
      outcome.unchanged++;
      continue;
    }
    try {
      await customers.update(ctx, id, before.version, change);
      outcome.updated++;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      outcome.failed.push({ row: row.row, errors: [{ path: 'name', message: error.message }] });
    }
  }
  return outcome;
};

/** What differs between a customer and an imported row of it: only what the row holds. */
function customerChange(
  before: Customer,
  input: Extract<ValidRow, { kind: 'customers' }>['input'],
): Parameters<typeof customers.update>[3] {
  const change: Record<string, unknown> = {};
  if (input.name !== before.name) change.name = input.name;
  if (input.domain !== undefined && input.domain !== before.domain) change.domain = input.domain;
  if (input.segment !== undefined && input.segment !== before.segment) change.segment = input.segment;
  if (input.jobToBeDone !== undefined && input.jobToBeDone !== before.jobToBeDone)
    change.jobToBeDone = input.jobToBeDone;
  if (input.fit !== undefined && fitColumns.some((column) => input.fit?.[column] !== before.fit?.[column])) {
    change.fit = input.fit;
  }
  return change as Parameters<typeof customers.update>[3];
}

/** Teams and partner organisations by name: created under the row's id, or found and left as they are. */
function namedWriter(entity: 'teams' | 'partners'): Writer {
  const repository = entity === 'teams' ? teamRepository : (partnerRepository as unknown as typeof teamRepository);
  return async (ctx, job, rows) => {
    const outcome = noOutcome();
    const existing = new Map(
      (await readCollection(ctx.db, (entity === 'teams' ? teamKeys : partnerKeys).collection('', '').gsi1pk)).map(
        (item) => [String(item.name).toLowerCase(), String(item.id)],
      ),
    );
    const puts: Record<string, unknown>[] = [];
    for (const row of rows) {
      if (row.kind !== 'teams' && row.kind !== 'partners') continue;
      const own = rowId(job, row.row, 'record');
      const found = existing.get(row.input.name.toLowerCase());
      if (found !== undefined && found !== own) {
        outcome.unchanged++;
        continue;
      }
      const record = {
        id: own,
        name: row.input.name,
        active: true,
        version: 1,
        createdAt: job.createdAt,
        updatedAt: job.createdAt,
      };
      puts.push(
        ...putsOf(withEventId(repository.createItems(ctx.db, record, job.createdBy), rowId(job, row.row, 'event'))),
      );
      outcome.created++;
    }
    await batchPut(ctx.db, puts);
    return outcome;
  };
}

const throttled = new Set(['TooManyRequestsException', 'LimitExceededException', 'ThrottlingException']);

/**
 * Creates a sign-in account at a steady pace, trying again with backoff when Cognito says it is
 * too fast; an account left by a runner that died is found again by its e-mail address.
 */
async function createAccount(
  accounts: IdentityAccounts,
  user: { email: string; name: string; role: User['role'] },
): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await accounts.create(user);
    } catch (error) {
      if (error instanceof ConflictError && accounts.subjectOf) {
        const subject = await accounts.subjectOf(user.email);
        if (subject) return subject;
      }
      const name = error instanceof Error ? (error.cause instanceof Error ? error.cause.name : error.name) : '';
      if (!throttled.has(name) || attempt >= 6) throw error;
      await sleep(Math.min(200 * 2 ** attempt, 10_000) + Math.random() * 200);
    }
  }
}

/**
 * Users by e-mail address: new ones get their sign-in account (at `accountsPerSecond`), then
 * are written with their invitation; existing ones are updated where name, team or partner
 * organisation differ (a role is changed on the user's page, not by an import).
 */
const writeUsers: Writer = async (ctx, job, rows, deps) => {
  const outcome = noOutcome();
  const accounts = deps.accounts ?? localIdentityAccounts;
  const markers = await getItemsByPk(
    ctx.db,
    rows.flatMap((row) => (row.kind === 'users' ? [userKeys.emailMarker(row.input.email)] : [])),
  );
  const interval = 1000 / (deps.accountsPerSecond ?? 10);
  for (const row of rows) {
    if (row.kind !== 'users') continue;
    const existingId = markers.get(userKeys.emailMarker(row.input.email).pk)?.recordId;
    if (typeof existingId === 'string') {
      const before = await userRepository.get(ctx.db, existingId);
      const item = before as (User & { importJobId?: string }) | undefined;
      if (!before) continue;
      if (item?.importJobId === job.id) {
        outcome.created++;
        continue;
      }
      const change: Record<string, unknown> = {};
      if (row.input.name !== before.name) change.name = row.input.name;
      if ((row.input.teamId ?? null) !== (before.teamId ?? null)) change.teamId = row.input.teamId ?? null;
      if ((row.input.partnerId ?? null) !== (before.partnerId ?? null)) change.partnerId = row.input.partnerId ?? null;
      if (Object.keys(change).length === 0) {
        outcome.unchanged++;
        continue;
      }
      await users.update(ctx, before.id, before.version, change);
      outcome.updated++;
      continue;
    }
    const started = Date.now();
    const id = await createAccount(accounts, { email: row.input.email, name: row.input.name, role: row.input.role });
    const user = newUser(id, row.input, job.createdAt);
    const items = putsOf(userRepository.createItems(ctx.db, user, job.createdBy)).map((item) =>
      item.entity === 'user' ? { ...item, importJobId: job.id } : item,
    );
    await batchPut(ctx.db, items);
    await deps.invite?.(user);
    outcome.created++;
    const wait = interval - (Date.now() - started);
    if (wait > 0) await sleep(wait);
  }
  return outcome;
};

const writers: Record<ImportJob['kind'], Writer> = {
  customers: writeCustomers,
  teams: namedWriter('teams'),
  partners: namedWriter('partners'),
  users: writeUsers,
};

/** The leader who started the job, as the services know a caller. */
async function starterOf(deps: ImportRunnerDeps, job: ImportJob): Promise<Caller> {
  const user = await userRepository.get(deps.db, job.createdBy);
  return {
    userId: job.createdBy,
    role: 'leader',
    name: user?.name ?? 'Import',
    email: user?.email ?? '',
    ...(user?.teamId ? { teamId: user.teamId } : {}),
  };
}

/**
 * Runs a job as far as it goes: reads and validates the whole file (nothing written if a row is
 * refused, unless the job skips invalid rows), then writes the accepted rows batch by batch,
 * checkpointing `processed` after each. Safe to call again at any point, by anyone: a job
 * another runner holds is left alone, a finished one is not touched, and a job whose runner
 * died goes on from its last checkpoint. Resolves the job as this call left it.
 */
export async function runImportJob(
  deps: ImportRunnerDeps,
  jobId: string,
  runner: string = ulid(),
): Promise<ImportJob | undefined> {
  const now = deps.now ?? (() => new Date());
  const lease = () => now().getTime() + leaseMs;
  let job = await getImportJob(deps.db, jobId);
  if (!job || isFinished(job.status)) return job;
  const size = await deps.files.size(jobId);
  if (size === undefined) return job;
  if (!(await claimImportJob(deps.db, jobId, runner, now(), new Date(lease())))) return job;
  const caller = await starterOf(deps, job);
  const ctx: ServiceContext = { db: deps.db, caller, now, accounts: deps.accounts };
  const finish = async (fields: Partial<ImportJob>) => {
    const at = now().toISOString();
    await updateImportJob(deps.db, jobId, runner, { ...fields, updatedAt: at, finishedAt: at });
    const finished = (await getImportJob(deps.db, jobId)) as ImportJob;
    await notifyFinished(deps, finished);
    return finished;
  };
  try {
    if (size > maxImportFileBytes) {
      return await finish({
        status: 'failed',
        message: `The file is ${(size / 1024 / 1024).toFixed(1)} MB; at most ${maxImportFileBytes / 1024 / 1024} MB: split it.`,
      });
    }
    if (job.status === 'awaiting_upload') {
      await updateImportJob(deps.db, jobId, runner, { status: 'validating', updatedAt: now().toISOString() });
      job = { ...job, status: 'validating' };
    }
    let parsed: Parsed;
    let validated: Awaited<ReturnType<typeof validateRows>>;
    try {
      parsed = await readFile(job, await deps.files.read(jobId));
      validated = await validateRows(ctx, job.kind, parsed.rows);
    } catch (error) {
      const message = refusalOf(error);
      if (message === undefined) throw error;
      return await finish({ status: 'failed', message });
    }
    const rejections = [...parsed.widthRejections, ...validated.rejected].sort((a, b) => a.row - b.row);
    if (job.status === 'validating') {
      await putRejections(deps.db, jobId, rejections);
      const counts = {
        totalRows: parsed.rows.length + parsed.widthRejections.length,
        accepted: validated.valid.length,
        rejected: rejections.length,
        ignoredColumns: parsed.ignoredColumns,
        leaseUntil: lease(),
        updatedAt: now().toISOString(),
      };
      if (rejections.length > 0 && !job.skipInvalid) {
        return await finish({
          ...counts,
          status: 'failed',
          message: `${rejections.length} row(s) refused, ${validated.valid.length} fine: nothing was imported. Correct the rows named and upload the whole file again, or import with "skip invalid rows".`,
        });
      }
      if (job.dryRun) return await finish({ ...counts, status: 'done' });
      await updateImportJob(deps.db, jobId, runner, { ...counts, status: 'importing' });
      job = { ...job, ...counts, status: 'importing' };
    }
    const batchSize = deps.rowsPerBatch ?? defaultRowsPerBatch;
    const failed: ImportRejection[] = [];
    let { processed, created, updated, unchanged } = job;
    while (processed < validated.valid.length) {
      const batch = validated.valid.slice(processed, processed + batchSize);
      const outcome = await writers[job.kind](ctx, job, batch, deps);
      failed.push(...outcome.failed);
      const next = {
        processed: processed + batch.length,
        created: created + outcome.created,
        updated: updated + outcome.updated,
        unchanged: unchanged + outcome.unchanged,
      };
      await updateImportJob(
        deps.db,
        jobId,
        runner,
        { ...next, leaseUntil: lease(), updatedAt: now().toISOString() },
        { expectProcessed: processed },
      );
      ({ processed, created, updated, unchanged } = next);
      await deps.afterBatch?.(processed);
    }
    if (failed.length > 0) {
      await putRejections(deps.db, jobId, [...(await readRejections(deps.db, jobId)), ...failed]);
    }
    return await finish({
      status: 'done',
      rejected: job.rejected + failed.length,
      ...(failed.length > 0 ? { message: `${failed.length} row(s) could not be written: see the report.` } : {}),
    });
  } catch (error) {
    if (error instanceof LeaseLostError) return getImportJob(deps.db, jobId);
    throw error;
  }
}

/** Tells the leader who started the job how it ended: a notification, and an e-mail if they want one. */
async function notifyFinished(deps: ImportRunnerDeps, job: ImportJob): Promise<void> {
  const noun = job.kind === 'partners' ? 'partner organisations' : job.kind;
  const notification: NewNotification = {
    eventId: `import-${job.id}`,
    kind: 'import_finished',
    recordType: 'import',
    recordId: job.id,
    path: `/directory/import?job=${job.id}`,
    title:
      job.status === 'done'
        ? job.dryRun
          ? `The check of your ${noun} file is done: ${job.accepted} row(s) fine, ${job.rejected} refused`
          : `Your import of ${noun} is done: ${job.created} created, ${job.updated} updated, ${job.unchanged} unchanged`
        : `Your import of ${noun} failed`,
    ...(job.message ? { body: job.message } : {}),
    at: job.finishedAt ?? job.updatedAt,
  };
  try {
    const at = (deps.now ?? (() => new Date()))();
    await putNotification(deps.db, job.createdBy, notification, at);
    if (deps.notify) {
      const owner = await userRepository.get(deps.db, job.createdBy);
      if (owner?.active) await mailIfWanted(deps.notify, owner, notification, at);
    }
  } catch (error) {
    // The import itself is done; a lost notice must not make it look failed.
    logger.warn('import notice failed', {
      jobId: job.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/** Resumes the jobs whose runner died (lease lapsed): the schedule's work, and the local timer's. */
export async function resumeStalledImports(deps: ImportRunnerDeps): Promise<number> {
  const stalled = await stalledImportJobs(deps.db, (deps.now ?? (() => new Date()))());
  for (const job of stalled) await runImportJob(deps, job.id);
  return stalled.length;
}

/** An invitation through the mailer: the local stack's, where no Cognito sends one. */
export function mailInvitation(mailer: Mailer, webBaseUrl: string): (user: User) => Promise<void> {
  return async (user) => {
    const link = `${webBaseUrl.replace(/\/+$/, '')}/`;
    await mailer.send({
      id: `invitation-${user.id}`,
      to: user.email,
      subject: 'You are invited to Total Customer',
      text: `Hello ${user.name},\n\nA leader added you to Total Customer. Sign in at ${link}\n`,
      html: `<p>Hello ${escapeHtml(user.name)},</p><p>A leader added you to Total Customer. <a href="${link}">Sign in</a>.</p>`,
    });
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
