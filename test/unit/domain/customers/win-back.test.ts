import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareWinBackPositions,
  type WinBackCandidate,
  type WinBackPosition,
  winBackOrder,
  winBackPage,
  winBackPosition,
} from '#domain/customers/win-back.ts';

const candidate = fc.record({
  id: fc.stringMatching(/^[0-9A-Z]{4}$/),
  lapsedAt: fc
    .integer({ min: Date.parse('2024-01-01'), max: Date.parse('2026-01-01') })
    .map((ms) => new Date(ms).toISOString()),
  openIssueCount: fc.nat({ max: 4 }),
});
const candidates = fc.uniqueArray(candidate, { selector: (c) => c.id, maxLength: 30 });

describe('the win-back order', () => {
  it('puts customers with unresolved issues first, then the longest lapsed', () => {
    const list: WinBackCandidate[] = [
      { id: 'A', lapsedAt: '2025-03-01T00:00:00.000Z', openIssueCount: 0 },
      { id: 'B', lapsedAt: '2025-05-01T00:00:00.000Z', openIssueCount: 2 },
      { id: 'C', lapsedAt: '2025-01-01T00:00:00.000Z', openIssueCount: 0 },
      { id: 'D', lapsedAt: '2025-02-01T00:00:00.000Z', openIssueCount: 1 },
    ];

    expect(winBackOrder(list).map((c) => c.id)).toEqual(['D', 'B', 'C', 'A']);
  });

  it('is a total order: sorted, every grievance before every quiet one, lapse dates ascending within each', () => {
    fc.assert(
      fc.property(candidates, (list) => {
        const ordered = winBackOrder(list);
        expect(ordered).toHaveLength(list.length);
        for (let i = 1; i < ordered.length; i++) {
          const [a, b] = [ordered[i - 1] as WinBackCandidate, ordered[i] as WinBackCandidate];
          expect(compareWinBackPositions(winBackPosition(a), winBackPosition(b))).toBeLessThan(0);
          if (a.openIssueCount === 0) expect(b.openIssueCount).toBe(0);
          if (a.openIssueCount > 0 === b.openIssueCount > 0) expect(a.lapsedAt <= b.lapsedAt).toBe(true);
        }
      }),
    );
  });

  it('does not depend on the order the candidates were read in', () => {
    fc.assert(
      fc.property(candidates, fc.nat(), (list, seed) => {
        const shuffled = [...list].sort(
          (a, b) => ((a.id.charCodeAt(0) * seed) % 7) - ((b.id.charCodeAt(0) * seed) % 7),
        );
        expect(winBackOrder(shuffled)).toEqual(winBackOrder(list));
      }),
    );
  });

  it('pages through every candidate exactly once, in order, whatever the page size', () => {
    fc.assert(
      fc.property(candidates, fc.integer({ min: 1, max: 7 }), (list, limit) => {
        const seen: string[] = [];
        let after: WinBackPosition | undefined;
        for (let page = 0; page < 100; page++) {
          const result = winBackPage(list, limit, after);
          expect(result.items.length).toBeLessThanOrEqual(limit);
          seen.push(...result.items.map((c) => c.id));
          if (!result.last) break;
          after = result.last;
        }
        expect(seen).toEqual(winBackOrder(list).map((c) => c.id));
      }),
    );
  });
});
