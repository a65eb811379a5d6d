import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { issuesApi } from '../../api/issues.ts';
import { describeError } from '../../api/problem.ts';
import type { Issue, IssueStatus, Severity } from '../../api/types.ts';
import { ErrorAlert } from '../../components/alert.tsx';
import { Time } from '../../components/dates.tsx';
import { ExportCsvButton } from '../../components/export-csv.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { SelectFilter } from '../../components/select-filter.tsx';
import { type CustomerIndex, useCustomerIndex } from '../customers/use-customer-index.ts';
import { type People, usePeople } from '../referrals/use-people.ts';
import { issueStatuses, missedTarget, SeverityBadge, severities, severityLabel, TargetCell } from './labels.tsx';

interface Column {
  items: Issue[] | null;
  cursor: string | null;
  loading: boolean;
  error: string | null;
}

const emptyColumn: Column = { items: null, cursor: null, loading: true, error: null };
const statusOrder = issueStatuses.map((status) => status.value);

/**
 * The issue board (staff and leaders): a column per status, `reported → owned → mitigated →
 * resolved`, the most severe first in each; a severity filter and "only mine". Each column is
 * its own list from the API, with its own "show more".
 */
export function IssueBoardPage() {
  usePageTitle('Issues');
  const people = usePeople();
  const customers = useCustomerIndex();
  const [severity, setSeverity] = useState<Severity | ''>('');
  const [mine, setMine] = useState(false);
  const [columns, setColumns] = useState<Record<IssueStatus, Column>>(() => ({
    reported: emptyColumn,
    owned: emptyColumn,
    mitigated: emptyColumn,
    resolved: emptyColumn,
  }));
  const generation = useRef(0);

  const fetchColumn = useCallback(
    async (status: IssueStatus, after: string | null, mineOf: number) => {
      setColumns((current) => ({ ...current, [status]: { ...current[status], loading: true, error: null } }));
      try {
        const page = await issuesApi.list({
          status,
          severity: severity || undefined,
          owner: mine ? 'me' : undefined,
          cursor: after,
          limit: status === 'resolved' ? 8 : 25,
        });
        if (mineOf !== generation.current) return;
        setColumns((current) => ({
          ...current,
          [status]: {
            items: after && current[status].items ? [...(current[status].items ?? []), ...page.items] : page.items,
            cursor: page.cursor,
            loading: false,
            error: null,
          },
        }));
      } catch (error) {
        if (mineOf !== generation.current) return;
        setColumns((current) => ({
          ...current,
          [status]: { ...current[status], loading: false, error: describeError(error) },
        }));
      }
    },
    [severity, mine],
  );

  useEffect(() => {
    const mineOf = ++generation.current;
    for (const status of statusOrder) void fetchColumn(status, null, mineOf);
  }, [fetchColumn]);

  const open = statusOrder.filter((status) => status !== 'resolved').flatMap((status) => columns[status].items ?? []);
  const openBySeverity = severities.map((option) => ({
    ...option,
    count: open.filter((issue) => issue.severity === option.value).length,
  }));
  const late = open.filter((issue) => missedTarget(issue)).length;

  return (
    <div class="page-wide">
      <div class="page-heading">
        <h1>Issues</h1>
        <a class="button button-primary heading-action" href="/report-issue">
          Report an issue
        </a>
      </div>
      <p class="lede">
        Everything hurting a customer, by where it stands. One owner quarterbacks each issue to resolution.
      </p>

      <section class="card" aria-labelledby="board-filters-heading">
        <div class="card-header">
          <h2 id="board-filters-heading">{mine ? 'Issues you own' : 'All issues'}</h2>
          <ExportCsvButton list="issues" query={{ severity: severity || undefined, owner: mine ? 'me' : undefined }} />
          <form class="filters" aria-label="Filter issues" onSubmit={(event) => event.preventDefault()}>
            <SelectFilter
              label="Severity"
              name="severity"
              value={severity}
              every="Every severity"
              options={severities}
              onChange={setSeverity}
            />
            <label class="toggle">
              <input type="checkbox" checked={mine} onChange={(event) => setMine(event.currentTarget.checked)} />
              Only issues I own
            </label>
          </form>
        </div>
        <p class="board-summary">
          <span>Open{open.length > 0 ? ` (${open.length}${openHasMore(columns) ? '+' : ''})` : ''}:</span>
          {openBySeverity
            .filter((option) => !severity || option.value === severity)
            .map((option) => (
              <span key={option.value} class="board-count">
                <SeverityBadge severity={option.value} /> {option.count}
              </span>
            ))}
          {late > 0 && <span class="badge badge-overdue">{late} past target</span>}
        </p>
      </section>

      <div class="issue-board">
        {issueStatuses.map((status) => (
          <BoardColumn
            key={status.value}
            status={status.value}
            label={status.label}
            meaning={status.meaning}
            column={columns[status.value]}
            people={people}
            customers={customers}
            emptyText={
              mine ? 'None of yours.' : severity ? `No ${severityLabel(severity).toLowerCase()} issues.` : 'None.'
            }
            onMore={() => fetchColumn(status.value, columns[status.value].cursor, generation.current)}
          />
        ))}
      </div>
    </div>
  );
}

function openHasMore(columns: Record<IssueStatus, Column>): boolean {
  return statusOrder.some((status) => status !== 'resolved' && columns[status].cursor !== null);
}

function BoardColumn({
  status,
  label,
  meaning,
  column,
  people,
  customers,
  emptyText,
  onMore,
}: {
  status: IssueStatus;
  label: string;
  meaning: string;
  column: Column;
  people: People;
  customers: CustomerIndex;
  emptyText: string;
  onMore: () => void;
}) {
  const headingId = `column-${status}`;
  const count = column.items?.length ?? 0;
  return (
    <section class={`board-column board-column-${status}`} aria-labelledby={headingId}>
      <h2 id={headingId} class="board-column-heading">
        {label}
        <span class="board-column-count">
          {column.items ? `${count}${column.cursor ? '+' : ''}` : ''}
          <span class="visually-hidden"> issues</span>
        </span>
      </h2>
      <p class="board-column-meaning">{meaning} The most severe first.</p>
      <ErrorAlert>{column.error}</ErrorAlert>
      {column.items && column.items.length === 0 && !column.loading && <p class="empty">{emptyText}</p>}
      {column.items && column.items.length > 0 && (
        <ul class="issue-cards" aria-busy={column.loading ? 'true' : undefined}>
          {column.items.map((issue) => (
            <IssueCard key={issue.id} issue={issue} people={people} customers={customers} />
          ))}
        </ul>
      )}
      {column.loading && <p class="loading">Loading…</p>}
      {column.cursor !== null && !column.loading && (
        <button type="button" class="button button-secondary button-small" onClick={onMore}>
          Show more<span class="visually-hidden"> {label.toLowerCase()} issues</span>
        </button>
      )}
    </section>
  );
}

function IssueCard({ issue, people, customers }: { issue: Issue; people: People; customers: CustomerIndex }) {
  const names = issue.customerIds.map((id) => customers.name(id) ?? (customers.loaded ? 'A customer' : '…'));
  const missed = missedTarget(issue);
  return (
    <li class={`issue-card issue-card-${issue.severity}${missed ? ' issue-card-late' : ''}`}>
      <p class="issue-card-top">
        <SeverityBadge severity={issue.severity} />
        <span class="issue-card-customers">{names.join(', ')}</span>
      </p>
      <a class="issue-card-link" href={`/issues/${issue.id}`}>
        {issue.title}
      </a>
      <p class="issue-card-impact">{issue.impact}</p>
      <p class="issue-card-meta">
        {issue.status === 'reported' ? (
          <span class="muted">Nobody owns it yet</span>
        ) : issue.ownerId ? (
          <span>Owner: {people.userName(issue.ownerId) ?? '…'}</span>
        ) : null}
        <span>
          Reported <Time iso={issue.createdAt} />
        </span>
      </p>
      <p class="issue-card-meta">
        <TargetCell issue={issue} />
      </p>
    </li>
  );
}
