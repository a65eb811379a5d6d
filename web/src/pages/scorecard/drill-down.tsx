import { useEffect, useId, useState } from 'preact/hooks';
import { describeError } from '../../api/problem.ts';
import { type Figure, type FigureRecord, isLevel, type RecordType, scorecardApi } from '../../api/scorecard.ts';
import { ErrorAlert, StatusMessage } from '../../components/alert.tsx';
import { Time } from '../../components/dates.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { figureName, weekLabel } from './format.ts';
import { dimensionName, type Names } from './names.ts';

/** What a drill-down opens on: a figure, and the dimension and week it was opened from. */
export interface DrillTarget {
  figure: Figure;
  dimension: string;
  week: string;
}

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
 * The records behind a figure, for a week and a dimension the leader chooses, each linking to
 * its own page; the same list downloads as CSV. Levels (open issues, lifecycle stages) are what
 * is true now, so they take no week.
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
  const [week, setWeek] = useState(target.week);
  const [dimension, setDimension] = useState(target.dimension);
  const [items, setItems] = useState<FigureRecord[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | undefined>();
  const [loadingMore, setLoadingMore] = useState(false);
  const weekId = useId();
  const dimensionId = useId();

  const query = { figure: figure.id, week: level ? undefined : week, dimension };

  useEffect(() => {
    let live = true;
    setItems(null);
    setError(null);
    scorecardApi.records({ ...query, cursor: null }).then(
      (page) => {
        if (!live) return;
        setItems(page.items);
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

  return (
    <Dialog
      title={figureName(figure.id)}
      onClose={onClose}
      description={
        <>
          The records behind <code>{figure.id}</code>
          {level ? ', as they are now.' : ', for the week and dimension you choose.'}
        </>
      }
    >
      <div class="drill-controls">
        {!level && (
          <div class="inline-field">
            <label for={weekId}>Week</label>
            <select id={weekId} value={week} onChange={(event) => setWeek(event.currentTarget.value)}>
              {[...weeks].reverse().map((candidate) => (
                <option key={candidate} value={candidate}>
                  {weekLabel(candidate)}
                </option>
              ))}
            </select>
          </div>
        )}
        <div class="inline-field">
          <label for={dimensionId}>Who</label>
          <select id={dimensionId} value={dimension} onChange={(event) => setDimension(event.currentTarget.value)}>
            {dimensions.map((candidate) => (
              <option key={candidate} value={candidate}>
                {dimensionName(candidate, names)}
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
      {items !== null && items.length === 0 && <p class="muted">No records behind this figure for that choice.</p>}
      {items !== null && items.length > 0 && (
        <div class="table-scroll">
          <table class="drill-table">
            <caption class="visually-hidden">
              Records behind {figureName(figure.id)}, {dimensionName(dimension, names)}
              {level ? '' : `, ${weekLabel(week)}`}
            </caption>
            <thead>
              <tr>
                <th scope="col">Record</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={`${item.recordType}:${item.id}`}>
                  <th scope="row">
                    <a href={`${recordPaths[item.recordType]}/${item.id}`}>{item.label}</a>
                  </th>
                  <td>{recordTypeNames[item.recordType] ?? item.recordType}</td>
                  <td>{statusName(item.status)}</td>
                  <td class="nowrap">
                    <Time iso={item.at} withTime />
                  </td>
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
