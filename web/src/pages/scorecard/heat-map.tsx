import type { Figure } from '../../api/scorecard.ts';
import { formatValue, judgement, judgementLabel, sampleNote } from './format.ts';
import type { Names } from './names.ts';

type Point = Figure['byDimension'][number] | undefined;

interface Cell {
  satisfaction: Point;
  sla: Point;
}

/**
 * One value of a cell, coloured by its own band (the API bands it only on enough records):
 * grey when there are too few to judge, nothing at all when there are none.
 */
function HeatValue({
  point,
  unit,
  what,
  label,
  onDrill,
}: {
  point: Point;
  unit: 'rating' | 'ratio';
  what: string;
  label: string;
  onDrill: () => void;
}) {
  if (!point || point.sampleSize === 0) return null;
  const judged = judgement(point);
  return (
    <button
      type="button"
      class={`heat-value heat-${judged ?? 'none'}`}
      onClick={onDrill}
      title={judgementLabel(judged)}
    >
      {formatValue(point.value, unit)}
      {/* A no-break space: on a phone's narrow cell "100%" and "SLA" stay on one line. */}
      {unit === 'ratio' ? '\u00a0SLA' : ''} <span class="heat-n">{sampleNote(point.sampleSize)}</span>
      <span class="visually-hidden">
        {' '}
        {what}, {label}: {judgementLabel(judged)}
      </span>
    </button>
  );
}

function HeatCell({
  cell,
  label,
  onDrill,
}: {
  cell: Cell;
  label: string;
  onDrill: (figure: 'satisfaction' | 'sla') => void;
}) {
  if (!cell.satisfaction?.sampleSize && !cell.sla?.sampleSize)
    return (
      <td class="heat-cell heat-empty">
        <span class="visually-hidden">No handoffs</span>
      </td>
    );
  return (
    <td class="heat-cell">
      <HeatValue
        point={cell.satisfaction}
        unit="rating"
        what="satisfaction"
        label={label}
        onDrill={() => onDrill('satisfaction')}
      />
      <HeatValue
        point={cell.sla}
        unit="ratio"
        what="acknowledged within SLA"
        label={label}
        onDrill={() => onDrill('sla')}
      />
    </td>
  );
}

/**
 * Team × team: for each pair of a sending team (row) and a receiving team (column), the receiving
 * team's satisfaction with what it got and the share acknowledged within the SLA. The last column
 * scores each team as a sender, the last row as a receiver. Each value opens its handoffs.
 */
export function HeatMap({
  satisfaction,
  sla,
  names,
  onDrill,
}: {
  satisfaction: Figure | undefined;
  sla: Figure | undefined;
  names: Names;
  onDrill: (figure: Figure, dimension: string) => void;
}) {
  const points = new Map<string, Cell>();
  const teams = new Set<string>();
  for (const [key, figure] of [
    ['satisfaction', satisfaction],
    ['sla', sla],
  ] as const) {
    for (const point of figure?.byDimension ?? []) {
      const cell = points.get(point.dimension) ?? { satisfaction: undefined, sla: undefined };
      cell[key] = point;
      points.set(point.dimension, cell);
      const [kind, from, to] = point.dimension.split(':');
      if (kind === 'pair' && from && to) {
        teams.add(from);
        teams.add(to);
      }
    }
  }
  const teamName = (id: string) => names.teams.get(id) ?? id;
  const ordered = [...teams].sort((a, b) => teamName(a).localeCompare(teamName(b)));
  const drill = (dimension: string) => (which: 'satisfaction' | 'sla') => {
    const figure = which === 'satisfaction' ? satisfaction : sla;
    if (figure) onDrill(figure, dimension);
  };
  const empty: Cell = { satisfaction: undefined, sla: undefined };

  if (ordered.length === 0)
    return <p class="muted">No handoffs between teams in these weeks, so there is nothing to compare yet.</p>;

  return (
    <div class="table-scroll">
      <table class="heat-map">
        <caption class="visually-hidden">
          Handoffs by sending team (rows) and receiving team (columns): satisfaction out of 5 and the share acknowledged
          within the SLA
        </caption>
        <thead>
          <tr>
            <td class="heat-corner">
              <span class="muted">From ↓ · To →</span>
            </td>
            {ordered.map((team) => (
              <th key={team} scope="col">
                {teamName(team)}
              </th>
            ))}
            <th scope="col" class="heat-total">
              As sender
            </th>
          </tr>
        </thead>
        <tbody>
          {ordered.map((from) => (
            <tr key={from}>
              <th scope="row">{teamName(from)}</th>
              {ordered.map((to) => (
                <HeatCell
                  key={to}
                  cell={points.get(`pair:${from}:${to}`) ?? empty}
                  label={`${teamName(from)} to ${teamName(to)}`}
                  onDrill={drill(`pair:${from}:${to}`)}
                />
              ))}
              <HeatCell
                cell={points.get(`from:${from}`) ?? empty}
                label={`sent by ${teamName(from)}`}
                onDrill={drill(`from:${from}`)}
              />
            </tr>
          ))}
          <tr class="heat-total">
            <th scope="row">As receiver</th>
            {ordered.map((to) => (
              <HeatCell
                key={to}
                cell={points.get(`to:${to}`) ?? empty}
                label={`received by ${teamName(to)}`}
                onDrill={drill(`to:${to}`)}
              />
            ))}
            <td class="heat-cell heat-empty" />
          </tr>
        </tbody>
      </table>
    </div>
  );
}
