import { useEffect, useId, useState } from 'preact/hooks';
import { describeError } from '../../api/problem.ts';
import {
  type Figure,
  type FigureRecord,
  type FigureRecords,
  isLevel,
  type RecordType,
  scorecardApi,
} from '../../api/scorecard.ts';
import { ErrorAlert, StatusMessage } from '../../components/alert.tsx';
import { Time } from '../../components/dates.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { formatValue, sampleNote, weekLabel } from './format.ts';
import { dimensionName, type Names } from './names.ts';

/**
 * What a drill-down opens on: a figure, and the dimension and period of the number clicked
 * (`week` null: the scorecard's whole period).
 */
export interface DrillTarget {
  figure: Figure;
  dimension: string;
  week: string | null;
}

type Summary = FigureRecords['summary'];

/** What the records add up to, in the figure's own terms: it reads as the number clicked. */
function summaryText(unit: Figure['unit'], summary: Summary): string {
  const n = sampleNote(summary.sampleSize);
  switch (unit) {
    case 'count':
      return `${formatValue(summary.value, 'count')} ${summary.value === 1 ? 'record' : 'records'}.`;
    case 'ratio':
      return `${summary.met ?? 0} met, ${summary.missed ?? 0} missed: ${formatValue(summary.value, 'ratio')} (${n}).`;
    case 'minutes':
      return `Median ${formatValue(summary.value, 'minutes')}, 90% within ${formatValue(summary.p90 ?? null, 'minutes')} (${n}).`;
    case 'rating':
      return `Mean ${formatValue(summary.value, 'rating')} (${n}).`;
  }
}

const outcomeNames: Record<string, string> = { met: 'Met', missed: 'Missed' };

const recordPaths: Record<RecordType, string> = {
  referral: '/referrals',
  handoff: '/handoffs',
  issue: '/issues',
  customer: '/customers',
};

const recordTypeNames: Record<RecordType, string> = {
  referral: 'Referral',
  handoff: 'Handoff',
  issue: 'Issue',
  customer: 'Customer',
};

function statusName(status: string): string {
  const words = status.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The records behind the number clicked: its own period (the scorecard's weeks, or one week) and
 * dimension, each record linking to its own page, with what they add up to (the number itself);
 * the leader may pick another week or dimension, and the same list downloads as CSV. Levels
 * (open issues, lifecycle stages) are what is true now, so they take no week.
 */
export function DrillDown({
  target,
  weeks,
  names,
  onClose,
}: {
  target: DrillTarget;
  weeks: readonly string[];
  names: Names;
  onClose: () => void;
}) {
  const { figure } = target;
  const level = isLevel(figure.id);
  const [week, setWeek] = useState<string>(target.week ?? 'all');
  const [dimension, setDimension] = useState(target.dimension);
  const [items, setItems] = useState<FigureRecord[] | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | undefined>();
  const [loadingMore, setLoadingMore] = useState(false);
  const weekId = useId();
  const dimensionId = useId();

  const query = {
    figure: figure.id,
    week: level || week === 'all' ? undefined : week,
    weeks: level || week !== 'all' ? undefined : weeks.length,
    dimension,
  };

  useEffect(() => {
    let live = true;
    setItems(null);
    setSummary(null);
    setError(null);
    scorecardApi.records({ ...query, cursor: null }).then(
      (page) => {
        if (!live) return;
        setItems(page.items);
        setSummary(page.summary);
        setCursor(page.cursor);
      },
      (cause: unknown) => live && setError(describeError(cause)),
    );
    return () => {
      live = false;
    };
  }, [figure.id, week, dimension]);

  async function more() {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await scorecardApi.records({ ...query, cursor });
      setItems((current) => [...(current ?? []), ...page.items]);
      setCursor(page.cursor);
    } catch (cause) {
      setError(describeError(cause));
    } finally {
      setLoadingMore(false);
    }
  }

  async function downloadCsv() {
    setError(null);
    setStatus(undefined);
    try {
      const name = await scorecardApi.downloadRecordsCsv(query);
      setStatus(`Downloaded ${name}.`);
    } catch (cause) {
      setError(describeError(cause));
    }
  }

  const dimensions = ['all', ...figure.byDimension.map((point) => point.dimension)];
  if (!dimensions.includes(dimension)) dimensions.push(dimension);
  const labelOf = (candidate: string) =>
    figure.byDimension.find((point) => point.dimension === candidate)?.label ?? dimensionName(candidate, names);
  const periodName = week === 'all' ? `the last ${weeks.length} weeks` : weekLabel(week);
  const weekValue = (candidate: string) => {
    const point = figure.trend.find((entry) => entry.week === candidate);
    return point ? ` (${formatValue(point.value, figure.unit)})` : '';
  };
  const shared = figure.unit === 'ratio';
  const measured = figure.unit === 'minutes' || figure.unit === 'rating';

  return (
    <Dialog
      title={figure.name}
      onClose={onClose}
      description={
        <>
          The records behind this number: {labelOf(dimension)}, {level ? 'as they are now' : periodName}.
        </>
      }
    >
      <div class="drill-controls">
        {!level && (
          <div class="inline-field">
            <label for={weekId}>Period</label>
            <select id={weekId} value={week} onChange={(event) => setWeek(event.currentTarget.value)}>
              <option value="all">
                Last {weeks.length} weeks ({formatValue(figure.value, figure.unit)})
              </option>
              {[...weeks].reverse().map((candidate) => (
                <option key={candidate} value={candidate}>
                  {weekLabel(candidate)}
                  {weekValue(candidate)}
                </option>
              ))}
            </select>
          </div>
        )}
        <div class="inline-field">
          <label for={dimensionId}>Break down by</label>
          <select id={dimensionId} value={dimension} onChange={(event) => setDimension(event.currentTarget.value)}>
            {dimensions.map((candidate) => (
              <option key={candidate} value={candidate}>
                {labelOf(candidate)}
              </option>
            ))}
          </select>
        </div>
        <button type="button" class="button button-secondary" onClick={downloadCsv}>
          Download these records as CSV
        </button>
      </div>
      <ErrorAlert>{error}</ErrorAlert>
      <StatusMessage>{status}</StatusMessage>
      {items === null && !error && <p class="loading">Loading the records…</p>}
      {summary && summary.sampleSize > 0 && (
        <p class="drill-summary" data-testid="drill-summary">
          {summaryText(figure.unit, summary)}
        </p>
      )}
      {items !== null && items.length === 0 && <p class="muted">No records behind this figure for that choice.</p>}
      {items !== null && items.length > 0 && (
        <div class="table-scroll">
          <table class="drill-table">
            <caption class="visually-hidden">
              Records behind {figure.name}, {labelOf(dimension)}
              {level ? '' : `, ${periodName}`}
            </caption>
            <thead>
              <tr>
                <th scope="col">Record</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col">When</th>
                {shared && <th scope="col">Outcome</th>}
                {measured && (
                  <th scope="col" class="number">
                    {figure.unit === 'rating' ? 'Rating' : 'Took'}
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={`${item.recordType}:${item.id}`}>
                  <th scope="row">
                    <a href={`${recordPaths[item.recordType]}/${item.id}`}>{item.label}</a>
                  </th>
                  <td class="whole-words">{recordTypeNames[item.recordType] ?? item.recordType}</td>
                  <td class="whole-words">{statusName(item.status)}</td>
                  <td class="nowrap">
                    <Time iso={item.at} withTime />
                  </td>
                  {shared && <td>{outcomeNames[item.outcome ?? ''] ?? ''}</td>}
                  {measured && <td class="number">{formatValue(item.value ?? null, figure.unit)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <button type="button" class="button button-secondary" disabled={loadingMore} onClick={more}>
          {loadingMore ? 'Loading…' : 'Show more'}
        </button>
      )}
    </Dialog>
  );
}
