import type { ComponentChildren, Ref } from 'preact';
import { useId } from 'preact/hooks';

interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: string;
  children: (control: {
    id: string;
    'aria-invalid': 'true' | undefined;
    'aria-describedby': string | undefined;
  }) => ComponentChildren;
}

/**
 * A labelled form control with its hint and its error from the API's problem details. The error
 * is tied to the control by `aria-describedby`, so it is read out when the control has focus.
 */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={errorId}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      {children({ id, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': describedBy })}
    </div>
  );
}

interface TextFieldProps {
  label: string;
  name: string;
  value: string;
  onInput: (value: string) => void;
  error?: string | undefined;
  hint?: string;
  type?: 'text' | 'email' | 'tel' | 'url';
  autoComplete?: string;
  inputRef?: Ref<HTMLInputElement>;
  /** Not required: the control is not marked `required` (say "(optional)" in the label). */
  optional?: boolean;
}

export function TextField({
  label,
  name,
  value,
  onInput,
  error,
  hint,
  type = 'text',
  autoComplete,
  inputRef,
  optional = false,
}: TextFieldProps) {
  return (
    <Field label={label} error={error} {...(hint ? { hint } : {})}>
      {(control) => {
        const props = {
          ...control,
          ref: inputRef,
          name,
          value,
          required: !optional,
          autoComplete: autoComplete ?? 'off',
          onInput: (event: Event) => onInput((event.currentTarget as HTMLInputElement).value),
        };
        // Separate branches because Preact's input types are a union discriminated by `type`.
        if (type === 'email') return <input {...props} type="email" spellcheck={false} />;
        if (type === 'tel') return <input {...props} type="tel" />;
        if (type === 'url') return <input {...props} type="url" spellcheck={false} />;
        return <input {...props} type="text" />;
      }}
    </Field>
  );
}

interface TextAreaFieldProps {
  label: string;
  name: string;
  value: string;
  onInput: (value: string) => void;
  error?: string | undefined;
  hint?: string;
  rows?: number;
  optional?: boolean;
  textAreaRef?: Ref<HTMLTextAreaElement>;
}

/** A labelled multi-line text control, with its hint and error, like `TextField`. */
export function TextAreaField({
  label,
  name,
  value,
  onInput,
  error,
  hint,
  rows = 3,
  optional = false,
  textAreaRef,
}: TextAreaFieldProps) {
  return (
    <Field label={label} error={error} {...(hint ? { hint } : {})}>
      {(control) => (
        <textarea
          {...control}
          ref={textAreaRef}
          name={name}
          rows={rows}
          value={value}
          required={!optional}
          onInput={(event) => onInput(event.currentTarget.value)}
        />
      )}
    </Field>
  );
}

interface ChoiceGroupProps<T extends string | number> {
  legend: string;
  name: string;
  options: readonly { value: T; label: string }[];
  value: T | null;
  onChange: (value: T) => void;
  error?: string | undefined;
  hint?: string;
  /** `scale`: the options side by side as a row of numbered buttons (a 1–5 score). */
  variant?: 'list' | 'scale';
}

/**
 * Radio buttons in a fieldset: the legend names the question, the hint and the error are tied
 * to the group, and every radio is marked invalid with the group so that focus can move to it.
 */
export function ChoiceGroup<T extends string | number>({
  legend,
  name,
  options,
  value,
  onChange,
  error,
  hint,
  variant = 'list',
}: ChoiceGroupProps<T>) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset
      class={`choice-group choice-group-${variant}${error ? ' field-invalid' : ''}`}
      aria-describedby={describedBy}
    >
      <legend>{legend}</legend>
      {hint && (
        <p class="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={errorId}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      <div class="choices">
        {options.map((option) => (
          <label key={String(option.value)} class="choice">
            <input
              type="radio"
              name={name}
              value={String(option.value)}
              checked={value === option.value}
              aria-invalid={error ? 'true' : undefined}
              onChange={() => onChange(option.value)}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Focuses the first control marked invalid in `form`, after an answer with field errors. */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  invalid?.focus();
  invalid?.scrollIntoView({ block: 'center' });
}
