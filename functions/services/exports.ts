import type { CustomerFilters } from '#data/customer-repository.ts';
import { type NamedKind, namesOf } from '#data/names.ts';
import type { Page } from '#data/pagination.ts';
import type { ReferralFilters } from '#data/referral-repository.ts';
import type { CustomerView } from '#domain/customers/views.ts';
import { ValidationError } from '#domain/errors.ts';
import type { HandoffView } from '#domain/handoffs/views.ts';
import type { IssueView } from '#domain/issues/views.ts';
import type { ReferralView } from '#domain/referrals/views.ts';
import { toCsv } from '#lib/csv.ts';
import type { ServiceContext } from './context.ts';
import { customers } from './customers.ts';
import { type HandoffListQuery, handoffs } from './handoffs.ts';
import { type IssueListQuery, issues } from './issues.ts';
import { referrals } from './referrals.ts';

/** Rows per export: a few MB of CSV, inside what one Lambda response may carry. */
export const maxExportRows = 5000;

/** Every page of a list, as the JSON list answers it to the same caller with the same filters. */
async function allPages<T>(list: (page: { limit: number; cursor?: string }) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit: 100, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    if (items.length > maxExportRows) {
      throw new ValidationError(
        [{ path: 'filters', message: `More than ${maxExportRows} rows: narrow the filters.` }],
        'The export is too large.',
      );
    }
    cursor = page.cursor ?? undefined;
  } while (cursor);
  return items;
}

type Ref = { kind: NamedKind; id: string | undefined };
type Column<T> = {
  header: string;
  value: (record: T, name: (kind: NamedKind, id?: string) => string) => unknown;
  /** The directory records the value names: looked up once for the whole file. */
  refs?: (record: T) => Ref[];
};

/** A CSV of records with the names of the records they name. */
async function csvOf<T>(ctx: ServiceContext, records: T[], columns: Column<T>[]): Promise<string> {
  const wanted = columns
    .flatMap((column) => (column.refs ? records.flatMap(column.refs) : []))
    .filter((ref): ref is { kind: NamedKind; id: string } => Boolean(ref.id));
  const names = await namesOf(ctx.db, wanted);
  const name = (kind: NamedKind, id?: string) => (id ? (names.get(`${kind}#${id}`) ?? '') : '');
  return toCsv(
    columns.map((column) => ({ header: column.header, value: (record: T) => column.value(record, name) })),
    records,
  );
}

/** A reference as two columns: its id (`<prefix>Id`) and, beside it, the name it has today (`<prefix>Name`). */
function named<T>(prefix: string, kind: NamedKind, id: (record: T) => string | undefined): Column<T>[] {
  return [
    { header: `${prefix}Id`, value: id },
    {
      header: `${prefix}Name`,
      value: (record, name) => name(kind, id(record)),
      refs: (record) => [{ kind, id: id(record) }],
    },
  ];
}

const fitColumns = <T extends { fit?: Record<string, number> | undefined }>(): Column<T>[] =>
  (['resources', 'functional', 'technical', 'cultural'] as const).map((fit) => ({
    header: `fit.${fit}`,
    value: (record) => record.fit?.[fit],
  }));

/** An export: every page of the caller's list with these filters, as its JSON answers them, in these columns. */
function exporter<Query, T>(
  list: (ctx: ServiceContext, query: Query, page: { limit: number; cursor?: string }) => Promise<Page<T>>,
  columns: Column<T>[],
): (ctx: ServiceContext, query: Query) => Promise<string> {
  return async (ctx, query) => csvOf(ctx, await allPages((page) => list(ctx, query, page)), columns);
}

export const exportsCsv = {
  referrals: exporter<ReferralFilters, ReferralView>(
    (ctx, query, page) => referrals.list(ctx, query, page),
    [
      { header: 'id', value: (r) => r.id },
      { header: 'createdAt', value: (r) => r.createdAt },
      { header: 'status', value: (r) => r.status },
      { header: 'company', value: (r) => r.company.name },
      { header: 'domain', value: (r) => r.company.domain },
      { header: 'contactName', value: (r) => r.contact.name },
      { header: 'contactEmail', value: (r) => r.contact.email },
      ...named<ReferralView>('referrer', 'user', (r) => r.referrerId),
      ...named<ReferralView>('partner', 'partner', (r) => r.partnerId),
      ...named<ReferralView>('owner', 'user', (r) => r.ownerId),
      { header: 'firstResponseDueAt', value: (r) => r.firstResponseDueAt },
      { header: 'overdue', value: (r) => r.overdue },
      ...named<ReferralView>('customer', 'customer', (r) => r.customerId),
      ...fitColumns<ReferralView>(),
      { header: 'jobToBeDone', value: (r) => r.jobToBeDone },
    ],
  ),

  handoffs: exporter<HandoffListQuery, HandoffView>(
    (ctx, query, page) => handoffs.list(ctx, query, page),
    [
      { header: 'id', value: (h) => h.id },
      { header: 'createdAt', value: (h) => h.createdAt },
      { header: 'status', value: (h) => h.status },
      ...named<HandoffView>('fromTeam', 'team', (h) => h.fromTeamId),
      ...named<HandoffView>('toTeam', 'team', (h) => h.toTeamId),
      ...named<HandoffView>('sender', 'user', (h) => h.senderId),
      ...named<HandoffView>('customer', 'customer', (h) => h.customerId),
      { header: 'summary', value: (h) => h.summary },
      { header: 'ackDueAt', value: (h) => h.ackDueAt },
      { header: 'overdue', value: (h) => h.overdue },
      { header: 'acknowledgedAt', value: (h) => h.acknowledgedAt },
      { header: 'completedAt', value: (h) => h.completedAt },
      { header: 'returnCount', value: (h) => h.returnCount },
      { header: 'ratingScore', value: (h) => h.rating?.score },
    ],
  ),

  issues: exporter<IssueListQuery, IssueView>(
    (ctx, query, page) => issues.list(ctx, query, page),
    [
      { header: 'id', value: (i) => i.id },
      { header: 'createdAt', value: (i) => i.createdAt },
      { header: 'status', value: (i) => i.status },
      { header: 'severity', value: (i) => i.severity },
      { header: 'title', value: (i) => i.title },
      { header: 'impact', value: (i) => i.impact },
      { header: 'customerIds', value: (i) => i.customerIds },
      {
        header: 'customerNames',
        value: (i, name) => i.customerIds.map((id) => name('customer', id)),
        refs: (i) => i.customerIds.map((id) => ({ kind: 'customer', id })),
      },
      ...named<IssueView>('partner', 'partner', (i) => i.partnerId),
      ...named<IssueView>('owner', 'user', (i) => i.ownerId),
      { header: 'ownDueAt', value: (i) => i.ownDueAt },
      { header: 'resolveDueAt', value: (i) => i.resolveDueAt },
      { header: 'ownBreached', value: (i) => i.ownBreached },
      { header: 'resolveBreached', value: (i) => i.resolveBreached },
      { header: 'resolvedAt', value: (i) => i.resolvedAt },
    ],
  ),

  customers: exporter<CustomerFilters, CustomerView>(
    (ctx, query, page) => customers.list(ctx, query, page),
    [
      { header: 'id', value: (c) => c.id },
      { header: 'name', value: (c) => c.name },
      { header: 'domain', value: (c) => c.domain },
      { header: 'segment', value: (c) => c.segment },
      { header: 'lifecycle', value: (c) => c.lifecycle },
      { header: 'lifecycleChangedAt', value: (c) => c.lifecycleChangedAt },
      { header: 'openIssueCount', value: (c) => c.openIssueCount },
      ...named<CustomerView>('referrer', 'user', (c) => c.referredBy?.referrerId),
      ...named<CustomerView>('partner', 'partner', (c) => c.referredBy?.partnerId),
      ...fitColumns<CustomerView>(),
      { header: 'createdAt', value: (c) => c.createdAt },
    ],
  ),
};
