/**
 * The foot of a list read a page at a time: while a page loads it says so; otherwise, if there
 * is a next page, a button reads it.
 */
export function MorePages({
  list,
  loading,
  more,
}: {
  list: { readonly loading: boolean; readonly hasMore: boolean; readonly loadMore: () => unknown };
  /** What shows while a page loads, such as "Loading referrals…". */
  loading: string;
  /** The button's label, such as "Show more referrals". */
  more: string;
}) {
  if (list.loading) return <p class="loading">{loading}</p>;
  if (!list.hasMore) return null;
  return (
    <button type="button" class="button button-secondary" onClick={() => list.loadMore()}>
      {more}
    </button>
  );
}
