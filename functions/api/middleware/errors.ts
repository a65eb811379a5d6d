import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, ValidationError } from '#domain/errors.ts';
import { logger } from '#lib/logger.ts';
import type { AppEnv } from '../env.ts';

const problemType = 'application/problem+json';

export function problemResponse(
  c: Context,
  problem: {
    type: string;
    title: string;
    status: number;
    detail?: string;
    errors?: readonly unknown[];
    extensions?: Record<string, unknown>;
  },
  headers: Record<string, string> = {},
): Response {
  const requestId = c.get('requestId' as never) as string | undefined;
  const body = {
    ...problem.extensions,
    type: problem.type,
    title: problem.title,
    status: problem.status,
    ...(problem.detail ? { detail: problem.detail } : {}),
    instance: c.req.path,
    ...(requestId ? { requestId } : {}),
    ...(problem.errors ? { errors: problem.errors } : {}),
  };
  // A Response built here does not carry the headers middleware prepared before the error (the
  // request id among them), so the request id is set again: a problem must quote the id the
  // client sees in its headers.
  return new Response(JSON.stringify(body), {
    status: problem.status,
    headers: {
      'Content-Type': problemType,
      'Cache-Control': 'no-store',
      ...(requestId ? { 'X-Request-Id': requestId } : {}),
      ...headers,
    },
  });
}

const httpTitles: Record<number, [string, string]> = {
  400: ['/problems/validation', 'Invalid request'],
  401: ['/problems/unauthorized', 'Not signed in'],
  404: ['/problems/not-found', 'Not found'],
  405: ['/problems/method-not-allowed', 'Method not allowed'],
  413: ['/problems/payload-too-large', 'Payload too large'],
  415: ['/problems/unsupported-media-type', 'Unsupported media type'],
};

/**
 * The one error mapping. Typed errors say what the client did wrong; Hono's own exceptions
 * (malformed JSON, body limit) keep their status; anything else is a bug and a 500 that
 * carries only the request id — the details go to the log, never to the client.
 */
export function onError(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof AppError) {
    if (error.status >= 500)
      logger.warn('request failed', { status: error.status, error: error.name, cause: String(error.cause) });
    return problemResponse(
      c,
      {
        type: error.type,
        title: error.title,
        status: error.status,
        detail: error.message,
        extensions: error.extensions,
        ...(error instanceof ValidationError ? { errors: error.errors } : {}),
      },
      error.headers,
    );
  }
  if (error instanceof HTTPException && error.status < 500) {
    const [type, title] = httpTitles[error.status] ?? ['/problems/bad-request', 'Bad request'];
    const detail = error.status === 400 && /JSON/i.test(error.message) ? 'The body is not valid JSON.' : error.message;
    return problemResponse(c, { type, title, status: error.status, detail });
  }
  logger.error('unhandled error', { error });
  return problemResponse(c, {
    type: '/problems/internal',
    title: 'Internal error',
    status: 500,
    detail: 'Something went wrong on our side. Quote the request id if you report it.',
  });
}
