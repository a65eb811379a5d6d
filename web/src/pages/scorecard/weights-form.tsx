import { useEffect, useId, useState } from 'preact/hooks';
import { ApiError, describeError } from '../../api/problem.ts';
import { settingsApi } from '../../api/referrals.ts';
import type { PillarId, Thresholds, Weights } from '../../api/scorecard.ts';
import type { Settings, SettingsChange } from '../../api/types.ts';
import { ErrorAlert, StatusMessage } from '../../components/alert.tsx';
import { Field } from '../../components/form-field.tsx';
import { useForm } from '../../forms/use-form.ts';
import { pillarNames } from './format.ts';

const pillars: PillarId[] = ['external', 'internal', 'partners'];

const isWhole = (text: string) => /^\d+$/.test(text.trim());

/**
 * Leaders set how much each pillar weighs in the Total Customer Index (whole numbers adding up
 * to 100) and the scores at which a band turns amber and green. The sum is checked as the leader
 * types; the API checks it again and its answer (a 400) is shown in the same place.
 */
export function WeightsForm({
  weights,
  thresholds,
  onSaved,
}: {
  weights: Weights;
  thresholds: Thresholds;
  onSaved: () => void;
}) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [weightText, setWeightText] = useState<Record<PillarId, string>>(() => toText(weights));
  const [thresholdText, setThresholdText] = useState({
    green: String(thresholds.green),
    amber: String(thresholds.amber),
  });
  const [minimumText, setMinimumText] = useState('5');
  // Every error shown beside its field: no summary repeating them above the form.
  const form = useForm({ fields: (path) => path.startsWith('scorecard.'), quiet: true });
  const { fieldErrors, error } = form;
  const [saved, setSaved] = useState<string | undefined>();
  const sumId = useId();
  const weightsErrorId = useId();

  useEffect(() => {
    settingsApi.get().then(
      (loaded) => {
        setSettings(loaded);
        setWeightText(toText(loaded.scorecard.weights));
        setThresholdText({
          green: String(loaded.scorecard.thresholds.green),
          amber: String(loaded.scorecard.thresholds.amber),
        });
        setMinimumText(String(loaded.scorecard.minimumSample));
      },
      (cause: unknown) => form.setError(describeError(cause)),
    );
  }, []);

  const allWhole = pillars.every((pillar) => isWhole(weightText[pillar]));
  const sum = pillars.reduce((total, pillar) => total + (Number(weightText[pillar]) || 0), 0);
  const liveProblem = !allWhole
    ? 'Each weight is a whole number from 0 to 100.'
    : sum !== 100
      ? `The weights add up to ${sum}; they must add up to 100.`
      : null;
  const weightsError =
    Object.entries(fieldErrors).find(([path]) => path.startsWith('scorecard.weights'))?.[1] ?? undefined;
  const thresholdError = (name: 'green' | 'amber') =>
    fieldErrors[`scorecard.thresholds.${name}`] ?? (name === 'green' ? fieldErrors['scorecard.thresholds'] : undefined);

  function submit(event: Event) {
    event.preventDefault();
    form.clear();
    setSaved(undefined);
    if (!settings) return;
    // Sent even when the sum is wrong: the API's answer is the rule, and its message is shown.
    const change = {
      scorecard: {
        weights: Object.fromEntries(pillars.map((pillar) => [pillar, toNumber(weightText[pillar])])),
        thresholds: { green: toNumber(thresholdText.green), amber: toNumber(thresholdText.amber) },
        minimumSample: toNumber(minimumText),
      },
    } as SettingsChange;
    void form.submit(
      async () => {
        setSettings(await settingsApi.update(settings, change));
        setSaved('Weights and thresholds saved. The scorecard now uses them.');
        onSaved();
      },
      {
        handle: (cause) => {
          if (cause instanceof ApiError && cause.status === 412) settingsApi.get().then(setSettings, () => {});
          return false;
        },
      },
    );
  }

  return (
    <form class="card weights-form" ref={form.ref} noValidate onSubmit={submit} aria-labelledby="weights-heading">
      <div class="card-header">
        <h2 id="weights-heading">Weights and thresholds</h2>
      </div>
      <p class="section-hint">
        How much each pillar counts in the Total Customer Index, the scores at which a band turns amber or green, and
        how many records a rate or rating needs before it is given a band.
      </p>
      <ErrorAlert>{error}</ErrorAlert>
      {/* The fields wait for the settings: values typed before they arrive would be overwritten. */}
      {!settings && !error && <p class="loading">Loading the weights…</p>}
      {settings && (
        <>
          <fieldset
            class={weightsError ? 'field-invalid weights-fieldset' : 'weights-fieldset'}
            aria-describedby={`${sumId}${weightsError ? ` ${weightsErrorId}` : ''}`}
          >
            <legend>Weights (whole numbers adding up to 100)</legend>
            {weightsError && (
              <p class="field-error" id={weightsErrorId}>
                <span class="visually-hidden">Error: </span>
                {weightsError}
              </p>
            )}
            <div class="form-row">
              {pillars.map((pillar) => (
                <Field key={pillar} label={pillarNames[pillar]}>
                  {(control) => (
                    <input
                      {...control}
                      aria-invalid={weightsError || (liveProblem && !isWhole(weightText[pillar])) ? 'true' : undefined}
                      class="input-short"
                      type="number"
                      inputMode="numeric"
                      min={0}
                      max={100}
                      step={1}
                      name={`weight-${pillar}`}
                      value={weightText[pillar]}
                      onInput={(event) => {
                        const value = event.currentTarget.value;
                        setWeightText((current) => ({ ...current, [pillar]: value }));
                        // The API's verdict was on the old numbers: the live sum speaks again.
                        form.setFieldErrors((current) =>
                          Object.fromEntries(
                            Object.entries(current).filter(([path]) => !path.startsWith('scorecard.weights')),
                          ),
                        );
                      }}
                    />
                  )}
                </Field>
              ))}
            </div>
            <p id={sumId} class={liveProblem ? 'weights-sum weights-sum-wrong' : 'weights-sum'} aria-live="polite">
              {/* The API's message about the weights replaces the live one: one wrong total, one message. */}
              {weightsError ? null : (liveProblem ?? `The weights add up to 100.`)}
            </p>
          </fieldset>
          <div class="form-row">
            {(
              [
                ['green', 'Green from (score)', '0 to 100, above amber.'],
                ['amber', 'Amber from (score)', 'Below it, a score is red.'],
              ] as const
            ).map(([band, label, hint]) => (
              <Field key={band} label={label} error={thresholdError(band)} hint={hint}>
                {(control) => (
                  <input
                    {...control}
                    class="input-short"
                    type="number"
                    min={0}
                    max={100}
                    name={`threshold-${band}`}
                    value={thresholdText[band]}
                    onInput={(event) => {
                      const value = event.currentTarget.value;
                      setThresholdText((current) => ({ ...current, [band]: value }));
                    }}
                  />
                )}
              </Field>
            ))}
            <Field
              label="Fewest records to judge"
              error={fieldErrors['scorecard.minimumSample']}
              hint="A rate or rating of fewer records shows grey: too few to judge."
            >
              {(control) => (
                <input
                  {...control}
                  class="input-short"
                  type="number"
                  min={1}
                  max={1000}
                  step={1}
                  name="minimum-sample"
                  value={minimumText}
                  onInput={(event) => setMinimumText(event.currentTarget.value)}
                />
              )}
            </Field>
          </div>
          <div class="form-actions">
            <button type="submit" class="button button-primary" disabled={form.submitting}>
              {form.submitting ? 'Saving…' : 'Save weights and thresholds'}
            </button>
          </div>
        </>
      )}
      <StatusMessage>{saved}</StatusMessage>
    </form>
  );
}

function toText(weights: Weights): Record<PillarId, string> {
  return { external: String(weights.external), internal: String(weights.internal), partners: String(weights.partners) };
}

/** A number as typed; what is not one is sent as it is, for the API to name. */
function toNumber(text: string): number | string {
  const trimmed = text.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}
