import { useState } from 'preact/hooks';
import type { SettingsChange } from '../../api/types.ts';
import { StatusMessage } from '../../components/alert.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { Field } from '../../components/form-field.tsx';
import { type SectionProps, useSectionForm } from './section-form.ts';

/**
 * The early-warning thresholds, each against a partner's or a team pair's own 8-week baseline,
 * and the minimum sample below which nothing is judged (no colour on the scorecard, no warning).
 */
const thresholdFields = [
  {
    name: 'referralsDropPercent',
    label: 'A partner’s referrals fall by (% of their weekly baseline)',
    hint: 'From 1 to 100. At 50, a partner who referred 6 a week is flagged at 3 or fewer.',
  },
  {
    name: 'acceptanceDropPoints',
    label: 'A partner’s acceptance rate falls by (percentage points)',
    hint: 'From 1 to 100. At 20, a partner accepted at 70% is flagged at 50% or less.',
  },
  {
    name: 'returnsRisePoints',
    label: 'A team pair’s returns rise by (percentage points)',
    hint: 'From 1 to 100. Both teams’ leaders hear of it.',
  },
  {
    name: 'lateRisePoints',
    label: 'A team pair’s late acknowledgements rise by (percentage points)',
    hint: 'From 1 to 100. The receiving team’s leader hears of it.',
  },
] as const;

type ThresholdName = (typeof thresholdFields)[number]['name'];
type Values = Record<ThresholdName | 'minimumSample', string>;

const minimumSampleError = 'A whole number of records from 1 to 1000.';
const pointsError = 'A whole number from 1 to 100.';

/** A whole number within bounds, or undefined. */
function wholeNumber(text: string, min: number, max: number): number | undefined {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

export function EarlyWarningSettings({ current, save }: SectionProps) {
  const initial = (): Values => ({
    referralsDropPercent: String(current.earlyWarnings.referralsDropPercent),
    acceptanceDropPoints: String(current.earlyWarnings.acceptanceDropPoints),
    returnsRisePoints: String(current.earlyWarnings.returnsRisePoints),
    lateRisePoints: String(current.earlyWarnings.lateRisePoints),
    minimumSample: String(current.scorecard.minimumSample),
  });
  const [values, setValues] = useState<Values>(initial);
  const section = useSectionForm((path) => path.startsWith('earlyWarnings.') || path === 'scorecard.minimumSample');

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const local: Record<string, string> = {};
    const thresholds = { ...current.earlyWarnings };
    for (const field of thresholdFields) {
      const value = wholeNumber(values[field.name], 1, 100);
      if (value === undefined) local[`earlyWarnings.${field.name}`] = pointsError;
      else thresholds[field.name] = value;
    }
    const minimumSample = wholeNumber(values.minimumSample, 1, 1000);
    if (minimumSample === undefined) local['scorecard.minimumSample'] = minimumSampleError;
    if (Object.keys(local).length > 0) {
      section.invalid(local, 'Some answers need attention: each one is marked on the form.');
      return;
    }
    const change: SettingsChange = {};
    if (thresholdFields.some((field) => thresholds[field.name] !== current.earlyWarnings[field.name])) {
      change.earlyWarnings = thresholds;
    }
    if (minimumSample !== current.scorecard.minimumSample) change.scorecard = { minimumSample };
    void section.submit(change, save, 'Early-warning settings saved. They apply from the next week checked.');
  }

  const input = (name: keyof Values, max: number) => (control: Record<string, string | undefined>) => (
    <input
      {...control}
      type="number"
      name={name}
      inputMode="numeric"
      min={1}
      max={max}
      step={1}
      required
      class="input-short"
      value={values[name]}
      onInput={(event) => {
        const value = event.currentTarget.value;
        setValues((all) => ({ ...all, [name]: value }));
      }}
    />
  );

  return (
    <section class="card card-narrow" aria-labelledby="early-warnings-heading">
      <h2 id="early-warnings-heading">Early warnings</h2>
      <p class="section-hint">
        Each week is compared with the partner’s or team pair’s own 8 weeks before it. Past a threshold, the responsible
        leader hears of it (named on the directory’s teams and partner organisations; every leader when nobody is).
      </p>
      <StatusMessage>{section.saved}</StatusMessage>
      <form ref={section.ref} class="stack" noValidate onSubmit={submit}>
        {thresholdFields.map((field) => (
          <Field
            key={field.name}
            label={field.label}
            hint={field.hint}
            error={section.fieldErrors[`earlyWarnings.${field.name}`]}
          >
            {input(field.name, 100)}
          </Field>
        ))}
        <Field
          label="Minimum sample (records)"
          hint="The fewest records a rate or rating needs before the scorecard colours it or a warning is raised: 1 to 1000."
          error={section.fieldErrors['scorecard.minimumSample']}
        >
          {input('minimumSample', 1000)}
        </Field>
        <FormActions form={section} label="Save early-warning settings" />
      </form>
    </section>
  );
}
