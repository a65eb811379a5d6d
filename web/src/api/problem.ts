/** A field error from the API's problem details: `path` is dotted (`name`, `contact.email`). */
export interface FieldProblem {
  path: string;
  message: string;
}

/** RFC 9457 problem details, as every API error is answered. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  requestId?: string;
  errors?: FieldProblem[];
}

/** Thrown by every API call that does not succeed; `status` 0 means the request never got an answer. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem, options?: ErrorOptions) {
    super(problem.detail ?? problem.title, options);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  /** A member the problem carries beyond RFC 9457's own (`registeredAt`, …), when it is a string. */
  extension(name: string): string | undefined {
    const value = (this.problem as unknown as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  }

  /** The field errors, keyed by path; an empty object when there are none. */
  get fieldErrors(): Record<string, string> {
    const byPath: Record<string, string> = {};
    for (const error of this.problem.errors ?? []) byPath[error.path] ??= error.message;
    return byPath;
  }
}

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Problem).title === 'string' &&
    typeof (value as Problem).status === 'number'
  );
}

/** Turns a failed response into an ApiError, whether or not its body is problem+json. */
export async function problemFrom(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (isProblem(body)) return new ApiError({ ...body, status: response.status });
  return new ApiError({
    type: 'about:blank',
    title: response.statusText || 'Request failed',
    status: response.status,
    detail: `The server answered ${response.status} ${response.statusText}.`.replace(' .', '.'),
  });
}

/** The error for a request that got no answer at all (offline, DNS, CORS, aborted). */
export function networkError(cause: unknown): ApiError {
  return new ApiError(
    {
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      detail: 'The server could not be reached. Check your connection and try again.',
    },
    { cause },
  );
}

/**
 * A sentence for an alert region. Field errors are shown next to their fields, so only the ones
 * whose path has no field on the form are listed here.
 */
export function describeError(error: unknown, knownFields: readonly string[] = []): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  if (error.status === 412) {
    return 'This record was changed by someone else since you loaded it. It has been reloaded: check it and try again.';
  }
  const unplaced = (error.problem.errors ?? []).filter((e) => !knownFields.includes(e.path));
  const base = error.problem.detail ?? error.problem.title;
  const extra = unplaced.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
  const reference = error.status >= 500 && error.problem.requestId ? ` (reference ${error.problem.requestId})` : '';
  return [base + reference, ...extra].join(' ');
}
