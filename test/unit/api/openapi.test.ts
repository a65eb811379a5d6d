import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { allRoutes, publicPaths } from '#api/app.ts';
import { apiDocument } from '#api/openapi.ts';
import { routesOnly } from '../../support/routes-only.ts';

/**
 * The OpenAPI document the web build writes (web/dist/api/openapi.json): clean by Redocly's `recommended` rules (redocly.yaml),
 * the same operations as the routes the app answers, and complete at its edges.
 */
type Json = Record<string, unknown>;
type Operation = {
  operationId?: string;
  security?: unknown[];
  requestBody?: unknown;
  parameters?: { in: string; name: string }[];
  responses: Record<string, { headers?: Json }>;
};

const methods = ['get', 'put', 'post', 'patch', 'delete'] as const;
// Only its routes are read: no request reaches a database.
const app = await allRoutes(routesOnly);
let document: Json;
const operations: [string, string, Operation][] = [];

beforeAll(async () => {
  // As the build writes it: JSON, nothing a serialisation would lose.
  document = JSON.parse(JSON.stringify(await apiDocument(routesOnly.db))) as Json;
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Operation>>)) {
    for (const method of methods) if (item[method]) operations.push([method.toUpperCase(), path, item[method]]);
  }
});

describe('the OpenAPI document', () => {
  it('passes Redocly’s recommended rules with no error and no warning', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'openapi-'));
    const file = join(folder, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    try {
      const run = await promisify(execFile)(
        'node_modules/.bin/redocly',
        ['lint', '--config', 'redocly.yaml', '--format', 'json', file],
        { maxBuffer: 16 * 1024 * 1024 },
      ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
      const problems = (JSON.parse(run.stdout) as { problems: { ruleId: string; message: string }[] }).problems;
      expect(problems.map((problem) => `${problem.ruleId}: ${problem.message}`)).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);

  it('documents exactly the routes the app answers', () => {
    const answered = new Set(
      app.routes
        .filter((route) => route.method !== 'ALL')
        .map((route) => `${route.method} ${route.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`),
    );
    const documented = new Set(operations.map(([method, path]) => `${method} ${path}`));

    expect([...documented].sort()).toEqual([...answered].sort());
  });

  it('names every operation once', () => {
    const ids = operations.map(([, , operation]) => operation.operationId);

    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(
      operations.find(([method, path]) => method === 'POST' && path === '/api/referrals/{id}/notes')?.[2],
    ).toMatchObject({ operationId: 'postReferralsIdNotes' });
  });

  it('has servers, and security: [] on exactly the public routes', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    for (const [method, path, operation] of operations) {
      if (publicPaths.includes(path)) expect(operation.security, `${method} ${path}`).toEqual([]);
      else expect(operation.security, `${method} ${path}`).toEqual([{ Bearer: [] }]);
    }
  });

  it('is no route of the api: the Lambda never builds it', () => {
    expect(app.routes.map((route) => route.path)).not.toContain('/api/openapi.json');
  });

  it('has 413 and 415 wherever a body is taken, and 429 everywhere', () => {
    for (const [method, path, operation] of operations) {
      const statuses = Object.keys(operation.responses);
      if (operation.requestBody) expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['413', '415']));
      expect(statuses, `${method} ${path}`).toContain('429');
    }
  });

  it('names the headers of the answers', () => {
    const responses = (method: string, path: string) =>
      operations.find(([m, p]) => m === method && p === path)?.[2].responses ?? {};

    expect(Object.keys(responses('POST', '/api/referrals')['201']?.headers ?? {}).sort()).toEqual([
      'ETag',
      'Idempotent-Replayed',
      'Location',
    ]);
    expect(Object.keys(responses('GET', '/api/referrals/{id}')['200']?.headers ?? {})).toEqual(['ETag']);
    expect(Object.keys(responses('GET', '/api/referrals')['401']?.headers ?? {})).toEqual(['WWW-Authenticate']);
    expect(Object.keys(responses('GET', '/api/referrals')['503']?.headers ?? {})).toEqual(['Retry-After']);
    expect(Object.keys(responses('GET', '/api/referrals')['429']?.headers ?? {})).toEqual(['Retry-After']);
    // A list is no record: no ETag.
    expect(responses('GET', '/api/referrals')['200']?.headers).toBeUndefined();
  });
});
