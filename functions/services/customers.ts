import { ulid } from 'ulid';
import {
  type CustomerFilters,
  CustomerKeyTakenError,
  createCustomer,
  customerMarkerPuts,
  findCustomerIdByProspect,
  getCustomerDetail,
  getLinkedHandoffs,
  getLinkedReferrals,
  listAllCustomers,
  listCustomersByPartner,
  listCustomersByReferrer,
  listLapsedCustomers,
  replaceCustomer,
} from '#data/customer-repository.ts';
import { staleVersion } from '#data/errors.ts';
import { idempotencyErasure, idempotencyPkOf } from '#data/idempotency.ts';
import { listAllIssuesOfCustomer } from '#data/issue-repository.ts';
import { emptyPage, type Page } from '#data/pagination.ts';
import type { TransactItem } from '#data/send.ts';
import { edit, moveLifecycle, newCustomer } from '#domain/customers/moves.ts';
import type { Customer, CustomerChange, CustomerCreation, LifecycleMove } from '#domain/customers/schemas.ts';
import {
  type CustomerView,
  customerTimelineView,
  customerView,
  type LifecycleHistoryEntry,
  lifecycleHistoryView,
} from '#domain/customers/views.ts';
import { type WinBackPosition, winBackPage } from '#domain/customers/win-back.ts';
import { ConflictError, NotFoundError, ValidationError } from '#domain/errors.ts';
import { type HandoffView, handoffView } from '#domain/handoffs/views.ts';
import { assertCan } from '#domain/identity/authorization.ts';
import { assertCanSee, canSeeHandoff, canSeeReferral } from '#domain/identity/visibility.ts';
import { type Grievance, grievanceOf, type IssueView, issueView } from '#domain/issues/views.ts';
import { type ReferralView, referralView } from '#domain/referrals/views.ts';
import type { TimelineEvent } from '#domain/timeline/event.ts';
import type { CreateOptions, ListOptions, ServiceContext } from './context.ts';

/** Another customer is known by this name or domain: 409, naming it (staff may see every customer). */
export class CustomerExistsError extends ConflictError {
  override readonly title = 'Customer already exists';
  override readonly type = '/problems/customer-exists';
  constructor(existingCustomerId: string | undefined) {
    super('A customer with this name or domain exists already: open it rather than making a twin.');
    if (existingCustomerId) this.extensions.existingCustomerId = existingCustomerId;
  }
}

/** The customer if the caller may see it, else 404: visibility is checked before any role rule. */
async function requireCustomer(ctx: ServiceContext, id: string) {
  const detail = await getCustomerDetail(ctx.db, id);
  if (!detail) throw new NotFoundError('No such customer.');
  assertCanSee(ctx.caller, { type: 'customer', record: detail.customer });
  return detail;
}

function assertVersion(customer: Customer, expectedVersion: number) {
  if (customer.version !== expectedVersion) throw staleVersion('customer');
}

async function existingCustomerId(ctx: ServiceContext, keys: readonly string[]) {
  return findCustomerIdByProspect(ctx.db, keys);
}

export interface CustomerDetail extends CustomerView {
  /** The won referrals that created or were linked to the customer, those the caller may see. */
  readonly referrals: ReferralView[];
  /** Issues affecting the customer, open first, most severe first, newest first. */
  readonly issues: IssueView[];
  /** Handoffs concerning the customer that the caller may see (staff: their team's; leaders: all). */
  readonly handoffs: HandoffView[];
  readonly lifecycleHistory: LifecycleHistoryEntry[];
  readonly timeline: TimelineEvent[];
}

/** A lapsed customer on the win-back list, with what went wrong: its unresolved issues. */
export interface WinBackEntry extends CustomerView {
  readonly openIssues: Grievance[];
}

function encodeWinBackCursor(position: WinBackPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function decodeWinBackCursor(cursor: string): WinBackPosition {
  const invalid = () => new ValidationError([{ path: 'cursor', message: 'Not a cursor from this list.' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    (parsed[0] !== 0 && parsed[0] !== 1) ||
    typeof parsed[1] !== 'string' ||
    typeof parsed[2] !== 'string' ||
    parsed[1].length > 64 ||
    parsed[2].length > 64
  ) {
    throw invalid();
  }
  return [parsed[0], parsed[1], parsed[2]];
}

export const customers = {
  /**
   * Creates a customer (staff, leaders). Its name and domain are claimed as prospect keys in
   * the same transaction, so a later won referral of the same company links to it; a customer
   * already known by one of them is a 409 naming it.
   */
  async create(ctx: ServiceContext, input: CustomerCreation, options: CreateOptions = {}): Promise<CustomerView> {
    assertCan(ctx.caller, 'customer.manage');
    const now = ctx.now();
    const { next: customer, event } = newCustomer(input, ctx.caller, {
      id: ulid(now.getTime()),
      now,
      idempotencyPk: options.idempotency ? idempotencyPkOf(options.idempotency) : undefined,
    });
    const response = customerView(customer, ctx.caller);
    try {
      await createCustomer(ctx.db, customer, {
        actorId: event.actorId,
        idempotency: options.idempotency,
        now,
        response,
      });
    } catch (error) {
      if (error instanceof CustomerKeyTakenError) {
        throw new CustomerExistsError(await existingCustomerId(ctx, error.prospectKeys));
      }
      throw error;
    }
    return response;
  },

  /**
   * Customers by name. Staff and leaders list them all; a partner its organisation's won
   * referrals' customers, an advocate their own.
   */
  async list(ctx: ServiceContext, filters: CustomerFilters, page: ListOptions): Promise<Page<CustomerView>> {
    assertCan(ctx.caller, 'customer.read');
    const { caller, db } = ctx;
    let result: Page<Customer>;
    if (caller.role === 'partner') {
      if (!caller.partnerId) return emptyPage(page.cursor);
      result = await listCustomersByPartner(db, caller.partnerId, filters, page);
    } else if (caller.role === 'advocate') {
      result = await listCustomersByReferrer(db, caller.userId, filters, page);
    } else {
      result = await listAllCustomers(db, filters, page);
    }
    return { items: result.items.map((customer) => customerView(customer, caller)), cursor: result.cursor };
  },

  /**
   * The customer page: the customer, its lifecycle history and timeline (one Query on its
   * partition), its won referrals (linked from that partition, read by key), its issues (one
   * Query on their customer index). Never a Scan.
   */
  async get(ctx: ServiceContext, id: string): Promise<CustomerDetail> {
    const { customer, timeline, referralIds, handoffIds } = await requireCustomer(ctx, id);
    assertCan(ctx.caller, 'customer.read');
    const { caller } = ctx;
    // Handoffs are staff's business: referrers never see them, not even on their customers.
    const staffSide = caller.role === 'staff' || caller.role === 'leader';
    const [referrals, issues, handoffs] = await Promise.all([
      getLinkedReferrals(ctx.db, referralIds),
      listAllIssuesOfCustomer(ctx.db, id),
      staffSide ? getLinkedHandoffs(ctx.db, handoffIds) : Promise.resolve([]),
    ]);
    return {
      ...customerView(customer, caller),
      referrals: referrals
        .filter((referral) => canSeeReferral(caller, referral))
        .map((referral) => referralView(referral, caller)),
      issues: issues.map((issue) => issueView(issue, caller)),
      handoffs: handoffs
        .filter((handoff) => canSeeHandoff(caller, handoff))
        .map((handoff) => handoffView(handoff, caller)),
      lifecycleHistory: lifecycleHistoryView(timeline, caller),
      timeline: customerTimelineView(timeline, caller),
    };
  },

  /**
   * Edits the profile (staff, leaders). A new name or domain claims its prospect key too (the
   * old ones stay: the company was known by them); replacing the stakeholder map erases the
   * contacts left out, and the stored first response that held them.
   */
  async update(
    ctx: ServiceContext,
    id: string,
    expectedVersion: number,
    change: CustomerChange,
  ): Promise<CustomerView> {
    const { customer: before } = await requireCustomer(ctx, id);
    assertCan(ctx.caller, 'customer.manage');
    assertVersion(before, expectedVersion);
    const moved = edit(before, change, ctx.caller, ctx.now());
    if (!moved) return customerView(before, ctx.caller);
    const { next: after, event } = moved;
    const added = after.prospectKeys.filter((key) => !before.prospectKeys.includes(key));
    const extra: TransactItem[] = [...customerMarkerPuts(ctx.db, id, added)];
    // The edit dropped the stored first response: it held the contacts the edit replaced.
    if (before.idempotencyPk && !after.idempotencyPk) extra.push(idempotencyErasure(ctx.db, before.idempotencyPk));
    try {
      await replaceCustomer(ctx.db, before, after, event, extra);
    } catch (error) {
      if (error instanceof CustomerKeyTakenError) {
        throw new CustomerExistsError(await existingCustomerId(ctx, error.prospectKeys));
      }
      throw error;
    }
    return customerView(after, ctx.caller);
  },

  /**
   * Moves the lifecycle (staff, leaders): an event, never a free edit. Lapsing puts the customer
   * on the win-back list; winning back records who did it and what settled it.
   */
  async moveLifecycle(
    ctx: ServiceContext,
    id: string,
    expectedVersion: number,
    move: LifecycleMove,
  ): Promise<CustomerView> {
    const { customer: before } = await requireCustomer(ctx, id);
    assertCan(ctx.caller, 'customer.manage');
    assertVersion(before, expectedVersion);
    const { next: after, event } = moveLifecycle(before, move, ctx.caller, ctx.now());
    await replaceCustomer(ctx.db, before, after, event);
    return customerView(after, ctx.caller);
  },

  /**
   * The born-again list (staff, leaders): lapsed customers, those with unresolved issues first,
   * then the longest lapsed, each with what went wrong (its unresolved issues).
   */
  async winBack(ctx: ServiceContext, page: ListOptions): Promise<Page<WinBackEntry>> {
    assertCan(ctx.caller, 'customer.winback');
    const after = page.cursor ? decodeWinBackCursor(page.cursor) : undefined;
    const lapsed = (await listLapsedCustomers(ctx.db)).map((customer) => ({
      customer,
      id: customer.id,
      lapsedAt: customer.lapsedAt ?? customer.updatedAt,
      openIssueCount: customer.openIssueCount ?? 0,
    }));
    const { items, last } = winBackPage(lapsed, page.limit, after);
    const entries = await Promise.all(
      items.map(async ({ customer, openIssueCount }) => ({
        ...customerView(customer, ctx.caller),
        openIssues:
          openIssueCount > 0
            ? (await listAllIssuesOfCustomer(ctx.db, customer.id, { openOnly: true })).map(grievanceOf)
            : [],
      })),
    );
    return { items: entries, cursor: last ? encodeWinBackCursor(last) : null };
  },
};
