import { ulid } from 'ulid';
import { customerCreateItems, findCustomerIdByProspect, getLinkedHandoffs } from '#data/customer-repository.ts';
import { userRepository } from '#data/directory-repository.ts';
import { staleVersion } from '#data/errors.ts';
import { idempotencyErasure, idempotencyPkOf } from '#data/idempotency.ts';
import { emptyPage, type Page } from '#data/pagination.ts';
import {
  addInternalNote,
  createConflict,
  createReferral,
  getConflict,
  getReferral,
  getReferralDetail,
  type InternalNote,
  listAllReferrals,
  listConflicts,
  listConflictsOfReferral,
  listReferralsByOwner,
  listReferralsByPartner,
  listReferralsByReferrer,
  lockReleases,
  ProspectTakenError,
  type ReferralFilters,
  readProspectLocks,
  referralCreateItems,
  replaceConflict,
  replaceReferral,
} from '#data/referral-repository.ts';
import type { TransactItem } from '#data/send.ts';
import { getRecentSettings, getSettings } from '#data/settings-repository.ts';
import { ConflictError, NotFoundError, ValidationError } from '#domain/errors.ts';
import { type HandoffView, handoffView } from '#domain/handoffs/views.ts';
import { assertCan } from '#domain/identity/authorization.ts';
import type { Caller } from '#domain/identity/roles.ts';
import { assertCanSee, canSeeHandoff, seesReferrerSide } from '#domain/identity/visibility.ts';
import { applyTransition, assignOwner, eraseContact, wonCustomer } from '#domain/referrals/moves.ts';
import type { Referral, ReferralConflict, ReferralSubmission } from '#domain/referrals/schemas.ts';
import { newReferral } from '#domain/referrals/submission.ts';
import { type ReferralView, referralView, timelineView } from '#domain/referrals/views.ts';
import { assertTransition, isOpen, type ReferralStatus } from '#domain/referrals/workflow.ts';
import type { TimelineEvent } from '#domain/timeline/event.ts';
import type { CreateOptions, ListOptions, ServiceContext } from './context.ts';

/** The prospect is registered by an open referral: 409, saying since when and nothing else. */
export class ProspectRegisteredError extends ConflictError {
  override readonly title = 'Prospect already registered';
  override readonly type = '/problems/prospect-registered';
  constructor(registeredAt: string) {
    super(
      `This prospect was registered on ${registeredAt.slice(0, 10)} and is protected while that referral is open. Our team has been told and will be in touch.`,
    );
    this.extensions.registeredAt = registeredAt;
  }
}

/**
 * The prospect is registered by the submitter's own open referral (theirs, or their partner
 * organisation's): 409 with its id, date and link, and no conflict, as there is nothing to rule.
 */
export class OwnReferralError extends ConflictError {
  override readonly title = 'Already referred by you';
  override readonly type = '/problems/own-referral';
  constructor(held: Referral) {
    super(
      `You referred ${held.company.name} already on ${held.createdAt.slice(0, 10)} (referral ${held.id}), and it is still open: follow it at /referrals/${held.id} rather than sending it again.`,
    );
    this.extensions.referralId = held.id;
    this.extensions.registeredAt = held.createdAt;
    this.extensions.href = `/referrals/${held.id}`;
  }
}

/** Whether an open referral is the caller's own: theirs, or (for a partner) their organisation's. */
function isOwn(caller: Caller, referral: Referral): boolean {
  if (referral.referrerId === caller.userId) return true;
  return caller.role === 'partner' && caller.partnerId !== undefined && referral.partnerId === caller.partnerId;
}

export interface ReferralDetail extends ReferralView {
  readonly timeline: TimelineEvent[];
  readonly internalNotes?: InternalNote[];
  readonly conflicts?: ReferralConflict[];
  /** Staff and leaders: the handoffs about it they may see (its kickoff), newest first. */
  readonly handoffs?: HandoffView[];
}

/** The referral if the caller may see it, else 404: visibility is checked before any role rule. */
async function requireReferral(ctx: ServiceContext, id: string) {
  const detail = await getReferralDetail(ctx.db, id);
  if (!detail) throw new NotFoundError('No such referral.');
  assertCanSee(ctx.caller, { type: 'referral', record: detail.referral });
  return detail;
}

function assertVersion(referral: Referral, expectedVersion: number) {
  if (referral.version !== expectedVersion) throw staleVersion('referral');
}

/** Conflicts keep the refused submission only until a ruling needs it no more. */
function withoutContact(conflict: ReferralConflict): ReferralConflict {
  const { submission: _dropped, ...rest } = conflict;
  return rest;
}

export const referrals = {
  /**
   * Submits a referral. Its prospect keys are locked in the same transaction; when an open
   * referral holds one, the submitter gets a 409 and staff get a conflict to rule on.
   */
  async submit(ctx: ServiceContext, input: ReferralSubmission, options: CreateOptions = {}): Promise<ReferralView> {
    assertCan(ctx.caller, 'referral.create');
    const settings = await getRecentSettings(ctx.db);
    const now = ctx.now();
    const referral = newReferral(
      input,
      { id: ctx.caller.userId, role: ctx.caller.role, partnerId: ctx.caller.partnerId },
      { id: ulid(now.getTime()), now },
      { firstResponse: settings.referralFirstResponseDays, protection: settings.referralProtectionDays },
    );
    const idempotencyPk = options.idempotency ? idempotencyPkOf(options.idempotency) : undefined;
    const stored: Referral = idempotencyPk ? { ...referral, idempotencyPk } : referral;
    // Two attempts: a lock released between the refusal and the read of who holds it is free again.
    for (let attempt = 0; ; attempt++) {
      try {
        const response = referralView(referral, ctx.caller);
        await createReferral(ctx.db, stored, { idempotency: options.idempotency, now, protect: true, response });
        return response;
      } catch (error) {
        if (!(error instanceof ProspectTakenError)) throw error;
        const locks = (await readProspectLocks(ctx.db, error.prospectKeys)).filter(
          (lock) => lock.expiresAt >= now.toISOString(),
        );
        const holder = locks.sort((a, b) => a.registeredAt.localeCompare(b.registeredAt))[0];
        if (!holder) {
          if (attempt === 0) continue;
          throw new ConflictError('The prospect was being registered at the same moment: try again.');
        }
        const held = await getReferral(ctx.db, holder.referralId);
        if (held && isOwn(ctx.caller, held)) throw new OwnReferralError(held);
        await createConflict(ctx.db, {
          id: ulid(now.getTime()),
          status: 'open',
          version: 1,
          existingReferralId: holder.referralId,
          registeredAt: holder.registeredAt,
          prospectKeys: referral.prospectKeys,
          submission: input,
          companyName: input.company.name,
          ...(held ? { registeredCompanyName: held.company.name } : {}),
          referrerId: referral.referrerId,
          referrerRole: referral.referrerRole,
          ...(referral.partnerId ? { partnerId: referral.partnerId } : {}),
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
        });
        throw new ProspectRegisteredError(holder.registeredAt);
      }
    }
  },

  async list(ctx: ServiceContext, filters: ReferralFilters, page: ListOptions): Promise<Page<ReferralView>> {
    assertCan(ctx.caller, 'referral.read');
    const { caller, db } = ctx;
    let result: Page<Referral>;
    if (caller.role === 'partner') {
      // A partner's list is its organisation's, whatever partner filter it sends.
      if (!caller.partnerId || (filters.partnerId && filters.partnerId !== caller.partnerId)) {
        return emptyPage(page.cursor);
      }
      result = await listReferralsByPartner(db, caller.partnerId, { ...filters, ownerId: undefined }, page);
    } else if (caller.role === 'advocate') {
      if (filters.referrerId && filters.referrerId !== caller.userId) return emptyPage(page.cursor);
      result = await listReferralsByReferrer(db, caller.userId, { ...filters, ownerId: undefined }, page);
    } else if (filters.ownerId) {
      result = await listReferralsByOwner(db, filters.ownerId, filters, page);
    } else if (filters.partnerId) {
      result = await listReferralsByPartner(db, filters.partnerId, filters, page);
    } else {
      result = await listAllReferrals(db, filters, page);
    }
    return { items: result.items.map((item) => referralView(item, caller)), cursor: result.cursor };
  },

  async get(ctx: ServiceContext, id: string): Promise<ReferralDetail> {
    const { referral, timeline, notes, handoffIds } = await requireReferral(ctx, id);
    const view = referralView(referral, ctx.caller);
    if (seesReferrerSide(ctx.caller)) {
      return { ...view, timeline: timelineView(timeline, ctx.caller) };
    }
    const [conflicts, linked] = await Promise.all([
      listConflictsOfReferral(ctx.db, id),
      handoffIds.length > 0 ? getLinkedHandoffs(ctx.db, handoffIds) : Promise.resolve([]),
    ]);
    const handoffs = linked
      .filter((handoff) => canSeeHandoff(ctx.caller, handoff))
      .map((handoff) => handoffView(handoff, ctx.caller));
    return { ...view, timeline, internalNotes: notes, conflicts: conflicts.map(withoutContact), handoffs };
  },

  async transition(
    ctx: ServiceContext,
    id: string,
    expectedVersion: number,
    change: { to: ReferralStatus; reason?: string | undefined; noteToReferrer?: string | undefined },
  ): Promise<ReferralView> {
    const { referral: before } = await requireReferral(ctx, id);
    assertCan(ctx.caller, 'referral.triage');
    assertVersion(before, expectedVersion);
    const now = ctx.now();
    const extra: TransactItem[] = [];
    let customerId: string | undefined;
    // The move's own guard (applyTransition runs it too) before the customer lookup a win needs,
    // so that a refused move costs no read.
    assertTransition(before.status, change.to, change.reason);
    if (change.to === 'won') {
      customerId = await findCustomerIdByProspect(ctx.db, before.prospectKeys);
      if (!customerId) {
        const customer = wonCustomer(before, ulid(now.getTime()), now);
        customerId = customer.id;
        extra.push(...customerCreateItems(ctx.db, customer, ctx.caller.userId));
      }
    }
    const { next, event } = applyTransition(before, { ...change, customerId }, ctx.caller, now);
    if (!isOpen(change.to)) {
      extra.unshift(...lockReleases(ctx.db, id, await readProspectLocks(ctx.db, before.prospectKeys)));
    }
    const saved = await replaceReferral(ctx.db, before, next, event, extra);
    return referralView(saved, ctx.caller);
  },

  async assignOwner(ctx: ServiceContext, id: string, expectedVersion: number, ownerId: string): Promise<ReferralView> {
    const { referral: before } = await requireReferral(ctx, id);
    assertCan(ctx.caller, 'referral.triage');
    assertVersion(before, expectedVersion);
    const owner = await userRepository.get(ctx.db, ownerId);
    if (!owner?.active || (owner.role !== 'staff' && owner.role !== 'leader')) {
      throw new ValidationError([{ path: 'userId', message: 'An active staff member or leader owns a referral.' }]);
    }
    const { next, event } = assignOwner(before, { ownerId }, ctx.caller, ctx.now());
    const saved = await replaceReferral(ctx.db, before, next, event);
    return referralView(saved, ctx.caller);
  },

  async addNote(ctx: ServiceContext, id: string, text: string): Promise<InternalNote> {
    await requireReferral(ctx, id);
    assertCan(ctx.caller, 'referral.triage');
    const now = ctx.now();
    return addInternalNote(ctx.db, id, {
      id: ulid(now.getTime()),
      authorId: ctx.caller.userId,
      text,
      at: now.toISOString(),
    });
  },

  /**
   * Erases the referral's personal data on request: the contact, the stakeholders' names, the
   * referrer's free-text notes and the stored first response that held them. The record, its
   * status history and its scores stay; events never held any of it.
   */
  async eraseContact(ctx: ServiceContext, id: string, expectedVersion: number): Promise<ReferralView> {
    const { referral: before } = await requireReferral(ctx, id);
    assertCan(ctx.caller, 'referral.erase');
    assertVersion(before, expectedVersion);
    const { next, event } = eraseContact(before, {}, ctx.caller, ctx.now());
    const extra = before.idempotencyPk ? [idempotencyErasure(ctx.db, before.idempotencyPk)] : [];
    const saved = await replaceReferral(ctx.db, before, next, event, extra);
    return referralView(saved, ctx.caller);
  },
};

export const referralConflicts = {
  async list(
    ctx: ServiceContext,
    options: ListOptions & { open?: boolean | undefined },
  ): Promise<Page<ReferralConflict>> {
    assertCan(ctx.caller, 'referral.conflicts');
    const page = await listConflicts(ctx.db, options);
    return { items: page.items.map(withoutContact), cursor: page.cursor };
  },

  async get(ctx: ServiceContext, id: string): Promise<ReferralConflict> {
    assertCan(ctx.caller, 'referral.conflicts');
    const conflict = await getConflict(ctx.db, id);
    if (!conflict) throw new NotFoundError('No such conflict.');
    return withoutContact(conflict);
  },

  /**
   * Rules on a conflict: `upheld`, the first registration stands and the refused submission's
   * contact is dropped; `admitted`, the refused submission becomes a referral of its own.
   */
  async rule(
    ctx: ServiceContext,
    id: string,
    expectedVersion: number,
    ruling: { outcome: 'upheld' | 'admitted'; note?: string | undefined },
  ): Promise<ReferralConflict> {
    assertCan(ctx.caller, 'referral.conflicts');
    const before = await getConflict(ctx.db, id);
    if (!before) throw new NotFoundError('No such conflict.');
    if (before.version !== expectedVersion) throw staleVersion('conflict');
    if (before.status !== 'open') throw new ConflictError(`The conflict was ${before.status} already.`);
    const now = ctx.now();
    const at = now.toISOString();
    const { submission, ...rest } = before;
    let after: ReferralConflict = {
      ...rest,
      status: ruling.outcome,
      version: before.version + 1,
      updatedAt: at,
      ruledBy: ctx.caller.userId,
      ruledAt: at,
      ...(ruling.note ? { ruling: ruling.note } : {}),
    };
    const extra: TransactItem[] = [];
    if (ruling.outcome === 'admitted') {
      if (!submission) throw new ConflictError('The refused submission is no longer held.');
      const settings = await getSettings(ctx.db);
      const admitted: Referral = {
        ...newReferral(
          submission,
          { id: before.referrerId, role: before.referrerRole, partnerId: before.partnerId },
          { id: ulid(now.getTime()), now },
          { firstResponse: settings.referralFirstResponseDays, protection: settings.referralProtectionDays },
        ),
        admittedFromConflictId: before.id,
      };
      after = { ...after, admittedReferralId: admitted.id };
      extra.push(...referralCreateItems(ctx.db, admitted, ctx.caller.userId));
    }
    return replaceConflict(ctx.db, before, after, ctx.caller.userId, extra);
  },
};
