import { useEffect, useState } from 'preact/hooks';
import { ApiError, describeError } from '../api/problem.ts';
import { settingsApi } from '../api/referrals.ts';
import type { Settings } from '../api/types.ts';
import { ErrorAlert } from '../components/alert.tsx';
import { usePageTitle } from '../components/page-title.ts';
import { EarlyWarningSettings } from './settings/early-warnings.tsx';
import { HandoffSlaSettings } from './settings/handoff-sla-settings.tsx';
import { OnCallSettings } from './settings/on-call-settings.tsx';
import { ReferralSettings } from './settings/referral-settings.tsx';
import type { Save } from './settings/section-form.ts';
import { WorkingHoursSettings } from './settings/working-hours-settings.tsx';

/**
 * Leaders: the organisation's settings, each section saved on its own: the referral rules, the
 * working hours (in the organisation's time zone), the acknowledgement SLA of handoffs, by
 * default and per team pair, who is on call for issues, and when early warnings are raised. They apply to what is submitted or sent from now on.
 */
export function SettingsPage() {
  usePageTitle('Settings');
  const [current, setCurrent] = useState<Settings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    settingsApi.get().then(setCurrent, (cause: unknown) => setLoadError(describeError(cause)));
  }, []);

  const save: Save = async (change) => {
    if (!current) throw new Error('The settings are not loaded yet.');
    try {
      const saved = await settingsApi.update(current, change);
      setCurrent(saved);
      return saved;
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 412) settingsApi.get().then(setCurrent, () => {});
      throw cause;
    }
  };

  return (
    <>
      <h1>Settings</h1>
      <p class="lede">The organisation’s rules for referrals and handoffs. Each section is saved on its own.</p>
      <ErrorAlert>{loadError}</ErrorAlert>
      {!current && !loadError && <p class="loading">Loading the settings…</p>}
      {current && (
        <>
          <ReferralSettings current={current} save={save} />
          <WorkingHoursSettings current={current} save={save} />
          <HandoffSlaSettings current={current} save={save} />
          <OnCallSettings current={current} save={save} />
          <EarlyWarningSettings current={current} save={save} />
        </>
      )}
    </>
  );
}
