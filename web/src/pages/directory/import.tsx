import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import {
  headerSampleBytes,
  type ImportHeader,
  type ImportJobListItem,
  type ImportJobView,
  type ImportKind,
  importJobsApi,
} from '../../api/imports.ts';
import { describeError } from '../../api/problem.ts';
import { ErrorAlert, StatusMessage } from '../../components/alert.tsx';
import { formatDateTime, Time } from '../../components/dates.tsx';
import { ExportCsvButton } from '../../components/export-csv.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { TableScroll } from '../../components/table-scroll.tsx';

const kinds: Record<ImportKind, { label: string; noun: string }> = {
  customers: { label: 'Customers', noun: 'customers' },
  partners: { label: 'Partner organisations', noun: 'partner organisations' },
  teams: { label: 'Teams', noun: 'teams' },
  users: { label: 'Users', noun: 'users' },
};
const kindOrder = Object.keys(kinds) as ImportKind[];

/** The job limits, as the API states them (functions/domain/imports/jobs.ts). */
const maxFileBytes = 50 * 1024 * 1024;
const maxRowsText = '100,000';

/** How often a running job is asked for its progress: often enough for the bar to move smoothly. */
const pollMs = 1000;

const statusLabels: Record<ImportJobView['status'], string> = {
  awaiting_upload: 'Awaiting its file',
  validating: 'Checking',
  importing: 'Importing',
  done: 'Done',
  failed: 'Failed',
};

const count = (value: number) => value.toLocaleString('en-GB');
const finished = (job: { status: ImportJobView['status'] }) => job.status === 'done' || job.status === 'failed';

/**
 * Leaders bring in what they already have: a CSV file of up to 50 MB or 100,000 rows, its
 * header mapped to our columns, uploaded straight to storage as an import job. The page follows
 * the job with a progress bar, then shows its report; `?job=<id>` (the finished-import
 * notification's link) opens a job's report directly.
 */
export function ImportPage() {
  usePageTitle('Import CSV', 'Directory');
  const { route, query } = useLocation();
  const watched = query.job && /^[0-9A-Z]{26}$/.test(query.job) ? query.job : undefined;
  const [recent, setRecent] = useState<ImportJobListItem[] | null>(null);
  const [recentError, setRecentError] = useState<string | null>(null);

  const reloadRecent = () =>
    importJobsApi.list().then(
      (page) => {
        setRecent(page.items);
        setRecentError(null);
      },
      (cause: unknown) => setRecentError(describeError(cause)),
    );
  useEffect(() => {
    void reloadRecent();
  }, []);

  return (
    <>
      <h1>Import CSV</h1>
      <p class="lede">
        Bring in what you already have: a CSV file of up to 50 MB or {maxRowsText} rows, as Excel, Google Sheets or your
        CRM exports it. Every row is checked before anything is written, and a file imported twice adds nothing.
      </p>
      <ImportForm
        onStarted={(id) => {
          route(`/directory/import?job=${id}`);
          void reloadRecent();
        }}
      />
      {watched && <JobProgress key={watched} id={watched} onFinished={() => void reloadRecent()} />}
      <section class="card" aria-labelledby="import-recent-heading">
        <h2 id="import-recent-heading">Recent imports</h2>
        <ErrorAlert>{recentError}</ErrorAlert>
        {!recent && !recentError && <p class="loading">Loading the recent imports…</p>}
        {recent && recent.length === 0 && <p class="empty">No imports yet.</p>}
        {recent && recent.length > 0 && <RecentJobs jobs={recent} current={watched} />}
      </section>
    </>
  );
}

/** The file's first bytes as text, for the API to read its header as a job would. */
async function sampleOf(file: File): Promise<string> {
  return file.slice(0, headerSampleBytes).text();
}

function ImportForm({ onStarted }: { onStarted: (id: string) => void }) {
  const [kind, setKind] = useState<ImportKind>('customers');
  const [file, setFile] = useState<File | null>(null);
  const [header, setHeader] = useState<ImportHeader | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [dryRun, setDryRun] = useState(false);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reading = useRef(0);

  // The header is read again for each file and kind: which columns exist, and what a CRM's
  // names are taken for, depend on both. A late answer for an earlier choice is dropped.
  useEffect(() => {
    const mine = ++reading.current;
    setHeader(null);
    setMapping({});
    if (!file) return;
    if (file.size === 0) {
      setError('The file is empty.');
      return;
    }
    if (file.size > maxFileBytes) {
      setError(`The file is ${(file.size / 1024 / 1024).toFixed(1)} MB; at most 50 MB: split it.`);
      return;
    }
    setError(null);
    sampleOf(file)
      .then((sample) => importJobsApi.readHeader(kind, sample))
      .then(
        (read) => {
          if (mine !== reading.current) return;
          setHeader(read);
          setMapping(Object.fromEntries(read.header.map((column) => [column.name, column.suggested ?? ''])));
        },
        (cause: unknown) => {
          if (mine === reading.current) setError(describeError(cause));
        },
      );
  }, [file, kind]);

  const taken = new Set(Object.values(mapping).filter(Boolean));
  const missing = header?.columns.filter((column) => column.required && !taken.has(column.name)) ?? [];

  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    if (!file) {
      setError('Choose a CSV file first.');
      return;
    }
    if (!header) {
      setError('The file’s header row could not be read: choose a CSV file.');
      return;
    }
    try {
      setBusy('Starting the import…');
      // Only what differs from what the job would pick anyway: the rest it recognises itself.
      const chosen = Object.fromEntries(
        header.header
          .filter((column) => (mapping[column.name] ?? '') !== (column.suggested ?? ''))
          .map((column) => [column.name, mapping[column.name] ?? '']),
      );
      const job = await importJobsApi.create({
        kind,
        ...(dryRun ? { dryRun: true } : {}),
        ...(skipInvalid ? { skipInvalid: true } : {}),
        ...(Object.keys(chosen).length > 0 ? { mapping: chosen } : {}),
      });
      setBusy('Uploading the file…');
      await importJobsApi.upload(job.uploadUrl, file);
      onStarted(job.id);
    } catch (cause) {
      setError(describeError(cause));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section class="card" aria-labelledby="import-form-heading">
      <h2 id="import-form-heading">Import a file</h2>
      <form class="stack" noValidate onSubmit={submit}>
        <label class="field">
          <span class="field-label">What the file holds</span>
          <select name="kind" value={kind} onChange={(event) => setKind(event.currentTarget.value as ImportKind)}>
            {kindOrder.map((option) => (
              <option key={option} value={option}>
                {kinds[option].label}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field-label">CSV file</span>
          <span class="field-hint" id="import-file-hint">
            UTF-8 (Excel’s “CSV UTF-8”), comma- or semicolon-separated, at most 50 MB or {maxRowsText} rows.
            {kind === 'users' ? ' Name a team or partner organisation by its name or id.' : ''}
          </span>
          <input
            type="file"
            name="file"
            accept=".csv,text/csv"
            aria-describedby="import-file-hint"
            onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
          />
        </label>
        {header && (
          <HeaderMapping
            header={header}
            mapping={mapping}
            onChange={(name, column) => setMapping((current) => ({ ...current, [name]: column }))}
          />
        )}
        {header && missing.length > 0 && (
          <p class="field-error">
            No column of the file is taken for {missing.map((column) => column.name).join(', ')}: choose one above.
          </p>
        )}
        <label class="toggle">
          <input type="checkbox" checked={dryRun} onChange={(event) => setDryRun(event.currentTarget.checked)} />
          Only check the file (import nothing)
        </label>
        <label class="toggle">
          <input
            type="checkbox"
            checked={skipInvalid}
            onChange={(event) => setSkipInvalid(event.currentTarget.checked)}
          />
          Skip invalid rows (import the valid ones and report the others)
        </label>
        <ErrorAlert>{error}</ErrorAlert>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={busy !== null || missing.length > 0}>
            {busy ?? (dryRun ? 'Upload and check' : 'Upload and import')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The file's header row, each name with a select of our columns; what the job recognises is chosen already. */
function HeaderMapping(props: {
  header: ImportHeader;
  mapping: Record<string, string>;
  onChange: (name: string, column: string) => void;
}) {
  const { header, mapping, onChange } = props;
  return (
    <fieldset class="import-mapping">
      <legend>The file’s columns</legend>
      <p class="field-hint" id="import-mapping-hint">
        Read from its header row ({header.delimiter === ';' ? 'semicolon' : header.delimiter === ',' ? 'comma' : 'tab'}
        -separated). Names we recognise are chosen for you; change any, or ignore a column.
      </p>
      <TableScroll label="The file’s columns">
        <table aria-describedby="import-mapping-hint">
          <caption class="visually-hidden">The file’s columns and what each is imported as</caption>
          <thead>
            <tr>
              <th scope="col">In the file</th>
              <th scope="col">Imported as</th>
            </tr>
          </thead>
          <tbody>
            {header.header.map((column, index) => (
              <tr key={`${index}-${column.name}`}>
                <th scope="row">
                  {column.name || `(column ${index + 1} has no name)`}
                  {column.suggested && <span class="cell-note">Recognised as {column.suggested}</span>}
                </th>
                <td>
                  <select
                    aria-label={`Import “${column.name}” as`}
                    value={mapping[column.name] ?? ''}
                    onChange={(event) => onChange(column.name, event.currentTarget.value)}
                  >
                    <option value="">Ignore</option>
                    {header.columns.map((ours) => (
                      <option key={ours.name} value={ours.name}>
                        {ours.name}
                        {ours.required ? ' (required)' : ''}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </fieldset>
  );
}

/** What the bar measures: rows written of those accepted, or, while the file is checked, nothing yet. */
function progressOf(job: ImportJobView): { now?: number; max: number; text: string } {
  const total = job.totalRows;
  if (job.status === 'awaiting_upload') return { max: 1, text: 'Waiting for the file' };
  if (job.status === 'validating' || total === undefined) return { max: 1, text: 'Reading and checking the file' };
  if (job.status === 'importing') {
    return {
      now: job.processed,
      max: Math.max(job.accepted, 1),
      text: `${count(job.processed)} of ${count(job.accepted)} rows imported`,
    };
  }
  if (job.status === 'done') {
    return job.dryRun
      ? { now: total, max: Math.max(total, 1), text: `${count(total)} rows checked` }
      : { now: job.accepted, max: Math.max(job.accepted, 1), text: `${count(job.processed)} rows imported` };
  }
  return {
    now: job.processed,
    max: Math.max(job.accepted, 1),
    text:
      job.processed === 0 ? 'nothing was imported' : `${count(job.processed)} of ${count(job.accepted)} rows imported`,
  };
}

/** A job followed until it ends, then its report. */
function JobProgress({ id, onFinished }: { id: string; onFinished: () => void }) {
  const [job, setJob] = useState<ImportJobView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await importJobsApi.get(id);
        if (stopped) return;
        setJob(next);
        setError(null);
        if (finished(next)) {
          onFinished();
          return;
        }
      } catch (cause) {
        if (stopped) return;
        setError(describeError(cause));
      }
      timer = setTimeout(poll, pollMs);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [id]);

  const noun = job ? kinds[job.kind].noun : 'rows';
  const progress = job ? progressOf(job) : undefined;
  const percent = progress?.now === undefined ? 0 : Math.min(100, (progress.now / progress.max) * 100);
  return (
    <section class="card" aria-labelledby="import-job-heading">
      <h2 id="import-job-heading">{job ? `${job.dryRun ? 'Check' : 'Import'} of ${noun}` : 'Import'}</h2>
      {job && (
        <p class="section-hint">
          Started <Time iso={job.createdAt} withTime />
        </p>
      )}
      <ErrorAlert>{error}</ErrorAlert>
      {!job && !error && <p class="loading">Loading the import…</p>}
      {job && progress && (
        <>
          <div
            class="progress"
            role="progressbar"
            aria-labelledby="import-job-heading"
            aria-valuemin={0}
            aria-valuemax={progress.max}
            aria-valuenow={progress.now}
            aria-valuetext={progress.text}
          >
            <div
              class={progress.now === undefined ? 'progress-bar progress-indeterminate' : 'progress-bar'}
              style={progress.now === undefined ? undefined : { width: `${percent}%` }}
            />
          </div>
          <p class="progress-text">
            {statusLabels[job.status]}: {progress.text}
            {job.totalRows !== undefined && job.status !== 'done' ? ` (${count(job.totalRows)} rows in the file)` : ''}
          </p>
        </>
      )}
      {job && finished(job) && <JobReport job={job} />}
    </section>
  );
}

function JobReport({ job }: { job: ImportJobView }) {
  const noun = kinds[job.kind].noun;
  const summary =
    job.status === 'failed'
      ? undefined
      : job.dryRun
        ? `The file is checked: ${count(job.accepted)} row(s) fine, ${count(job.rejected)} refused. Nothing was imported.`
        : `Import of ${noun} done: ${count(job.created)} created, ${count(job.updated)} updated, ${count(job.unchanged)} unchanged, ${count(job.rejected)} refused.`;
  const shown = job.rejections.length;
  return (
    <>
      <StatusMessage>{summary}</StatusMessage>
      {job.status === 'failed' && <ErrorAlert>{job.message ?? 'The import failed.'}</ErrorAlert>}
      {job.status === 'done' && job.message && <p>{job.message}</p>}
      <dl class="summary-list summary-compact import-counts">
        {job.dryRun ? (
          <div>
            <dt>Fine</dt>
            <dd>{count(job.accepted)}</dd>
          </div>
        ) : (
          <>
            <div>
              <dt>Created</dt>
              <dd>{count(job.created)}</dd>
            </div>
            <div>
              <dt>Updated</dt>
              <dd>{count(job.updated)}</dd>
            </div>
            <div>
              <dt>Unchanged</dt>
              <dd>{count(job.unchanged)}</dd>
            </div>
          </>
        )}
        <div>
          <dt>Refused</dt>
          <dd>{count(job.rejected)}</dd>
        </div>
        {job.ignoredColumns && job.ignoredColumns.length > 0 && (
          <div>
            <dt>Columns ignored</dt>
            <dd>{job.ignoredColumns.join(', ')}</dd>
          </div>
        )}
      </dl>
      {shown > 0 && (
        <>
          <div class="card-header import-rejected-header">
            <h3 id="import-rejected-heading">
              Refused rows{job.rejected > shown ? ` (the first ${count(shown)} of ${count(job.rejected)})` : ''}
            </h3>
            <ExportCsvButton
              list={`import-jobs/${job.id}/rejected`}
              label="Download the refused rows (CSV)"
              busyLabel="Downloading…"
            />
          </div>
          <TableScroll labelledBy="import-rejected-heading">
            <table aria-labelledby="import-rejected-heading">
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Column</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {job.rejections.flatMap((rejection) =>
                  rejection.errors.map((problem, index) => (
                    <tr key={`${rejection.row}-${index}`}>
                      <th scope="row">{rejection.row}</th>
                      <td class="nowrap">{problem.path}</td>
                      <td class="import-problem">{problem.message}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </>
  );
}

/** Many short columns, kept on one line each: on a phone the table scrolls sideways rather than break words into letters. */
function RecentJobs({ jobs, current }: { jobs: ImportJobListItem[]; current: string | undefined }) {
  return (
    <TableScroll labelledBy="import-recent-heading">
      <table aria-labelledby="import-recent-heading">
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">What</th>
            <th scope="col">Status</th>
            <th scope="col">Rows</th>
            <th scope="col">Created</th>
            <th scope="col">Updated</th>
            <th scope="col">Unchanged</th>
            <th scope="col">Refused</th>
            <th scope="col">
              <span class="visually-hidden">Report</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id}>
              <td class="nowrap">
                <Time iso={job.createdAt} withTime />
              </td>
              <td class="nowrap">
                {kinds[job.kind].label}
                {job.dryRun ? ' (check only)' : ''}
              </td>
              <td class="nowrap">
                <span class={`badge badge-import-${job.status}`}>{statusLabels[job.status]}</span>
              </td>
              <td class="nowrap">{job.totalRows === undefined ? '–' : count(job.totalRows)}</td>
              <td class="nowrap">{count(job.created)}</td>
              <td class="nowrap">{count(job.updated)}</td>
              <td class="nowrap">{count(job.unchanged)}</td>
              <td class="nowrap">{count(job.rejected)}</td>
              <td class="nowrap">
                <a href={`/directory/import?job=${job.id}`} aria-current={job.id === current ? 'true' : undefined}>
                  Report
                  <span class="visually-hidden">
                    {' '}
                    of the import of {kinds[job.kind].noun} started {formatDateTime(job.createdAt)}
                  </span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
