import { useId, useState } from 'preact/hooks';
import { StatusMessage } from '../../components/alert.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { Field } from '../../components/form-field.tsx';
import { type SectionProps, useSectionForm } from './section-form.ts';

const weekdays = [
  { value: 1, label: 'Monday' },
  { value: 2, label: 'Tuesday' },
  { value: 3, label: 'Wednesday' },
  { value: 4, label: 'Thursday' },
  { value: 5, label: 'Friday' },
  { value: 6, label: 'Saturday' },
  { value: 7, label: 'Sunday' },
];

export function WorkingHoursSettings({ current, save }: SectionProps) {
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
      <form ref={section.ref} class="stack" noValidate onSubmit={submit}>
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
          <DayTime label="Day starts" name="start" value={start} onInput={setStart} errors={section.fieldErrors} />
          <DayTime label="Day ends" name="end" value={end} onInput={setEnd} errors={section.fieldErrors} />
        </div>
        <FormActions form={section} label="Save working hours" />
      </form>
    </section>
  );
}

/** One end of the working day: a time control, with the API's error for `workingHours.<name>`. */
function DayTime({
  label,
  name,
  value,
  onInput,
  errors,
}: {
  label: string;
  name: 'start' | 'end';
  value: string;
  onInput: (value: string) => void;
  errors: Record<string, string>;
}) {
  return (
    <Field label={label} error={errors[`workingHours.${name}`]}>
      {(control) => (
        <input
          {...control}
          type="time"
          name={name}
          required
          value={value}
          onInput={(event) => onInput(event.currentTarget.value)}
        />
      )}
    </Field>
  );
}
