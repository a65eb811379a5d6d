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
  type?: 'text' | 'email';
  autoComplete?: string;
  inputRef?: Ref<HTMLInputElement>;
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
}: TextFieldProps) {
  return (
    <Field label={label} error={error} {...(hint ? { hint } : {})}>
      {(control) => {
        const props = {
          ...control,
          ref: inputRef,
          name,
          value,
          required: true,
          autoComplete: autoComplete ?? 'off',
          onInput: (event: Event) => onInput((event.currentTarget as HTMLInputElement).value),
        };
        // Two branches because Preact's input types are a union discriminated by `type`.
        return type === 'email' ? (
          <input {...props} type="email" spellcheck={false} />
        ) : (
          <input {...props} type="text" />
        );
      }}
    </Field>
  );
}

/** Focuses the first control marked invalid in `form`, after an answer with field errors. */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  invalid?.focus();
}
