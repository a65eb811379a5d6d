import type { Figure, FigureId, Unit } from '../../api/scorecard.ts';
import { formatValue, judgement, judgementLabel, sampleNote } from './format.ts';
import { dimensionName, type Names } from './names.ts';

/** Lifecycle stages where a referred customer still buys from us. */
const activeStages = ['first_purchase', 'repeat', 'loyal', 'advocate', 'won_back'];

const isReferrer = (dimension: string) => dimension.startsWith('partner:') || dimension.startsWith('referrer:');

/**
 * Each partner organisation and advocate: how many referrals they sent and how those went
 * (accepted, won), and what became of the customers they brought (still active, with open
 * issues, lapsed). Counts open the records behind them.
 */
export function PartnerTable({
  figures,
  names,
  onDrill,
}: {
  figures: Map<string, Figure>;
  names: Names;
  onDrill: (figure: Figure, dimension: string) => void;
}) {
  const pointOf = (id: string, dimension: string) =>
    figures.get(id)?.byDimension.find((point) => point.dimension === dimension);
  const pointValue = (id: string, dimension: string) => pointOf(id, dimension)?.value ?? null;
  const labelOf = (dimension: string) =>
    [...figures.values()].flatMap((figure) => figure.byDimension).find((point) => point.dimension === dimension)
      ?.label ?? dimensionName(dimension, names);
  const referrers = new Set<string>();
  for (const figure of figures.values())
    if (figure.id.startsWith('referrals.') || figure.id.startsWith('customers.'))
      for (const point of figure.byDimension) if (isReferrer(point.dimension)) referrers.add(point.dimension);
  const rows = [...referrers].sort((a, b) => labelOf(a).localeCompare(labelOf(b)));

  if (rows.length === 0) return <p class="muted">No referrals from partners or advocates in these weeks.</p>;

  const activeOf = (dimension: string) => {
    const values = activeStages.map((stage) => pointValue(`customers.stage.${stage}`, dimension));
    return values.every((value) => value === null)
      ? null
      : values.reduce<number>((sum, value) => sum + (value ?? 0), 0);
  };

  // Every number opens its records (a rate: those it was worked out of), with n beside a rate.
  const cell = (id: FigureId, dimension: string, unit: Unit, label: string) => {
    const figure = figures.get(id);
    const point = pointOf(id, dimension);
    const value = point?.value ?? null;
    const shown = formatValue(value ?? (unit === 'count' && figure ? 0 : null), unit);
    if (!figure || !point || point.sampleSize === 0) return <td class="number">{shown}</td>;
    const judged = unit === 'ratio' ? judgement(point) : null;
    return (
      <td class={judged ? `number heat-${judged}` : 'number'}>
        <button
          type="button"
          class="link-button"
          onClick={() => onDrill(figure, dimension)}
          aria-label={`${shown} ${label} from ${labelOf(dimension)}: show them`}
        >
          {shown}
        </button>
        {unit === 'ratio' && (
          <span class="cell-note" title={judgementLabel(judged)}>
            {sampleNote(point.sampleSize)}
          </span>
        )}
      </td>
    );
  };

  return (
    <div class="table-scroll">
      <table class="partner-table">
        <caption class="visually-hidden">
          Partner organisations and advocates, with what became of their referrals
        </caption>
        <thead>
          <tr>
            <th scope="col">Partner or advocate</th>
            <th scope="col" class="number">
              Submitted
            </th>
            <th scope="col" class="number">
              Acceptance
            </th>
            <th scope="col" class="number">
              Conversion
            </th>
            <th scope="col" class="number">
              Won
            </th>
            <th scope="col" class="number">
              Still active
            </th>
            <th scope="col" class="number">
              With open issues
            </th>
            <th scope="col" class="number">
              Lapsed
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((dimension) => (
            <tr key={dimension} data-dimension={dimension}>
              <th scope="row">
                {labelOf(dimension)}
                <span class="cell-note">{dimension.startsWith('partner:') ? 'Partner organisation' : 'Advocate'}</span>
              </th>
              {cell('referrals.submitted', dimension, 'count', 'referrals submitted')}
              {cell('referrals.acceptance_rate', dimension, 'ratio', 'acceptance rate')}
              {cell('referrals.conversion_rate', dimension, 'ratio', 'conversion rate')}
              {cell('referrals.won', dimension, 'count', 'referrals won')}
              <td class="number">{formatValue(activeOf(dimension), 'count')}</td>
              {cell('customers.with_open_issues', dimension, 'count', 'customers with open issues')}
              {cell('customers.stage.lapsed', dimension, 'count', 'lapsed customers')}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
