import { api, ifMatch, request } from './client.ts';
import type { Page } from './directory.ts';
import type {
  Customer,
  CustomerChange,
  CustomerCreation,
  CustomerDetail,
  LifecycleMove,
  LifecycleStage,
  WinBackEntry,
} from './types.ts';

/** The filters of the customer list; partners and advocates get only the customers they brought. */
export interface CustomerFilters {
  lifecycle?: LifecycleStage | undefined;
  /** The start of the name, any case. */
  name?: string | undefined;
  cursor?: string | null | undefined;
  limit?: number | undefined;
}

const customers = api.api.customers;

/** The customers directory: list, one customer's page, create, edit, lifecycle moves, win-back. */
export const customerRecordsApi = {
  list: ({ lifecycle, name, cursor, limit = 50 }: CustomerFilters): Promise<Page<Customer>> =>
    request(
      customers.$get({
        query: {
          limit: String(limit),
          ...(lifecycle ? { lifecycle } : {}),
          ...(name?.trim() ? { name: name.trim() } : {}),
          ...(cursor ? { cursor } : {}),
        },
      }),
    ),

  get: (id: string): Promise<CustomerDetail> => request(customers[':id'].$get({ param: { id } })),

  /** `idempotencyKey`: fresh for each submission, the same when the same submission is retried. */
  create: (creation: CustomerCreation, idempotencyKey: string): Promise<Customer> =>
    request(customers.$post({ header: { 'idempotency-key': idempotencyKey }, json: creation })),

  update: (customer: Customer, change: CustomerChange): Promise<Customer> =>
    request(customers[':id'].$patch({ param: { id: customer.id }, header: ifMatch(customer.version), json: change })),

  moveLifecycle: (customer: Customer, move: LifecycleMove): Promise<Customer> =>
    request(
      customers[':id'].lifecycle.$post({ param: { id: customer.id }, header: ifMatch(customer.version), json: move }),
    ),

  winBack: (cursor?: string | null): Promise<Page<WinBackEntry>> =>
    request(customers['win-back'].$get({ query: { limit: '50', ...(cursor ? { cursor } : {}) } })),
};
