/**
 * The born-again list (seed 002): lapsed customers to win back by settling what went wrong.
 * Those with unresolved issues come first (a grievance is still open), then the longest lapsed
 * (the longer since, the harder the way back); the id breaks a tie so the order is total and a
 * cursor can name a place in it.
 */
export interface WinBackCandidate {
  readonly id: string;
  readonly lapsedAt: string;
  readonly openIssueCount: number;
}

/** The position of a candidate in the list: what a cursor holds. */
export type WinBackPosition = readonly [hasOpenIssues: 0 | 1, lapsedAt: string, id: string];

export function winBackPosition(candidate: WinBackCandidate): WinBackPosition {
  // 0 sorts first: open grievances lead.
  return [candidate.openIssueCount > 0 ? 0 : 1, candidate.lapsedAt, candidate.id];
}

export function compareWinBackPositions(a: WinBackPosition, b: WinBackPosition): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  if (a[2] !== b[2]) return a[2] < b[2] ? -1 : 1;
  return 0;
}

/** The candidates in win-back order. */
export function winBackOrder<T extends WinBackCandidate>(candidates: readonly T[]): T[] {
  return [...candidates].sort((a, b) => compareWinBackPositions(winBackPosition(a), winBackPosition(b)));
}

/** One page of the ordered list, after the position a cursor named (from the start without one). */
export function winBackPage<T extends WinBackCandidate>(
  candidates: readonly T[],
  limit: number,
  after?: WinBackPosition,
): { items: T[]; last: WinBackPosition | null } {
  const ordered = winBackOrder(candidates);
  const rest = after
    ? ordered.filter((candidate) => compareWinBackPositions(winBackPosition(candidate), after) > 0)
    : ordered;
  const items = rest.slice(0, limit);
  const lastItem = items[items.length - 1];
  return { items, last: rest.length > limit && lastItem ? winBackPosition(lastItem) : null };
}
