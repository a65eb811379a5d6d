import { ulid } from 'ulid';
import { userRepository } from '#data/directory-repository.ts';
import { staleVersion } from '#data/errors.ts';
import { createPlay, getPlay, listPlays, replacePlay } from '#data/play-repository.ts';
import type { User } from '#domain/directory/schemas.ts';
import { NotFoundError, ValidationError } from '#domain/errors.ts';
import { addIsoDays, localIsoDate, startOfDate } from '#domain/handoffs/working-hours.ts';
import { assertCan } from '#domain/identity/authorization.ts';
import { close, edit, newPlay } from '#domain/plays/moves.ts';
import type {
  closePlaySchema,
  createPlaySchema,
  Play,
  PlaySource,
  playListQuerySchema,
  updatePlaySchema,
} from '#domain/plays/schemas.ts';
import { type PlayView, playView } from '#domain/plays/views.ts';
import { assertEditable } from '#domain/plays/workflow.ts';
import { config } from '#lib/config.ts';
import type * as z from '#lib/zod.ts';
import type { CreateOptions, ServiceContext } from './context.ts';
import { scorecard } from './scorecard.ts';

/** The instant a due date ends in the organisation's zone: the start of the day after. */
export function dueAtOf(dueOn: string, timeZone: string = config.ORG_TIME_ZONE): string {
  return startOfDate(addIsoDays(dueOn, 1), timeZone).toISOString();
}

/** A due date must not have passed already in the organisation's calendar. */
function assertDueOn(ctx: ServiceContext, dueOn: string): void {
  if (dueOn < localIsoDate(ctx.now(), config.ORG_TIME_ZONE)) {
    throw new ValidationError([{ path: 'dueOn', message: 'Today or later, in the organisation’s time zone.' }]);
  }
}

/** An owner is someone who can act on a scorecard finding: an active leader or staff member. */
async function requireOwner(ctx: ServiceContext, ownerId: string): Promise<User> {
  const owner = await userRepository.get(ctx.db, ownerId);
  if (!owner?.active || (owner.role !== 'leader' && owner.role !== 'staff')) {
    throw new ValidationError([{ path: 'ownerId', message: 'An active leader or staff member.' }]);
  }
  return owner;
}

/** Staff see the plays they own; leaders every play. A play of someone else is a 404 to staff. */
function assertSees(ctx: ServiceContext, play: Play): void {
  assertCan(ctx.caller, 'plays.work');
  if (ctx.caller.role === 'staff' && play.ownerId !== ctx.caller.userId) throw new NotFoundError('No such play.');
}

async function requirePlay(ctx: ServiceContext, id: string): Promise<Play> {
  assertCan(ctx.caller, 'plays.work');
  const play = await getPlay(ctx.db, id);
  if (!play) throw new NotFoundError('No such play.');
  assertSees(ctx, play);
  return play;
}

async function view(ctx: ServiceContext, play: Play): Promise<PlayView> {
  const owner = await userRepository.get(ctx.db, play.ownerId);
  return playView(play, owner?.name ?? 'a former user', ctx.now());
}

async function views(ctx: ServiceContext, plays: Play[]): Promise<PlayView[]> {
  const names = new Map<string, string>();
  for (const id of new Set(plays.map((play) => play.ownerId))) {
    names.set(id, (await userRepository.get(ctx.db, id))?.name ?? 'a former user');
  }
  return plays.map((play) => playView(play, names.get(play.ownerId) ?? 'a former user', ctx.now()));
}

/**
 * What the scorecard shows now of a figure under a dimension over `weeks`: its value, the
 * previous period's, and how it moved when it is one of the movers. Read through the
 * scorecard service, so a play starts from exactly the numbers the leader saw.
 */
async function sourceOf(ctx: ServiceContext, figure: string, dimension: string, weeks: number): Promise<PlaySource> {
  const [current, previous] = await Promise.all([
    scorecard.get(ctx, weeks),
    // The previous period's figure: the mover's "before", also when the pair is no mover.
    scorecard.get({ ...ctx, now: () => new Date(ctx.now().getTime() - weeks * 7 * 24 * 60 * 60 * 1000) }, weeks),
  ]);
  const find = (card: typeof current) => {
    for (const pillar of card.pillars) {
      const found = pillar.figures.find((candidate) => candidate.id === figure);
      if (!found) continue;
      const point =
        dimension === 'all'
          ? { value: found.value, sampleSize: found.sampleSize, label: 'Everyone' }
          : found.byDimension.find((candidate) => candidate.dimension === dimension);
      return { pillar, figure: found, point };
    }
    return undefined;
  };
  const now = find(current);
  if (!now) throw new ValidationError([{ path: 'figure', message: 'No such figure on the scorecard.' }]);
  const before = find(previous)?.point;
  // A partner whose referrals stopped has no point this period, and that is the finding: a
  // count is zero then, a share has no value.
  const point =
    now.point ??
    (before ? { value: now.figure.unit === 'count' ? 0 : null, sampleSize: 0, label: before.label } : undefined);
  if (!point) {
    throw new ValidationError([
      { path: 'dimension', message: 'The scorecard has nothing for this dimension of the figure in either period.' },
    ]);
  }
  const mover = now.pillar.movers.find((candidate) => candidate.figure === figure && candidate.dimension === dimension);
  return {
    figure,
    name: now.figure.name,
    unit: now.figure.unit,
    dimension,
    label: point.label,
    weeks,
    week: current.weeks[current.weeks.length - 1] ?? '',
    previous: mover ? mover.previous : (before?.value ?? null),
    current: point.value,
    sampleSize: point.sampleSize,
    direction: mover ? mover.direction : null,
  };
}

export const plays = {
  /** Leaders: every play of a status (or their own); staff: always their own. */
  async list(ctx: ServiceContext, query: z.infer<typeof playListQuerySchema>) {
    assertCan(ctx.caller, 'plays.work');
    const ownerId = ctx.caller.role === 'leader' && query.owner === 'anyone' ? undefined : ctx.caller.userId;
    const page = await listPlays(ctx.db, { status: query.status, ownerId }, query);
    return { items: await views(ctx, page.items), cursor: page.cursor };
  },

  async get(ctx: ServiceContext, id: string): Promise<PlayView> {
    return view(ctx, await requirePlay(ctx, id));
  },

  /** A leader turns a mover into an owned, dated follow-up. */
  async create(
    ctx: ServiceContext,
    input: z.infer<typeof createPlaySchema>,
    options: CreateOptions = {},
  ): Promise<PlayView> {
    assertCan(ctx.caller, 'plays.manage');
    assertDueOn(ctx, input.dueOn);
    const [owner, source] = await Promise.all([
      requireOwner(ctx, input.ownerId),
      sourceOf(ctx, input.figure, input.dimension, input.weeks),
    ]);
    const { next: play } = newPlay(
      { title: input.title, ownerId: owner.id, dueOn: input.dueOn, dueAt: dueAtOf(input.dueOn), source },
      ctx.caller,
      { id: ulid(), now: ctx.now() },
    );
    const answer = playView(play, owner.name, ctx.now());
    await createPlay(ctx.db, play, answer, options.idempotency);
    return answer;
  },

  /** Leaders reassign, re-date or retitle an open play. */
  async update(
    ctx: ServiceContext,
    id: string,
    expectedVersion: number,
    change: z.infer<typeof updatePlaySchema>,
  ): Promise<PlayView> {
    const before = await requirePlay(ctx, id);
    assertCan(ctx.caller, 'plays.manage');
    if (before.version !== expectedVersion) throw staleVersion('play');
    assertEditable(before.status);
    if (change.dueOn !== undefined) assertDueOn(ctx, change.dueOn);
    if (change.ownerId !== undefined) await requireOwner(ctx, change.ownerId);
    const dueAt = change.dueOn === undefined ? undefined : dueAtOf(change.dueOn);
    const { next, event } = edit(before, { ...change, dueAt }, ctx.caller, ctx.now());
    return view(ctx, await replacePlay(ctx.db, before, next, event.actorId, event.type));
  },

  /** Its owner or a leader closes it, saying what was done. */
  async close(
    ctx: ServiceContext,
    id: string,
    expectedVersion: number,
    input: z.infer<typeof closePlaySchema>,
  ): Promise<PlayView> {
    const before = await requirePlay(ctx, id);
    if (before.version !== expectedVersion) throw staleVersion('play');
    const { next, event } = close(before, input, ctx.caller, ctx.now());
    return view(ctx, await replacePlay(ctx.db, before, next, event.actorId, event.type, event.note));
  },
};
