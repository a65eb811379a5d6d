import type { Band, Figure, Thresholds } from '../../api/scorecard.ts';
import { bandLabel, bandOf, formatValue } from './format.ts';
import type { Names } from './names.ts';

type Point = { value: number | null } | undefined;

/** A rating (1–5) and an attainment (0–1) as the 0–100 scores the pillars use, for the cell's band. */
const ratingScore = (rating: number | null) => (rating === null ? null : ((rating - 1) / 4) * 100);
const ratioScore = (ratio: number | null) => (ratio === null ? null : ratio * 100);

/** The worse band of the two, so that a pair doing badly on either shows it. */
function worse(a: Band | null, b: Band | null): Band | null {
  const order: (Band | null)[] = ['red', 'amber', 'green'];
  if (a === null) return b;
  if (b === null) return a;
  return order.indexOf(a) <= order.indexOf(b) ? a : b;
}

interface Cell {
  satisfaction: Point;
  sla: Point;
}

function HeatCell({
  cell,
  thresholds,
  label,
  onDrill,
}: {
  cell: Cell;
  thresholds: Thresholds;
  label: string;
  onDrill: (figure: 'satisfaction' | 'sla') => void;
}) {
  const satisfaction = cell.satisfaction?.value ?? null;
  const sla = cell.sla?.value ?? null;
  if (satisfaction === null && sla === null)
    return (
      <td class="heat-cell heat-none">
        <span aria-hidden="true">·</span>
        <span class="visually-hidden">No handoffs</span>
      </td>
    );
  const band = worse(bandOf(ratingScore(satisfaction), thresholds), bandOf(ratioScore(sla), thresholds));
  return (
    <td class={`heat-cell heat-${band ?? 'none'}`}>
      <button type="button" class="heat-value" onClick={() => onDrill('satisfaction')}>
        {formatValue(satisfaction, 'rating')}
        <span class="visually-hidden"> satisfaction, {label}</span>
      </button>
      <button type="button" class="heat-value" onClick={() => onDrill('sla')}>
        {formatValue(sla, 'ratio')} SLA<span class="visually-hidden"> attainment, {label}</span>
      </button>
      <span class="heat-band">{bandLabel(band)}</span>
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
  thresholds,
  names,
  onDrill,
}: {
  satisfaction: Figure | undefined;
  sla: Figure | undefined;
  thresholds: Thresholds;
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
                  thresholds={thresholds}
                  label={`${teamName(from)} to ${teamName(to)}`}
                  onDrill={drill(`pair:${from}:${to}`)}
                />
              ))}
              <HeatCell
                cell={points.get(`from:${from}`) ?? empty}
                thresholds={thresholds}
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
                thresholds={thresholds}
                label={`received by ${teamName(to)}`}
                onDrill={drill(`to:${to}`)}
              />
            ))}
            <td class="heat-cell heat-none" />
          </tr>
        </tbody>
      </table>
    </div>
  );
}
