import { useCallback } from 'preact/hooks';
import { type HandoffFilters, handoffsApi } from '../../api/handoffs.ts';
import { ApiError } from '../../api/problem.ts';
import type { Handoff } from '../../api/types.ts';
import { useCursorList } from '../../components/use-cursor-list.ts';

/**
 * A list of handoffs in the API's order (an inbox lists the overdue ones first, the rest newest
 * first): its first page, "show more" along the cursor, and local updates after a change. A
 * stale answer (the filters changed while a page was loading) is dropped.
 */
export function useHandoffList(filters: Omit<HandoffFilters, 'cursor' | 'limit'>) {
  const { box, teamId, status, overdue } = filters;
  const { items, setItems, loading, loadError, hasMore, loadMore } = useCursorList(
    useCallback(
      (cursor: string | null) => handoffsApi.list({ box, teamId, status, overdue, cursor }),
      [box, teamId, status, overdue],
    ),
  );

  const replace = (updated: Handoff) =>
    setItems((current) => current?.map((item) => (item.id === updated.id ? updated : item)) ?? null);

  return {
    items,
    loading,
    loadError,
    hasMore,
    loadMore,
    /** Puts the handoff as the API answered it in place of the one listed. */
    changed: replace,
    /** Reads one handoff afresh (after a 412 says it changed); one that is gone (404) leaves the list. */
    async refresh(id: string): Promise<void> {
      try {
        const { timeline: _timeline, ...fresh } = await handoffsApi.get(id);
        replace(fresh);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          setItems((current) => current?.filter((item) => item.id !== id) ?? null);
        } else throw error;
      }
    },
  };
}
