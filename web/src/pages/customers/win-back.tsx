import { useCallback, useEffect, useState } from 'preact/hooks';
import { customerRecordsApi } from '../../api/customers.ts';
import { ApiError, describeError } from '../../api/problem.ts';
import type { Customer, WinBackEntry } from '../../api/types.ts';
import { ErrorAlert, StatusMessage } from '../../components/alert.tsx';
import { Time } from '../../components/dates.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { IssueStatusBadge, SeverityBadge } from '../issues/labels.tsx';
import { usePeople } from '../referrals/use-people.ts';
import { LifecycleActions } from './lifecycle-actions.tsx';
import { forgetCustomerIndex } from './use-customer-index.ts';

const headingId = 'win-back-heading';

/**
 * The born-again list (seed 002), staff and leaders: lapsed customers, those with open
 * grievances first, then the longest lapsed, each with what still hurts them. "Won back" asks
 * what settled it and takes the customer off the list.
 */
export function WinBackPage() {
  usePageTitle('Win back');
  const people = usePeople();
  const [items, setItems] = useState<WinBackEntry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | undefined>();
  const [actionError, setActionError] = useState<string | null>(null);

  const fetchPage = useCallback(async (after: string | null) => {
    setLoading(true);
    setLoadError(null);
    try {
      const page = await customerRecordsApi.winBack(after);
      setItems((current) => (after && current ? [...current, ...page.items] : page.items));
      setCursor(page.cursor);
    } catch (error) {
      setLoadError(describeError(error));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void fetchPage(null);
  }, [fetchPage]);

  const wonBack = (updated: Customer, said: string) => {
    setItems((current) => current?.filter((entry) => entry.id !== updated.id) ?? null);
    setActionError(null);
    setMessage(said);
    forgetCustomerIndex();
  };

  const failed = (entry: WinBackEntry, error: unknown) => {
    setMessage(undefined);
    setActionError(
      error instanceof ApiError && error.status === 412
        ? `${entry.name} was changed by someone else since you loaded the list. It has been reloaded: check it and try again.`
        : describeError(error),
    );
    if (error instanceof ApiError && [404, 409, 412].includes(error.status)) void fetchPage(null);
  };

  return (
    <div class="page-wide">
      <h1 id={headingId} tabIndex={-1}>
        Win back
      </h1>
      <p class="lede">
        Lapsed customers, born-again customers in waiting. Those with a grievance still open come first: settle what
        went wrong, then win them back.
      </p>
      <StatusMessage>{message}</StatusMessage>
      <ErrorAlert>{actionError}</ErrorAlert>
      <section class="card" aria-labelledby="lapsed-heading">
        <h2 id="lapsed-heading">Lapsed customers</h2>
        <ErrorAlert>{loadError}</ErrorAlert>
        {items && items.length === 0 && !loading && <p class="empty">No customer has lapsed. Keep it that way.</p>}
        {items && items.length > 0 && (
          <div class="table-scroll">
            <table class="win-back-table" aria-labelledby="lapsed-heading" aria-busy={loading ? 'true' : undefined}>
              <thead>
                <tr>
                  <th scope="col">Customer</th>
                  <th scope="col">Lapsed</th>
                  <th scope="col">What went wrong</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {items.map((entry) => (
                  <tr key={entry.id} class={entry.openIssues.length > 0 ? 'row-grievance' : undefined}>
                    <th scope="row">
                      <a id={`win-back-${entry.id}`} href={`/customers/${entry.id}`}>
                        {entry.name}
                      </a>
                      {entry.segment && <span class="cell-note">{entry.segment}</span>}
                    </th>
                    <td class="nowrap">
                      <Time iso={entry.lapsedAt ?? entry.lifecycleChangedAt ?? entry.updatedAt} />
                    </td>
                    <td>
                      {entry.openIssues.length === 0 ? (
                        <span class="muted">No open issue</span>
                      ) : (
                        <ul class="grievances">
                          {entry.openIssues.map((issue) => (
                            <li key={issue.id}>
                              <span class="grievance-badges">
                                <SeverityBadge severity={issue.severity} />
                                <IssueStatusBadge status={issue.status} />
                              </span>
                              <a href={`/issues/${issue.id}`}>{issue.title}</a>
                              <span class="cell-note">
                                Reported <Time iso={issue.createdAt} />
                                {issue.ownerId
                                  ? `; ${people.userName(issue.ownerId) ?? '…'} owns it`
                                  : '; nobody owns it yet'}
                              </span>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td class="actions">
                      <LifecycleActions
                        customer={entry}
                        only={['won_back']}
                        onMoved={wonBack}
                        onFailed={(error) => failed(entry, error)}
                        fallbackFocusId={headingId}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {loading && <p class="loading">Loading the win-back list…</p>}
        {cursor !== null && !loading && (
          <button type="button" class="button button-secondary" onClick={() => fetchPage(cursor)}>
            Show more lapsed customers
          </button>
        )}
      </section>
    </div>
  );
}
