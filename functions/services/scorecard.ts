import { getRecordItems, queryAggregates, queryMembers } from '#data/aggregate-repository.ts';
import { customerKeys, handoffKeys, issueKeys, referralKeys } from '#data/keys.ts';
import { getSettings } from '#data/settings-repository.ts';
import { NotFoundError, ValidationError } from '#domain/errors.ts';
import { assertCan } from '#domain/identity/authorization.ts';
import { type DrillItem, recordsCsv, scorecardCsv } from '#domain/scorecard/csv.ts';
import { families } from '#domain/scorecard/derive.ts';
import { drillOf, drillPeriod, labelAttributes, recordLabel, recordStatus } from '#domain/scorecard/drilldown.ts';
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

/** The drill-down's own cursor: which of the figure's member partitions, and where in it. */
interface DrillCursor {
  readonly source: number;
  readonly inner: string | undefined;
}

const invalidCursor = () => new ValidationError([{ path: 'cursor', message: 'Not a cursor from this list.' }]);

function decodeDrillCursor(cursor: string | undefined, sources: number): DrillCursor {
  if (!cursor) return { source: 0, inner: undefined };
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const { s, c } = parsed as { s?: unknown; c?: unknown };
    if (
      typeof s === 'number' &&
      Number.isInteger(s) &&
      s >= 0 &&
      s < sources &&
      (c === null || typeof c === 'string')
    ) {
      return { source: s, inner: c ?? undefined };
    }
  } catch {
    // Falls through to the refusal.
  }
  throw invalidCursor();
}

const encodeDrillCursor = (cursor: DrillCursor) =>
  Buffer.from(JSON.stringify({ s: cursor.source, c: cursor.inner ?? null })).toString('base64url');

export interface DrillRequest {
  readonly week?: string | undefined;
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
    const { timeZone, range, entries, settings } = await load(ctx, weeks);
    return { ...buildScorecard(entries, range, settings), timeZone };
  },

  /** The scorecard as CSV: one row per figure, week and dimension. */
  async csv(ctx: ServiceContext, weeks: number): Promise<{ csv: string; weeks: string[] }> {
    assertCan(ctx.caller, 'scorecard.read');
    const { range, entries, settings } = await load(ctx, weeks);
    return { csv: scorecardCsv(entries, range, settings, levels), weeks: range };
  },

  /**
   * The records behind a figure in a week (a level: now), under a dimension: by Query on the
   * figure's member partitions (a ratio's denominator may be two), one after the other, and a
   * BatchGet of the records' titles and statuses.
   */
  async records(ctx: ServiceContext, figure: string, request: DrillRequest): Promise<DrillPage> {
    assertCan(ctx.caller, 'scorecard.read');
    const drill = drillOf(figure, request.dimension);
    if (!drill) throw new NotFoundError('No such figure.');
    const period = drillPeriod(drill, request.week);
    if (!period) {
      throw new ValidationError([{ path: 'week', message: 'Name an ISO week, such as 2026-W47, for this figure.' }]);
    }
    let position = decodeDrillCursor(request.cursor, drill.sources.length);
    const members = [];
    let next: DrillCursor | undefined;
    while (members.length < request.limit) {
      const source = drill.sources[position.source];
      if (!source) break;
      const page = await queryMembers(ctx.db, { ...source, period }, source.dimensions, {
        limit: request.limit - members.length,
        cursor: position.inner,
      });
      members.push(...page.items);
      if (page.cursor) {
        position = { source: position.source, inner: page.cursor };
      } else {
        position = { source: position.source + 1, inner: undefined };
      }
      next = position.source < drill.sources.length ? position : undefined;
    }
    const wanted = new Map<string, { pk: string; sk: string }>();
    for (const member of members) {
      const key = recordKey[member.recordType]?.(member.recordId);
      if (key) wanted.set(`${member.recordType}#${member.recordId}`, key);
    }
    const records = new Map(
      (await getRecordItems(ctx.db, [...wanted.values()], labelAttributes)).map((item) => [
        `${String(item.entity)}#${String(item.id)}`,
        item,
      ]),
    );
    const items = members
      .filter((member) => member.recordType in recordKey)
      .map((member): DrillItem => {
        const record = records.get(`${member.recordType}#${member.recordId}`);
        return {
          recordType: member.recordType,
          id: member.recordId,
          label: recordLabel(member.recordType, record),
          status: recordStatus(member.recordType, record),
          at: member.at,
        };
      });
    return {
      figure,
      week: drill.level ? isoWeek(ctx.now(), config.ORG_TIME_ZONE) : period,
      dimension: request.dimension,
      items: items as DrillPage['items'],
      cursor: next ? encodeDrillCursor(next) : null,
    };
  },

  /** Every record behind a figure, as CSV: the drill-down's pages, one after the other. */
  async recordsCsv(
    ctx: ServiceContext,
    figure: string,
    request: Omit<DrillRequest, 'limit' | 'cursor'>,
  ): Promise<{ csv: string; week: string }> {
    const items: DrillItem[] = [];
    let cursor: string | undefined;
    let week = '';
    do {
      const page = await scorecard.records(ctx, figure, { ...request, limit: 100, cursor });
      items.push(...page.items);
      week = page.week;
      cursor = page.cursor ?? undefined;
    } while (cursor);
    return { csv: recordsCsv(items), week };
  },
};
