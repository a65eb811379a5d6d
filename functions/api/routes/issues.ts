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
  changed,
  changeResponses,
  created,
  createResponses,
  idempotencyHeaders,
  idParams,
  ifMatchHeaders,
  input,
  json,
  operation,
  paginationQuery,
  problemResponses,
  router,
  versioned,
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

const issuePage = z
  .object({ items: z.array(issueViewSchema), cursor: z.nullable(z.string()) })
  .apply(z.withMeta, { id: 'IssuePage' });

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

export const issueRoutes = router()
  .post(
    '/',
    operation({
      tags: ['issues'],
      summary: 'Report a customer-impacting issue (staff, leaders; partners for the customers they brought)',
      responses: { 201: json(issueViewSchema, 'The issue, reported.'), ...createResponses },
    }),
    input('header', idempotencyHeaders),
    input('json', reportIssueSchema),
    async (c) => created(c, '/api/issues', (options) => issues.report(serviceContext(c), c.req.valid('json'), options)),
  )
  .get(
    '/',
    operation({
      tags: ['issues'],
      summary: 'List issues: open first, then the most severe, then the newest',
      responses: { 200: json(issuePage, 'A page of issues.'), ...problemResponses },
    }),
    input('query', listQuery),
    async (c) => {
      const { limit, cursor, ...query } = c.req.valid('query');
      return c.json(await issues.list(serviceContext(c), query, { limit, cursor }), 200);
    },
  )
  .get(
    '/:id',
    operation({
      tags: ['issues'],
      summary: 'An issue with its customers, timeline and communication log',
      responses: { 200: json(issueDetailSchema, 'The issue.'), ...problemResponses },
    }),
    input('param', idParams),
    async (c) => versioned(c, await issues.get(serviceContext(c), c.req.valid('param').id)),
  )
  .patch(
    '/:id',
    operation({
      tags: ['issues'],
      summary: 'Edit the title, severity, impact, what the customer was told, contributing factors (staff, leaders)',
      responses: { 200: json(issueViewSchema, 'The issue, edited.'), ...changeResponses },
    }),
    input('param', idParams),
    input('header', ifMatchHeaders),
    input('json', updateIssueSchema),
    async (c) =>
      changed(c, (version) => issues.update(serviceContext(c), c.req.valid('param').id, version, c.req.valid('json'))),
  )
  .post(
    '/:id/transitions',
    operation({
      tags: ['issues'],
      summary:
        'Move an issue along its workflow; `owned` makes the caller the owner, `mitigated` takes an optional note, `resolved` (from owned or mitigated) its follow-up (staff, leaders)',
      responses: { 200: json(issueViewSchema, 'The issue in its new status.'), ...changeResponses },
    }),
    input('param', idParams),
    input('header', ifMatchHeaders),
    input('json', issueTransitionSchema),
    async (c) =>
      changed(c, (version) =>
        issues.transition(serviceContext(c), c.req.valid('param').id, version, c.req.valid('json')),
      ),
  )
  .put(
    '/:id/owner',
    operation({
      tags: ['issues'],
      summary: 'Hand the issue over to another owner (staff, leaders)',
      responses: { 200: json(issueViewSchema, 'The issue with its new owner.'), ...changeResponses },
    }),
    input('param', idParams),
    input('header', ifMatchHeaders),
    input('json', issueOwnerSchema),
    async (c) =>
      changed(c, (version) =>
        issues.handOver(serviceContext(c), c.req.valid('param').id, version, c.req.valid('json').userId),
      ),
  )
  .post(
    '/:id/communications',
    operation({
      tags: ['issues'],
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
