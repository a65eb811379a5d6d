import { queryAggregates } from '#data/aggregate-repository.ts';
import type { Db } from '#data/client.ts';
import { leaderNoticeKeys } from '#data/keys.ts';
import { markChecked, raiseOnce, wasChecked } from '#data/leader-notice-repository.ts';
import { namesOf } from '#data/names.ts';
import { getSettings } from '#data/settings-repository.ts';
import { families } from '#domain/scorecard/derive.ts';
import { namedIn } from '#domain/scorecard/labels.ts';
import { baselineWeeks, earlyWarnings } from '#domain/scorecard/warnings.ts';
import { recentWeeks } from '#domain/scorecard/weeks.ts';
import { config } from '#lib/config.ts';

/** The digest goes out from this hour on Monday, in the organisation's zone. */
export const digestHour = 7;

const hourFormatters = new Map<string, Intl.DateTimeFormat>();

/** The ISO weekday (Monday 1) and hour of an instant on the organisation's clocks. */
function localWeekdayAndHour(now: Date, timeZone: string): { weekday: number; hour: number } {
  let format = hourFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', hourCycle: 'h23' });
    hourFormatters.set(timeZone, format);
  }
  const parts = format.formatToParts(now);
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(
    parts.find((part) => part.type === 'weekday')?.value ?? '',
  );
  return { weekday: weekday + 1, hour: Number(parts.find((part) => part.type === 'hour')?.value ?? 0) };
}

/**
 * The early warnings of the last finished ISO week against the 8 weeks before it, raised once
 * each: at the first sweep after the week ends, the week is checked and marked checked; later
 * sweeps of the new week read one item and stop. Resolves how many warnings were raised.
 */
export async function raiseEarlyWarnings(db: Db, now: Date, timeZone = config.ORG_TIME_ZONE): Promise<number> {
  const weeks = recentWeeks(now, baselineWeeks + 2, timeZone);
  const week = weeks[baselineWeeks] ?? '';
  if (await wasChecked(db, week)) return 0;
  const baseline = weeks.slice(0, baselineWeeks);
  const [settings, ...perFamily] = await Promise.all([
    getSettings(db),
    ...families.map((family) => queryAggregates(db, family, baseline[0] ?? '')),
  ]);
  const entries = perFamily.flat().filter((entry) => entry.period <= week);
  const wanted = new Map(
    entries.flatMap((entry) => namedIn(entry.dimension)).map((named) => [`${named.kind}#${named.id}`, named]),
  );
  const names = wanted.size > 0 ? await namesOf(db, [...wanted.values()]) : new Map<string, string>();
  const warnings = earlyWarnings(
    entries,
    week,
    baseline,
    { ...settings.scorecard, earlyWarnings: settings.earlyWarnings },
    (kind, id) => names.get(`${kind}#${id}`) || undefined,
  );
  let raised = 0;
  for (const warning of warnings) {
    const key = leaderNoticeKeys.warning(week, warning.figure, warning.dimension);
    const event = {
      recordType: 'scorecard',
      recordId: `${warning.figure}|${warning.dimension}`,
      type: 'scorecard.warning',
      at: now.toISOString(),
      before: null,
      after: { ...warning },
    };
    if (await raiseOnce(db, key, event, now)) raised++;
  }
  await markChecked(db, week, now);
  return raised;
}

/**
 * The weekly digest's event, once a week: from Monday at 07:00 on the organisation's clocks
 * (a sweep that missed Monday morning raises it later that week, never twice). The notifier
 * writes each leader's e-mail. Resolves whether it was raised now.
 */
export async function raiseWeeklyDigest(db: Db, now: Date, timeZone = config.ORG_TIME_ZONE): Promise<boolean> {
  const { weekday, hour } = localWeekdayAndHour(now, timeZone);
  if (weekday === 1 && hour < digestHour) return false;
  const [week = ''] = recentWeeks(now, 1, timeZone);
  return raiseOnce(
    db,
    leaderNoticeKeys.digest(week),
    {
      recordType: 'scorecard',
      recordId: week,
      type: 'scorecard.digest',
      at: now.toISOString(),
      before: null,
      after: { week },
    },
    now,
  );
}
