import { api, ifMatch, request, type Success } from './client.ts';

type PlaysApi = typeof api.api.plays;
type Answer<F extends (...args: never[]) => Promise<unknown>> = Success<Awaited<ReturnType<F>>>;

export type Play = Answer<PlaysApi[':id']['$get']>;
export type PlayCreation = Parameters<PlaysApi['$post']>[0]['json'];

/** Plays: leaders make them of the scorecard's movers; owners close them with a note. */
export const playsApi = {
  get: (id: string) => request(api.api.plays[':id'].$get({ param: { id } })),
  create: (creation: PlayCreation) => request(api.api.plays.$post({ header: {}, json: creation })),
  close: (play: { id: string; version: number }, note: string) =>
    request(
      api.api.plays[':id'].close.$post({ param: { id: play.id }, header: ifMatch(play.version), json: { note } }),
    ),
};
