import { normaliseDomain, prospectKeys } from '#domain/referrals/prospect.ts';
import { changedFields } from '#domain/timeline/event.ts';
import type { Actor, Moved, MoveEvent } from '#domain/workflow.ts';
import { customerEvents } from './events.ts';
import {
  type Customer,
  type CustomerChange,
  type CustomerCreation,
  customerEventView,
  type LifecycleMove,
} from './schemas.ts';
import { assertTransition } from './workflow.ts';

/** A customer's event says what changed, field by field, as `customerEventView` shows it. */
export interface CustomerEvent extends MoveEvent {
  readonly before: Record<string, unknown> | null;
  readonly after: Record<string, unknown> | null;
}

/** The keys a customer is known by, as for a referral's prospect (no contact e-mail here). */
export function keysOf(customer: { name: string; domain?: string | undefined }): string[] {
  return prospectKeys(customer, '');
}

/**
 * A creation as the customer it becomes, and its event. Its name and domain are its prospect
 * keys; `idempotencyPk` is the request's stored first response, which holds the stakeholders'
 * contacts (an edit of them erases it).
 */
export function newCustomer(
  input: CustomerCreation,
  actor: Actor,
  at: { readonly id: string; readonly now: Date; readonly idempotencyPk?: string | undefined },
): Moved<Customer, CustomerEvent> {
  const iso = at.now.toISOString();
  const domain = input.domain ? normaliseDomain(input.domain) : undefined;
  const customer: Customer = {
    id: at.id,
    name: input.name,
    ...(domain ? { domain } : {}),
    ...(input.segment ? { segment: input.segment } : {}),
    lifecycle: input.lifecycle,
    ...(input.fit ? { fit: input.fit } : {}),
    ...(input.jobToBeDone ? { jobToBeDone: input.jobToBeDone } : {}),
    stakeholders: input.stakeholders,
    prospectKeys: keysOf({ name: input.name, domain }),
    lifecycleChangedAt: iso,
    ...(input.lifecycle === 'lapsed' ? { lapsedAt: iso } : {}),
    openIssueCount: 0,
    createdBy: actor.userId,
    ...(at.idempotencyPk ? { idempotencyPk: at.idempotencyPk } : {}),
    version: 1,
    createdAt: iso,
    updatedAt: iso,
  };
  return {
    next: customer,
    event: { type: customerEvents.created, actorId: actor.userId, before: null, after: customerEventView(customer) },
  };
}

/**
 * An edit of the profile. A new name or domain adds its prospect key (the old ones stay: the
 * company was known by them); a new stakeholder map drops the stored first response that held
 * the old contacts (the caller erases it by the `idempotencyPk` of `before`). Undefined when the
 * edit changes nothing: there is nothing to record.
 */
export function edit(
  before: Customer,
  change: CustomerChange,
  actor: Actor,
  now: Date,
): Moved<Customer, CustomerEvent> | undefined {
  const { idempotencyPk, ...current } = before;
  const next: Customer = { ...current };
  if (change.name !== undefined) next.name = change.name;
  if (change.domain !== undefined) {
    const domain = change.domain === null ? undefined : normaliseDomain(change.domain);
    if (domain) next.domain = domain;
    else delete next.domain;
  }
  for (const field of ['segment', 'jobToBeDone', 'fit'] as const) {
    const value = change[field];
    if (value === null) delete next[field];
    else if (value !== undefined) (next as Record<string, unknown>)[field] = value;
  }
  if (change.stakeholders !== undefined) next.stakeholders = change.stakeholders;
  const added = keysOf(next).filter((key) => !before.prospectKeys.includes(key));
  next.prospectKeys = [...before.prospectKeys, ...added];
  const stakeholdersChanged = JSON.stringify(before.stakeholders ?? []) !== JSON.stringify(next.stakeholders ?? []);
  if (idempotencyPk && !stakeholdersChanged) next.idempotencyPk = idempotencyPk;
  const changed = changedFields(customerEventView(before), customerEventView(next));
  if (Object.keys(changed.after).length === 0 && !stakeholdersChanged) return undefined;
  return {
    next: { ...next, version: before.version + 1, updatedAt: now.toISOString() },
    event: {
      type: customerEvents.updated,
      actorId: actor.userId,
      // The contacts themselves never go into an event; that the map changed does.
      before: { ...changed.before, ...(stakeholdersChanged ? { stakeholdersChanged: false } : {}) },
      after: { ...changed.after, ...(stakeholdersChanged ? { stakeholdersChanged: true } : {}) },
    },
  };
}

/**
 * A move of the lifecycle, checked by `assertTransition`: an event, never a free edit. Lapsing
 * dates the lapse (the win-back list's order); winning back records who did it and what settled
 * it, and the event keeps how many issues were still open then.
 */
export function moveLifecycle(
  before: Customer,
  move: LifecycleMove,
  actor: Actor,
  now: Date,
): Moved<Customer, CustomerEvent> {
  assertTransition(before.lifecycle, move.to, move.note);
  const at = now.toISOString();
  return {
    next: {
      ...before,
      lifecycle: move.to,
      lifecycleChangedAt: at,
      ...(move.to === 'lapsed' ? { lapsedAt: at } : {}),
      ...(move.to === 'won_back' ? { wonBack: { by: actor.userId, at, note: move.note ?? '' } } : {}),
      version: before.version + 1,
      updatedAt: at,
    },
    event: {
      type: customerEvents.lifecycleMoved,
      actorId: actor.userId,
      note: move.note,
      before: { lifecycle: before.lifecycle },
      after: {
        lifecycle: move.to,
        ...(move.to === 'won_back' ? { openIssueCount: before.openIssueCount ?? 0 } : {}),
      },
    },
  };
}
