import { createRoute } from '@hono/zod-openapi';
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
  changeResponses,
  createResponses,
  etag,
  idempotencyAt,
  idempotencyHeaders,
  idParams,
  ifMatchHeaders,
  json,
  jsonBody,
  paginationQuery,
  problemResponses,
  router,
  versionFromIfMatch,
} from '../http.ts';

export const listQuery = z.object({
  ...paginationQuery,
  status: issueStatusSchema.optional(),
  severity: severitySchema.optional(),
  /** `true`: any status but resolved; `false`: resolved only. */
  open: booleanQuery,
  /** `me` for the caller's own ("mine"), or a user id. */
  owner: z.literal('me').or(idSchema).optional(),
  customerId: idSchema.optional(),
});

const issuePage = z.object({ items: z.array(issueViewSchema), cursor: z.string().nullable() }).openapi('IssuePage');

const affectedCustomerSchema = z
  .object({ id: z.string(), name: z.string(), lifecycle: lifecycleStageSchema })
  .openapi('AffectedCustomer');

const issueDetailSchema = issueViewSchema
  .extend({
    customers: z.array(affectedCustomerSchema),
    timeline: z.array(timelineEventSchema),
    communications: z.array(communicationSchema).optional(),
  })
  .openapi('IssueDetail');

export const issueRoutes = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags: ['issues'],
      summary: 'Report a customer-impacting issue (staff, leaders; partners for the customers they brought)',
      security: [{ Bearer: [] }],
      request: { headers: idempotencyHeaders, ...jsonBody(reportIssueSchema) },
      responses: { 201: json(issueViewSchema, 'The issue, reported.'), ...createResponses },
    }),
    async (c) => {
      const issue = await issues.report(serviceContext(c), c.req.valid('json'), {
        idempotency: idempotencyAt(c, '/api/issues'),
      });
      return c.json(issue, 201, { ETag: etag(issue.version), Location: `/api/issues/${issue.id}` });
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['issues'],
      summary: 'List issues: open first, then the most severe, then the newest',
      security: [{ Bearer: [] }],
      request: { query: listQuery },
      responses: { 200: json(issuePage, 'A page of issues.'), ...problemResponses },
    }),
    async (c) => {
      const { limit, cursor, ...query } = c.req.valid('query');
      return c.json(await issues.list(serviceContext(c), query, { limit, cursor }), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags: ['issues'],
      summary: 'An issue with its customers, timeline and communication log',
      security: [{ Bearer: [] }],
      request: { params: idParams },
      responses: { 200: json(issueDetailSchema, 'The issue.'), ...problemResponses },
    }),
    async (c) => {
      const issue = await issues.get(serviceContext(c), c.req.valid('param').id);
      return c.json(issue, 200, { ETag: etag(issue.version) });
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      tags: ['issues'],
      summary: 'Edit the title, severity, impact, what the customer was told, contributing factors (staff, leaders)',
      security: [{ Bearer: [] }],
      request: { params: idParams, headers: ifMatchHeaders, ...jsonBody(updateIssueSchema) },
      responses: { 200: json(issueViewSchema, 'The issue, edited.'), ...changeResponses },
    }),
    async (c) => {
      const version = versionFromIfMatch(c.req.valid('header')['if-match']);
      const issue = await issues.update(serviceContext(c), c.req.valid('param').id, version, c.req.valid('json'));
      return c.json(issue, 200, { ETag: etag(issue.version) });
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/transitions',
      tags: ['issues'],
      summary:
        'Move an issue along its workflow; `owned` makes the caller the owner, `mitigated` takes an optional note, `resolved` (from owned or mitigated) its follow-up (staff, leaders)',
      security: [{ Bearer: [] }],
      request: { params: idParams, headers: ifMatchHeaders, ...jsonBody(issueTransitionSchema) },
      responses: { 200: json(issueViewSchema, 'The issue in its new status.'), ...changeResponses },
    }),
    async (c) => {
      const version = versionFromIfMatch(c.req.valid('header')['if-match']);
      const issue = await issues.transition(serviceContext(c), c.req.valid('param').id, version, c.req.valid('json'));
      return c.json(issue, 200, { ETag: etag(issue.version) });
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/{id}/owner',
      tags: ['issues'],
      summary: 'Hand the issue over to another owner (staff, leaders)',
      security: [{ Bearer: [] }],
      request: { params: idParams, headers: ifMatchHeaders, ...jsonBody(issueOwnerSchema) },
      responses: { 200: json(issueViewSchema, 'The issue with its new owner.'), ...changeResponses },
    }),
    async (c) => {
      const version = versionFromIfMatch(c.req.valid('header')['if-match']);
      const issue = await issues.handOver(
        serviceContext(c),
        c.req.valid('param').id,
        version,
        c.req.valid('json').userId,
      );
      return c.json(issue, 200, { ETag: etag(issue.version) });
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/communications',
      tags: ['issues'],
      summary: 'Log a communication with the affected customers (staff, leaders)',
      security: [{ Bearer: [] }],
      request: { params: idParams, headers: idempotencyHeaders, ...jsonBody(communicationInputSchema) },
      responses: { 201: json(communicationSchema, 'The log entry.'), ...createResponses },
    }),
    async (c) =>
      c.json(
        await issues.communicate(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), {
          idempotency: c.var.idempotency,
        }),
        201,
      ),
  );
