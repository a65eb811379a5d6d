import { createHash } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { IdempotencyKeyTakenError, UnprocessableError, ValidationError } from '#domain/errors.ts';
import { findStoredResponse, type IdempotencyToken, type StoredResponse } from '#services/idempotency.ts';
import type { AppEnv } from '../env.ts';

class IdempotencyKeyReusedError extends UnprocessableError {
  override readonly type = '/problems/idempotency-key-reused';
}

/** The first answer again: its status, its bytes, its ETag and Location. */
function replay(stored: StoredResponse): Response {
  const headers = new Headers({ 'Content-Type': 'application/json', ...stored.headers, 'Idempotent-Replayed': 'true' });
  return new Response(stored.text, { status: stored.status, headers });
}

/**
 * `Idempotency-Key` on creating requests. The key is claimed in the same transaction that
 * writes the record (see data/idempotency.ts); here a known key replays its first response, a
 * key sent with another body is a 422, and a request that lost the race for a key replays the
 * winner's answer.
 */
export const idempotency = createMiddleware<AppEnv>(async (c, next) => {
  const key = c.req.header('Idempotency-Key');
  c.set('idempotency', undefined);
  if (key === undefined) return next();
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new ValidationError([{ path: 'Idempotency-Key', message: 'Between 1 and 255 visible ASCII characters.' }]);
  }
  const body = await c.req.text();
  const token: IdempotencyToken = {
    // The path by its hash: a key belongs to one path, and a path of any length (a hostile one
    // is thousands of characters) must still make a key DynamoDB takes (at most 2 KiB).
    scope: `${c.var.caller.userId}#${c.req.method}#${createHash('sha256').update(c.req.path).digest('base64url')}`,
    key,
    requestHash: createHash('sha256').update(body).digest('base64url'),
  };
  const answer = async (): Promise<Response | undefined> => {
    const stored = await findStoredResponse(c.var.db, token, c.var.now());
    if (!stored) return undefined;
    if (stored.requestHash !== token.requestHash) {
      throw new IdempotencyKeyReusedError('This Idempotency-Key was used with another request body.');
    }
    return replay(stored);
  };
  const earlier = await answer();
  if (earlier) return earlier;
  c.set('idempotency', token);
  await next();
  if (c.error instanceof IdempotencyKeyTakenError) {
    const winner = await answer();
    if (winner) {
      c.error = undefined;
      c.res = winner;
    }
  }
});
