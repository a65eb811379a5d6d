import { setTimeout as sleep } from 'node:timers/promises';

/** One HTTP attempt as a client saw it: what the outage checks read. */
export interface Attempt {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly status: number | 'network';
  readonly retryAfter: string | null;
  readonly path: string;
}

export interface Answer {
  readonly status: number | 'network';
  readonly json: unknown;
  readonly retryAfter: string | null;
}

/** Who a request is sent as: the soak signs every user in once, up front. */
export interface Person {
  readonly id: string;
}

export type Request = (
  as: Person,
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<Answer & { retried: boolean }>;

/**
 * A client as the web app and a well-behaved integration are: a 503 or 429 (or a dropped
 * connection, or a creation still in flight) is tried again after its Retry-After, capped at
 * `maxRetryWaitMs` to keep the run short, until `giveUpMs` has passed. Every attempt is kept.
 */
export function soakClient(options: {
  readonly url: string;
  readonly tokens: ReadonlyMap<string, string>;
  readonly giveUpMs: number;
  readonly maxRetryWaitMs: number;
}) {
  const attempts: Attempt[] = [];
  const statuses: Record<string, number> = {};

  async function call(
    as: Person,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const startedAt = Date.now();
    let status: number | 'network' = 'network';
    let json: unknown;
    let retryAfter: string | null = null;
    try {
      const response = await fetch(`${options.url}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${options.tokens.get(as.id)}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(120_000),
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      json = await response.json().catch(() => undefined);
    } catch {
      status = 'network';
    }
    attempts.push({ startedAt, endedAt: Date.now(), status, retryAfter, path });
    statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
    return { status, json, retryAfter };
  }

  /** One logical request: tried again after a 503 or 429, as its Retry-After asks. */
  const request: Request = async (as, method, path, body, headers) => {
    const start = Date.now();
    let retried = false;
    for (;;) {
      const answer = await call(as, method, path, body, headers);
      // A creation whose first try is still being written answers 409 "in flight": the
      // same key a moment later gets the stored answer.
      const inFlight =
        answer.status === 409 &&
        (answer.json as { type?: string } | undefined)?.type === '/problems/idempotency-key-in-flight';
      const retryable = answer.status === 503 || answer.status === 429 || answer.status === 'network' || inFlight;
      if (!retryable || Date.now() - start > options.giveUpMs) return { ...answer, retried };
      retried = true;
      const wait = Number(answer.retryAfter ?? '1') * 1000;
      await sleep(Math.min(Number.isFinite(wait) ? wait : 1000, options.maxRetryWaitMs));
    }
  };

  return { attempts, statuses, request };
}
