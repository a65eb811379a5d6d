import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '#api/app.ts';
import type { Db } from '#data/client.ts';
import { importJobKeys } from '#data/keys.ts';
import { listNotifications } from '#data/notification-repository.ts';
import type { User } from '#domain/directory/schemas.ts';
import type { MailMessage } from '#domain/notifications/mailer.ts';
import { createLocalIdentity } from '#local/identity.ts';
import { createLocalImports, type LocalImports } from '#local/import-uploads.ts';
import { runImportJob } from '#services/import-jobs.ts';
import { clientId, createTestTable, issuer, type Organisation, seedOrganisation } from '#test/harness.ts';
import { snapshotTable } from '#test/table-snapshot.ts';

interface Setup {
  db: Db;
  org: Organisation;
  imports: LocalImports;
  mail: MailMessage[];
  request(method: string, path: string, options?: { as?: User; body?: unknown }): Promise<Response>;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/**
 * A fresh table, the API, and the local uploads and runner on a temporary directory. The table
 * has no stream: nothing here polls one, and the 80,000 stream records of the large import
 * would make every later write of this worker's DynamoDB Local slower (see `ensureTable`).
 */
async function setup(): Promise<Setup> {
  const db = await createTestTable({ streams: false });
  const identity = await createLocalIdentity({ db, issuer, clientId });
  const org = await seedOrganisation(db);
  const dir = await mkdtemp(join(tmpdir(), 'import-jobs-test-'));
  const mail: MailMessage[] = [];
  const mailer = { send: async (message: MailMessage) => void mail.push(message) };
  const imports = createLocalImports({
    db,
    dir,
    baseUrl: 'http://localhost:3000',
    mailer,
    notify: {
      db,
      now: () => new Date(),
      mailer,
      webBaseUrl: 'http://localhost:3000',
      unsubscribeSecret: 'test-secret-of-sixteen',
      timeZone: 'Europe/London',
    },
    resumeIntervalMs: 0,
  });
  cleanups.push(async () => {
    await imports.stop();
    await rm(dir, { recursive: true, force: true });
  });
  const app = createApp({ db, auth: { issuer, clientId, keys: identity.keys }, importFiles: imports.files });
  return {
    db,
    org,
    imports,
    mail,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = {};
      if (options.as) headers.Authorization = `Bearer ${await identity.tokenFor(options.as.id)}`;
      if (options.body !== undefined) headers['Content-Type'] = 'application/json';
      return app.request(path, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
    },
  };
}

interface JobView {
  id: string;
  status: string;
  totalRows?: number;
  processed: number;
  accepted: number;
  rejected: number;
  created: number;
  updated: number;
  unchanged: number;
  message?: string;
  rejections: { row: number; errors: { path: string; message: string }[] }[];
}

/** Creates a job, PUTs the file to its upload URL (as a browser would), and waits for the runner. */
async function importFile(
  t: Setup,
  kind: string,
  file: string | Uint8Array<ArrayBuffer>,
  extra: Record<string, unknown> = {},
) {
  const created = await t.request('POST', '/api/import-jobs', { as: t.org.users.leader, body: { kind, ...extra } });
  expect(created.status).toBe(201);
  const { id, uploadUrl, status } = (await created.json()) as { id: string; uploadUrl: string; status: string };
  expect(status).toBe('awaiting_upload');
  const url = new URL(uploadUrl);
  const upload = await t.imports.routes.request(`${url.pathname.replace(/^\/uploads/, '')}${url.search}`, {
    method: 'PUT',
    body: typeof file === 'string' ? new TextEncoder().encode(file) : new Uint8Array(file),
  });
  expect(upload.status).toBe(200);
  await t.imports.idle();
  return job(t, id);
}

async function job(t: Setup, id: string): Promise<JobView> {
  const response = await t.request('GET', `/api/import-jobs/${id}`, { as: t.org.users.leader });
  expect(response.status).toBe(200);
  return (await response.json()) as JobView;
}

/** The customers of the table, counted by Query on the collection index (as the directory lists them). */
async function countCustomers(db: Db): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: 'byCollection',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'CUSTOMERS' },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

/** The customer items only: what an import writes, without the job's own items and the notification. */
async function customerItems(db: Db) {
  return (await snapshotTable(db)).filter((item) => /^(CUSTOMER#|CUSTOMER_KEY#)/.test(String(item.pk)));
}

/** A CRM export of customers as Excel saves it: a byte-order mark, CRLF, CRM header names, quoting. */
function crmCustomers(count: number, options: { bad?: number; tag?: string } = {}): string {
  const tag = options.tag ?? 'acme';
  const lines = ['\uFEFFCompany Name,Website,Industry,Lifecycle Stage,Description,Phone'];
  for (let index = 1; index <= count; index++) {
    const lifecycle = index === options.bad ? 'not-a-stage' : index % 3 === 0 ? 'prospect' : 'repeat';
    lines.push(
      `"${tag} ${index}, Ltd",https://www.${tag}-${index}.example,Retail,${lifecycle},"Buys in bulk,\nships ""weekly""",+44 20 0000 ${index}`,
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The size: 20,000 customers, 80,000 items with their markers and events. */
const manyRows = 20_000;

describe('import jobs of customers', () => {
  it(`imports ${manyRows.toLocaleString('en')} customers from a CRM export, every one found by Query, and the same file again adds nothing`, async () => {
    const t = await setup();
    const file = crmCustomers(manyRows);
    const first = await importFile(t, 'customers', file);
    expect(first).toMatchObject({
      status: 'done',
      totalRows: manyRows,
      processed: manyRows,
      accepted: manyRows,
      rejected: 0,
      created: manyRows,
      updated: 0,
      unchanged: 0,
    });
    expect(await countCustomers(t.db)).toBe(manyRows);

    const before = await customerItems(t.db);
    const second = await importFile(t, 'customers', file);
    expect(second).toMatchObject({ status: 'done', created: 0, updated: 0, unchanged: manyRows });
    expect(await countCustomers(t.db)).toBe(manyRows);
    expect(await customerItems(t.db)).toEqual(before);
  }, 600_000);

  it('reads a customer as the CRM wrote it: the quoted comma and line break kept, the domain normalised', async () => {
    const t = await setup();
    const done = await importFile(t, 'customers', crmCustomers(3, { tag: 'quoted' }));
    expect(done).toMatchObject({ status: 'done', created: 3 });
    const list = await t.request('GET', '/api/customers?limit=10', { as: t.org.users.leader });
    const page = (await list.json()) as { items: { id: string; name: string; domain?: string }[] };
    const first = page.items.find((customer) => customer.name === 'quoted 1, Ltd');
    expect(first?.domain).toBe('quoted-1.example');
    const detail = await t.request('GET', `/api/customers/${first?.id}`, { as: t.org.users.leader });
    expect(((await detail.json()) as { jobToBeDone: string }).jobToBeDone).toBe('Buys in bulk,\nships "weekly"');
  });

  it('writes nothing when one row in the middle is refused, and reports it by row number, also as CSV', async () => {
    const t = await setup();
    const before = await customerItems(t.db);
    const failed = await importFile(t, 'customers', crmCustomers(2_000, { bad: 1_000 }));
    expect(failed).toMatchObject({ status: 'failed', totalRows: 2_000, accepted: 1_999, rejected: 1, processed: 0 });
    expect(failed.message).toContain('nothing was imported');
    // Row 1,000 of the data is the spreadsheet's row 1,001: the header is row 1.
    expect(failed.rejections).toEqual([{ row: 1_001, errors: [expect.objectContaining({ path: 'lifecycle' })] }]);
    expect(await customerItems(t.db)).toEqual(before);
    const csv = await t.request('GET', `/api/import-jobs/${failed.id}/rejected.csv`, { as: t.org.users.leader });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).split('\r\n')[1]).toMatch(/^1001,lifecycle,/);
  });

  it('imports the valid rows and reports the others with skipInvalid', async () => {
    const t = await setup();
    const done = await importFile(t, 'customers', crmCustomers(50, { bad: 25 }), { skipInvalid: true });
    expect(done).toMatchObject({ status: 'done', accepted: 49, rejected: 1, created: 49 });
    expect(await countCustomers(t.db)).toBe(49);
  });

  it('resumes a job that died halfway, from its checkpoint, with no duplicates', async () => {
    const t = await setup();
    // Batches of 100 so that dying after the third and resuming take seconds, not minutes.
    const rowsPerBatch = 100;
    const created = await t.request('POST', '/api/import-jobs', {
      as: t.org.users.leader,
      body: { kind: 'customers' },
    });
    const { id } = (await created.json()) as { id: string };
    await t.imports.files.write(id, new TextEncoder().encode(crmCustomers(600, { tag: 'resume' })));
    const started = Date.now();
    class Killed extends Error {}
    await expect(
      runImportJob(
        {
          db: t.db,
          files: t.imports.files,
          now: () => new Date(started),
          rowsPerBatch,
          afterBatch: (processed) => {
            if (processed >= 300) throw new Killed();
          },
        },
        id,
        'first-runner',
      ),
    ).rejects.toBeInstanceOf(Killed);
    expect(await job(t, id)).toMatchObject({ status: 'importing', processed: 300, created: 300 });
    expect(await countCustomers(t.db)).toBe(300);

    // Died again, after writing its next batch but before its checkpoint: the checkpoint says 200.
    await t.db.doc.send(
      new UpdateCommand({
        TableName: t.db.tableName,
        Key: importJobKeys.byId(id),
        UpdateExpression: 'SET #processed = :processed, created = :created',
        ExpressionAttributeNames: { '#processed': 'processed' },
        ExpressionAttributeValues: { ':processed': 200, ':created': 200 },
      }),
    );

    // Another runner may not take it over while the first one's lease holds...
    const early = await runImportJob(
      { db: t.db, files: t.imports.files, rowsPerBatch, now: () => new Date(started) },
      id,
      'second',
    );
    expect(early).toMatchObject({ status: 'importing', processed: 200 });
    // ...and once the lease has lapsed, it goes on from the checkpoint.
    const later = () => new Date(started + 10 * 60_000);
    const resumed = await runImportJob(
      { db: t.db, files: t.imports.files, rowsPerBatch, now: later },
      id,
      'third-runner',
    );
    expect(resumed).toMatchObject({ status: 'done', processed: 600, created: 600, unchanged: 0 });
    expect(await countCustomers(t.db)).toBe(600);
    // One customer per row, and one creation event each: the rows written twice were written the same.
    const events = (await snapshotTable(t.db)).filter(
      (item) => String(item.pk).startsWith('CUSTOMER#') && String(item.sk).startsWith('EVENT#'),
    );
    expect(events).toHaveLength(600);
  }, 300_000);

  it('updates only what differs when a file changes a customer', async () => {
    const t = await setup();
    await importFile(t, 'customers', 'name,domain,segment\nAlpha,alpha.example,Retail\nBeta,beta.example,Retail\n');
    const again = await importFile(
      t,
      'customers',
      'Company Name;Website;Industry\r\nAlpha;alpha.example;Retail\r\nBeta;beta.example;Wholesale\r\n',
    );
    expect(again).toMatchObject({ status: 'done', created: 0, updated: 1, unchanged: 1 });
    const list = await t.request('GET', '/api/customers?limit=10', { as: t.org.users.leader });
    const items = ((await list.json()) as { items: { name: string; segment?: string }[] }).items;
    expect(items.find((item) => item.name === 'Beta')?.segment).toBe('Wholesale');
  });

  it('tells the leader who started it that it ended', async () => {
    const t = await setup();
    const done = await importFile(t, 'customers', 'name\nGamma\n');
    const feed = await listNotifications(t.db, t.org.users.leader.id, { limit: 10 });
    expect(feed.items).toEqual([
      expect.objectContaining({
        kind: 'import_finished',
        recordId: done.id,
        title: expect.stringContaining('1 created'),
      }),
    ]);
  });
});

describe('real files', () => {
  it('detects the semicolons of European Excel', async () => {
    const t = await setup();
    const done = await importFile(
      t,
      'partners',
      '\uFEFFName;Region\r\n"Harbour; Quay";North\r\nDelta Partners;South\r\n',
    );
    expect(done).toMatchObject({ status: 'done', created: 2 });
    expect(done).toHaveProperty('ignoredColumns', ['Region']);
  });

  it('refuses a file in Windows-1252 or UTF-16, saying so, and stores nothing garbled', async () => {
    const t = await setup();
    const before = await snapshotTable(t.db);
    // "Café" in Windows-1252: the é is the single byte 0xE9, never valid UTF-8.
    const latin1 = Uint8Array.from([...Buffer.from('name\r\nCaf'), 0xe9, 0x0d, 0x0a]);
    const refused = await importFile(t, 'partners', latin1);
    expect(refused.status).toBe('failed');
    expect(refused.message).toContain('not UTF-8');
    expect(refused.message).toContain('CSV UTF-8');
    const utf16 = Uint8Array.from([0xff, 0xfe, ...Buffer.from('name\r\nCafé\r\n', 'utf16le')]);
    expect((await importFile(t, 'partners', utf16)).message).toContain('UTF-16');
    const records = (await snapshotTable(t.db)).filter((item) => String(item.pk).startsWith('PARTNER#'));
    expect(records).toEqual(before.filter((item) => String(item.pk).startsWith('PARTNER#')));
  });

  it('refuses a file without a column for a required field, naming its header', async () => {
    const t = await setup();
    const refused = await importFile(t, 'customers', 'Phone,City\n123,Leeds\n');
    expect(refused).toMatchObject({ status: 'failed' });
    expect(refused.message).toContain('name');
    expect(refused.message).toContain('Phone, City');
  });

  it('takes the leader’s mapping of a header over the suggestion', async () => {
    const t = await setup();
    const done = await importFile(t, 'customers', 'Org,Company Name\nEpsilon Ltd,ignored\n', {
      mapping: { Org: 'name', 'Company Name': '' },
    });
    expect(done).toMatchObject({ status: 'done', created: 1 });
    const list = await t.request('GET', '/api/customers?limit=10', { as: t.org.users.leader });
    expect(((await list.json()) as { items: { name: string }[] }).items.map((item) => item.name)).toEqual([
      'Epsilon Ltd',
    ]);
  });
});

describe('importing users', () => {
  it('creates accounts, sends invitations through the mailer, and finds them again by e-mail', async () => {
    const t = await setup();
    const file =
      'Full Name,Email Address,Role,Team\nIvy Import,ivy@example.test,staff,Sales\nJon Import,jon@example.test,leader,\n';
    const done = await importFile(t, 'users', file);
    expect(done).toMatchObject({ status: 'done', created: 2 });
    expect(
      t.mail
        .filter((message) => message.id.startsWith('invitation-'))
        .map((message) => message.to)
        .sort(),
    ).toEqual(['ivy@example.test', 'jon@example.test']);
    const again = await importFile(t, 'users', file);
    expect(again).toMatchObject({ status: 'done', created: 0, unchanged: 2 });
  });
});

describe('the job API', () => {
  it('is for leaders, validates its input and answers 404 for an unknown job', async () => {
    const t = await setup();
    const staff = await t.request('POST', '/api/import-jobs', { as: t.org.users.salesStaff, body: { kind: 'teams' } });
    expect(staff.status).toBe(403);
    const bad = await t.request('POST', '/api/import-jobs', {
      as: t.org.users.leader,
      body: { kind: 'customers', mapping: { Website: 'homepage' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('mapping.Website');
    const missing = await t.request('GET', '/api/import-jobs/01ARZ3NDEKTSV4RRFFQ69G5FAV', { as: t.org.users.leader });
    expect(missing.status).toBe(404);
  });

  it('reads a header as a job would, from the start of a file cut mid-row, with the columns it would take', async () => {
    const t = await setup();
    const file = crmCustomers(50);
    const sample = file.slice(0, file.indexOf('Buys in bulk') + 3);
    const response = await t.request('POST', '/api/import-jobs/header', {
      as: t.org.users.leader,
      body: { kind: 'customers', sample },
    });
    expect(response.status).toBe(200);
    const header = (await response.json()) as {
      delimiter: string;
      header: { name: string; suggested: string | null }[];
      columns: { name: string; required: boolean }[];
    };
    expect(header.delimiter).toBe(',');
    expect(header.header).toEqual([
      { name: 'Company Name', suggested: 'name' },
      { name: 'Website', suggested: 'domain' },
      { name: 'Industry', suggested: 'segment' },
      { name: 'Lifecycle Stage', suggested: 'lifecycle' },
      { name: 'Description', suggested: 'jobToBeDone' },
      { name: 'Phone', suggested: null },
    ]);
    expect(header.columns.filter((column) => column.required).map((column) => column.name)).toEqual(['name']);

    const semicolons = await t.request('POST', '/api/import-jobs/header', {
      as: t.org.users.leader,
      body: { kind: 'users', sample: 'Full Name;Account Owner Email;Role\r\n' },
    });
    expect(((await semicolons.json()) as typeof header).header.map((column) => column.suggested)).toEqual([
      'name',
      'email',
      'role',
    ]);

    const unreadable = await t.request('POST', '/api/import-jobs/header', {
      as: t.org.users.leader,
      body: { kind: 'customers', sample: '"Company Name,Website\r\n' },
    });
    expect(unreadable.status).toBe(400);
    expect(unreadable.headers.get('content-type')).toContain('application/problem+json');
    const empty = await t.request('POST', '/api/import-jobs/header', {
      as: t.org.users.leader,
      body: { kind: 'customers', sample: '' },
    });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('sample');
  });

  it('refuses an upload whose signature does not hold, and lists recent jobs newest first', async () => {
    const t = await setup();
    const created = await t.request('POST', '/api/import-jobs', { as: t.org.users.leader, body: { kind: 'teams' } });
    const { id, uploadUrl } = (await created.json()) as { id: string; uploadUrl: string };
    const forged = new URL(uploadUrl);
    forged.searchParams.set('signature', 'forged');
    const refused = await t.imports.routes.request(`/imports/${id}${forged.search}`, {
      method: 'PUT',
      body: 'name\nX\n',
    });
    expect(refused.status).toBe(403);
    expect(await t.imports.files.size(id)).toBeUndefined();
    const second = await t.request('POST', '/api/import-jobs', { as: t.org.users.leader, body: { kind: 'partners' } });
    const list = await t.request('GET', '/api/import-jobs', { as: t.org.users.leader });
    const items = ((await list.json()) as { items: { id: string; status: string }[] }).items;
    expect(items.map((item) => item.id)).toEqual([((await second.json()) as { id: string }).id, id]);
    expect(items[1]?.status).toBe('awaiting_upload');
  });
});
