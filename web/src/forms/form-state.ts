import { ApiError, describeError } from '../api/problem.ts';

/** Field errors by the API's dotted path (`name`, `contact.email`), or by a form's own key. */
export type FieldErrors = Record<string, string>;

/** Which error paths a form shows beside a field: a list of paths, or a test for them. */
export type KnownFields = readonly string[] | ((path: string) => boolean);

/** What a failed submission puts on the form: errors beside their fields, the rest in the alert. */
export interface Failure {
  fieldErrors: FieldErrors;
  error: string | null;
}

const isKnown = (fields: KnownFields, path: string) =>
  typeof fields === 'function' ? fields(path) : fields.includes(path);

export interface FailureOptions {
  /** Rewords (or moves) the API's field errors before they are shown; which are placed is asked of the API's paths. */
  reword?: (fieldErrors: FieldErrors) => FieldErrors;
  /**
   * A long form's way: when a 400 marks answers on the form, the alert says so in one sentence
   * (and lists the errors it could not place) rather than repeat the API's title.
   */
  summarise?: boolean;
  /**
   * A dialog's (or a small form's) way: no alert when every error is shown beside its field; the
   * field, which has focus, says it.
   */
  quiet?: boolean;
}

export const attentionMessage = 'Some answers need attention: each one is marked on the form.';

/**
 * Sorts a failure's problem: every field error is kept (a control marks itself by its path), and
 * the alert's sentence lists only those no control on this form shows, so none is lost.
 */
export function failureOf(cause: unknown, fields: KnownFields, options: FailureOptions = {}): Failure {
  const fieldErrors = cause instanceof ApiError ? cause.fieldErrors : {};
  const placed = Object.keys(fieldErrors).filter((path) => isKnown(fields, path));
  const shown = options.reword ? options.reword(fieldErrors) : fieldErrors;
  const every = cause instanceof ApiError ? (cause.problem.errors ?? []) : [];
  if (options.quiet && placed.length > 0 && every.every((problem) => placed.includes(problem.path))) {
    return { fieldErrors: shown, error: null };
  }
  if (options.summarise && cause instanceof ApiError && cause.status === 400 && placed.length > 0) {
    const elsewhere = (cause.problem.errors ?? [])
      .filter((problem) => !placed.includes(problem.path))
      .map((problem) => `${problem.path}: ${problem.message}`);
    return { fieldErrors: shown, error: [attentionMessage, ...elsewhere].join(' ') };
  }
  return { fieldErrors: shown, error: describeError(cause, placed) };
}

/** A submission sent with an Idempotency-Key: the body as sent and the key it went with. */
export interface Attempt {
  body: string;
  key: string;
}

/**
 * The key for sending `body`: the last attempt's when the very same body is sent again (a retry
 * after a failure, which must not create the record twice), a fresh one for anything else.
 */
export function nextAttempt(last: Attempt | null, body: unknown, fresh: () => string): Attempt {
  const text = JSON.stringify(body);
  return last?.body === text ? last : { body: text, key: fresh() };
}

/**
 * A form's answer to a 412 or 404 (the record changed or went since it was loaded): `onStale`
 * reloads and says so, and the form shows nothing of its own. For `useForm`'s `handle`.
 */
export function staleFor(onStale: (message: string) => Promise<void>) {
  return async (cause: unknown): Promise<boolean> => {
    if (!(cause instanceof ApiError && (cause.status === 412 || cause.status === 404))) return false;
    await onStale(describeError(cause));
    return true;
  };
}
