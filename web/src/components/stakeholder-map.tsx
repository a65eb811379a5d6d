import { useEffect, useRef } from 'preact/hooks';
import type { InfluenceRole } from '../api/types.ts';
import { influenceRoles } from '../pages/referrals/labels.tsx';
import { Field, TextField } from './form-field.tsx';

/** One row of the map while it is edited; `key` keeps a row's identity as rows come and go. */
export interface StakeholderRow {
  key: number;
  name: string;
  role: InfluenceRole;
  /** Only where the map holds contacts (a customer's), not where it is a sketch (a referral's). */
  title?: string;
  email?: string;
  phone?: string;
}

const contactFields = [
  { field: 'title', label: 'Job title (optional)', type: 'text' },
  { field: 'email', label: 'E-mail (optional)', type: 'email' },
  { field: 'phone', label: 'Phone (optional)', type: 'tel' },
] as const;

let nextKey = 1;

/** A new row, or the rows of a saved map, each with a fresh key. */
export function stakeholderRow(values: Omit<StakeholderRow, 'key'>): StakeholderRow {
  return { key: nextKey++, ...values };
}

/**
 * The stakeholder map editor (seed 002: who decides, who can veto, who only talks): a row per
 * person with their influence, added and removed in place. A new row takes focus; removing one
 * moves focus to the next row's button or to "Add a stakeholder". Errors are the API's field
 * errors (`stakeholders.N.name`); removing a row drops them, as their numbering no longer holds.
 */
export function StakeholderMap(props: {
  heading: string;
  hint: string;
  rows: StakeholderRow[];
  onRows: (update: (rows: StakeholderRow[]) => StakeholderRow[]) => void;
  fieldErrors: Record<string, string>;
  onRemoved: () => void;
  /** Whether each row also holds the person's title, e-mail and phone. */
  contacts?: boolean;
}) {
  const { rows, onRows, fieldErrors, contacts = false } = props;
  const section = useRef<HTMLElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const focusRow = useRef<number | null>(null);

  useEffect(() => {
    if (focusRow.current === null) return;
    section.current?.querySelector<HTMLInputElement>(`[data-stakeholder="${focusRow.current}"] input`)?.focus();
    focusRow.current = null;
  }, [rows]);

  function add() {
    const row = stakeholderRow({
      name: '',
      role: 'decision_maker',
      ...(contacts ? { title: '', email: '', phone: '' } : {}),
    });
    focusRow.current = row.key;
    onRows((current) => [...current, row]);
  }

  function remove(index: number) {
    onRows((current) => current.filter((_, at) => at !== index));
    props.onRemoved();
    requestAnimationFrame(() => {
      const left = section.current?.querySelectorAll<HTMLElement>('[data-stakeholder]');
      const next = left?.[Math.min(index, left.length - 1)]?.querySelector<HTMLElement>('button');
      (next ?? addButton.current)?.focus();
    });
  }

  function update(index: number, change: Partial<StakeholderRow>) {
    onRows((current) => current.map((row, at) => (at === index ? { ...row, ...change } : row)));
  }

  return (
    <section class="card" aria-labelledby="stakeholders-heading" ref={section}>
      <h2 id="stakeholders-heading">{props.heading}</h2>
      <p class="section-hint">{props.hint}</p>
      <ul class="influence-key">
        {influenceRoles.map((role) => (
          <li key={role.value}>
            <strong>{role.label}</strong>: {role.meaning}.
          </li>
        ))}
      </ul>
      {rows.length === 0 && <p class="empty">No stakeholders added yet.</p>}
      <ol class="stakeholder-list">
        {rows.map((row, index) => (
          <li key={row.key} data-stakeholder={row.key}>
            <fieldset class={contacts ? 'stakeholder-row stakeholder-row-wide' : 'stakeholder-row'}>
              <legend class="visually-hidden">Stakeholder {index + 1}</legend>
              <TextField
                label="Name"
                name={`stakeholder-${row.key}-name`}
                value={row.name}
                onInput={(name) => update(index, { name })}
                error={fieldErrors[`stakeholders.${index}.name`]}
              />
              <Field label="Influence" error={fieldErrors[`stakeholders.${index}.role`]}>
                {(control) => (
                  <select
                    {...control}
                    name={`stakeholder-${row.key}-role`}
                    value={row.role}
                    onChange={(event) => update(index, { role: event.currentTarget.value as InfluenceRole })}
                  >
                    {influenceRoles.map((role) => (
                      <option key={role.value} value={role.value}>
                        {role.label}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {contacts &&
                contactFields.map(({ field, label, type }) => (
                  <TextField
                    key={field}
                    label={label}
                    type={type}
                    name={`stakeholder-${row.key}-${field}`}
                    value={row[field] ?? ''}
                    onInput={(value) => update(index, { [field]: value })}
                    error={fieldErrors[`stakeholders.${index}.${field}`]}
                    optional
                  />
                ))}
              <button type="button" class="button button-secondary" onClick={() => remove(index)}>
                Remove
                <span class="visually-hidden">
                  {' '}
                  stakeholder {index + 1}
                  {row.name.trim() ? `, ${row.name.trim()}` : ''}
                </span>
              </button>
            </fieldset>
          </li>
        ))}
      </ol>
      <button ref={addButton} type="button" class="button button-secondary" onClick={add}>
        Add a stakeholder
      </button>
    </section>
  );
}
