import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '#domain/directory/schemas.ts';
import { recordsCsvColumns, scorecardCsvColumns } from '#domain/scorecard/csv.ts';
import { totalCustomerIndex } from '#domain/scorecard/scoring.ts';
import { isoWeek } from '#domain/scorecard/weeks.ts';
import { config } from '#lib/config.ts';
import { createStreamPoller, type StreamPoller } from '#local/stream-poller.ts';
import { contextAs } from '#services/context.ts';
import { customers } from '#services/customers.ts';
import { handoffs } from '#services/handoffs.ts';
import { issues } from '#services/issues.ts';
import { referrals } from '#services/referrals.ts';
import { aCustomerCreation } from '#test/customer-fixtures.ts';
import { dynamoEndpoint } from '#test/dynamo-endpoint.ts';
import { aHandoffSubmission } from '#test/handoff-fixtures.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { anIssueReport } from '#test/issue-fixtures.ts';
import { aSubmission } from '#test/referral-fixtures.ts';
import { createAggregatorHandler } from '../../../functions/handlers/aggregator.ts';

/**
 * The scorecard's drill-down, its CSVs and its leader-set weights and thresholds, through the
 * API, on aggregates the stream poller keeps.
 */

const now = new Date('2026-03-04T10:00:00Z');
const timeZone = config.ORG_TIME_ZONE;
const week = isoWeek(now, timeZone);
/** Commas, quotes and a line break: the CSV must quote them and read back the same. */
const awkwardName = 'Smith, "Jones"\nand Partners';

let t: TestApp;
let poller: StreamPoller;
const ids = {
  northwind: [] as string[],
  advocate: '',
  accepted: '',
  declined: '',
  sev1: '',
  handoff: '',
  customer: '',
};

const as = (user: User) => contextAs(t.db, user, now);

interface DrillBody {
  figure: string;
  week: string;
  dimension: string;
  items: { recordType: string; id: string; label: string; status: string; at: string; outcome?: string }[];
  cursor: string | null;
}

async function drill(path: string, user: User = t.org.users.leader): Promise<DrillBody> {
  const response = await t.request('GET', path, { as: user });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as DrillBody;
}

/** The AWS SDK commands a request sends. */
async function commandsOf(request: () => Promise<Response>): Promise<string[]> {
  const names: string[] = [];
  const name = `spy-${Math.random()}`;
  t.db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      names.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    expect((await request()).status).toBe(200);
  } finally {
    t.db.doc.middlewareStack.remove(name);
  }
  return names;
}

beforeAll(async () => {
  t = await createTestApp({ now: () => now });
  const { users, teams } = t.org;
  const handler = createAggregatorHandler(t.db, timeZone);
  poller = createStreamPoller({ endpoint: dynamoEndpoint(), tableName: t.db.tableName, handler });

  const submitted = [];
  for (const name of [awkwardName, 'Northwind Two', 'Northwind Three']) {
    submitted.push(await referrals.submit(as(users.northwindPartner), aSubmission({ company: { name } })));
  }
  ids.northwind = submitted.map((referral) => referral.id);
  ids.advocate = (await referrals.submit(as(users.advocate), aSubmission({ company: { name: 'Advocate Co' } }))).id;
  const [one, two] = submitted;
  if (!one || !two) throw new Error('submissions');
  ids.accepted = (await referrals.transition(as(users.salesStaff), one.id, one.version, { to: 'accepted' })).id;
  ids.declined = (
    await referrals.transition(as(users.salesStaff), two.id, two.version, { to: 'declined', reason: 'No fit.' })
  ).id;

  ids.handoff = (
    await handoffs.send(as(users.salesStaff), aHandoffSubmission({ toTeamId: teams.support.id, summary: '=SUM(A1)' }))
  ).id;
  const customer = await customers.create(
    as(users.leader),
    aCustomerCreation({ name: 'Loyal Ltd', lifecycle: 'loyal' }),
  );
  ids.customer = customer.id;
  ids.sev1 = (await issues.report(as(users.supportStaff), anIssueReport([customer.id], { severity: 'sev1' }))).id;
  await issues.report(as(users.supportStaff), anIssueReport([customer.id], { severity: 'sev3' }));
  for (let pass = 0; pass < 50; pass++) if ((await poller.pollOnce()) === 0) break;
});

afterAll(async () => {
  await poller.stop();
});

describe('GET /api/scorecard/{figure}/records', () => {
  it('lists the records a weekly figure counts, with their titles and the instant that counted them', async () => {
    const body = await drill(`/api/scorecard/referrals.submitted/records?week=${week}`);
    expect(body).toMatchObject({ figure: 'referrals.submitted', week, dimension: 'all', cursor: null });
    expect(body.items.map((item) => item.id).sort()).toEqual([...ids.northwind, ids.advocate].sort());
    const awkward = body.items.find((item) => item.id === ids.northwind[0]);
    expect(awkward).toEqual({
      recordType: 'referral',
      id: ids.northwind[0],
      label: awkwardName,
      status: 'accepted',
      at: now.toISOString(),
    });
    // A title, never the contact's details.
    expect(JSON.stringify(body)).not.toMatch(/jane\.buyer|Jane Buyer/);
  });

  it('narrows to a dimension and to the week asked for', async () => {
    const northwind = await drill(
      `/api/scorecard/referrals.submitted/records?week=${week}&dimension=partner:${t.org.partners.northwind.id}`,
    );
    expect(northwind.items.map((item) => item.id).sort()).toEqual([...ids.northwind].sort());
    const advocate = await drill(
      `/api/scorecard/referrals.submitted/records?week=${week}&dimension=referrer:${t.org.users.advocate.id}`,
    );
    expect(advocate.items.map((item) => item.id)).toEqual([ids.advocate]);
    const before = await drill('/api/scorecard/referrals.submitted/records?week=2026-W09');
    expect(before.items).toEqual([]);
  });

  it('lists a ratio’s denominator, page by page across its parts', async () => {
    const all = await drill(`/api/scorecard/referrals.acceptance_rate/records?week=${week}`);
    expect(all.items.map((item) => item.id).sort()).toEqual([ids.accepted, ids.declined].sort());
    const seen: string[] = [];
    let path = `/api/scorecard/referrals.acceptance_rate/records?week=${week}&limit=1`;
    for (let page = 0; page < 5; page++) {
      const body = await drill(path);
      seen.push(...body.items.map((item) => item.id));
      if (!body.cursor) break;
      path = `/api/scorecard/referrals.acceptance_rate/records?week=${week}&limit=1&cursor=${body.cursor}`;
    }
    expect(seen.sort()).toEqual([ids.accepted, ids.declined].sort());
  });

  it('reads levels as they stand, whatever the week, and by team pair for handoffs', async () => {
    const open = await drill('/api/scorecard/issues.open.sev1/records');
    expect(open.items.map((item) => [item.recordType, item.id, item.status])).toEqual([
      ['issue', ids.sev1, 'reported'],
    ]);
    expect(open.week).toBe(week);
    const loyal = await drill('/api/scorecard/customers.stage.loyal/records?week=2020-W01');
    expect(loyal.items).toEqual([
      expect.objectContaining({ recordType: 'customer', id: ids.customer, label: 'Loyal Ltd', status: 'loyal' }),
    ]);
    const { sales, support } = t.org.teams;
    const pair = await drill(
      `/api/scorecard/handoffs.sent/records?week=${week}&dimension=pair:${sales.id}:${support.id}`,
    );
    expect(pair.items.map((item) => item.id)).toEqual([ids.handoff]);
    const reverse = await drill(
      `/api/scorecard/handoffs.sent/records?week=${week}&dimension=pair:${support.id}:${sales.id}`,
    );
    expect(reverse.items).toEqual([]);
  });

  it('opens every number of the scorecard on exactly its records: its period, its dimension, its value', async () => {
    const response = await t.request('GET', '/api/scorecard?weeks=12', { as: t.org.users.leader });
    const scorecard = (await response.json()) as {
      pillars: {
        figures: {
          id: string;
          unit: string;
          value: number | null;
          sampleSize: number;
          byDimension: { dimension: string; label: string; value: number | null; sampleSize: number }[];
        }[];
      }[];
    };
    let opened = 0;
    for (const figure of scorecard.pillars.flatMap((pillar) => pillar.figures)) {
      const points = [{ dimension: 'all', ...figure }, ...figure.byDimension];
      // One figure's numbers side by side: each is its own request.
      const bodies = await Promise.all(
        points.map(
          async (point) =>
            (await drill(
              `/api/scorecard/${figure.id}/records?weeks=12&limit=100&dimension=${encodeURIComponent(point.dimension)}`,
            )) as DrillBody & { summary: { value: number | null; sampleSize: number; met?: number } },
        ),
      );
      for (const [position, point] of points.entries()) {
        const body = bodies[position] as (typeof bodies)[number];
        const where = `${figure.id} ${point.dimension}`;
        expect(body.summary.value, where).toBe(point.value);
        expect(body.summary.sampleSize, where).toBe(point.sampleSize);
        expect(body.items, where).toHaveLength(point.sampleSize);
        if (figure.unit === 'ratio') {
          const met = body.items.filter((item) => item.outcome === 'met').length;
          expect(met, where).toBe(body.summary.met);
          if (point.value !== null) expect(met / body.items.length, where).toBe(point.value);
        }
        opened++;
      }
    }
    expect(opened).toBeGreaterThan(40);
    // Some fifty numbers, each read over twelve weeks of member partitions.
  }, 120_000);

  it('names the figure and the dimension, and gives each record of a share its outcome', async () => {
    const northwind = t.org.partners.northwind;
    const body = (await drill(
      `/api/scorecard/referrals.acceptance_rate/records?weeks=12&dimension=partner:${northwind.id}`,
    )) as DrillBody & {
      name: string;
      label: string;
      weeks: string[];
      summary: unknown;
      items: { id: string; outcome?: string }[];
    };
    expect(body).toMatchObject({ name: 'Acceptance rate', label: northwind.name, week });
    expect(body.weeks).toHaveLength(12);
    expect(body.weeks.at(-1)).toBe(week);
    expect(body.items.map((item) => [item.id, item.outcome]).sort()).toEqual(
      [
        [ids.accepted, 'met'],
        [ids.declined, 'missed'],
      ].sort(),
    );
    expect(body.summary).toEqual({ sampleSize: 2, met: 1, missed: 1, value: 0.5 });
    const scorecard = (await (
      await t.request('GET', '/api/scorecard?weeks=12', { as: t.org.users.leader })
    ).json()) as {
      pillars: { figures: { id: string; name: string; byDimension: { dimension: string; label: string }[] }[] }[];
    };
    const submitted = scorecard.pillars.flatMap((pillar) => pillar.figures).find((f) => f.id === 'referrals.submitted');
    expect(submitted?.name).toBe('Referrals submitted');
    expect(submitted?.byDimension.find((point) => point.dimension === `partner:${northwind.id}`)?.label).toBe(
      northwind.name,
    );
  });

  it('finds the records by Query, never by Scan', async () => {
    const commands = await commandsOf(() =>
      t.request('GET', `/api/scorecard/referrals.acceptance_rate/records?week=${week}`, { as: t.org.users.leader }),
    );
    expect(commands).toContain('QueryCommand');
    expect(commands).not.toContain('ScanCommand');
    const csvCommands = await commandsOf(() =>
      t.request('GET', '/api/scorecard/issues.open.sev1/records.csv', { as: t.org.users.leader }),
    );
    expect(csvCommands).not.toContain('ScanCommand');
  });

  it('refuses what is not a figure, a week or a dimension, and everyone but leaders', async () => {
    const leader = t.org.users.leader;
    const status = async (path: string, user: User = leader) => (await t.request('GET', path, { as: user })).status;
    expect(await status(`/api/scorecard/referrals.nope/records?week=${week}`)).toBe(404);
    const missingWeek = await t.request('GET', '/api/scorecard/referrals.submitted/records', { as: leader });
    expect(missingWeek.status).toBe(400);
    expect(missingWeek.headers.get('Content-Type')).toMatch(/application\/problem\+json/);
    expect(((await missingWeek.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('week');
    expect(await status('/api/scorecard/referrals.submitted/records?week=2026-W54')).toBe(400);
    expect(await status('/api/scorecard/referrals.submitted/records?weeks=0')).toBe(400);
    expect(await status('/api/scorecard/referrals.submitted/records?weeks=53')).toBe(400);
    expect(await status(`/api/scorecard/referrals.submitted/records?weeks=4&week=${week}`)).toBe(400);
    expect(await status(`/api/scorecard/referrals.submitted/records?week=${week}&dimension=partner:x`)).toBe(400);
    expect(await status(`/api/scorecard/referrals.submitted/records?week=${week}&dimension=sev:sev9`)).toBe(400);
    expect(await status(`/api/scorecard/referrals.submitted/records?week=${week}&cursor=abc`)).toBe(400);
    for (const user of [t.org.users.salesStaff, t.org.users.northwindPartner, t.org.users.advocate]) {
      expect(await status(`/api/scorecard/referrals.submitted/records?week=${week}`, user)).toBe(403);
      expect(await status(`/api/scorecard/referrals.submitted/records.csv?week=${week}`, user)).toBe(403);
      expect(await status('/api/scorecard.csv', user)).toBe(403);
    }
  });
});

describe('the CSV downloads', () => {
  it('gives a drill-down’s records as RFC 4180 CSV that parses back to the same values', async () => {
    const response = await t.request('GET', `/api/scorecard/referrals.submitted/records.csv?week=${week}`, {
      as: t.org.users.leader,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="[A-Za-z0-9._-]+\.csv"$/);
    const text = await response.text();
    expect(text).toContain('"Smith, ""Jones""\nand Partners"');
    const [header, ...rows] = parse(text) as string[][];
    expect(header).toEqual([...recordsCsvColumns]);
    expect(rows).toHaveLength(4);
    expect(rows).toContainEqual(['referral', ids.northwind[0], awkwardName, 'accepted', now.toISOString(), '', '']);
  });

  it('gives a share’s records with their outcome, for the scorecard’s whole period', async () => {
    const response = await t.request('GET', '/api/scorecard/referrals.acceptance_rate/records.csv?weeks=12', {
      as: t.org.users.leader,
    });
    expect(response.headers.get('Content-Disposition')).toMatch(
      /referrals.acceptance_rate-\d{4}-W\d\d-\d{4}-W\d\d-all/,
    );
    const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.id, row.outcome]).sort()).toEqual(
      [
        [ids.accepted, 'met'],
        [ids.declined, 'missed'],
      ].sort(),
    );
  });

  it('keeps typed text from running as a spreadsheet formula', async () => {
    const response = await t.request('GET', `/api/scorecard/handoffs.sent/records.csv?week=${week}`, {
      as: t.org.users.leader,
    });
    const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.label)).toEqual(["'=SUM(A1)"]);
  });

  it('gives the scorecard one row per figure, week and dimension', async () => {
    const response = await t.request('GET', '/api/scorecard.csv?weeks=4', { as: t.org.users.leader });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="scorecard-.+\.csv"$/);
    const [header, ...rows] = parse(await response.text()) as string[][];
    expect(header).toEqual([...scorecardCsvColumns]);
    const value = (figure: string, rowWeek: string, dimension = 'all') =>
      rows.find((row) => row[1] === figure && row[2] === rowWeek && row[3] === dimension)?.[4];
    expect(value('referrals.submitted', week)).toBe('4');
    expect(value('referrals.submitted', week, `partner:${t.org.partners.northwind.id}`)).toBe('3');
    expect(value('referrals.acceptance_rate', week)).toBe('0.5');
    expect(value('issues.open.sev1', week)).toBe('1');
    expect(value('issues.open.sev3', week)).toBe('1');
    // A weekly figure has a row for every week, a level for the current week only.
    expect(rows.filter((row) => row[1] === 'referrals.submitted' && row[3] === 'all')).toHaveLength(4);
    expect(rows.filter((row) => row[1] === 'issues.open.sev1')).toHaveLength(1);
    expect(rows.filter((row) => row[1] === 'index')).toHaveLength(4);
    expect(value('pillar.partners', week)).not.toBeUndefined();
    expect(new Set(rows.map((row) => row.length))).toEqual(new Set([scorecardCsvColumns.length]));
  });
});

describe('the scorecard’s weights and thresholds in the settings', () => {
  const patch = async (body: unknown, user: User = t.org.users.leader) => {
    const current = await t.request('GET', '/api/settings', { as: t.org.users.leader });
    const etag = current.headers.get('ETag') ?? '';
    return t.request('PATCH', '/api/settings', { as: user, body, headers: { 'If-Match': etag } });
  };
  const errorPaths = async (response: Response) => {
    expect(response.status).toBe(400);
    return ((await response.json()) as { errors: { path: string }[] }).errors.map((error) => error.path);
  };

  it('refuses weights that do not sum to 100 or are not whole numbers, and thresholds out of order', async () => {
    const weights = await errorPaths(
      await patch({ scorecard: { weights: { external: 50, internal: 30, partners: 30 } } }),
    );
    expect(weights.length).toBeGreaterThan(0);
    expect(weights.every((path) => path.startsWith('scorecard.weights'))).toBe(true);
    const fractional = await errorPaths(
      await patch({ scorecard: { weights: { external: 33.5, internal: 33.5, partners: 33 } } }),
    );
    expect(fractional.every((path) => path.startsWith('scorecard.weights'))).toBe(true);
    const missing = await errorPaths(await patch({ scorecard: { weights: { external: 100 } } }));
    expect(missing.every((path) => path.startsWith('scorecard.weights'))).toBe(true);
    const thresholds = await errorPaths(await patch({ scorecard: { thresholds: { green: 50, amber: 70 } } }));
    expect(thresholds.every((path) => path.startsWith('scorecard.thresholds'))).toBe(true);
  });

  it('is for leaders only', async () => {
    const response = await patch(
      { scorecard: { weights: { external: 20, internal: 40, partners: 40 } } },
      t.org.users.salesStaff,
    );
    expect(response.status).toBe(403);
  });

  it('has the documented defaults until set, and the scorecard uses what leaders set', async () => {
    const before = (await (await t.request('GET', '/api/settings', { as: t.org.users.leader })).json()) as {
      scorecard: unknown;
    };
    expect(before.scorecard).toEqual({
      weights: { external: 40, internal: 30, partners: 30 },
      thresholds: { green: 80, amber: 60 },
      minimumSample: 5,
    });
    const weights = { external: 10, internal: 20, partners: 70 };
    const changed = await patch({ scorecard: { weights } });
    expect(changed.status).toBe(200);
    const thresholds = { green: 90, amber: 10 };
    expect((await patch({ scorecard: { thresholds } })).status).toBe(200);
    const settings = (await (await t.request('GET', '/api/settings', { as: t.org.users.leader })).json()) as {
      scorecard: unknown;
    };
    expect(settings.scorecard).toEqual({ weights, thresholds, minimumSample: 5 });
    expect((await patch({ scorecard: { minimumSample: 0 } })).status).toBe(400);
    expect((await patch({ scorecard: { minimumSample: 2.5 } })).status).toBe(400);
    expect((await patch({ scorecard: { minimumSample: 1 } })).status).toBe(200);

    const response = await t.request('GET', '/api/scorecard?weeks=4', { as: t.org.users.leader });
    const body = (await response.json()) as {
      weights: unknown;
      thresholds: unknown;
      index: { score: number | null };
      pillars: { id: 'external' | 'internal' | 'partners'; score: number | null; band: string | null }[];
    };
    expect(body.weights).toEqual(weights);
    expect(body.thresholds).toEqual(thresholds);
    expect((body as unknown as { minimumSample: number }).minimumSample).toBe(1);
    const scores = Object.fromEntries(body.pillars.map((pillar) => [pillar.id, pillar.score])) as Record<
      'external' | 'internal' | 'partners',
      number | null
    >;
    expect(body.index.score).toBe(totalCustomerIndex(scores, weights));
    const partners = body.pillars.find((pillar) => pillar.id === 'partners');
    expect(partners?.score).not.toBeNull();
    expect(partners?.band).toBe(
      (partners?.score ?? 0) >= 90 ? 'green' : (partners?.score ?? 0) >= 10 ? 'amber' : 'red',
    );
  });
});
