import type { ClientResponse } from 'hono/client';
import type { Success } from './client.ts';
import { api, request } from './client.ts';
import { networkError } from './problem.ts';

type Answer<F extends (...args: never[]) => Promise<unknown>> = Success<Awaited<ReturnType<F>>>;

/** The scorecard as `GET /api/scorecard` answers it. */
export type Scorecard = Answer<typeof api.api.scorecard.$get>;
export type Pillar = Scorecard['pillars'][number];
export type PillarId = Pillar['id'];
export type Figure = Pillar['figures'][number];
/** A figure's stable id: one of the scorecard's own, checked by the compiler wherever one is named. */
export type FigureId = Figure['id'];
export type Unit = Figure['unit'];
export type Band = NonNullable<Pillar['band']>;
export type Weights = Scorecard['weights'];
export type Thresholds = Scorecard['thresholds'];

type RecordsRoute = (typeof api.api.scorecard)[':figure']['records'];

/** One page of the records behind a figure, as the drill-down lists them. */
export type FigureRecords = Answer<RecordsRoute['$get']>;
export type FigureRecord = FigureRecords['items'][number];
export type RecordType = FigureRecord['recordType'];

export interface RecordsQuery {
  figure: FigureId;
  /** Omitted for levels (`issues.open.*`, `customers.stage.*`): they are what is true now. */
  week?: string | undefined;
  /** The scorecard's own period, instead of one week. */
  weeks?: number | undefined;
  dimension?: string | undefined;
  cursor?: string | null | undefined;
}

/** Levels are read as they are now, so their drill-down takes no week. */
export function isLevel(figure: string): boolean {
  return figure.startsWith('issues.open.') || figure.startsWith('customers.stage.');
}

function recordsQuery({ week, weeks, dimension }: RecordsQuery) {
  return { ...(week ? { week } : {}), ...(weeks ? { weeks: String(weeks) } : {}), ...(dimension ? { dimension } : {}) };
}

/**
 * Saves a CSV answer as a file. The API needs the bearer token, which a plain link cannot send,
 * so the file is fetched through the client and handed to the browser as a Blob.
 */
async function download(call: Promise<ClientResponse<unknown>>, fallbackName: string): Promise<string> {
  let response: ClientResponse<unknown>;
  try {
    response = await call;
  } catch (cause) {
    throw networkError(cause);
  }
  // `request` turns a failure into the ApiError every screen expects, and ends the session on a 401.
  if (!response.ok) await request(Promise.resolve(response));
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

const figures = api.api.scorecard[':figure'];

export const scorecardApi = {
  get: (weeks: number): Promise<Scorecard> => request(api.api.scorecard.$get({ query: { weeks: String(weeks) } })),

  records: (query: RecordsQuery): Promise<FigureRecords> =>
    request(
      figures.records.$get({
        param: { figure: query.figure },
        query: { ...recordsQuery(query), ...(query.cursor ? { cursor: query.cursor } : {}) },
      }),
    ),

  /** Downloads the whole scorecard as CSV; resolves to the file's name. */
  downloadCsv: (weeks: number): Promise<string> =>
    download(api.api['scorecard.csv'].$get({ query: { weeks: String(weeks) } }), `scorecard-${weeks}-weeks.csv`),

  /** Downloads the records behind a figure (every page) as CSV. */
  downloadRecordsCsv: (query: RecordsQuery): Promise<string> =>
    download(
      figures['records.csv'].$get({ param: { figure: query.figure }, query: recordsQuery(query) }),
      `${query.figure}-records.csv`,
    ),
};
