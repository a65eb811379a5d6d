import { lifecycleStageSchema } from '#domain/customers/schemas.ts';
import { idSchema } from '#domain/directory/schemas.ts';
import {
  communicationInputSchema,
  communicationSchema,
  issueOwnerSchema,
  issueTransitionSchema,
  reportIssueSchema,
  updateIssueSchema,
} from '#domain/issues/schemas.ts';
import { severitySchema } from '#domain/issues/targets.ts';
import { issueViewSchema } from '#domain/issues/views.ts';
import { issueStatusSchema } from '#domain/issues/workflow.ts';
import { timelineEventSchema } from '#domain/timeline/event.ts';
import * as z from '#lib/zod.ts';
import { issues } from '#services/issues.ts';
import { serviceContext } from '../env.ts';
import {
  booleanQuery,
  changeRecord,
  createRecord,
  createResponses,
  idempotencyHeaders,
  idParams,
  input,
  json,
  listRecords,
  operation,
  pageSchema,
  paginationQuery,
  readRecord,
  router,
} from '../http.ts';

export const listQuery = z.object({
  ...paginationQuery,
  status: z.optional(issueStatusSchema),
  severity: z.optional(severitySchema),
  /** `true`: any status but resolved; `false`: resolved only. */
  open: booleanQuery,
  /** `me` for the caller's own ("mine"), or a user id. */
  owner: z.optional(z.union([z.literal('me'), idSchema])),
  customerId: z.optional(idSchema),
});

const issuePage = pageSchema(issueViewSchema, 'IssuePage');

const affectedCustomerSchema = z
  .object({ id: z.string(), name: z.string(), lifecycle: lifecycleStageSchema })
  .apply(z.withMeta, { id: 'AffectedCustomer' });

const issueDetailSchema = z
  .extend(issueViewSchema, {
    customers: z.array(affectedCustomerSchema),
    timeline: z.array(timelineEventSchema),
    communications: z.optional(z.array(communicationSchema)),
  })
  .apply(z.withMeta, { id: 'IssueDetail' });

const tags = ['issues'];

export const issueRoutes = router()
  .post(
    '/',
    ...createRecord(
      {
        tags,
        summary: 'Report a customer-impacting issue (staff, leaders; partners for the customers they brought)',
        answer: json(issueViewSchema, 'The issue, reported.'),
      },
      '/api/issues',
      reportIssueSchema,
      issues.report,
    ),
  )
  .get(
    '/',
    ...listRecords(
      {
        tags,
        summary: 'List issues: open first, then the most severe, then the newest',
        answer: json(issuePage, 'A page of issues.'),
      },
      listQuery,
      (ctx, { limit, cursor, ...query }) => issues.list(ctx, query, { limit, cursor }),
    ),
  )
  .get(
    '/:id',
    ...readRecord(
      {
        tags,
        summary: 'An issue with its customers, timeline and communication log',
        answer: json(issueDetailSchema, 'The issue.'),
      },
      issues.get,
    ),
  )
  .patch(
    '/:id',
    ...changeRecord(
      {
        tags,
        summary: 'Edit the title, severity, impact, what the customer was told, contributing factors (staff, leaders)',
        answer: json(issueViewSchema, 'The issue, edited.'),
      },
      updateIssueSchema,
      issues.update,
    ),
  )
  .post(
    '/:id/transitions',
    ...changeRecord(
      {
        tags,
        summary:
          'Move an issue along its workflow; `owned` makes the caller the owner, `mitigated` takes an optional note, `resolved` (from owned or mitigated) its follow-up (staff, leaders)',
        answer: json(issueViewSchema, 'The issue in its new status.'),
      },
      issueTransitionSchema,
      issues.transition,
    ),
  )
  .put(
    '/:id/owner',
    ...changeRecord(
      {
        tags,
        summary: 'Hand the issue over to another owner (staff, leaders)',
        answer: json(issueViewSchema, 'The issue with its new owner.'),
      },
      issueOwnerSchema,
      (ctx, id, version, { userId }) => issues.handOver(ctx, id, version, userId),
    ),
  )
  .post(
    '/:id/communications',
    operation({
      tags,
      summary: 'Log a communication with the affected customers (staff, leaders)',
      responses: { 201: json(communicationSchema, 'The log entry.'), ...createResponses },
    }),
    input('param', idParams),
    input('header', idempotencyHeaders),
    input('json', communicationInputSchema),
    async (c) =>
      c.json(
        await issues.communicate(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), {
          idempotency: c.var.idempotency,
        }),
        201,
      ),
  );
