import { api, request, type Success } from './client.ts';
import { networkError, problemFrom } from './problem.ts';

type JobsApi = (typeof api.api)['import-jobs'];
type Answer<F extends (...args: never[]) => Promise<unknown>> = Success<Awaited<ReturnType<F>>>;

export type ImportJob = Answer<JobsApi['$post']>;
/** A job with its first refused rows: the progress and the report. */
export type ImportJobView = Answer<JobsApi[':id']['$get']>;
export type ImportJobListItem = Answer<JobsApi['$get']>['items'][number];
export type ImportKind = ImportJob['kind'];
export type ImportJobCreation = Parameters<JobsApi['$post']>[0]['json'];
/** A file's header as a job would read it, each name with the column it would be taken for. */
export type ImportHeader = Answer<JobsApi['header']['$post']>;

/** How much of a file is sent to have its header read: a header row of any CRM fits many times over. */
export const headerSampleBytes = 16 * 1024;

/** Leaders' import jobs: create one, send it its file, follow it. */
export const importJobsApi = {
  readHeader: (kind: ImportKind, sample: string) =>
    request(api.api['import-jobs'].header.$post({ json: { kind, sample } })),
  create: (creation: ImportJobCreation) => request(api.api['import-jobs'].$post({ json: creation })),
  get: (id: string) => request(api.api['import-jobs'][':id'].$get({ param: { id } })),
  list: () => request(api.api['import-jobs'].$get({ query: { limit: '10' } })),
  /**
   * PUTs the file to the job's upload URL as it is: a presigned S3 URL when deployed, so no
   * Authorization header (S3 would refuse a second credential). The PUT starts the job.
   */
  async upload(uploadUrl: string, file: File): Promise<void> {
    let response: Response;
    try {
      response = await fetch(uploadUrl, { method: 'PUT', body: file, headers: { 'Content-Type': 'text/csv' } });
    } catch (cause) {
      throw networkError(cause);
    }
    if (!response.ok) throw await problemFrom(response);
  },
};
