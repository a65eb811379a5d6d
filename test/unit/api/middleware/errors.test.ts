import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { validator } from 'hono/validator';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '#api/env.ts';
import { onError } from '#api/middleware/errors.ts';
import {
  IdempotencyKeyTakenError,
  NotFoundError,
  ServiceUnavailableError,
  TooManyRequestsError,
  ValidationError,
} from '#domain/errors.ts';

/** A tiny app with the real request-id middleware and onError, whose one route throws what it is given. */
function appThrowing(error: unknown) {
  const app = new Hono<AppEnv>();
  app.use('*', requestId({ headerName: 'X-Request-Id' }));
  app.get('/boom', () => {
    throw error;
  });
  app.post(
    '/json',
    validator('json', (value) => value),
    (c) => c.json({ ok: true }),
  );
  app.onError(onError);
  return app;
}

async function problemOf(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.headers.get('cache-control')).toBe('no-store');
  return (await response.json()) as Record<string, unknown>;
}

describe('onError', () => {
  it('turns an unknown error into a 500 that carries the request id and nothing of the error', async () => {
    const error = new Error('secret: table total-customer, user ada@example.test');
    const app = appThrowing(error);

    const response = await app.request('/boom');

    expect(response.status).toBe(500);
    const body = await problemOf(response);
    expect(body).toEqual({
      type: '/problems/internal',
      title: 'Internal error',
      status: 500,
      detail: 'Something went wrong on our side. Quote the request id if you report it.',
      instance: '/boom',
      requestId: response.headers.get('x-request-id'),
    });
    expect(body.requestId).toEqual(expect.stringMatching(/^[\w-]{8,}$/));
    const text = JSON.stringify(body);
    expect(text).not.toContain('secret');
    expect(text).not.toContain('ada@example.test');
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('keeps an AppError’s status, type, detail and headers', async () => {
    const response = await appThrowing(new ServiceUnavailableError(7, 'Busy.')).request('/boom');

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await problemOf(response)).toMatchObject({
      type: '/problems/unavailable',
      title: 'Service unavailable',
      status: 503,
      detail: 'Busy.',
    });
  });

  it('keeps a 429’s Retry-After', async () => {
    const response = await appThrowing(new TooManyRequestsError(30)).request('/boom');

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('30');
  });

  it('lists a validation error’s field errors', async () => {
    const errors = [{ path: 'contact.email', message: 'Must be an e-mail address.' }];

    const response = await appThrowing(new ValidationError(errors)).request('/boom');

    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({ type: '/problems/validation', errors });
  });

  it('does not add field errors to other problems', async () => {
    const response = await appThrowing(new NotFoundError('No such team.')).request('/boom');

    expect(await problemOf(response)).not.toHaveProperty('errors');
  });

  it('turns malformed JSON into a 400 problem', async () => {
    const response = await appThrowing(null).request('/json', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"name": ',
    });

    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({
      type: '/problems/validation',
      status: 400,
      detail: 'The body is not valid JSON.',
    });
  });

  it('keeps the status of Hono’s other client errors', async () => {
    const response = await appThrowing(new HTTPException(405, { message: 'Method not allowed' })).request('/boom');

    expect(response.status).toBe(405);
    expect(await problemOf(response)).toMatchObject({ type: '/problems/method-not-allowed', status: 405 });
  });

  it('does not trust a Hono 5xx: it is a 500 like any bug', async () => {
    const response = await appThrowing(new HTTPException(502, { message: 'upstream said: secret' })).request('/boom');

    expect(response.status).toBe(500);
    expect(JSON.stringify(await problemOf(response))).not.toContain('secret');
  });

  it('answers a lost race for an idempotency key with a 409', async () => {
    const response = await appThrowing(new IdempotencyKeyTakenError()).request('/boom');

    expect(response.status).toBe(409);
    expect(await problemOf(response)).toMatchObject({ type: '/problems/idempotency-key-in-flight' });
  });
});
