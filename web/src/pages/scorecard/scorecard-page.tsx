import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { describeError } from '../../api/problem.ts';
import { type Band, type Figure, type Pillar, type Scorecard, scorecardApi } from '../../api/scorecard.ts';
import { ErrorAlert, StatusMessage } from '../../components/alert.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { MakePlayDialog, type MoverRef } from '../plays/play-dialogs.tsx';
import { DrillDown, type DrillTarget } from './drill-down.tsx';
import { bandLabel, formatValue, judgement, judgementLabel, pillarNames, sampleNote, weekLabel } from './format.ts';
import { HeatMap } from './heat-map.tsx';
import { useDirectoryNames } from './names.ts';
import { PartnerTable } from './partner-table.tsx';
import { TrendChart } from './trend-chart.tsx';
import { WeightsForm } from './weights-form.tsx';

const weekChoices = [4, 8, 12, 26, 52] as const;

/** How often the page reads the scorecard again: the aggregator keeps it within seconds of the records. */
const refreshMs = 5_000;

function BandBadge({ band }: { band: Band | null }) {
  return <span class={`band band-${band ?? 'none'}`}>{bandLabel(band)}</span>;
}

function Score({ score }: { score: number | null }) {
  return <span class="score">{score === null ? '—' : Math.round(score)}</span>;
}

/**
 * Leaders: the total customer scorecard. The Total Customer Index and its three pillars with
 * their weekly trends, every figure (each opens the records behind it), the team × team handoff
 * heat map, partners and advocates, the weights and thresholds, and the CSV download. The page
 * reads the scorecard again every few seconds while it is open, so a change shows by itself.
 */
/**
 * A link to the records behind a number (a play's, an e-mail's): `?figure=…&dimension=…` with
 * the period, `weeks=…` (the page's own) or one `week=2026-W47`, opens the page with that
 * drill-down open.
 */
function linkedDrill(): { figure: string; weeks?: number; week?: string; dimension: string } | null {
  const query = new URLSearchParams(window.location.search);
  const figure = query.get('figure');
  const dimension = query.get('dimension') ?? 'all';
  const week = query.get('week');
  if (!figure) return null;
  if (week && /^\d{4}-W\d{2}$/.test(week)) return { figure, week, dimension };
  const weeks = Number(query.get('weeks'));
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 52) return null;
  return { figure, weeks, dimension };
}

export function ScorecardPage() {
  usePageTitle('Scorecard');
  const linked = useRef(linkedDrill());
  const [weeks, setWeeks] = useState(linked.current?.weeks ?? 12);
  const [play, setPlay] = useState<MoverRef | null>(null);
  const [scorecard, setScorecard] = useState<Scorecard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | undefined>();
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const names = useDirectoryNames();
  const weeksId = useId();

  const load = useCallback(
    () =>
      scorecardApi.get(weeks).then(
        (answer) => {
          setScorecard(answer);
          setError(null);
        },
        (cause: unknown) => setError(describeError(cause)),
      ),
    [weeks],
  );

  useEffect(() => {
    load();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') load();
    }, refreshMs);
    return () => clearInterval(timer);
  }, [load]);

  const figures = useMemo(
    () =>
      new Map<string, Figure>(
        (scorecard?.pillars ?? []).flatMap((pillar) => pillar.figures.map((figure) => [figure.id, figure])),
      ),
    [scorecard],
  );

  // A number opens exactly its own period and dimension: the page's weeks unless a week is named.
  const openDrill = useCallback(
    (figure: Figure, dimension = 'all', week: string | null = null) => setDrill({ figure, dimension, week }),
    [],
  );

  useEffect(() => {
    const wanted = linked.current;
    const figure = wanted && figures.get(wanted.figure);
    if (!wanted || !figure) return;
    linked.current = null;
    openDrill(figure, wanted.dimension, wanted.week ?? null);
  }, [figures, openDrill]);

  async function downloadCsv() {
    setStatus(undefined);
    try {
      const name = await scorecardApi.downloadCsv(weeks);
      setStatus(`Downloaded ${name}.`);
    } catch (cause) {
      setError(describeError(cause));
    }
  }

  return (
    <div class="page-wide scorecard">
      <div class="page-heading">
        <h1>Scorecard</h1>
        <div class="scorecard-tools">
          <div class="inline-field">
            <label for={weeksId}>Weeks</label>
            <select id={weeksId} value={weeks} onChange={(event) => setWeeks(Number(event.currentTarget.value))}>
              {weekChoices.map((choice) => (
                <option key={choice} value={choice}>
                  Last {choice} weeks
                </option>
              ))}
            </select>
          </div>
          <button type="button" class="button button-secondary" onClick={downloadCsv}>
            Download CSV
          </button>
        </div>
      </div>
      <p class="lede">
        How our external customers, our internal customers and our partners and advocates are served, week by week.
        {scorecard && (
          <>
            {' '}
            {weekLabel(scorecard.weeks[0] ?? '')} to {weekLabel(scorecard.weeks.at(-1) ?? '')}.
          </>
        )}
      </p>
      <ErrorAlert>{error}</ErrorAlert>
      <StatusMessage>{status}</StatusMessage>
      {!scorecard && !error && <p class="loading">Loading the scorecard…</p>}
      {scorecard && (
        <>
          <section class="card index-card" aria-labelledby="index-heading">
            <div class="index-summary">
              <h2 id="index-heading">Total Customer Index</h2>
              <p class="index-score">
                <span class="index-period">{scorecard.weeks.length}-week index </span>
                <Score score={scorecard.index.score} />
                <span class="visually-hidden"> out of 100, band </span>
                <BandBadge band={scorecard.index.band} />
              </p>
              <p class="index-this-week" data-testid="index-this-week">
                This week <Score score={scorecard.index.trend.at(-1)?.score ?? null} />
                <span class="muted">
                  {' '}
                  · the chart gives each week's index by the same formula as the {scorecard.weeks.length}-week one
                </span>
              </p>
              <p class="muted">
                Weighted: external {scorecard.weights.external}, internal {scorecard.weights.internal}, partners and
                advocates {scorecard.weights.partners}. Green from {scorecard.thresholds.green}, amber from{' '}
                {scorecard.thresholds.amber}.
              </p>
            </div>
            <TrendChart
              label="Total Customer Index"
              weeks={scorecard.weeks}
              scores={scorecard.index.trend.map((point) => point.score)}
              thresholds={scorecard.thresholds}
              height={140}
            />
          </section>

          <div class="pillar-grid">
            {scorecard.pillars.map((pillar) => (
              <PillarCard
                key={pillar.id}
                pillar={pillar}
                scorecard={scorecard}
                onDrill={openDrill}
                onPlay={(mover) => setPlay({ ...mover, weeks: scorecard.weeks.length })}
              />
            ))}
          </div>

          <section class="card" aria-labelledby="heat-heading">
            <div class="card-header">
              <h2 id="heat-heading">Handoffs between teams</h2>
            </div>
            <p class="section-hint">
              Rows send, columns receive. Each cell: how the receiving team rated the handoffs (out of 5) and the share
              acknowledged within the SLA, each with its own colour and the number of handoffs it stands on (n). Grey:
              fewer than {scorecard.minimumSample}, too few to judge. Empty: no handoffs.
            </p>
            <HeatMap
              satisfaction={figures.get('handoffs.satisfaction')}
              sla={figures.get('handoffs.sla_attainment')}
              names={names}
              onDrill={openDrill}
            />
          </section>

          <section class="card" aria-labelledby="partners-heading">
            <div class="card-header">
              <h2 id="partners-heading">Each partner and advocate</h2>
            </div>
            <p class="section-hint">
              Referrals in these weeks, and what became of the customers each one brought, as they are now.
            </p>
            <PartnerTable figures={figures} names={names} onDrill={openDrill} />
          </section>

          <WeightsForm weights={scorecard.weights} thresholds={scorecard.thresholds} onSaved={load} />
        </>
      )}
      {drill && scorecard && (
        <DrillDown target={drill} weeks={scorecard.weeks} names={names} onClose={() => setDrill(null)} />
      )}
      {play && (
        <MakePlayDialog
          mover={play}
          onClose={() => setPlay(null)}
          onDone={(message) => {
            setPlay(null);
            setStatus(message);
          }}
        />
      )}
    </div>
  );
}

/** Figures that are one measure across severities or stages, shown as a small grid rather than a long list. */
const matrices = [
  {
    caption: 'Issues by severity',
    rowHeading: 'Severity',
    pattern: /^issues\.(reported|open)\.(sev[1-4])$/,
    columns: [
      { key: 'reported', label: 'Reported' },
      { key: 'open', label: 'Open now' },
    ],
    rowName: (key: string) => key.replace(/^sev/, 'Sev '),
  },
  {
    caption: 'Customers by lifecycle stage',
    rowHeading: 'Stage',
    pattern: /^customers\.(moved|stage)\.(\w+)$/,
    columns: [
      { key: 'moved', label: 'Moved in' },
      { key: 'stage', label: 'There now' },
    ],
    rowName: (key: string) => {
      const words = key.replace(/_/g, ' ');
      return words.charAt(0).toUpperCase() + words.slice(1);
    },
  },
];

function FigureMatrix({
  matrix,
  figures,
  onDrill,
}: {
  matrix: (typeof matrices)[number];
  figures: Figure[];
  onDrill: (figure: Figure) => void;
}) {
  const cells = new Map<string, Figure>();
  const rows: string[] = [];
  for (const figure of figures) {
    const match = matrix.pattern.exec(figure.id);
    if (!match?.[1] || !match[2]) continue;
    cells.set(`${match[1]}.${match[2]}`, figure);
    if (!rows.includes(match[2])) rows.push(match[2]);
  }
  if (rows.length === 0) return null;
  // Stages in the order of the lifecycle (the API lists movements before stages).
  const lifecycle = ['prospect', 'first_purchase', 'repeat', 'loyal', 'advocate', 'lapsed', 'won_back'];
  rows.sort((a, b) => lifecycle.indexOf(a) - lifecycle.indexOf(b) || a.localeCompare(b));
  return (
    // On a phone the matrix is wider than the card: it scrolls in its own box, never clipped.
    <div class="table-scroll">
      <table class="figure-table figure-matrix">
        <caption>{matrix.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{matrix.rowHeading}</th>
            {matrix.columns.map((column) => (
              <th key={column.key} scope="col" class="number">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row}>
              <th scope="row">{matrix.rowName(row)}</th>
              {matrix.columns.map((column) => {
                const figure = cells.get(`${column.key}.${row}`);
                return (
                  <td key={column.key} class="number" data-figure={figure?.id}>
                    {figure && !figure.value ? (
                      formatValue(figure.value, figure.unit)
                    ) : figure ? (
                      <button type="button" class="link-button" onClick={() => onDrill(figure)}>
                        {formatValue(figure.value, figure.unit)}
                        <span class="visually-hidden">: {figure.name}</span>
                      </button>
                    ) : (
                      '—'
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PillarCard({
  pillar,
  scorecard,
  onDrill,
  onPlay,
}: {
  pillar: Pillar;
  scorecard: Scorecard;
  onDrill: (figure: Figure, dimension?: string) => void;
  onPlay: (mover: Omit<MoverRef, 'weeks'>) => void;
}) {
  const headingId = `pillar-${pillar.id}`;
  const scores = useMemo(() => pillar.trend.map((point) => point.score), [pillar.trend]);
  return (
    <section class="card pillar-card" aria-labelledby={headingId}>
      <div class="pillar-heading">
        <h2 id={headingId}>{pillarNames[pillar.id]}</h2>
        <p class="pillar-score">
          <Score score={pillar.score} />
          <span class="visually-hidden"> out of 100, band </span>
          <BandBadge band={pillar.band} />
        </p>
      </div>
      <TrendChart
        label={pillarNames[pillar.id]}
        weeks={scorecard.weeks}
        scores={scores}
        thresholds={scorecard.thresholds}
      />
      <table class="figure-table">
        <caption class="visually-hidden">Figures of {pillarNames[pillar.id]}</caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col" class="number">
              Value
            </th>
          </tr>
        </thead>
        <tbody>
          {pillar.figures
            .filter((figure) => !matrices.some((matrix) => matrix.pattern.test(figure.id)))
            .map((figure) => (
              <tr key={figure.id} data-figure={figure.id}>
                <th scope="row">
                  <button type="button" class="link-button" onClick={() => onDrill(figure)}>
                    {figure.name}
                  </button>
                </th>
                <td class="number">
                  {formatValue(figure.value, figure.unit)}
                  {figure.unit === 'minutes' && figure.p90 !== null && figure.p90 !== undefined && (
                    <span class="cell-note">median; 90% within {formatValue(figure.p90, 'minutes')}</span>
                  )}
                  {(figure.unit === 'ratio' || figure.unit === 'rating' || figure.unit === 'minutes') && (
                    <span class="cell-note sample">
                      {sampleNote(figure.sampleSize)}
                      {/* A duration is never banded: "too few to judge" beside n = 33 would be false. */}
                      {figure.unit !== 'minutes' && judgement(figure) && ` · ${judgementLabel(judgement(figure))}`}
                    </span>
                  )}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
      {matrices.map((matrix) => (
        <FigureMatrix key={matrix.caption} matrix={matrix} figures={pillar.figures} onDrill={onDrill} />
      ))}
      {pillar.movers.length > 0 && (
        <div class="movers">
          <h3>What moved since the previous {scorecard.weeks.length} weeks</h3>
          <ul>
            {pillar.movers.map((mover) => {
              const figure = pillar.figures.find((candidate) => candidate.id === mover.figure);
              return (
                <li key={`${mover.figure}|${mover.dimension}`} class={`mover mover-${mover.direction}`}>
                  {/* The number itself opens its records, as every number on the page does. */}
                  <button type="button" class="link-button" onClick={() => figure && onDrill(figure, mover.dimension)}>
                    {mover.label}: {mover.name}, {formatValue(mover.previous, mover.unit)} →{' '}
                    {formatValue(mover.current, mover.unit)}
                  </button>{' '}
                  ({mover.direction === 'better' ? 'better' : 'worse'}, {sampleNote(mover.sampleSize)}){' '}
                  <button
                    type="button"
                    class="button button-secondary button-small"
                    aria-label={`Make a play: ${mover.label}, ${mover.name}`}
                    onClick={() => onPlay(mover)}
                  >
                    Make a play
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </section>
  );
}
