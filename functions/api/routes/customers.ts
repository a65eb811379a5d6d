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
import {
  changeRecord,
  createRecord,
  json,
  listRecords,
  pageSchema,
  paginationQuery,
  readRecord,
  router,
} from '../http.ts';

export const listQuery = z.object({
  ...paginationQuery,
  lifecycle: z.optional(lifecycleStageSchema),
  segment: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(60))),
  /** The start of the customer's name, any case. */
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
});

const customerPage = pageSchema(customerViewSchema, 'CustomerPage');

const winBackEntrySchema = z
  .extend(customerViewSchema, { openIssues: z.array(grievanceSchema) })
  .apply(z.withMeta, { id: 'WinBackEntry' });
const winBackPage = pageSchema(winBackEntrySchema, 'WinBackPage');

const customerDetailSchema = z
  .extend(customerViewSchema, {
    referrals: z.array(referralViewSchema),
    issues: z.array(issueViewSchema),
    handoffs: z.array(handoffViewSchema),
    lifecycleHistory: z.array(lifecycleHistoryEntrySchema),
    timeline: z.array(timelineEventSchema),
  })
  .apply(z.withMeta, { id: 'CustomerDetail' });

const tags = ['customers'];

export const customerRoutes = router()
  .post(
    '/',
    ...createRecord(
      {
        tags,
        summary: 'Create a customer (staff, leaders)',
        answer: json(customerViewSchema, 'The customer, created.'),
      },
      '/api/customers',
      createCustomerSchema,
      customers.create,
    ),
  )
  .get(
    '/',
    ...listRecords(
      {
        tags,
        summary: 'List the customers the caller may see, by name',
        answer: json(customerPage, 'A page of customers.'),
      },
      listQuery,
      (ctx, { limit, cursor, ...filters }) => customers.list(ctx, filters, { limit, cursor }),
    ),
  )
  .get(
    '/win-back',
    ...listRecords(
      {
        tags,
        summary: 'Lapsed customers to win back, unresolved grievances first (staff, leaders)',
        answer: json(winBackPage, 'A page of the win-back list.'),
      },
      z.object(paginationQuery),
      customers.winBack,
    ),
  )
  .get(
    '/:id',
    ...readRecord(
      {
        tags,
        summary: 'A customer with its referrals, issues, handoffs, lifecycle history and timeline',
        answer: json(customerDetailSchema, 'The customer page.'),
      },
      customers.get,
    ),
  )
  .patch(
    '/:id',
    ...changeRecord(
      {
        tags,
        summary: 'Edit a customer’s profile; not its lifecycle (staff, leaders)',
        answer: json(customerViewSchema, 'The customer, edited.'),
      },
      updateCustomerSchema,
      customers.update,
    ),
  )
  .post(
    '/:id/lifecycle',
    ...changeRecord(
      {
        tags,
        summary: 'Move a customer’s lifecycle stage (staff, leaders)',
        answer: json(customerViewSchema, 'The customer at its new stage.'),
      },
      lifecycleMoveSchema,
      customers.moveLifecycle,
    ),
  );
