import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, describeError } from '../api/problem.ts';
import { settingsApi } from '../api/referrals.ts';
import type { Settings, SettingsChange } from '../api/types.ts';
import { ErrorAlert, StatusMessage } from '../components/alert.tsx';
import { Field, focusFirstInvalid } from '../components/form-field.tsx';
import { usePageTitle } from '../components/page-title.ts';

const fields = [
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

type SettingName = (typeof fields)[number]['name'];

/** Leaders: the organisation's referral settings. They apply to referrals submitted from now on. */
export function SettingsPage() {
  usePageTitle('Settings');
  const [current, setCurrent] = useState<Settings | null>(null);
  const [values, setValues] = useState<Record<SettingName, string>>({
    referralProtectionDays: '',
    referralFirstResponseDays: '',
  });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  const show = (settings: Settings) => {
    setCurrent(settings);
    setValues({
      referralProtectionDays: String(settings.referralProtectionDays),
      referralFirstResponseDays: String(settings.referralFirstResponseDays),
    });
  };

  useEffect(() => {
    settingsApi.get().then(show, (cause: unknown) => setError(describeError(cause)));
  }, []);
  useEffect(() => focusFirstInvalid(form.current), [fieldErrors]);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (!current) return;
    setError(null);
    setSaved(undefined);
    const change: SettingsChange = {};
    const local: Record<string, string> = {};
    for (const field of fields) {
      const value = Number(values[field.name].trim());
      if (!values[field.name].trim() || !Number.isInteger(value)) local[field.name] = 'A whole number of days.';
      else if (value !== current[field.name]) change[field.name] = value;
    }
    setFieldErrors(local);
    if (Object.keys(local).length > 0) return;
    if (Object.keys(change).length === 0) {
      setSaved('Nothing to save: the settings are as they were.');
      return;
    }
    setSaving(true);
    try {
      show(await settingsApi.update(current, change));
      setSaved('Settings saved. They apply to referrals submitted from now on.');
    } catch (cause) {
      if (cause instanceof ApiError) setFieldErrors(cause.fieldErrors);
      setError(
        describeError(
          cause,
          fields.map((field) => field.name),
        ),
      );
      if (cause instanceof ApiError && cause.status === 412) settingsApi.get().then(show, () => {});
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <h1>Settings</h1>
      <p class="lede">The organisation’s referral rules.</p>
      <StatusMessage>{saved}</StatusMessage>
      <section class="card card-narrow" aria-labelledby="referral-settings-heading">
        <h2 id="referral-settings-heading">Referrals</h2>
        <ErrorAlert>{error}</ErrorAlert>
        {!current && !error && <p class="loading">Loading the settings…</p>}
        {current && (
          <form ref={form} class="stack" noValidate onSubmit={submit}>
            {fields.map((field) => (
              <Field key={field.name} label={field.label} hint={field.hint} error={fieldErrors[field.name]}>
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
            <div class="form-actions">
              <button type="submit" class="button button-primary" disabled={saving}>
                Save settings
              </button>
            </div>
          </form>
        )}
      </section>
    </>
  );
}
