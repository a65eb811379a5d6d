import { type ClientResponse, hc, type parseResponse } from 'hono/client';
import type { AppType } from '#api/app.ts';
import { tokenStore } from '../auth/token-store.ts';
import { type ApiError, networkError, problemFrom } from './problem.ts';

/**
 * The typed client for the whole API. Every call the app makes goes through it, so a change to a
 * route's schema is a type error here, not a surprise in the browser.
 */
export const api = hc<AppType>('/', {
  fetch: (input: RequestInfo | URL, init?: RequestInit) => {
    const token = tokenStore.get();
    // After signing out, a page still on its way out may ask for more (the next page of a
    // list): nothing leaves without a session, rather than earning a 401 in the console.
    if (!token) return Promise.reject(new Error('Signed out.'));
    const headers = new Headers(init?.headers);
    headers.set('Authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  },
});

/** What a successful call to `request` resolves to: the body of its 2xx answers. */
export type Success<R extends ClientResponse<unknown>> = Awaited<ReturnType<typeof parseResponse<R>>>;

let onUnauthorized: (error: ApiError) => void = () => {};

/** The session registers here to be told when the API no longer accepts the token (401). */
export function handleUnauthorized(listener: (error: ApiError) => void): void {
  onUnauthorized = listener;
}

/**
 * Awaits an `api` call and returns its success body; any other answer becomes an ApiError
 * carrying the problem details. A 401 also ends the session.
 *
 * @example const me = await request(api.api.me.$get());
 */
export async function request<R extends ClientResponse<unknown>>(call: Promise<R>): Promise<Success<R>> {
  let response: R;
  try {
    response = await call;
  } catch (cause) {
    throw networkError(cause);
  }
  if (response.ok) {
    if (response.status === 204) return undefined as Success<R>;
    return (await response.json()) as Success<R>;
  }
  const error = await problemFrom(response as unknown as Response);
  if (error.status === 401) onUnauthorized(error);
  throw error;
}

/** The `If-Match` header for a record at `version`, as the API's `ETag` spells it. */
export function ifMatch(version: number): { 'if-match': string } {
  return { 'if-match': `"${version}"` };
}
