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
  lifecycle: z.optional(lifecycleStageSchema),
  segment: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(60))),
  /** The start of the customer's name, any case. */
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
});

const customerPage = z
  .object({ items: z.array(customerViewSchema), cursor: z.nullable(z.string()) })
  .apply(z.withMeta, { id: 'CustomerPage' });

const winBackEntrySchema = z
  .extend(customerViewSchema, { openIssues: z.array(grievanceSchema) })
  .apply(z.withMeta, { id: 'WinBackEntry' });
const winBackPage = z
  .object({ items: z.array(winBackEntrySchema), cursor: z.nullable(z.string()) })
  .apply(z.withMeta, { id: 'WinBackPage' });

const customerDetailSchema = z
  .extend(customerViewSchema, {
    referrals: z.array(referralViewSchema),
    issues: z.array(issueViewSchema),
    handoffs: z.array(handoffViewSchema),
    lifecycleHistory: z.array(lifecycleHistoryEntrySchema),
    timeline: z.array(timelineEventSchema),
  })
  .apply(z.withMeta, { id: 'CustomerDetail' });

export const customerRoutes = router()
  .post(
    '/',
    operation({
      tags: ['customers'],
      summary: 'Create a customer (staff, leaders)',
      responses: { 201: json(customerViewSchema, 'The customer, created.'), ...createResponses },
    }),
    input('header', idempotencyHeaders),
    input('json', createCustomerSchema),
    async (c) =>
      created(c, '/api/customers', (options) => customers.create(serviceContext(c), c.req.valid('json'), options)),
  )
  .get(
    '/',
    operation({
      tags: ['customers'],
      summary: 'List the customers the caller may see, by name',
      responses: { 200: json(customerPage, 'A page of customers.'), ...problemResponses },
    }),
    input('query', listQuery),
    async (c) => {
      const { limit, cursor, ...filters } = c.req.valid('query');
      return c.json(await customers.list(serviceContext(c), filters, { limit, cursor }), 200);
    },
  )
  .get(
    '/win-back',
    operation({
      tags: ['customers'],
      summary: 'Lapsed customers to win back, unresolved grievances first (staff, leaders)',
      responses: { 200: json(winBackPage, 'A page of the win-back list.'), ...problemResponses },
    }),
    input('query', z.object(paginationQuery)),
    async (c) => c.json(await customers.winBack(serviceContext(c), c.req.valid('query')), 200),
  )
  .get(
    '/:id',
    operation({
      tags: ['customers'],
      summary: 'A customer with its referrals, issues, handoffs, lifecycle history and timeline',
      responses: { 200: json(customerDetailSchema, 'The customer page.'), ...problemResponses },
    }),
    input('param', idParams),
    async (c) => versioned(c, await customers.get(serviceContext(c), c.req.valid('param').id)),
  )
  .patch(
    '/:id',
    operation({
      tags: ['customers'],
      summary: 'Edit a customer’s profile; not its lifecycle (staff, leaders)',
      responses: { 200: json(customerViewSchema, 'The customer, edited.'), ...changeResponses },
    }),
    input('param', idParams),
    input('header', ifMatchHeaders),
    input('json', updateCustomerSchema),
    async (c) =>
      changed(c, (version) =>
        customers.update(serviceContext(c), c.req.valid('param').id, version, c.req.valid('json')),
      ),
  )
  .post(
    '/:id/lifecycle',
    operation({
      tags: ['customers'],
      summary: 'Move a customer’s lifecycle stage (staff, leaders)',
      responses: { 200: json(customerViewSchema, 'The customer at its new stage.'), ...changeResponses },
    }),
    input('param', idParams),
    input('header', ifMatchHeaders),
    input('json', lifecycleMoveSchema),
    async (c) =>
      changed(c, (version) =>
        customers.moveLifecycle(serviceContext(c), c.req.valid('param').id, version, c.req.valid('json')),
      ),
  );
