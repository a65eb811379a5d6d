/**
 * Typed errors with their HTTP meaning. Domain and services throw these; the API's one
 * `onError` turns them into problem+json (RFC 9457). Anything else is a bug and becomes a 500.
 */
export interface FieldError {
  /** Dotted path of the offending field, e.g. `contact.email`. */
  readonly path: string;
  readonly message: string;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  /** A stable, documented problem type (a URI relative to the API docs). */
  abstract readonly type: string;
  /** Extra members of the problem document; never personal data. */
  readonly extensions: Record<string, unknown> = {};
  readonly headers: Record<string, string> = {};
}

export class ValidationError extends AppError {
  readonly status = 400;
  readonly title = 'Invalid request';
  readonly type = '/problems/validation';
  constructor(
    readonly errors: readonly FieldError[],
    detail = 'The request is not valid: see the field errors.',
    options?: ErrorOptions,
  ) {
    super(detail, options);
  }
}

export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly title = 'Not signed in';
  readonly type = '/problems/unauthorized';
  override readonly headers = { 'WWW-Authenticate': 'Bearer' };
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly title = 'Not allowed';
  readonly type = '/problems/forbidden';
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly title = 'Not found';
  readonly type = '/problems/not-found';
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly title: string = 'Conflict';
  readonly type: string = '/problems/conflict';
}

/**
 * A creating request lost the race for its `Idempotency-Key` to one still being processed: the
 * repositories throw it when the key's marker was claimed in the same instant, and the API
 * replays the winner's answer once it exists, else answers this 409.
 */
export class IdempotencyKeyTakenError extends ConflictError {
  override readonly type = '/problems/idempotency-key-in-flight';
  constructor() {
    super('A request with this Idempotency-Key is still being processed: try again shortly.');
  }
}

export class InvalidTransitionError extends ConflictError {
  override readonly title = 'Invalid transition';
  override readonly type = '/problems/invalid-transition';
}

export class PreconditionFailedError extends AppError {
  readonly status = 412;
  readonly title = 'Precondition failed';
  readonly type = '/problems/stale-version';
}

export class PreconditionRequiredError extends AppError {
  readonly status = 428;
  readonly title = 'Precondition required';
  readonly type = '/problems/if-match-required';
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly title = 'Payload too large';
  readonly type = '/problems/payload-too-large';
}

export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly title = 'Unsupported media type';
  readonly type = '/problems/unsupported-media-type';
}

export class UnprocessableError extends AppError {
  readonly status = 422;
  readonly title = 'Unprocessable request';
  readonly type: string = '/problems/unprocessable';
}

export class TooManyRequestsError extends AppError {
  readonly status = 429;
  readonly title = 'Too many requests';
  readonly type = '/problems/throttled';
  constructor(retryAfterSeconds: number, detail = 'Too many requests: try again shortly.', options?: ErrorOptions) {
    super(detail, options);
    this.headers['Retry-After'] = String(retryAfterSeconds);
  }
}

export class ServiceUnavailableError extends AppError {
  readonly status = 503;
  readonly title = 'Service unavailable';
  readonly type = '/problems/unavailable';
  constructor(
    retryAfterSeconds: number,
    detail = 'The service is briefly unavailable: try again shortly.',
    options?: ErrorOptions,
  ) {
    super(detail, options);
    this.headers['Retry-After'] = String(retryAfterSeconds);
  }
}
