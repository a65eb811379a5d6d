import { useEffect, useRef, useState } from 'preact/hooks';
import { focusFirstInvalid } from '../components/form-field.tsx';
import { type Attempt, type FieldErrors, failureOf, type KnownFields, nextAttempt } from './form-state.ts';

export interface FormOptions {
  /** The error paths this form shows beside a control; the others are named in the alert. */
  fields: KnownFields;
  /** A dialog's way: no alert when every error is beside its field (see `failureOf`). */
  quiet?: boolean;
  /** A long form's way: one sentence above for the answers marked below (see `failureOf`). */
  summarise?: boolean;
}

export interface SubmitOptions {
  /** A failure the form answers in its own way (a 409 it explains, a 412 that reloads): true when handled. */
  handle?: (cause: unknown) => boolean | Promise<boolean>;
  /** Rewords (or moves) the API's field errors before they are shown. */
  reword?: (fieldErrors: FieldErrors) => FieldErrors;
}

/**
 * The state every form and dialog keeps: whether it is submitting, the alert, the field errors of
 * a problem+json answer (focus moves to the first invalid control) and, for a form that sends an
 * Idempotency-Key, the last attempt, so that a retry of the same body reuses its key.
 */
export function useForm({ fields, quiet = false, summarise = false }: FormOptions) {
  const ref = useRef<HTMLFormElement>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const attempt = useRef<Attempt | null>(null);
  useEffect(() => focusFirstInvalid(ref.current), [fieldErrors]);

  function clear() {
    setError(null);
    setFieldErrors({});
  }

  function fail(cause: unknown, reword?: (errors: FieldErrors) => FieldErrors) {
    const failure = failureOf(cause, fields, reword ? { reword, summarise, quiet } : { summarise, quiet });
    setFieldErrors(failure.fieldErrors);
    setError(failure.error);
  }

  /** Errors found before sending: shown as the API's would be, with an optional sentence above. */
  function invalid(local: FieldErrors, message: string | null = null) {
    setError(message);
    setFieldErrors(local);
  }

  /** Runs `work` as the submission: true when it succeeded; a failure is shown on the form. */
  async function submit(work: () => Promise<unknown>, options: SubmitOptions = {}): Promise<boolean> {
    clear();
    setSubmitting(true);
    try {
      await work();
      attempt.current = null;
      return true;
    } catch (cause) {
      if (!(await options.handle?.(cause))) fail(cause, options.reword);
      return false;
    } finally {
      setSubmitting(false);
    }
  }

  /** The Idempotency-Key to send `body` with (see `nextAttempt`); forgotten once a submission succeeds. */
  function idempotencyKey(body: unknown): string {
    attempt.current = nextAttempt(attempt.current, body, () => crypto.randomUUID());
    return attempt.current.key;
  }

  return {
    ref,
    fieldErrors,
    error,
    submitting,
    setError,
    setFieldErrors,
    clear,
    fail,
    invalid,
    submit,
    idempotencyKey,
  };
}

export type Form = ReturnType<typeof useForm>;
