/**
 * A list's filter on one field: a labelled select whose first, empty choice keeps every record.
 * The lists' filter forms are submitted by no button: a change applies at once.
 */
export function SelectFilter<V extends string>({
  label,
  name,
  value,
  every,
  options,
  onChange,
}: {
  label: string;
  name: string;
  value: V | '';
  /** What the empty choice says, such as "All statuses". */
  every: string;
  options: readonly { readonly value: V; readonly label: string }[];
  onChange: (value: V | '') => void;
}) {
  return (
    <label class="inline-field">
      <span>{label}</span>
      <select name={name} value={value} onChange={(event) => onChange(event.currentTarget.value as V | '')}>
        <option value="">{every}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A workflow list's filter by status, offering its statuses in their labels' order. */
export function StatusFilter<V extends string>({
  value,
  labels,
  onChange,
}: {
  value: V | '';
  labels: Readonly<Record<V, string>>;
  onChange: (value: V | '') => void;
}) {
  const options = (Object.keys(labels) as V[]).map((status) => ({ value: status, label: labels[status] }));
  return (
    <SelectFilter
      label="Status"
      name="status"
      value={value}
      every="All statuses"
      options={options}
      onChange={onChange}
    />
  );
}
