import { ulid } from 'ulid';
import { customerCreateItems } from '#data/customer-repository.ts';
import { partnerRepository, teamRepository, userRepository } from '#data/directory-repository.ts';
import { localIdentityAccounts } from '#data/identity-accounts.ts';
import { existingKeys, readCollection, writeAllOrNothing } from '#data/import-writer.ts';
import { customerKeys, partnerKeys, teamKeys, userKeys } from '#data/keys.ts';
import type { TransactItem } from '#data/send.ts';
import { type Customer, createCustomerSchema } from '#domain/customers/schemas.ts';
import { createNamedSchema, createUserSchema, newUser } from '#domain/directory/schemas.ts';
import { type FieldError, UnprocessableError } from '#domain/errors.ts';
import { assertCan } from '#domain/identity/authorization.ts';
import { type ImportJobKind, importJobColumns, importJobKinds } from '#domain/imports/jobs.ts';
import { normaliseDomain, prospectKeys } from '#domain/referrals/prospect.ts';
import { type CsvRow, parseCsv } from '#lib/csv.ts';
import type * as z from '#lib/zod.ts';
import type { ServiceContext } from './context.ts';

export const importKinds = importJobKinds;
export type ImportKind = ImportJobKind;

/**
 * The exact header of each kind's file: the single-record form's fields, by the same names (a
 * user's team or partner organisation by its id or its exact name). One list with import jobs'.
 */
export const importColumns = Object.fromEntries(
  importKinds.map((kind) => [kind, importJobColumns[kind].all]),
) as Record<ImportKind, readonly string[]>;

/** Rows per file: what one request validates and writes in seconds, well inside a Lambda's time. */
export const maxImportRows = 500;

export interface RowRejection {
  readonly row: number;
  readonly errors: FieldError[];
}

export interface ImportReport {
  readonly kind: ImportKind;
  readonly dryRun: boolean;
  /** Rows that passed validation. */
  readonly accepted: number;
  /** Records written: all accepted rows, or none on a dry run. */
  readonly imported: number;
  readonly rejected: RowRejection[];
  readonly ids: string[];
}

/** Some rows were refused: 422, with the report, and nothing was written. */
export class ImportRejectedError extends UnprocessableError {
  override readonly type = '/problems/import-rejected';
  constructor(kind: ImportKind, accepted: number, rejected: RowRejection[], dryRun: boolean) {
    super(
      `${rejected.length} row(s) refused, ${accepted} fine: nothing was imported. Correct the rows named and send the whole file again.`,
    );
    Object.assign(this.extensions, { kind, dryRun, accepted, imported: 0, rejected });
  }
}

/** A valid row and how to write it (at commit only: a user's write creates their sign-in account). */
interface Planned {
  readonly row: number;
  readonly write: (created: { id: string; email: string }[]) => Promise<{ id: string; items: TransactItem[] }>;
}

interface Plan {
  readonly accepted: Planned[];
  readonly rejected: RowRejection[];
}

function issues(error: z.core.$ZodError, rename: Record<string, string> = {}): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || 'row';
    return { path: rename[path] ?? path, message: issue.message };
  });
}

/** Collects rejections row by row; a row is accepted only when it has none. */
class Rows {
  private readonly errors = new Map<number, FieldError[]>();
  reject(row: number, ...errors: FieldError[]) {
    if (errors.length === 0) return;
    this.errors.set(row, [...(this.errors.get(row) ?? []), ...errors]);
  }
  has(row: number) {
    return this.errors.has(row);
  }
  list(): RowRejection[] {
    return [...this.errors.entries()].sort(([a], [b]) => a - b).map(([row, errors]) => ({ row, errors }));
  }
}

/** Duplicates within the file: the first row with a value keeps it, later ones are refused. */
function firstSeen() {
  const seen = new Map<string, number>();
  return (value: string, row: number): number | undefined => {
    const first = seen.get(value);
    if (first === undefined) seen.set(value, row);
    return first;
  };
}

/** A row that passed validation: its input as the single-record API takes it, and its natural key(s). */
export type ValidRow =
  | {
      readonly kind: 'teams' | 'partners';
      readonly row: number;
      readonly keys: string[];
      readonly input: { name: string };
    }
  | {
      readonly kind: 'users';
      readonly row: number;
      readonly keys: string[];
      readonly input: z.infer<typeof createUserSchema>;
    }
  | {
      readonly kind: 'customers';
      readonly row: number;
      readonly keys: string[];
      readonly input: z.infer<typeof createCustomerSchema>;
    };

export interface Validated {
  readonly valid: ValidRow[];
  readonly rejected: RowRejection[];
}

/**
 * Every row checked as the single-record API would (its schema; a user's team and partner
 * organisation by name or id), and duplicates within the file refused: what both the
 * synchronous import and an import job run before they write anything. Whether a record of the
 * same natural key exists already is left to each.
 */
export async function validateRows(ctx: ServiceContext, kind: ImportKind, rows: readonly CsvRow[]): Promise<Validated> {
  const rejections = new Rows();
  const seen = firstSeen();
  const valid: ValidRow[] = [];
  if (kind === 'teams' || kind === 'partners') {
    for (const { row, values } of rows) {
      const parsed = createNamedSchema.safeParse({ name: values.name ?? '' });
      if (!parsed.success) {
        rejections.reject(row, ...issues(parsed.error));
        continue;
      }
      const name = parsed.data.name;
      const first = seen(name.toLowerCase(), row);
      if (first !== undefined) rejections.reject(row, { path: 'name', message: `Row ${first} has this name already.` });
      if (!rejections.has(row)) valid.push({ kind, row, keys: [name.toLowerCase()], input: { name } });
    }
  } else if (kind === 'users') {
    const [teams, partners] = await Promise.all([
      readCollection(ctx.db, teamKeys.collection('', '').gsi1pk),
      readCollection(ctx.db, partnerKeys.collection('', '').gsi1pk),
    ]);
    const team = resolver(teams, 'team');
    const partner = resolver(partners, 'partner organisation');
    for (const { row, values } of rows) {
      const teamRef = team(values.team);
      const partnerRef = partner(values.partner);
      if (teamRef.error) rejections.reject(row, { path: 'team', message: teamRef.error });
      if (partnerRef.error) rejections.reject(row, { path: 'partner', message: partnerRef.error });
      const parsed = createUserSchema.safeParse({
        name: values.name ?? '',
        email: values.email ?? '',
        role: values.role ?? '',
        ...(teamRef.id ? { teamId: teamRef.id } : {}),
        ...(partnerRef.id ? { partnerId: partnerRef.id } : {}),
      });
      if (!parsed.success) {
        // A named team or organisation that was not found is reported once, by its own column.
        const errors = issues(parsed.error, { teamId: 'team', partnerId: 'partner' }).filter(
          (error) => !(error.path === 'team' && teamRef.error) && !(error.path === 'partner' && partnerRef.error),
        );
        rejections.reject(row, ...errors);
        continue;
      }
      const first = seen(parsed.data.email, row);
      if (first !== undefined) {
        rejections.reject(row, { path: 'email', message: `Row ${first} has this e-mail address already.` });
      }
      if (!rejections.has(row)) valid.push({ kind, row, keys: [parsed.data.email], input: parsed.data });
    }
  } else {
    for (const { row, values } of rows) {
      const anyFit = fitColumns.some((column) => values[`fit.${column}`] !== undefined);
      const score = (column: string) => {
        const cell = values[`fit.${column}`];
        return cell === undefined ? undefined : /^\s*\d+\s*$/.test(cell) ? Number(cell) : cell;
      };
      const parsed = createCustomerSchema.safeParse({
        name: values.name ?? '',
        ...(values.domain ? { domain: values.domain } : {}),
        ...(values.segment ? { segment: values.segment } : {}),
        ...(values.lifecycle ? { lifecycle: values.lifecycle.trim() } : {}),
        ...(values.jobToBeDone ? { jobToBeDone: values.jobToBeDone } : {}),
        ...(anyFit ? { fit: Object.fromEntries(fitColumns.map((column) => [column, score(column)])) } : {}),
      });
      if (!parsed.success) {
        rejections.reject(row, ...issues(parsed.error));
        continue;
      }
      const domain = parsed.data.domain ? normaliseDomain(parsed.data.domain) : undefined;
      const keys = prospectKeys({ name: parsed.data.name, domain }, '');
      for (const key of keys) {
        const first = seen(key, row);
        if (first !== undefined) {
          const path = key.startsWith('domain:') ? 'domain' : 'name';
          rejections.reject(row, { path, message: `Row ${first} is the same customer (${path}).` });
        }
      }
      if (!rejections.has(row)) {
        valid.push({ kind, row, keys, input: { ...parsed.data, ...(domain ? { domain } : {}) } });
      }
    }
  }
  return { valid, rejected: rejections.list() };
}

function namedPlanner(entity: 'team' | 'partner') {
  const repository = entity === 'team' ? teamRepository : (partnerRepository as unknown as typeof teamRepository);
  const noun = entity === 'team' ? 'team' : 'partner organisation';
  return async (ctx: ServiceContext, rows: CsvRow[]): Promise<Plan> => {
    const existing = new Set(
      (await readCollection(ctx.db, (entity === 'team' ? teamKeys : partnerKeys).collection('', '').gsi1pk)).map(
        (item) => String(item.name).toLowerCase(),
      ),
    );
    const { valid, rejected } = await validateRows(ctx, entity === 'team' ? 'teams' : 'partners', rows);
    const rejections = new Rows();
    for (const { row, errors } of rejected) rejections.reject(row, ...errors);
    const accepted: Planned[] = [];
    for (const { row, input } of valid) {
      const name = input.name;
      if (existing.has(name.toLowerCase())) {
        rejections.reject(row, { path: 'name', message: `A ${noun} of this name exists already.` });
        continue;
      }
      accepted.push({
        row,
        write: async () => {
          const at = ctx.now().toISOString();
          const record = { id: ulid(), name, active: true, version: 1, createdAt: at, updatedAt: at };
          return { id: record.id, items: repository.createItems(ctx.db, record, ctx.caller.userId) };
        },
      });
    }
    return { accepted, rejected: rejections.list() };
  };
}

/** A team or partner organisation named by id or by name, among the active ones. */
function resolver(records: Record<string, unknown>[], noun: string) {
  const active = records.filter((record) => record.active === true);
  return (value: string | undefined): { id?: string; error?: string } => {
    if (value === undefined) return {};
    const byId = active.find((record) => record.id === value.trim());
    if (byId) return { id: String(byId.id) };
    const byName = active.filter((record) => String(record.name).toLowerCase() === value.trim().toLowerCase());
    if (byName.length === 1) return { id: String(byName[0]?.id) };
    if (byName.length > 1) return { error: `Several active ${noun}s are called this: give its id.` };
    return { error: `No active ${noun} of this name or id.` };
  };
}

async function planUsers(ctx: ServiceContext, rows: CsvRow[]): Promise<Plan> {
  const { valid, rejected } = await validateRows(ctx, 'users', rows);
  const rejections = new Rows();
  for (const { row, errors } of rejected) rejections.reject(row, ...errors);
  const candidates = valid.flatMap((entry) => (entry.kind === 'users' ? [entry] : []));
  const taken = await existingKeys(
    ctx.db,
    candidates.map(({ input }) => userKeys.emailMarker(input.email)),
  );
  const accepted: Planned[] = [];
  for (const { row, input } of candidates) {
    if (taken.has(userKeys.emailMarker(input.email).pk)) {
      rejections.reject(row, { path: 'email', message: 'A user with this e-mail address exists already.' });
    }
    if (rejections.has(row)) continue;
    accepted.push({
      row,
      write: async (created) => {
        const id = await (ctx.accounts ?? localIdentityAccounts).create({
          email: input.email,
          name: input.name,
          role: input.role,
        });
        created.push({ id, email: input.email });
        const record = newUser(id, input, ctx.now().toISOString());
        return { id, items: userRepository.createItems(ctx.db, record, ctx.caller.userId) };
      },
    });
  }
  return { accepted, rejected: rejections.list() };
}

const fitColumns = ['resources', 'functional', 'technical', 'cultural'] as const;

/** A new customer record from an import's row: what the single-record create makes of the same input. */
export function importedCustomer(
  input: z.infer<typeof createCustomerSchema>,
  keys: string[],
  options: { id: string; at: string; createdBy: string },
): Customer {
  return {
    id: options.id,
    name: input.name,
    ...(input.domain ? { domain: input.domain } : {}),
    ...(input.segment ? { segment: input.segment } : {}),
    lifecycle: input.lifecycle,
    ...(input.fit ? { fit: input.fit } : {}),
    ...(input.jobToBeDone ? { jobToBeDone: input.jobToBeDone } : {}),
    stakeholders: input.stakeholders,
    prospectKeys: keys,
    lifecycleChangedAt: options.at,
    ...(input.lifecycle === 'lapsed' ? { lapsedAt: options.at } : {}),
    openIssueCount: 0,
    createdBy: options.createdBy,
    version: 1,
    createdAt: options.at,
    updatedAt: options.at,
  };
}

async function planCustomers(ctx: ServiceContext, rows: CsvRow[]): Promise<Plan> {
  const { valid, rejected } = await validateRows(ctx, 'customers', rows);
  const rejections = new Rows();
  for (const { row, errors } of rejected) rejections.reject(row, ...errors);
  const candidates = valid.flatMap((entry) => (entry.kind === 'customers' ? [entry] : []));
  const taken = await existingKeys(
    ctx.db,
    candidates.flatMap(({ keys }) => keys.map((key) => customerKeys.prospectMarker(key))),
  );
  const accepted: Planned[] = [];
  for (const { row, input, keys } of candidates) {
    for (const key of keys.filter((candidate) => taken.has(customerKeys.prospectMarker(candidate).pk))) {
      const path = key.startsWith('domain:') ? 'domain' : 'name';
      rejections.reject(row, { path, message: `A customer with this ${path} exists already.` });
    }
    if (rejections.has(row)) continue;
    accepted.push({
      row,
      write: async () => {
        const now = ctx.now();
        const customer = importedCustomer(input, keys, {
          id: ulid(now.getTime()),
          at: now.toISOString(),
          createdBy: ctx.caller.userId,
        });
        return { id: customer.id, items: customerCreateItems(ctx.db, customer, ctx.caller.userId) };
      },
    });
  }
  return { accepted, rejected: rejections.list() };
}

const planners: Record<ImportKind, (ctx: ServiceContext, rows: CsvRow[]) => Promise<Plan>> = {
  teams: namedPlanner('team'),
  partners: namedPlanner('partner'),
  users: planUsers,
  customers: planCustomers,
};

/**
 * Imports a CSV file of one kind (leaders): every row validated with the single-record API's
 * schema, duplicates within the file and against the table refused, and then either every row
 * written or none (see `writeAllOrNothing`). A dry run validates and writes nothing.
 */
export async function importCsv(
  ctx: ServiceContext,
  kind: ImportKind,
  csv: string,
  options: { dryRun: boolean },
): Promise<ImportReport> {
  assertCan(ctx.caller, 'directory.manage');
  const rows = await parseCsv(csv, importColumns[kind], { maxRows: maxImportRows });
  const plan = await planners[kind](ctx, rows);
  if (plan.rejected.length > 0) {
    throw new ImportRejectedError(kind, plan.accepted.length, plan.rejected, options.dryRun);
  }
  const report = { kind, dryRun: options.dryRun, accepted: plan.accepted.length, rejected: [] };
  if (options.dryRun) return { ...report, imported: 0, ids: [] };
  const accounts: { id: string; email: string }[] = [];
  try {
    const writes: { id: string; items: TransactItem[] }[] = [];
    for (const planned of plan.accepted) writes.push(await planned.write(accounts));
    await writeAllOrNothing(
      ctx.db,
      writes.map((write) => write.items),
    );
    return { ...report, imported: writes.length, ids: writes.map((write) => write.id) };
  } catch (error) {
    // Sign-in accounts are made before their users are written: none may outlive a failed import.
    await Promise.allSettled(accounts.map((account) => (ctx.accounts ?? localIdentityAccounts).remove(account)));
    throw error;
  }
}
