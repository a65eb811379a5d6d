import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';

/**
 * The failures DynamoDB answers with, built as the SDK builds them, for aws-sdk-client-mock's
 * `rejects()`. DynamoDB Local never throttles or races transactions, so these are how the
 * mapping of those failures is tested.
 */
const metadata = { $metadata: { httpStatusCode: 400 } };

export const throttlingErrors = {
  ThrottlingException: () => new ThrottlingException({ message: 'Throughput exceeds the account limit.', ...metadata }),
  ProvisionedThroughputExceededException: () =>
    new ProvisionedThroughputExceededException({
      message: 'The level of configured throughput was exceeded.',
      ...metadata,
    }),
  RequestLimitExceeded: () =>
    new RequestLimitExceeded({ message: 'Throughput exceeds the account limit.', ...metadata }),
} as const;

/** A cancelled transaction; one code per item, `None` where the item was fine. */
export function transactionCancelled(codes: readonly string[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    CancellationReasons: codes.map((Code) => ({ Code })),
    ...metadata,
  });
}

export function conditionalCheckFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', ...metadata });
}

/** What Node's HTTP stack throws when nothing listens on the database's port. */
export function connectionRefused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), {
    code: 'ECONNREFUSED',
    errno: -111,
    syscall: 'connect',
  });
}

/** What the SDK's HTTP handler throws when a request outlives its timeout. */
export function requestTimedOut(): Error {
  return Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' });
}
