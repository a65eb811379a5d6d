import { useState } from 'preact/hooks';
import type { SettingsChange } from '../../api/types.ts';
import { StatusMessage } from '../../components/alert.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { Field } from '../../components/form-field.tsx';
import { type SectionProps, useSectionForm } from './section-form.ts';

const referralFields = [
  {
    name: 'referralProtectionDays',
    label: 'Referral protection (days)',
    hint: 'How long the first valid referral of a company is protected from other referrers: 1 to 365 days.',
    min: 1,
    max: 365,
  },
  {
    name: 'referralFirstResponseDays',
    label: 'First response due (days)',
    hint: 'How many days after a referral is submitted staff must accept or decline it: 1 to 30 days.',
    min: 1,
    max: 30,
  },
] as const;

type ReferralSettingName = (typeof referralFields)[number]['name'];

export function ReferralSettings({ current, save }: SectionProps) {
  const initial = () => ({
    referralProtectionDays: String(current.referralProtectionDays),
    referralFirstResponseDays: String(current.referralFirstResponseDays),
  });
  const [values, setValues] = useState<Record<ReferralSettingName, string>>(initial);
  const section = useSectionForm((path) => referralFields.some((field) => field.name === path));

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const change: SettingsChange = {};
    const local: Record<string, string> = {};
    for (const field of referralFields) {
      const value = Number(values[field.name].trim());
      if (!values[field.name].trim() || !Number.isInteger(value)) local[field.name] = 'A whole number of days.';
      else if (value !== current[field.name]) change[field.name] = value;
    }
    if (Object.keys(local).length > 0) {
      section.invalid(local);
      return;
    }
    void section.submit(change, save, 'Referral settings saved. They apply to referrals submitted from now on.');
  }

  return (
    <section class="card card-narrow" aria-labelledby="referral-settings-heading">
      <h2 id="referral-settings-heading">Referrals</h2>
      <StatusMessage>{section.saved}</StatusMessage>
      <form ref={section.ref} class="stack" noValidate onSubmit={submit}>
        {referralFields.map((field) => (
          <Field key={field.name} label={field.label} hint={field.hint} error={section.fieldErrors[field.name]}>
            {(control) => (
              <input
                {...control}
                type="number"
                name={field.name}
                inputMode="numeric"
                min={field.min}
                max={field.max}
                step={1}
                required
                class="input-short"
                value={values[field.name]}
                onInput={(event) => {
                  const value = event.currentTarget.value;
                  setValues((all) => ({ ...all, [field.name]: value }));
                }}
              />
            )}
          </Field>
        ))}
        <FormActions form={section} label="Save referral settings" />
      </form>
    </section>
  );
}
