import * as z from '#lib/zod.ts';
import { exportsCsv } from '#services/exports.ts';
import { serviceContext } from '../env.ts';
import { input, operation, problemResponses, router } from '../http.ts';
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

function exportOperation(list: string, names: string) {
  return operation({
    tags: ['exports'],
    summary: `Every ${list.slice(0, -1)} of the JSON list, as CSV`,
    description:
      `The whole list (every page) that \`GET /api/${list}\` answers the caller with the same filters, as one CSV ` +
      `file (RFC 4180, UTF-8 with a byte-order mark, CRLF), with ${names} beside their ids. Cells a spreadsheet ` +
      'would run as a formula (starting with = + - @, a tab or a carriage return) are prefixed with an apostrophe. ' +
      'At most 5,000 rows (400 beyond: narrow the filters).',
    responses: {
      200: {
        description: 'The CSV file (an attachment).',
        content: { 'text/csv': { schema: z.string() } },
      },
      ...problemResponses,
    },
  });
}

export const exportRoutes = router()
  .get(
    '/referrals.csv',
    exportOperation('referrals', 'the names of the referrer, partner organisation, owner and customer'),
    input('query', z.omit(referralListQuery, noPaging)),
    async (c) =>
      csvResponse(c, 'referrals', await exportsCsv.referrals(serviceContext(c), c.req.valid('query')), c.var.now()),
  )
  .get(
    '/handoffs.csv',
    exportOperation('handoffs', 'the names of the two teams, the sender and the customer'),
    input('query', z.omit(handoffListQuery, noPaging)),
    async (c) =>
      csvResponse(c, 'handoffs', await exportsCsv.handoffs(serviceContext(c), c.req.valid('query')), c.var.now()),
  )
  .get(
    '/issues.csv',
    exportOperation('issues', 'the names of the owner, the partner organisation and the customers'),
    input('query', z.omit(issueListQuery, noPaging)),
    async (c) =>
      csvResponse(c, 'issues', await exportsCsv.issues(serviceContext(c), c.req.valid('query')), c.var.now()),
  )
  .get(
    '/customers.csv',
    exportOperation('customers', 'the names of the referrer and partner organisation'),
    input('query', z.omit(customerListQuery, noPaging)),
    async (c) =>
      csvResponse(c, 'customers', await exportsCsv.customers(serviceContext(c), c.req.valid('query')), c.var.now()),
  );
