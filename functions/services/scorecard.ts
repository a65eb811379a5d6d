import { getRecordItems, queryAggregates, queryAllMembers } from '#data/aggregate-repository.ts';
import { checklistItemLabels } from '#data/checklist-repository.ts';
import { customerKeys, handoffKeys, issueKeys, referralKeys } from '#data/keys.ts';
import { type NamedKind, namesOf } from '#data/names.ts';
import { getSettings } from '#data/settings-repository.ts';
import { NotFoundError, ValidationError } from '#domain/errors.ts';
import { assertCan } from '#domain/identity/authorization.ts';
import { type DrillItem, recordsCsv, scorecardCsv } from '#domain/scorecard/csv.ts';
import { currentPeriod, families } from '#domain/scorecard/derive.ts';
import { drillOf, labelAttributes, recordLabel, recordStatus, summarize } from '#domain/scorecard/drilldown.ts';
import { dimensionLabel, type NameLookup, namedIn } from '#domain/scorecard/labels.ts';
import { movers } from '#domain/scorecard/movers.ts';
import type { DrillPage, ScorecardResponse } from '#domain/scorecard/schemas.ts';
import { buildScorecard, figureDefinitions } from '#domain/scorecard/scorecard.ts';
import { isoWeek, recentWeeks } from '#domain/scorecard/weeks.ts';
import { config } from '#lib/config.ts';
import type { ServiceContext } from './context.ts';

/** The aggregates of the last `weeks` weeks and the current levels, and the leaders' settings. */
async function load(ctx: ServiceContext, weeks: number) {
  const timeZone = config.ORG_TIME_ZONE;
  const range = recentWeeks(ctx.now(), weeks, timeZone);
  const from = range[0] ?? '';
  const [settings, ...perFamily] = await Promise.all([
    getSettings(ctx.db),
    ...families.map((family) => queryAggregates(ctx.db, family, from)),
  ]);
  return { timeZone, range, entries: perFamily.flat(), settings: settings.scorecard };
}

const recordKey: Record<string, (id: string) => { pk: string; sk: string }> = {
  referral: referralKeys.byId,
  handoff: handoffKeys.byId,
  issue: issueKeys.byId,
  customer: customerKeys.byId,
};

/** The drill-down's own cursor: how many of the figure's records (in their order) came before. */
const invalidCursor = () => new ValidationError([{ path: 'cursor', message: 'Not a cursor from this list.' }]);

function decodeDrillCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const offset = (parsed as { o?: unknown } | null)?.o;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // Falls through to the refusal.
  }
  throw invalidCursor();
}

const encodeDrillCursor = (offset: number) => Buffer.from(JSON.stringify({ o: offset })).toString('base64url');

/** The directory names the dimensions of `dimensions` need, as a lookup for their labels. */
async function nameLookup(ctx: ServiceContext, dimensionsSeen: Iterable<string>): Promise<NameLookup> {
  // Read twice below: a Set or a generator would be spent by the first pass.
  const dimensions = [...dimensionsSeen];
  const wanted = new Map<string, { kind: NamedKind; id: string }>();
  for (const dimension of dimensions)
    for (const named of namedIn(dimension)) wanted.set(`${named.kind}#${named.id}`, named);
  const itemTeams = [...new Set(dimensions.filter((d) => d.startsWith('item:')).map((d) => d.split(':')[1] ?? ''))];
  const [names, items] = await Promise.all([
    wanted.size > 0 ? namesOf(ctx.db, [...wanted.values()]) : new Map<string, string>(),
    itemTeams.length > 0 ? checklistItemLabels(ctx.db, itemTeams) : new Map<string, string>(),
  ]);
  return (kind, id) => (kind === 'item' ? items.get(id) : names.get(`${kind}#${id}`)) || undefined;
}

/** The weeks a weekly figure's drill-down reads: the scorecard's own `weeks`, or one `week`. */
function drillWeeks(ctx: ServiceContext, request: { week?: string | undefined; weeks?: number | undefined }): string[] {
  if (request.week !== undefined && request.weeks !== undefined)
    throw new ValidationError([{ path: 'weeks', message: 'Name either weeks or one week, not both.' }]);
  if (request.weeks !== undefined) return recentWeeks(ctx.now(), request.weeks, config.ORG_TIME_ZONE);
  if (request.week !== undefined) return [request.week];
  throw new ValidationError([
    { path: 'week', message: 'Name the period for this figure: weeks=12, or one ISO week such as 2026-W47.' },
  ]);
}

export interface DrillRequest {
  readonly week?: string | undefined;
  readonly weeks?: number | undefined;
  readonly dimension: string;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

const levels = new Set(figureDefinitions.filter((definition) => definition.level).map((definition) => definition.id));

export const scorecard = {
  /**
   * The scorecard of the last `weeks` ISO weeks (leaders): one Query per figure family over
   * the week range and the current levels, whatever the number of records, and the leaders'
   * weights and thresholds from the settings.
   */
  async get(ctx: ServiceContext, weeks: number): Promise<ScorecardResponse> {
    assertCan(ctx.caller, 'scorecard.read');
    // Twice the weeks: the previous period of the same length is what movers are measured against.
    const { timeZone, range: both, entries, settings } = await load(ctx, weeks * 2);
    const [previous, range] = [both.slice(0, weeks), both.slice(weeks)];
    const names = await nameLookup(ctx, new Set(entries.map((entry) => entry.dimension)));
    const view = buildScorecard(entries, range, settings, names);
    const moved = movers(entries, range, previous, { ...settings, minimumSample: view.minimumSample }, view);
    return {
      ...view,
      pillars: view.pillars.map((pillar) => ({ ...pillar, movers: moved[pillar.id] })),
      timeZone,
    };
  },

  /** The scorecard as CSV: one row per figure, week and dimension. */
  async csv(ctx: ServiceContext, weeks: number): Promise<{ csv: string; weeks: string[] }> {
    assertCan(ctx.caller, 'scorecard.read');
    const { range, entries, settings } = await load(ctx, weeks);
    return { csv: await scorecardCsv(entries, range, settings, levels), weeks: range };
  },

  /**
   * The records behind a figure in the scorecard's period (or one week; a level: now), under a
   * dimension: every member of the figure's member partitions, one Query per stored figure and
   * week, so that the page can say what they add up to (`summary`, equal to the figure); then
   * the page's records' titles and statuses by BatchGet.
   */
  async records(ctx: ServiceContext, figure: string, request: DrillRequest): Promise<DrillPage> {
    assertCan(ctx.caller, 'scorecard.read');
    const drill = drillOf(figure, request.dimension);
    if (!drill) throw new NotFoundError('No such figure.');
    const offset = decodeDrillCursor(request.cursor);
    const current = isoWeek(ctx.now(), config.ORG_TIME_ZONE);
    const weeks = drill.level ? [current] : drillWeeks(ctx, request);
    const periods = drill.level ? [currentPeriod] : weeks;
    const parts = await Promise.all(
      drill.sources.flatMap((source) =>
        periods.map(async (period) =>
          (await queryAllMembers(ctx.db, { ...source, period }, source.dimensions)).map((member) => ({
            member,
            outcome: drill.unit === 'ratio' ? (source.outcome ?? member.outcome) : undefined,
          })),
        ),
      ),
    );
    // Newest first; the key breaks ties so that pages never overlap.
    const all = parts
      .flat()
      .filter(({ member }) => member.recordType in recordKey)
      .sort((a, b) => b.member.at.localeCompare(a.member.at) || a.member.key.localeCompare(b.member.key));
    const page = all.slice(offset, offset + request.limit);
    const wanted = new Map<string, { pk: string; sk: string }>();
    for (const { member } of page) {
      const key = recordKey[member.recordType]?.(member.recordId);
      if (key) wanted.set(`${member.recordType}#${member.recordId}`, key);
    }
    const [found, names] = await Promise.all([
      getRecordItems(ctx.db, [...wanted.values()], labelAttributes),
      nameLookup(ctx, [request.dimension]),
    ]);
    const records = new Map(found.map((item) => [`${String(item.entity)}#${String(item.id)}`, item]));
    const measured = drill.unit === 'minutes' || drill.unit === 'rating';
    const items = page.map(({ member, outcome }): DrillItem => {
      const record = records.get(`${member.recordType}#${member.recordId}`);
      return {
        recordType: member.recordType,
        id: member.recordId,
        label: recordLabel(member.recordType, record),
        status: recordStatus(member.recordType, record),
        at: member.at,
        ...(outcome ? { outcome } : {}),
        ...(measured && member.value !== undefined ? { value: member.value } : {}),
      };
    });
    const summary = summarize(
      drill.unit,
      all.map(({ member, outcome }) => ({ outcome, value: member.value })),
    );
    return {
      figure,
      name: drill.name,
      unit: drill.unit,
      week: drill.level ? current : (weeks[weeks.length - 1] ?? current),
      weeks,
      dimension: request.dimension,
      label: dimensionLabel(request.dimension, names),
      summary,
      items: items as DrillPage['items'],
      cursor: offset + request.limit < all.length ? encodeDrillCursor(offset + request.limit) : null,
    };
  },

  /** Every record behind a figure, as CSV: the drill-down's pages, one after the other. */
  async recordsCsv(
    ctx: ServiceContext,
    figure: string,
    request: Omit<DrillRequest, 'limit' | 'cursor'>,
  ): Promise<{ csv: string; weeks: string[] }> {
    const items: DrillItem[] = [];
    let cursor: string | undefined;
    let weeks: string[] = [];
    do {
      const page = await scorecard.records(ctx, figure, { ...request, limit: 100, cursor });
      items.push(...page.items);
      weeks = page.weeks;
      cursor = page.cursor ?? undefined;
    } while (cursor);
    return { csv: await recordsCsv(items), weeks };
  },
};
