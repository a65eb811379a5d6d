import type { Figure, Unit } from '../../api/scorecard.ts';
import { figureName, formatValue } from './format.ts';
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
  const pointValue = (id: string, dimension: string) =>
    figures.get(id)?.byDimension.find((point) => point.dimension === dimension)?.value ?? null;
  const referrers = new Set<string>();
  for (const figure of figures.values())
    if (figure.id.startsWith('referrals.') || figure.id.startsWith('customers.'))
      for (const point of figure.byDimension) if (isReferrer(point.dimension)) referrers.add(point.dimension);
  const rows = [...referrers].sort((a, b) => dimensionName(a, names).localeCompare(dimensionName(b, names)));

  if (rows.length === 0) return <p class="muted">No referrals from partners or advocates in these weeks.</p>;

  const activeOf = (dimension: string) => {
    const values = activeStages.map((stage) => pointValue(`customers.stage.${stage}`, dimension));
    return values.every((value) => value === null)
      ? null
      : values.reduce<number>((sum, value) => sum + (value ?? 0), 0);
  };

  const cell = (id: string, dimension: string, unit: Unit, label: string) => {
    const figure = figures.get(id);
    const value = pointValue(id, dimension);
    const shown = formatValue(value ?? (unit === 'count' && figure ? 0 : null), unit);
    if (!figure || unit !== 'count' || !value) return <td class="number">{shown}</td>;
    return (
      <td class="number">
        <button
          type="button"
          class="link-button"
          onClick={() => onDrill(figure, dimension)}
          aria-label={`${shown} ${label} from ${dimensionName(dimension, names)}: show them`}
        >
          {shown}
        </button>
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
                {dimensionName(dimension, names)}
                <span class="cell-note">{dimension.startsWith('partner:') ? 'Partner organisation' : 'Advocate'}</span>
              </th>
              {cell('referrals.submitted', dimension, 'count', 'referrals submitted')}
              {cell('referrals.acceptance_rate', dimension, 'ratio', figureName('referrals.acceptance_rate'))}
              {cell('referrals.conversion_rate', dimension, 'ratio', figureName('referrals.conversion_rate'))}
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
