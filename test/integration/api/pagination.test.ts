import { beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '#data/pagination.ts';
import type { Team } from '#domain/directory/schemas.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';

let t: TestApp;
let created: Team[];

type Page = { items: Team[]; cursor: string | null };

beforeAll(async () => {
  t = await createTestApp();
  // Created out of name order, and concurrently: the list must still come back sorted by name.
  const names = Array.from({ length: 30 }, (_, index) => `Team ${String(30 - index).padStart(2, '0')}`);
  created = await Promise.all(
    names.map(async (name) => {
      const response = await t.request('POST', '/api/teams', { as: t.org.users.leader, body: { name } });
      expect(response.status).toBe(201);
      return (await response.json()) as Team;
    }),
  );
});

async function pageThrough(query: string, as = t.org.users.leader): Promise<{ pages: Page[]; items: Team[] }> {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const response = await t.request('GET', `/api/teams?${query}${suffix}`, { as });
    expect(response.status).toBe(200);
    const page = (await response.json()) as Page;
    pages.push(page);
    cursor = page.cursor;
  } while (cursor && pages.length < 20);
  return { pages, items: pages.flatMap((page) => page.items) };
}

describe('paging through teams', () => {
  it('visits every team once, in name order, seven at a time', async () => {
    const expected = [...created, t.org.teams.sales, t.org.teams.support]
      .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()))
      .map((team) => team.id);

    const { pages, items } = await pageThrough('limit=7');

    expect(items.map((team) => team.id)).toEqual(expected);
    expect(pages.map((page) => page.items.length)).toEqual([7, 7, 7, 7, 4]);
    expect(pages.at(-1)?.cursor).toBeNull();
  });

  it('skips deactivated teams without gaps or repeats, though the filter drops items mid-page', async () => {
    const deactivated = created.filter((_, index) => index % 4 === 0);
    for (const team of deactivated) {
      const response = await t.request('PATCH', `/api/teams/${team.id}`, {
        as: t.org.users.leader,
        body: { active: false },
        headers: { 'If-Match': '"1"' },
      });
      expect(response.status).toBe(200);
    }
    const hidden = new Set(deactivated.map((team) => team.id));
    const visible = [...created, t.org.teams.sales, t.org.teams.support].filter((team) => !hidden.has(team.id));

    const active = await pageThrough('limit=7', t.org.users.salesStaff);
    const everything = await pageThrough('limit=7&includeInactive=true');

    const activeIds = active.items.map((team) => team.id);
    expect(new Set(activeIds).size).toBe(activeIds.length);
    expect(activeIds.sort()).toEqual(visible.map((team) => team.id).sort());
    expect(active.pages.slice(0, -1).every((page) => page.items.length === 7)).toBe(true);
    expect(everything.items).toHaveLength(32);
  });
});

describe('cursors', () => {
  it('refuses a cursor forged to name another list (400)', async () => {
    const leader = t.org.users.leader;
    const forged = encodeCursor({
      pk: `USER#${leader.id}`,
      sk: 'USER',
      gsi1pk: 'USERS',
      gsi1sk: `lee leader#${leader.id}`,
    });

    const response = await t.request('GET', `/api/teams?cursor=${forged}`, { as: t.org.users.advocate });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ path: 'cursor' }] });
  });

  it.each(['garbage', encodeCursor({ pk: 'TEAM#x' }), 'x'.repeat(3000)])(
    'refuses the junk cursor %#',
    async (cursor) => {
      const response = await t.request('GET', `/api/teams?cursor=${encodeURIComponent(cursor)}`, {
        as: t.org.users.leader,
      });

      expect(response.status).toBe(400);
    },
  );

  it('accepts a cursor from the same list for another caller (a cursor is a position, not a grant)', async () => {
    const first = (await (await t.request('GET', '/api/teams?limit=3', { as: t.org.users.leader })).json()) as Page;

    const response = await t.request('GET', `/api/teams?limit=3&cursor=${first.cursor}`, { as: t.org.users.advocate });

    expect(response.status).toBe(200);
  });
});
