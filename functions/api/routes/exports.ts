import * as z from '#lib/zod.ts';
import type { ServiceContext } from '#services/context.ts';
import { exportsCsv } from '#services/exports.ts';
import { serviceContext } from '../env.ts';
import {
  type InputOf,
  input,
  operation,
  problemResponses,
  type RequestSchema,
  router,
  type Validated,
  type ValidatedContext,
} from '../http.ts';
import { listQuery as customerListQuery } from './customers.ts';
import { listQuery as handoffListQuery } from './handoffs.ts';
import { listQuery as issueListQuery } from './issues.ts';
import { listQuery as referralListQuery } from './referrals.ts';

const noPaging = { limit: true, cursor: true } as const;

/**
 * A CSV answer: UTF-8 with a byte-order mark (so that spreadsheets read it as UTF-8), saved as a
 * file named after the list and the day.
 */
function csvResponse(
  c: { body: (data: string, status: 200, headers: Record<string, string>) => Response },
  list: string,
  csv: string,
  now: Date,
) {
  return c.body(`\uFEFF${csv}`, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${list}-${now.toISOString().slice(0, 10)}.csv"`,
  });
}

type ExportedList = 'referrals' | 'handoffs' | 'issues' | 'customers';

/** What each export adds beside the ids its rows carry. */
const namesBesideIds: Record<ExportedList, string> = {
  referrals: 'the names of the referrer, partner organisation, owner and customer',
  handoffs: 'the names of the two teams, the sender and the customer',
  issues: 'the names of the owner, the partner organisation and the customers',
  customers: 'the names of the referrer and partner organisation',
};

function exportOperation(list: ExportedList) {
  return operation({
    tags: ['exports'],
    summary: `Every ${list.slice(0, -1)} of the JSON list, as CSV`,
    description:
      `The whole list (every page) that \`GET /api/${list}\` answers the caller with the same filters, as one CSV ` +
      `file (RFC 4180, UTF-8 with a byte-order mark, CRLF), with ${namesBesideIds[list]} beside their ids. ` +
      'Cells a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) are prefixed ' +
      'with an apostrophe. At most 5,000 rows (400 beyond: narrow the filters).',
    responses: {
      200: {
        description: 'The CSV file (an attachment).',
        content: { 'text/csv': { schema: z.string() } },
      },
      ...problemResponses,
    },
  });
}

/** One list's export: the JSON list's filters without its paging, every row as a CSV file. */
function csvExport<Q extends RequestSchema>(
  list: ExportedList,
  query: Q,
  toCsv: (ctx: ServiceContext, filters: Validated<Q>) => Promise<string>,
) {
  const filters = input('query', query);
  return [
    exportOperation(list),
    filters,
    async (c: ValidatedContext<InputOf<typeof filters>>) =>
      csvResponse(c, list, await toCsv(serviceContext(c), c.req.valid('query')), c.var.now()),
  ] as const;
}

export const exportRoutes = router()
  .get('/referrals.csv', ...csvExport('referrals', z.omit(referralListQuery, noPaging), exportsCsv.referrals))
  .get('/handoffs.csv', ...csvExport('handoffs', z.omit(handoffListQuery, noPaging), exportsCsv.handoffs))
  .get('/issues.csv', ...csvExport('issues', z.omit(issueListQuery, noPaging), exportsCsv.issues))
  .get('/customers.csv', ...csvExport('customers', z.omit(customerListQuery, noPaging), exportsCsv.customers));
