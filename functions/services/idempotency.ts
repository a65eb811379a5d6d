/**
 * What the API's `Idempotency-Key` middleware needs of the table, behind the services layer:
 * the API never reaches into functions/data/ itself. The key is claimed in the transaction that
 * writes the record (data/idempotency.ts); this is the read of the answer stored under it.
 */
export { findStoredResponse, type IdempotencyToken, type StoredResponse } from '#data/idempotency.ts';
