import type { ComponentChildren, VNode } from 'preact';
import { ErrorAlert } from './alert.tsx';
import { MorePages } from './more-pages.tsx';

interface ListTableProps<T> {
  /** A list read a page at a time (`useCursorList` and the lists built on it). */
  list: {
    readonly items: readonly T[] | null;
    readonly loading: boolean;
    readonly loadError: string | null;
    readonly hasMore: boolean;
    readonly loadMore: () => unknown;
  };
  /** The id of the heading that names the table. */
  labelledBy: string;
  tableClass?: string;
  /** What the page says when the list is empty: which filters found nothing. */
  empty: ComponentChildren;
  /** The header row's cells. */
  columns: ComponentChildren;
  /** One item's row, with its key. */
  row: (item: T) => VNode;
  /** What shows while a page loads, such as "Loading referrals…". */
  loading: string;
  /** The button's label, such as "Show more referrals". */
  more: string;
}

/**
 * A list page's table: the load error, the empty sentence, the rows in a box that scrolls
 * sideways on a phone (marked busy while a page loads), and "show more" at its foot.
 */
export function ListTable<T>({ list, labelledBy, tableClass, empty, columns, row, loading, more }: ListTableProps<T>) {
  return (
    <>
      <ErrorAlert>{list.loadError}</ErrorAlert>
      {list.items && list.items.length === 0 && !list.loading && <p class="empty">{empty}</p>}
      {list.items && list.items.length > 0 && (
        <div class="table-scroll">
          <table class={tableClass} aria-labelledby={labelledBy} aria-busy={list.loading ? 'true' : undefined}>
            <thead>
              <tr>{columns}</tr>
            </thead>
            <tbody>{list.items.map((item) => row(item))}</tbody>
          </table>
        </div>
      )}
      <MorePages list={list} loading={loading} more={more} />
    </>
  );
}

/** Above a queue's table: how many of its rows are overdue, when any are, and what they wait for. */
export function OverdueSummary({ count, children }: { count: number; children: ComponentChildren }) {
  if (count === 0) return null;
  return (
    <p class="queue-summary">
      <span class="badge badge-overdue">{count} overdue</span> {children}
    </p>
  );
}
