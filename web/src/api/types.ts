import type { api, Success } from './client.ts';

/**
 * The shapes the screens use, derived from the API's own types rather than restated, so the
 * web cannot drift from the routes.
 */
type Answer<F extends (...args: never[]) => Promise<unknown>> = Success<Awaited<ReturnType<F>>>;

export type Me = Answer<typeof api.api.me.$get>;
export type Role = Me['role'];

export type Team = Answer<typeof api.api.teams.$post>;
export type Partner = Answer<typeof api.api.partners.$post>;
export type User = Answer<typeof api.api.users.$post>;
