import { useState } from 'preact/hooks';
import { problemFrom } from '../api/problem.ts';
import { tokenStore } from '../auth/token-store.ts';

/**
 * "Export CSV": fetches `/api/<list>.csv` with the list's filters and the bearer token (a plain
 * link could not carry the token) and saves the answer as a file.
 */
export function ExportCsvButton({
  list,
  query = {},
  label = 'Export CSV',
  busyLabel = 'Exporting…',
}: {
  list: string;
  query?: Record<string, string | undefined>;
  label?: string;
  busyLabel?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function download() {
    setBusy(true);
    setError(null);
    try {
      const params = new URLSearchParams(
        Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])),
      );
      const token = tokenStore.get();
      const response = await fetch(`/api/${list}.csv${params.size ? `?${params}` : ''}`, {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      });
      if (!response.ok) throw await problemFrom(response);
      const blob = await response.blob();
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `${list}.csv`;
      const href = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = href;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <span class="export-csv">
      <button type="button" class="button button-secondary" onClick={download} disabled={busy}>
        {busy ? busyLabel : label}
      </button>
      {error && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
