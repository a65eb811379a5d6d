import type { ClientResponse } from 'hono/client';
import { tokenStore } from '../auth/token-store.ts';
import type { Success } from './client.ts';
import { api, request } from './client.ts';
import { networkError } from './problem.ts';

type Answer<F extends (...args: never[]) => Promise<unknown>> = Success<Awaited<ReturnType<F>>>;

/** The scorecard as `GET /api/scorecard` answers it. */
export type Scorecard = Answer<typeof api.api.scorecard.$get>;
export type Pillar = Scorecard['pillars'][number];
export type PillarId = Pillar['id'];
export type Figure = Pillar['figures'][number];
export type Unit = Figure['unit'];
export type Band = NonNullable<Pillar['band']>;
export type Weights = Scorecard['weights'];
export type Thresholds = Scorecard['thresholds'];

export type RecordType = 'referral' | 'handoff' | 'issue' | 'customer';

/** One record behind a figure, as the drill-down lists it. */
export interface FigureRecord {
  recordType: RecordType;
  id: string;
  label: string;
  status: string;
  at: string;
}

export interface FigureRecords {
  figure: string;
  week?: string | null;
  dimension: string;
  items: FigureRecord[];
  cursor: string | null;
}

export interface RecordsQuery {
  figure: string;
  /** Omitted for levels (`issues.open.*`, `customers.stage.*`): they are what is true now. */
  week?: string | undefined;
  dimension?: string | undefined;
  cursor?: string | null | undefined;
}

/** Levels are read as they are now, so their drill-down takes no week. */
export function isLevel(figure: string): boolean {
  return figure.startsWith('issues.open.') || figure.startsWith('customers.stage.');
}

function recordsSearch({ week, dimension, cursor }: RecordsQuery): string {
  const query = new URLSearchParams();
  if (week) query.set('week', week);
  if (dimension && dimension !== 'all') query.set('dimension', dimension);
  if (cursor) query.set('cursor', cursor);
  const search = query.toString();
  return search ? `?${search}` : '';
}

/**
 * A GET with the session's bearer token, for the answers the typed client does not describe as
 * JSON (the CSV downloads). Non-2xx answers become ApiErrors, as `request` makes them.
 */
async function authorizedGet(path: string): Promise<Response> {
  const token = tokenStore.get();
  if (!token) throw networkError(new Error('Signed out.'));
  let response: Response;
  try {
    response = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
  } catch (cause) {
    throw networkError(cause);
  }
  // `request` turns a failure into the ApiError every screen expects, and ends the session on a 401.
  if (!response.ok) await request(Promise.resolve(response as unknown as ClientResponse<unknown>));
  return response;
}

/**
 * Saves what a URL answers as a file. The API needs the bearer token, which a plain link cannot
 * send, so the file is fetched here and handed to the browser as a Blob.
 */
async function download(path: string, fallbackName: string): Promise<string> {
  const response = await authorizedGet(path);
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName;
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the Blob to the download; the URL can go once this task ends.
  setTimeout(() => URL.revokeObjectURL(href), 0);
  return name;
}

const figurePath = (figure: string) => `/api/scorecard/${encodeURIComponent(figure)}`;

export const scorecardApi = {
  get: (weeks: number): Promise<Scorecard> => request(api.api.scorecard.$get({ query: { weeks: String(weeks) } })),

  records: async (query: RecordsQuery): Promise<FigureRecords> => {
    const response = await authorizedGet(`${figurePath(query.figure)}/records${recordsSearch(query)}`);
    return (await response.json()) as FigureRecords;
  },

  /** Downloads the whole scorecard as CSV; resolves to the file's name. */
  downloadCsv: (weeks: number): Promise<string> =>
    download(`/api/scorecard.csv?weeks=${weeks}`, `scorecard-${weeks}-weeks.csv`),

  /** Downloads the records behind a figure (every page) as CSV. */
  downloadRecordsCsv: (query: RecordsQuery): Promise<string> =>
    download(
      `${figurePath(query.figure)}/records.csv${recordsSearch({ ...query, cursor: null })}`,
      `${query.figure}-records.csv`,
    ),
};
