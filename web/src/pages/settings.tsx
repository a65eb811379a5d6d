import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError, describeError } from '../api/problem.ts';
import { settingsApi } from '../api/referrals.ts';
import type { Settings, SettingsChange } from '../api/types.ts';
import { ErrorAlert, StatusMessage } from '../components/alert.tsx';
import { Field, focusFirstInvalid } from '../components/form-field.tsx';
import { usePageTitle } from '../components/page-title.ts';
import { usePeople } from './referrals/use-people.ts';
import { EarlyWarningSettings } from './settings/early-warnings.tsx';

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

/** A section's way to save: the change, sent with the version the page loaded; a 412 reloads. */
export type Save = (change: SettingsChange) => Promise<Settings>;

export interface SectionProps {
  current: Settings;
  save: Save;
}

/**
 * Leaders: the organisation's settings, each section saved on its own: the referral rules, the
 * working hours (in the organisation's time zone), the acknowledgement SLA of handoffs, by
 * default and per team pair, who is on call for issues, and when leaders hear of early warnings. They apply to what is submitted or sent from now on.
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

/** The state every section's form keeps: field errors by path, the rest in an alert, a confirmation. */
export function useSectionForm(knownFields: (path: string) => boolean) {
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => focusFirstInvalid(form.current), [fieldErrors]);

  /** Sends `change` (nothing when it is empty), and says what happened. */
  async function submit(change: SettingsChange, save: Save, done: string, after?: (settings: Settings) => void) {
    setError(null);
    setSaved(undefined);
    setFieldErrors({});
    if (Object.keys(change).length === 0) {
      setSaved('Nothing to save: the settings are as they were.');
      return;
    }
    setSaving(true);
    try {
      const settings = await save(change);
      after?.(settings);
      setSaved(done);
    } catch (cause) {
      const errors = cause instanceof ApiError ? cause.fieldErrors : {};
      setFieldErrors(errors);
      const placed = Object.keys(errors).filter(knownFields);
      setError(describeError(cause, placed));
    } finally {
      setSaving(false);
    }
  }

  return { form, fieldErrors, setFieldErrors, error, setError, saved, setSaved, saving, submit };
}

function ReferralSettings({ current, save }: SectionProps) {
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
      section.setSaved(undefined);
      section.setFieldErrors(local);
      return;
    }
    void section.submit(change, save, 'Referral settings saved. They apply to referrals submitted from now on.');
  }

  return (
    <section class="card card-narrow" aria-labelledby="referral-settings-heading">
      <h2 id="referral-settings-heading">Referrals</h2>
      <StatusMessage>{section.saved}</StatusMessage>
      <form ref={section.form} class="stack" noValidate onSubmit={submit}>
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
        <ErrorAlert>{section.error}</ErrorAlert>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={section.saving}>
            Save referral settings
          </button>
        </div>
      </form>
    </section>
  );
}

const weekdays = [
  { value: 1, label: 'Monday' },
  { value: 2, label: 'Tuesday' },
  { value: 3, label: 'Wednesday' },
  { value: 4, label: 'Thursday' },
  { value: 5, label: 'Friday' },
  { value: 6, label: 'Saturday' },
  { value: 7, label: 'Sunday' },
];

function WorkingHoursSettings({ current, save }: SectionProps) {
  const [days, setDays] = useState<number[]>(current.workingHours.days);
  const [start, setStart] = useState(current.workingHours.start);
  const [end, setEnd] = useState(current.workingHours.end);
  const section = useSectionForm((path) => path.startsWith('workingHours'));
  const id = useId();
  const daysError = section.fieldErrors['workingHours.days'] ?? section.fieldErrors.workingHours;

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const hours = { days: [...days].sort((a, b) => a - b), start, end };
    const same =
      JSON.stringify(hours) ===
      JSON.stringify({ ...current.workingHours, days: [...current.workingHours.days].sort((a, b) => a - b) });
    void section.submit(
      same ? {} : { workingHours: hours },
      save,
      'Working hours saved. Acknowledgement times of handoffs sent from now on count them.',
    );
  }

  const toggle = (day: number, on: boolean) =>
    setDays((all) => (on ? [...all.filter((d) => d !== day), day] : all.filter((d) => d !== day)));

  return (
    <section class="card card-narrow" aria-labelledby="working-hours-heading">
      <h2 id="working-hours-heading">Working hours</h2>
      <p class="section-hint">
        A handoff’s acknowledgement time counts working hours only
        {current.timeZone ? `, in the organisation’s time zone (${current.timeZone})` : ''}.
      </p>
      <StatusMessage>{section.saved}</StatusMessage>
      <form ref={section.form} class="stack" noValidate onSubmit={submit}>
        <fieldset
          class={daysError ? 'choice-group field-invalid' : 'choice-group'}
          aria-describedby={daysError ? `${id}-days-error` : undefined}
        >
          <legend>Working days</legend>
          {daysError && (
            <p class="field-error" id={`${id}-days-error`}>
              <span class="visually-hidden">Error: </span>
              {daysError}
            </p>
          )}
          <div class="days">
            {weekdays.map((day) => (
              <label key={day.value} class="toggle">
                <input
                  type="checkbox"
                  name="days"
                  value={String(day.value)}
                  checked={days.includes(day.value)}
                  aria-invalid={daysError ? 'true' : undefined}
                  onChange={(event) => toggle(day.value, event.currentTarget.checked)}
                />
                {day.label}
              </label>
            ))}
          </div>
        </fieldset>
        <div class="form-row">
          <Field label="Day starts" error={section.fieldErrors['workingHours.start']}>
            {(control) => (
              <input
                {...control}
                type="time"
                name="start"
                required
                value={start}
                onInput={(event) => setStart(event.currentTarget.value)}
              />
            )}
          </Field>
          <Field label="Day ends" error={section.fieldErrors['workingHours.end']}>
            {(control) => (
              <input
                {...control}
                type="time"
                name="end"
                required
                value={end}
                onInput={(event) => setEnd(event.currentTarget.value)}
              />
            )}
          </Field>
        </div>
        <ErrorAlert>{section.error}</ErrorAlert>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={section.saving}>
            Save working hours
          </button>
        </div>
      </form>
    </section>
  );
}

/** One row of the team-pair table: a saved pair (its teams fixed) or one being added. */
interface PairRow {
  key: number;
  from: string;
  to: string;
  hours: string;
  saved: boolean;
}

function rowsOf(overrides: Settings['handoffAckSlaOverrides']): PairRow[] {
  let key = 0;
  return Object.entries(overrides).flatMap(([from, row]) =>
    Object.entries(row).map(([to, hours]) => ({ key: key++, from, to, hours: String(hours), saved: true })),
  );
}

const hoursMessage = 'A number of working hours, such as 4 or 1.5.';

function parseHours(value: string): number | null {
  const hours = Number(value.trim().replace(',', '.'));
  return value.trim() && Number.isFinite(hours) ? hours : null;
}

function HandoffSlaSettings({ current, save }: SectionProps) {
  const people = usePeople();
  const [defaultHours, setDefaultHours] = useState(String(current.handoffAckSlaHours));
  const [rows, setRows] = useState<PairRow[]>(() => rowsOf(current.handoffAckSlaOverrides));
  const nextKey = useRef(1000);
  const focusRow = useRef<number | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const section = useSectionForm((path) => path === 'handoffAckSlaHours' || path.startsWith('handoffAckSlaOverrides'));
  const table = useRef<HTMLTableElement>(null);

  useEffect(() => {
    if (focusRow.current === null) return;
    table.current?.querySelector<HTMLElement>(`[data-pair="${focusRow.current}"] select`)?.focus();
    focusRow.current = null;
  }, [rows]);

  const team = (id: string) => people.teamName(id) ?? (people.loaded ? 'Unknown team' : '…');

  /** A row's error: its own (local), or the API's for its pair or its sending team. */
  const rowError = (row: PairRow) =>
    section.fieldErrors[`pair-${row.key}`] ??
    section.fieldErrors[`handoffAckSlaOverrides.${row.from}.${row.to}`] ??
    section.fieldErrors[`handoffAckSlaOverrides.${row.from}`];

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const local: Record<string, string> = {};
    const change: SettingsChange = {};
    const hours = parseHours(defaultHours);
    if (hours === null) local.handoffAckSlaHours = hoursMessage;
    else if (hours !== current.handoffAckSlaHours) change.handoffAckSlaHours = hours;

    const patch: Record<string, Record<string, number | null>> = {};
    const seen = new Set<string>();
    for (const row of rows) {
      const value = parseHours(row.hours);
      const pair = `${row.from}→${row.to}`;
      if (!row.from || !row.to) local[`pair-${row.key}`] = 'Choose both teams.';
      else if (row.from === row.to) local[`pair-${row.key}`] = 'A team does not hand work to itself.';
      else if (seen.has(pair)) local[`pair-${row.key}`] = 'This pair is listed twice.';
      else if (value === null) local[`pair-${row.key}`] = hoursMessage;
      else if (current.handoffAckSlaOverrides[row.from]?.[row.to] !== value) {
        patch[row.from] = { ...(patch[row.from] ?? {}), [row.to]: value };
      }
      seen.add(pair);
    }
    // A saved pair no longer listed is removed: `null` in the merge patch.
    for (const [from, row] of Object.entries(current.handoffAckSlaOverrides)) {
      for (const to of Object.keys(row)) {
        if (!seen.has(`${from}→${to}`)) patch[from] = { ...(patch[from] ?? {}), [to]: null };
      }
    }
    if (Object.keys(local).length > 0) {
      section.setSaved(undefined);
      section.setError('Some answers need attention: each one is marked on the form.');
      section.setFieldErrors(local);
      return;
    }
    if (Object.keys(patch).length > 0) change.handoffAckSlaOverrides = patch;
    void section.submit(
      change,
      save,
      'Acknowledgement times saved. They apply to handoffs sent from now on.',
      (settings) => {
        setDefaultHours(String(settings.handoffAckSlaHours));
        setRows(rowsOf(settings.handoffAckSlaOverrides));
      },
    );
  }

  function addRow() {
    const key = nextKey.current++;
    focusRow.current = key;
    setRows((all) => [...all, { key, from: '', to: '', hours: defaultHours, saved: false }]);
  }

  function removeRow(index: number) {
    setRows((all) => all.filter((_, at) => at !== index));
    requestAnimationFrame(() => {
      const buttons = table.current?.querySelectorAll<HTMLElement>('[data-pair] button');
      (buttons?.[Math.min(index, (buttons?.length ?? 1) - 1)] ?? addButton.current)?.focus();
    });
  }

  const update = (index: number, change: Partial<PairRow>) =>
    setRows((all) => all.map((row, at) => (at === index ? { ...row, ...change } : row)));

  return (
    <section class="card" aria-labelledby="handoff-sla-heading">
      <h2 id="handoff-sla-heading">Handoff acknowledgement</h2>
      <p class="section-hint">
        How many working hours a team has to acknowledge a handoff it receives: in quarters of an hour, from 0.25 to
        240.
      </p>
      <StatusMessage>{section.saved}</StatusMessage>
      <form ref={section.form} class="stack" noValidate onSubmit={submit}>
        <Field
          label="Acknowledge within (working hours)"
          hint="For every pair of teams without a time of its own below."
          error={section.fieldErrors.handoffAckSlaHours}
        >
          {(control) => (
            <input
              {...control}
              type="number"
              name="handoffAckSlaHours"
              inputMode="decimal"
              min={0.25}
              max={240}
              step={0.25}
              required
              class="input-short"
              value={defaultHours}
              onInput={(event) => setDefaultHours(event.currentTarget.value)}
            />
          )}
        </Field>

        <div>
          <h3 id="pairs-heading">Team pairs with a time of their own</h3>
          {rows.length === 0 ? (
            <p class="empty">No pair has a time of its own: every handoff gets the default.</p>
          ) : (
            <div class="table-scroll">
              <table ref={table} class="override-table" aria-labelledby="pairs-heading">
                <thead>
                  <tr>
                    <th scope="col">Sending team</th>
                    <th scope="col">Receiving team</th>
                    <th scope="col">Working hours</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row, index) => (
                    <PairRowView
                      key={row.key}
                      row={row}
                      index={index}
                      team={team}
                      teams={people.teams}
                      error={rowError(row)}
                      onChange={(change) => update(index, change)}
                      onRemove={() => removeRow(index)}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <button ref={addButton} type="button" class="button button-secondary" onClick={addRow}>
            Add a team pair
          </button>
        </div>
        <ErrorAlert>{section.error}</ErrorAlert>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={section.saving}>
            Save acknowledgement times
          </button>
        </div>
      </form>
    </section>
  );
}

function PairRowView({
  row,
  index,
  team,
  teams,
  error,
  onChange,
  onRemove,
}: {
  row: PairRow;
  index: number;
  team: (id: string) => string;
  teams: { id: string; name: string }[];
  error: string | undefined;
  onChange: (change: Partial<PairRow>) => void;
  onRemove: () => void;
}) {
  const id = useId();
  const name = row.saved ? `from ${team(row.from)} to ${team(row.to)}` : `of pair ${index + 1}`;
  const errorId = error ? `${id}-error` : undefined;
  const invalid = error ? ('true' as const) : undefined;
  const teamSelect = (side: 'from' | 'to', label: string) => (
    <>
      <label class="visually-hidden" for={`${id}-${side}`}>
        {label} {name}
      </label>
      <select
        id={`${id}-${side}`}
        value={row[side]}
        aria-invalid={invalid}
        aria-describedby={errorId}
        onChange={(event) => onChange({ [side]: event.currentTarget.value })}
      >
        <option value="">Choose a team</option>
        {teams.map((option) => (
          <option key={option.id} value={option.id}>
            {option.name}
          </option>
        ))}
      </select>
    </>
  );
  return (
    <tr data-pair={row.key} class={error ? 'field-invalid' : undefined}>
      <td>{row.saved ? team(row.from) : teamSelect('from', 'Sending team')}</td>
      <td>{row.saved ? team(row.to) : teamSelect('to', 'Receiving team')}</td>
      <td>
        <label class="visually-hidden" for={`${id}-hours`}>
          Working hours {name}
        </label>
        <input
          id={`${id}-hours`}
          type="number"
          inputMode="decimal"
          min={0.25}
          max={240}
          step={0.25}
          value={row.hours}
          aria-invalid={invalid}
          aria-describedby={errorId}
          onInput={(event) => onChange({ hours: event.currentTarget.value })}
        />
        {error && (
          <p class="field-error" id={errorId}>
            <span class="visually-hidden">Error: </span>
            {error}
          </p>
        )}
      </td>
      <td>
        <button type="button" class="button button-secondary" onClick={onRemove}>
          Remove<span class="visually-hidden"> the time {name}</span>
        </button>
      </td>
    </tr>
  );
}

/** Who hears of every new sev1 or sev2 issue at once, beside the leaders. */
function OnCallSettings({ current, save }: SectionProps) {
  const people = usePeople();
  const [userId, setUserId] = useState(current.onCall.issues ?? '');
  const section = useSectionForm((path) => path.startsWith('onCall'));

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const change: SettingsChange =
      userId === (current.onCall.issues ?? '') ? {} : { onCall: { issues: userId === '' ? null : userId } };
    void section.submit(
      change,
      save,
      userId
        ? 'Saved: they hear of every new sev 1 or sev 2 issue.'
        : 'Saved: nobody is on call; the leaders alone hear.',
    );
  }

  return (
    <section class="card card-narrow" aria-labelledby="on-call-heading">
      <h2 id="on-call-heading">On call for issues</h2>
      <p class="section-hint">
        A new sev 1 or sev 2 issue tells the leaders at once, and whoever is on call: by notification, and by e-mail
        unless they turned it off.
      </p>
      <StatusMessage>{section.saved}</StatusMessage>
      <form ref={section.form} class="stack" noValidate onSubmit={submit}>
        <Field label="On call" hint="An active staff member or leader." error={section.fieldErrors['onCall.issues']}>
          {(control) => (
            <select
              {...control}
              name="onCall"
              value={userId}
              onChange={(event) => setUserId(event.currentTarget.value)}
            >
              <option value="">Nobody: the leaders alone</option>
              {!people.loaded && userId && <option value={userId}>Loading people…</option>}
              {people.owners.map((owner) => (
                <option key={owner.id} value={owner.id}>
                  {owner.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ErrorAlert>{section.error}</ErrorAlert>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={section.saving}>
            Save who is on call
          </button>
        </div>
      </form>
    </section>
  );
}
