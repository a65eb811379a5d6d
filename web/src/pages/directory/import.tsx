import { useState } from 'preact/hooks';
import { api, request } from '../../api/client.ts';
import { ApiError, describeError } from '../../api/problem.ts';
import { ErrorAlert, StatusMessage } from '../../components/alert.tsx';
import { usePageTitle } from '../../components/page-title.ts';

const kinds = {
  partners: { label: 'Partner organisations', columns: 'name' },
  teams: { label: 'Teams', columns: 'name' },
  users: { label: 'Users', columns: 'name,email,role,team,partner' },
  customers: {
    label: 'Customers',
    columns: 'name,domain,segment,lifecycle,jobToBeDone,fit.resources,fit.functional,fit.technical,fit.cultural',
  },
} as const;
type Kind = keyof typeof kinds;

interface Rejection {
  row: number;
  errors: { path: string; message: string }[];
}

interface Outcome {
  dryRun: boolean;
  accepted: number;
  imported: number;
  rejected: Rejection[];
}

function send(kind: Kind, csv: string, dryRun: boolean) {
  const args = { header: {}, query: dryRun ? { dryRun: 'true' as const } : {}, json: { csv } };
  switch (kind) {
    case 'partners':
      return request(api.api.imports.partners.$post(args));
    case 'teams':
      return request(api.api.imports.teams.$post(args));
    case 'users':
      return request(api.api.imports.users.$post(args));
    case 'customers':
      return request(api.api.imports.customers.$post(args));
  }
}

/** Leaders import teams, partner organisations, users or customers from a CSV file, all or nothing. */
export function ImportPage() {
  usePageTitle('Import CSV', 'Directory');
  const [kind, setKind] = useState<Kind>('partners');
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    setOutcome(null);
    if (!file) {
      setError('Choose a CSV file first.');
      return;
    }
    setBusy(true);
    try {
      const report = await send(kind, await file.text(), dryRun);
      setOutcome(report);
    } catch (failure) {
      const body = failure instanceof ApiError ? (failure.problem as unknown as Partial<Outcome>) : undefined;
      if (failure instanceof ApiError && failure.status === 422 && Array.isArray(body?.rejected)) {
        setOutcome({ dryRun, accepted: body.accepted ?? 0, imported: 0, rejected: body.rejected });
      } else {
        setError(describeError(failure));
      }
    } finally {
      setBusy(false);
    }
  }

  const label = kinds[kind].label.toLowerCase();
  return (
    <>
      <h1>Import CSV</h1>
      <p class="lede">
        Every row is checked first. If any row is refused, nothing is imported: correct the rows named and send the
        whole file again.
      </p>
      <section class="card" aria-labelledby="import-form-heading">
        <h2 id="import-form-heading">Import a file</h2>
        <form class="stack" noValidate onSubmit={submit}>
          <label class="field">
            <span class="field-label">What the file holds</span>
            <select
              name="kind"
              value={kind}
              onChange={(event) => setKind(event.currentTarget.value as Kind)}
              aria-describedby="import-columns"
            >
              {(Object.keys(kinds) as Kind[]).map((option) => (
                <option key={option} value={option}>
                  {kinds[option].label}
                </option>
              ))}
            </select>
          </label>
          <p class="field-hint" id="import-columns">
            The header row must name exactly these columns: <code>{kinds[kind].columns}</code>. UTF-8, at most 500 rows.
            {kind === 'users' ? ' Name a team or partner organisation by its name or id.' : ''}
          </p>
          <label class="field">
            <span class="field-label">CSV file</span>
            <input
              type="file"
              name="file"
              accept=".csv,text/csv"
              onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
            />
          </label>
          <label class="toggle">
            <input type="checkbox" checked={dryRun} onChange={(event) => setDryRun(event.currentTarget.checked)} />
            Only check the file (import nothing)
          </label>
          <div class="form-actions">
            <button type="submit" class="button button-primary" disabled={busy}>
              {busy ? 'Importing…' : dryRun ? 'Check file' : 'Import'}
            </button>
          </div>
        </form>
      </section>
      <ErrorAlert>{error}</ErrorAlert>
      <StatusMessage>
        {outcome && outcome.rejected.length === 0
          ? outcome.dryRun
            ? `All ${outcome.accepted} rows are valid. Nothing was imported yet.`
            : `Imported ${outcome.imported} ${label}.`
          : undefined}
      </StatusMessage>
      {outcome && outcome.rejected.length > 0 && (
        <section class="card" aria-labelledby="import-rejected-heading">
          <h2 id="import-rejected-heading">
            {outcome.rejected.length} row(s) refused, {outcome.accepted} fine: nothing was imported
          </h2>
          <div class="table-scroll">
            <table aria-labelledby="import-rejected-heading">
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Column</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {outcome.rejected.flatMap((rejection) =>
                  rejection.errors.map((problem, index) => (
                    <tr key={`${rejection.row}-${index}`}>
                      <th scope="row">{rejection.row}</th>
                      <td>{problem.path}</td>
                      <td>{problem.message}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
