import { createRoute } from '@hono/zod-openapi';
import {
  createCustomerSchema,
  lifecycleMoveSchema,
  lifecycleStageSchema,
  updateCustomerSchema,
} from '#domain/customers/schemas.ts';
import { customerViewSchema, lifecycleHistoryEntrySchema } from '#domain/customers/views.ts';
import { handoffViewSchema } from '#domain/handoffs/views.ts';
import { grievanceSchema, issueViewSchema } from '#domain/issues/views.ts';
import { referralViewSchema } from '#domain/referrals/views.ts';
import { timelineEventSchema } from '#domain/timeline/event.ts';
import * as z from '#lib/zod.ts';
import { customers } from '#services/customers.ts';
import { serviceContext } from '../env.ts';
import {
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
  lifecycle: lifecycleStageSchema.optional(),
  segment: z.string().trim().min(1).max(60).optional(),
  /** The start of the customer's name, any case. */
  name: z.string().trim().min(1).max(200).optional(),
});

const customerPage = z
  .object({ items: z.array(customerViewSchema), cursor: z.string().nullable() })
  .openapi('CustomerPage');

const winBackEntrySchema = customerViewSchema.extend({ openIssues: z.array(grievanceSchema) }).openapi('WinBackEntry');
const winBackPage = z
  .object({ items: z.array(winBackEntrySchema), cursor: z.string().nullable() })
  .openapi('WinBackPage');

const customerDetailSchema = customerViewSchema
  .extend({
    referrals: z.array(referralViewSchema),
    issues: z.array(issueViewSchema),
    handoffs: z.array(handoffViewSchema),
    lifecycleHistory: z.array(lifecycleHistoryEntrySchema),
    timeline: z.array(timelineEventSchema),
  })
  .openapi('CustomerDetail');

export const customerRoutes = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags: ['customers'],
      summary: 'Create a customer (staff, leaders)',
      security: [{ Bearer: [] }],
      request: { headers: idempotencyHeaders, ...jsonBody(createCustomerSchema) },
      responses: { 201: json(customerViewSchema, 'The customer, created.'), ...createResponses },
    }),
    async (c) => {
      const customer = await customers.create(serviceContext(c), c.req.valid('json'), {
        idempotency: idempotencyAt(c, '/api/customers'),
      });
      return c.json(customer, 201, { ETag: etag(customer.version), Location: `/api/customers/${customer.id}` });
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['customers'],
      summary: 'List the customers the caller may see, by name',
      security: [{ Bearer: [] }],
      request: { query: listQuery },
      responses: { 200: json(customerPage, 'A page of customers.'), ...problemResponses },
    }),
    async (c) => {
      const { limit, cursor, ...filters } = c.req.valid('query');
      return c.json(await customers.list(serviceContext(c), filters, { limit, cursor }), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/win-back',
      tags: ['customers'],
      summary: 'Lapsed customers to win back, unresolved grievances first (staff, leaders)',
      security: [{ Bearer: [] }],
      request: { query: z.object(paginationQuery) },
      responses: { 200: json(winBackPage, 'A page of the win-back list.'), ...problemResponses },
    }),
    async (c) => c.json(await customers.winBack(serviceContext(c), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags: ['customers'],
      summary: 'A customer with its referrals, issues, handoffs, lifecycle history and timeline',
      security: [{ Bearer: [] }],
      request: { params: idParams },
      responses: { 200: json(customerDetailSchema, 'The customer page.'), ...problemResponses },
    }),
    async (c) => {
      const customer = await customers.get(serviceContext(c), c.req.valid('param').id);
      return c.json(customer, 200, { ETag: etag(customer.version) });
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      tags: ['customers'],
      summary: 'Edit a customer’s profile; not its lifecycle (staff, leaders)',
      security: [{ Bearer: [] }],
      request: { params: idParams, headers: ifMatchHeaders, ...jsonBody(updateCustomerSchema) },
      responses: { 200: json(customerViewSchema, 'The customer, edited.'), ...changeResponses },
    }),
    async (c) => {
      const version = versionFromIfMatch(c.req.valid('header')['if-match']);
      const customer = await customers.update(serviceContext(c), c.req.valid('param').id, version, c.req.valid('json'));
      return c.json(customer, 200, { ETag: etag(customer.version) });
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/lifecycle',
      tags: ['customers'],
      summary: 'Move a customer’s lifecycle stage (staff, leaders)',
      security: [{ Bearer: [] }],
      request: { params: idParams, headers: ifMatchHeaders, ...jsonBody(lifecycleMoveSchema) },
      responses: { 200: json(customerViewSchema, 'The customer at its new stage.'), ...changeResponses },
    }),
    async (c) => {
      const version = versionFromIfMatch(c.req.valid('header')['if-match']);
      const customer = await customers.moveLifecycle(
        serviceContext(c),
        c.req.valid('param').id,
        version,
        c.req.valid('json'),
      );
      return c.json(customer, 200, { ETag: etag(customer.version) });
    },
  );
