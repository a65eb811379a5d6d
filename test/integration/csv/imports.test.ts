import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { userKeys } from '#data/keys.ts';
import { callerOf } from '#domain/directory/schemas.ts';
import { ConflictError } from '#domain/errors.ts';
import { importCsv } from '#services/imports.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { snapshotTable } from '#test/table-snapshot.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

const tag = () => Math.random().toString(36).slice(2, 8);

function post(kind: string, csv: string, query = '') {
  return t.request('POST', `/api/imports/${kind}${query}`, { as: t.org.users.leader, body: { csv } });
}

async function listedNames(path: string): Promise<string[]> {
  const response = await t.request('GET', `${path}?limit=100`, { as: t.org.users.leader });
  const page = (await response.json()) as { items: { name: string }[] };
  return page.items.map((item) => item.name);
}

/** Runs a request that must leave the table exactly as it was. */
async function writesNothing(request: () => Promise<Response>): Promise<Response> {
  const before = await snapshotTable(t.db);
  const response = await request();
  expect(await snapshotTable(t.db)).toEqual(before);
  return response;
}

describe('importing partner organisations and teams', () => {
  it('imports a file with a byte-order mark, CRLF and RFC 4180 quoting, and lists every row', async () => {
    const id = tag();
    const csv = `\uFEFFname\r\n"Harbour, Quay & Co ${id}"\r\n"The ""Best"" Partners ${id}"\r\nPlain Partners ${id}\r\n`;
    const response = await post('partners', csv);
    expect(response.status).toBe(201);
    const report = (await response.json()) as {
      accepted: number;
      imported: number;
      rejected: unknown[];
      ids: string[];
    };
    expect(report).toMatchObject({ accepted: 3, imported: 3, rejected: [] });
    expect(report.ids).toHaveLength(3);
    const names = await listedNames('/api/partners');
    expect(names).toEqual(
      expect.arrayContaining([`Harbour, Quay & Co ${id}`, `The "Best" Partners ${id}`, `Plain Partners ${id}`]),
    );
  });

  it('validates only on a dry run', async () => {
    const name = `Dry Team ${tag()}`;
    const response = await writesNothing(() => post('teams', `name\n${name}\n`, '?dryRun=true'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ dryRun: true, accepted: 1, imported: 0, rejected: [] });
    expect(await listedNames('/api/teams')).not.toContain(name);
  });

  it('refuses a header with missing, unknown or repeated columns, naming them', async () => {
    const missing = await writesNothing(() => post('users', 'name,email,role,team\nA,a@example.test,advocate,\n'));
    expect(missing.status).toBe(400);
    const problem = (await missing.json()) as { errors: { message: string }[]; detail: string };
    expect(problem.errors.map((error) => error.message)).toEqual(['Missing column(s): partner.']);
    expect(problem.detail).toContain('name, email, role, team, partner');

    const extra = await writesNothing(() => post('teams', 'name,colour\nBlue,blue\n'));
    expect(extra.status).toBe(400);
    expect(((await extra.json()) as { errors: { message: string }[] }).errors).toEqual([
      { path: 'columns', message: 'Unexpected column(s): colour.' },
    ]);
  });

  it('refuses malformed CSV and rows of the wrong width as a 400', async () => {
    const unclosed = await writesNothing(() => post('teams', 'name\n"Unclosed\n'));
    expect(unclosed.status).toBe(400);
    expect(unclosed.headers.get('content-type')).toBe('application/problem+json');
    const wide = await writesNothing(() => post('teams', 'name\nOne,Two\n'));
    expect(wide.status).toBe(400);
    expect(await wide.text()).toContain('row 2 has 2 cells');
  });

  it('reports duplicates within the file and against the table, and writes nothing', async () => {
    const id = tag();
    const first = await post('teams', `name\nKeep Team ${id}\n`);
    expect(first.status).toBe(201);
    const csv = `name\nFresh Team ${id}\nTwin ${id}\ntwin ${id}\nKEEP team ${id}\n`;
    const response = await writesNothing(() => post('teams', csv));
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      status: 422,
      accepted: 2,
      imported: 0,
      rejected: [
        { row: 4, errors: [{ path: 'name', message: 'Row 3 has this name already.' }] },
        { row: 5, errors: [{ path: 'name', message: 'A team of this name exists already.' }] },
      ],
    });
    expect(await listedNames('/api/teams')).not.toContain(`Fresh Team ${id}`);
  });

  it('writes nothing when a single row breaks the single-record schema', async () => {
    const id = tag();
    const response = await writesNothing(() =>
      post('partners', `name\nGood ${id}\n"${'x'.repeat(101)}"\nAlso Good ${id}\n`),
    );
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      accepted: 2,
      rejected: [{ row: 3, errors: [{ path: 'name', message: 'At most 100 characters.' }] }],
    });
  });

  it('refuses too many rows (400) and too many bytes (413)', async () => {
    const rows = Array.from({ length: 501 }, (_, index) => `T${index}`).join('\n');
    const many = await writesNothing(() => post('teams', `name\n${rows}\n`));
    expect(many.status).toBe(400);
    expect(await many.text()).toContain('At most 500 rows');
    const huge = await writesNothing(() => post('teams', `name\n${'A'.repeat(70 * 1024)}\n`));
    expect(huge.status).toBe(413);
  });

  it('is for leaders only', async () => {
    const response = await writesNothing(() =>
      t.request('POST', '/api/imports/teams', { as: t.org.users.salesStaff, body: { csv: 'name\nNope\n' } }),
    );
    expect(response.status).toBe(403);
  });
});

describe('importing users', () => {
  it('creates each user with a sign-in account, resolving teams and organisations by name', async () => {
    const id = tag();
    const csv = [
      'email,name,role,team,partner',
      `staff.${id}@example.test,Stan ${id},staff,sales,`,
      `partner.${id}@example.test,Pat ${id},partner,,Northwind`,
      `advocate.${id}@example.test,Avery ${id},advocate,,`,
    ].join('\n');
    const response = await post('users', csv);
    expect(response.status).toBe(201);
    const { ids } = (await response.json()) as { ids: string[] };
    const [staff, partner] = await Promise.all(
      ids
        .slice(0, 2)
        .map(async (userId) => (await t.request('GET', `/api/users/${userId}`, { as: t.org.users.leader })).json()),
    );
    expect(staff).toMatchObject({ role: 'staff', teamId: t.org.teams.sales.id, email: `staff.${id}@example.test` });
    expect(partner).toMatchObject({ role: 'partner', partnerId: t.org.partners.northwind.id });
  });

  it('reports e-mail duplicates, unknown teams and membership rules by column', async () => {
    const id = tag();
    const csv = [
      'name,email,role,team,partner',
      `One,dup.${id}@example.test,advocate,,`,
      `Two,DUP.${id}@example.test,advocate,,`,
      `Three,${t.org.users.advocate.email},advocate,,`,
      `Four,four.${id}@example.test,staff,Nowhere,`,
      `Five,five.${id}@example.test,staff,,`,
    ].join('\n');
    const response = await writesNothing(() => post('users', csv));
    expect(response.status).toBe(422);
    expect(((await response.json()) as { rejected: unknown[] }).rejected).toEqual([
      { row: 3, errors: [{ path: 'email', message: 'Row 2 has this e-mail address already.' }] },
      { row: 4, errors: [{ path: 'email', message: 'A user with this e-mail address exists already.' }] },
      { row: 5, errors: [{ path: 'team', message: 'No active team of this name or id.' }] },
      { row: 6, errors: [{ path: 'team', message: 'Staff belong to a team.' }] },
    ]);
  });

  it('leaves nothing behind, accounts included, when a later transaction fails midway', async () => {
    // 40 users are 120 writes: two transactions. While the last account is made, someone else
    // claims that user's e-mail address, so the second transaction fails after the first committed.
    const id = tag();
    const emails = Array.from({ length: 40 }, (_, index) => `bulk${index}.${id}@example.test`);
    const csv = ['name,email,role,team,partner', ...emails.map((email, index) => `Bulk ${index},${email},advocate,,`)];
    const created: string[] = [];
    const removed: string[] = [];
    const accounts = {
      async create(user: { email: string }) {
        created.push(user.email);
        if (user.email === emails[39]) {
          await t.db.doc.send(
            new PutCommand({
              TableName: t.db.tableName,
              Item: { ...userKeys.emailMarker(user.email), entity: 'user-marker', recordId: 'someone-else' },
            }),
          );
        }
        return `01J${String(created.length).padStart(23, '0')}`;
      },
      async setEnabled() {},
      async remove(user: { email: string }) {
        removed.push(user.email);
      },
    };
    const before = await snapshotTable(t.db);
    const ctx = { db: t.db, caller: callerOf(t.org.users.leader), now: () => new Date(), accounts };
    await expect(importCsv(ctx, 'users', csv.join('\n'), { dryRun: false })).rejects.toBeInstanceOf(ConflictError);
    const after = (await snapshotTable(t.db)).filter((item) => item.recordId !== 'someone-else');
    expect(after).toEqual(before);
    expect(created).toHaveLength(40);
    expect(removed.sort()).toEqual([...emails].sort());
  });
});

describe('importing customers', () => {
  it('imports customers with their fit, and refuses twins by name or domain', async () => {
    const id = tag();
    const header = 'name,domain,segment,lifecycle,jobToBeDone,fit.resources,fit.functional,fit.technical,fit.cultural';
    const good = await post(
      'customers',
      `${header}\nAcme ${id},acme-${id}.example,enterprise,repeat,"Ship faster, cheaper",4,5,3,4\nBeta ${id},,,,,,,,\n`,
    );
    expect(good.status).toBe(201);
    const { ids } = (await good.json()) as { ids: string[] };
    const acme = await (await t.request('GET', `/api/customers/${ids[0]}`, { as: t.org.users.leader })).json();
    expect(acme).toMatchObject({
      name: `Acme ${id}`,
      lifecycle: 'repeat',
      jobToBeDone: 'Ship faster, cheaper',
      fit: { resources: 4, functional: 5, technical: 3, cultural: 4 },
    });

    const bad = await writesNothing(() =>
      post(
        'customers',
        `${header}\nOther ${id},acme-${id}.example,,,,,,,\nGamma ${id},,,,,6,,,\nGamma ${id},,,won_back,,,,,\n`,
      ),
    );
    expect(bad.status).toBe(422);
    const { rejected } = (await bad.json()) as { rejected: { row: number; errors: { path: string }[] }[] };
    expect(rejected.map((row) => [row.row, row.errors.map((error) => error.path).sort()])).toEqual([
      [2, ['domain']],
      [3, ['fit.cultural', 'fit.functional', 'fit.resources', 'fit.technical']],
      [4, ['lifecycle']],
    ]);
  });
});
