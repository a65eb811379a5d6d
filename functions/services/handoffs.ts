import { ulid } from 'ulid';
import { checklistUnchanged, getChecklist, replaceChecklist as writeChecklist } from '#data/checklist-repository.ts';
import { teamRepository } from '#data/directory-repository.ts';
import { staleVersion } from '#data/errors.ts';
import {
  createHandoff,
  getHandoffDetail,
  type HandoffFilters,
  listAllHandoffs,
  listInbox,
  listOutbox,
  rateHandoff,
  replaceHandoff,
} from '#data/handoff-repository.ts';
import { emptyPage, type Page } from '#data/pagination.ts';
import { getReferral } from '#data/referral-repository.ts';
import { getRecentSettings, getSettings } from '#data/settings-repository.ts';
import { ForbiddenError, NotFoundError } from '#domain/errors.ts';
import { type ChecklistReplacement, replaceChecklist, type TeamChecklist } from '#domain/handoffs/checklists.ts';
import { applyTransition, assertSendable, checkMove, newHandoff, rate } from '#domain/handoffs/moves.ts';
import type { Handoff, HandoffSubmission, HandoffTransition } from '#domain/handoffs/schemas.ts';
import { ackRound } from '#domain/handoffs/sla.ts';
import { assertLinkableReferral } from '#domain/handoffs/subject.ts';
import { type HandoffView, handoffView, teamThatMovesTo } from '#domain/handoffs/views.ts';
import { sideThatMovesTo } from '#domain/handoffs/workflow.ts';
import { isTimeZone, type WorkingCalendar } from '#domain/handoffs/working-hours.ts';
import { assertActsFor, assertCan, isMemberOf } from '#domain/identity/authorization.ts';
import { assertCanSee } from '#domain/identity/visibility.ts';
import type { OrganisationSettings } from '#domain/settings/schemas.ts';
import type { TimelineEvent } from '#domain/timeline/event.ts';
import { config } from '#lib/config.ts';
import type { CreateOptions, ListOptions, ServiceContext } from './context.ts';

// Checked once, at cold start: a zone Intl does not know would otherwise fail every handoff.
if (!isTimeZone(config.ORG_TIME_ZONE)) {
  throw new Error(`Invalid configuration: ORG_TIME_ZONE (${config.ORG_TIME_ZONE}) is not a time zone.`);
}

/** The organisation's working calendar: its working hours (settings) in its time zone (configuration). */
function calendarOf(settings: OrganisationSettings): WorkingCalendar {
  return { ...settings.workingHours, timeZone: config.ORG_TIME_ZONE };
}

export interface HandoffDetail extends HandoffView {
  readonly timeline: TimelineEvent[];
}

export interface HandoffListQuery extends HandoffFilters {
  /** The caller's team's received handoffs (`inbox`, the default) or sent ones (`outbox`). */
  readonly box?: 'inbox' | 'outbox' | undefined;
  /** Leaders: whose box; without it, every handoff. Staff: their own team only. */
  readonly teamId?: string | undefined;
}

/** The handoff if the caller may see it, else 404: visibility is checked before any role rule. */
async function requireHandoff(ctx: ServiceContext, id: string) {
  const detail = await getHandoffDetail(ctx.db, id);
  if (!detail) throw new NotFoundError('No such handoff.');
  assertCanSee(ctx.caller, { type: 'handoff', record: detail.handoff });
  return detail;
}

function assertVersion(handoff: Handoff, expectedVersion: number) {
  if (handoff.version !== expectedVersion) throw staleVersion('handoff');
}

export const handoffs = {
  /**
   * Hands work from the caller's team to another. The acknowledgement falls due by the team
   * pair's SLA in working hours; the receiving team and the customer are checked in the write.
   */
  async send(ctx: ServiceContext, input: HandoffSubmission, options: CreateOptions = {}): Promise<HandoffView> {
    assertCan(ctx.caller, 'handoff.create');
    const fromTeamId = ctx.caller.teamId;
    if (!fromTeamId) throw new ForbiddenError('Only staff of a team hand work over.');
    const now = ctx.now();
    assertSendable(input, fromTeamId, now);
    // The checklist read is consistent: the write is conditional on the version read here.
    const [settings, checklist, referral] = await Promise.all([
      getRecentSettings(ctx.db),
      getChecklist(ctx.db, input.toTeamId, true),
      input.referralId ? getReferral(ctx.db, input.referralId) : undefined,
    ]);
    if (input.referralId) assertLinkableReferral(ctx.caller, referral);
    const { next: handoff } = newHandoff(
      input,
      { ...ctx.caller, fromTeamId },
      { id: ulid(now.getTime()), now },
      { checklist, round: ackRound(settings, { fromTeamId, toTeamId: input.toTeamId }, now, calendarOf(settings)) },
    );
    const response = handoffView(handoff, ctx.caller);
    await createHandoff(ctx.db, handoff, {
      idempotency: options.idempotency,
      now,
      response,
      checklist: checklistUnchanged(ctx.db, checklist),
    });
    return response;
  },

  /** A team's inbox (overdue first) or outbox; leaders any team's, or every handoff. */
  async list(ctx: ServiceContext, query: HandoffListQuery, page: ListOptions): Promise<Page<HandoffView>> {
    assertCan(ctx.caller, 'handoff.read');
    const { caller, db } = ctx;
    const { box = 'inbox', teamId, ...filters } = query;
    let result: Page<Handoff>;
    if (caller.role === 'leader' && !teamId) {
      result = await listAllHandoffs(db, filters, page);
    } else {
      // Staff list their own team's boxes, whatever team they name.
      const team = caller.role === 'leader' ? teamId : caller.teamId;
      if (!team || (teamId && teamId !== team)) return emptyPage(page.cursor);
      result = box === 'inbox' ? await listInbox(db, team, filters, page) : await listOutbox(db, team, filters, page);
    }
    return { items: result.items.map((item) => handoffView(item, caller)), cursor: result.cursor };
  },

  async get(ctx: ServiceContext, id: string): Promise<HandoffDetail> {
    const { handoff, timeline } = await requireHandoff(ctx, id);
    assertCan(ctx.caller, 'handoff.read');
    return { ...handoffView(handoff, ctx.caller), timeline };
  },

  /**
   * Moves a handoff along its workflow. The receiving team acknowledges, accepts, returns and
   * completes; the sending team resubmits; leaders may act for either.
   */
  async transition(
    ctx: ServiceContext,
    id: string,
    expectedVersion: number,
    change: HandoffTransition,
  ): Promise<HandoffView> {
    const { handoff: before } = await requireHandoff(ctx, id);
    assertCan(ctx.caller, 'handoff.act');
    assertActsFor(
      ctx.caller,
      teamThatMovesTo(before, change.to),
      sideThatMovesTo(change.to) === 'sender'
        ? 'Only the sending team resubmits a handoff.'
        : 'Only the receiving team acknowledges, accepts, returns or completes a handoff.',
    );
    assertVersion(before, expectedVersion);
    checkMove(before, change);
    const now = ctx.now();
    // A new round: its acknowledgement is due by the pair's SLA as it stands now.
    const settings = change.to === 'sent' ? await getSettings(ctx.db) : undefined;
    const round = settings ? ackRound(settings, before, now, calendarOf(settings)) : undefined;
    const { next, event } = applyTransition(before, { ...change, round }, ctx.caller, now);
    const saved = await replaceHandoff(ctx.db, before, next, event);
    return handoffView(saved, ctx.caller);
  },

  /**
   * The receiving team rates a completed handoff, once: its staff only (a leader's score would
   * not be the internal customer's). `If-Match` is optional here: the database refuses a second
   * rating whatever version it names.
   */
  async rate(
    ctx: ServiceContext,
    id: string,
    rating: { score: number; comment?: string | undefined },
    expectedVersion?: number | undefined,
  ): Promise<HandoffView> {
    const { handoff: before } = await requireHandoff(ctx, id);
    assertCan(ctx.caller, 'handoff.rate');
    if (!isMemberOf(ctx.caller, before.toTeamId)) throw new ForbiddenError('Only the receiving team rates a handoff.');
    if (expectedVersion !== undefined) assertVersion(before, expectedVersion);
    const { next, event } = rate(before, rating, ctx.caller, ctx.now());
    return handoffView(await rateHandoff(ctx.db, before, next, event.actorId), ctx.caller);
  },
};

/** Teams' checklists of what they need per kind of handoff. */
export const checklists = {
  /** Staff (who send to any team) and leaders read any active or inactive team's list. */
  async get(ctx: ServiceContext, teamId: string): Promise<TeamChecklist> {
    assertCan(ctx.caller, 'handoff.read');
    if (!(await teamRepository.get(ctx.db, teamId))) throw new NotFoundError('No such team.');
    return getChecklist(ctx.db, teamId, true);
  },

  /** The team's own staff and leaders replace the whole list, on the version they read. */
  async replace(
    ctx: ServiceContext,
    teamId: string,
    expectedVersion: number,
    body: ChecklistReplacement,
  ): Promise<TeamChecklist> {
    assertCan(ctx.caller, 'handoff.checklist');
    if (!(await teamRepository.get(ctx.db, teamId))) throw new NotFoundError('No such team.');
    assertActsFor(ctx.caller, teamId, 'Only the team’s own staff and leaders change what it needs.');
    const before = await getChecklist(ctx.db, teamId, true);
    if (before.version !== expectedVersion) throw staleVersion('checklist');
    const now = ctx.now();
    const after = replaceChecklist(before, body, {
      newId: () => ulid(now.getTime()),
      at: now.toISOString(),
      actorId: ctx.caller.userId,
    });
    return writeChecklist(ctx.db, before, after, ctx.caller.userId);
  },
};
