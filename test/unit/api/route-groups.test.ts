import { describe, expect, it } from 'vitest';
import { allRoutes, createApp, mounts } from '#api/app.ts';
import { routesOnly } from '../../support/routes-only.ts';

// Only routes are read, and the requests below are refused before any reaches a table.
const deps = routesOnly;

const firstSegment = (path: string) => path.split('/')[2] ?? '';

describe('the route groups the api loads on first use', () => {
  // The api picks a group by the first segment after /api: a route whose segment its mount
  // does not list would be a 404 in the api and still be in the document.
  it.each(mounts.map((entry, index) => [entry.path, index] as const))(
    'every route mounted at %s is reached by a segment of its mount',
    async (_path, index) => {
      const entry = mounts[index];
      if (!entry) throw new Error(`no mount ${index}`);
      const routes = (await entry.load(deps)).routes.map((route) => `${entry.path}${route.path}`);

      expect(routes.length).toBeGreaterThan(0);
      for (const path of routes) expect(entry.segments, path).toContain(firstSegment(path));
    },
  );

  it('lists exactly the segments the routes begin with', async () => {
    const segments = mounts.flatMap((entry) => entry.segments);
    const app = await allRoutes(deps);
    const answered = new Set(app.routes.map((route) => firstSegment(route.path)));

    expect([...answered].sort()).toEqual([...new Set(segments)].sort());
  });

  it('refuses a request without a token in a group it has not loaded yet, and in one it has', async () => {
    const app = createApp(deps);
    for (const path of ['/api/webhooks', '/api/webhooks', '/api/plays', '/api/nowhere']) {
      const response = await app.request(path);

      expect(response.status, path).toBe(401);
      expect(response.headers.get('content-type'), path).toBe('application/problem+json');
      expect(response.headers.get('x-request-id'), path).toMatch(/^[\w-]{8,}$/);
    }
  });
});
