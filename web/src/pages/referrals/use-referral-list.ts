import { useCallback } from 'preact/hooks';
import { ApiError } from '../../api/problem.ts';
import { type ReferralFilters, referralsApi } from '../../api/referrals.ts';
import type { Referral } from '../../api/types.ts';
import { useCursorList } from '../../components/use-cursor-list.ts';

/** How many pages of overdue referrals the queue reads ahead of the rest, at most. */
const maxOverduePages = 4;

/** The referrals still waiting for a first response past their due date, up to `maxOverduePages` pages. */
async function overdueReferrals(ownerId: string | undefined): Promise<Referral[]> {
  const leading: Referral[] = [];
  let next: string | null = null;
  for (let page = 0; page < maxOverduePages; page++) {
    const answer = await referralsApi.list({ status: 'submitted', ownerId, overdue: true, cursor: next, limit: 50 });
    leading.push(...answer.items);
    next = answer.cursor;
    if (!next) break;
  }
  return leading;
}

/** The first of each referral: an overdue one read ahead is not listed again where its page has it. */
function firstOfEach(referrals: Referral[]): Referral[] {
  const seen = new Set<string>();
  return referrals.filter((referral) => !seen.has(referral.id) && seen.add(referral.id));
}

/**
 * A list of referrals: the cursor list (first page, "show more", a stale answer dropped) with
 * local updates after a change. With `overdueFirst`, the referrals still waiting for a first
 * response past their due date are read with the first page and lead the list (the API lists
 * newest first); the rest follow, without them.
 */
export function useReferralList(filters: ReferralFilters, overdueFirst: boolean) {
  const { status, ownerId } = filters;
  const load = useCallback(
    async (after: string | null) => {
      const leading =
        !after && overdueFirst && (status === undefined || status === 'submitted')
          ? await overdueReferrals(ownerId)
          : [];
      const page = await referralsApi.list({ status, ownerId, cursor: after });
      return { items: [...leading, ...page.items], cursor: page.cursor };
    },
    [status, ownerId, overdueFirst],
  );
  const { items, setItems, loading, loadError, hasMore, loadMore, reload } = useCursorList(load);

  const replace = (updated: Referral) =>
    setItems((current) => current?.map((item) => (item.id === updated.id ? { ...item, ...updated } : item)) ?? null);
  const remove = (id: string) => setItems((current) => current?.filter((item) => item.id !== id) ?? null);

  return {
    items: items === null ? null : firstOfEach(items),
    loading,
    loadError,
    hasMore,
    loadMore,
    reload,
    /** Puts the referral as the API answered it in place of the one listed. */
    changed: replace,
    /**
     * Reads one referral afresh (after a 412 says it changed) and puts it in place; a referral
     * that is gone (404) leaves the list.
     */
    async refresh(id: string): Promise<void> {
      try {
        const {
          timeline: _timeline,
          internalNotes: _notes,
          conflicts: _conflicts,
          ...fresh
        } = await referralsApi.get(id);
        replace(fresh);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) remove(id);
        else throw error;
      }
    },
  };
}
