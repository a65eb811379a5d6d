import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { Settings, SettingsChange } from '../../api/types.ts';
import { StatusMessage } from '../../components/alert.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { Field } from '../../components/form-field.tsx';
import { usePeople } from '../referrals/use-people.ts';
import { type SectionProps, useSectionForm } from './section-form.ts';

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

export function HandoffSlaSettings({ current, save }: SectionProps) {
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
      section.invalid(local, 'Some answers need attention: each one is marked on the form.');
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
      <form ref={section.ref} class="stack" noValidate onSubmit={submit}>
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
        <FormActions form={section} label="Save acknowledgement times" />
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
