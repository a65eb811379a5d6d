import { type AppError, ConflictError, PreconditionFailedError, ServiceUnavailableError } from '#domain/errors.ts';

/** Names of the SDK errors that mean "DynamoDB is overloaded or throttling us". */
const throttlingErrors = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);

/** Cancellation reasons of a transaction that mean the same. */
const throttledReasons = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded']);

/** Errors that mean the database could not be reached at all. */
const unreachableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/** The system error code of an error or of its causes (a few levels down, cycles or not). */
function errorCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 5) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return errorCode((error as { cause?: unknown }).cause, depth + 1);
}

/**
 * Any other failure on the database's side: an error the SDK marks as the server's fault, or
 * a 5xx answer it could not even parse (a proxy's or a starting database's HTML page). Ours to
 * retry later, not the client's doing.
 */
function failedOnTheServer(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { $fault, $metadata } = error as { $fault?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const status = $metadata?.httpStatusCode;
  return $fault === 'server' || (typeof status === 'number' && status >= 500);
}

/** Cancellation reasons of a cancelled transaction, in the order of its items. */
export function cancellationReasons(error: unknown): (string | undefined)[] {
  if (errorName(error) !== 'TransactionCanceledException') return [];
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((reason) => (reason.Code === 'None' ? undefined : reason.Code));
}

export function isConditionFailure(error: unknown): boolean {
  return errorName(error) === 'ConditionalCheckFailedException';
}

export function isTransactionConflict(error: unknown): boolean {
  if (errorName(error) === 'TransactionConflictException') return true;
  const reasons = cancellationReasons(error);
  return reasons.includes('TransactionConflict') && !reasons.includes('ConditionalCheckFailed');
}

/**
 * The one mapping of infrastructure failures to what a client is told: throttling and an
 * unreachable database are a 503 with Retry-After (the client may try again), a transaction
 * that kept conflicting is a 409. Anything else is not the client's doing and stays a 500.
 */
export function mapInfrastructureError(error: unknown): AppError | undefined {
  const name = errorName(error);
  if (name && throttlingErrors.has(name)) {
    return new ServiceUnavailableError(2, 'The database is busy: try again shortly.', { cause: error });
  }
  // A throttled transaction is not thrown as a throttling error: it is cancelled, and its
  // cancellation reasons say why.
  if (cancellationReasons(error).some((reason) => reason !== undefined && throttledReasons.has(reason))) {
    return new ServiceUnavailableError(2, 'The database is busy: try again shortly.', { cause: error });
  }
  if (isTransactionConflict(error)) {
    return new ConflictError('Another change to the same record happened at the same moment: try again.', {
      cause: error,
    });
  }
  const code = errorCode(error);
  if (
    (code && unreachableCodes.has(code)) ||
    name === 'TimeoutError' ||
    name === 'RequestTimeout' ||
    name === 'InternalServerError' ||
    name === 'ServiceUnavailable' ||
    failedOnTheServer(error)
  ) {
    return new ServiceUnavailableError(5, 'The database cannot be reached: try again shortly.', { cause: error });
  }
  return undefined;
}

/** A stale `If-Match`: the record moved on since the caller read it. */
export function staleVersion(what: string, cause?: unknown): PreconditionFailedError {
  return new PreconditionFailedError(`The ${what} has changed since you read it: reload it and try again.`, {
    cause,
  });
}
