import { inject } from 'vitest';

/**
 * This worker's DynamoDB Local. The integration suite runs one emulator per vitest worker: an
 * emulator does all its work on one SQLite thread, so two workers sharing one waited on each
 * other while the second core sat idle (on two cores vitest's default is one worker, which left
 * the test process idle most of the time, waiting on the emulator).
 */
export function dynamoEndpoint(): string {
  const endpoints = inject('dynamoEndpoints');
  const poolId = Number(process.env.VITEST_POOL_ID ?? '1');
  const endpoint = endpoints[(poolId - 1) % endpoints.length];
  if (!endpoint) throw new Error('The integration suite started no DynamoDB Local (see dynamodb-global-setup.ts).');
  return endpoint;
}
