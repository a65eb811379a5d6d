import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '#domain/directory/schemas.ts';
import { contextAs } from '#services/context.ts';
import { handoffs } from '#services/handoffs.ts';
import { referrals } from '#services/referrals.ts';
import { aHandoffSubmission } from '#test/handoff-fixtures.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { aSubmission } from '#test/referral-fixtures.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  const { users } = t.org;
  const submit = (user: User, name: string) =>
    referrals.submit(contextAs(t.db, user), aSubmission({ company: { name } }));
  await submit(users.northwindPartner, 'Northwind Prospect One');
  await submit(users.northwindColleague, 'Northwind Prospect Two');
  await submit(users.bluewavePartner, 'Bluewave Prospect');
  await submit(users.advocate, '=HYPERLINK("http://evil.example","click")');
  await submit(users.advocate, '+Plus Co');
  await submit(users.advocate, '@At Co');
  await submit(users.advocate, '-Minus Co');
  await handoffs.send(
    contextAs(t.db, users.supportStaff),
    aHandoffSubmission({ toTeamId: t.org.teams.sales.id, summary: 'Set up the workspace, quickly' }),
  );
});

async function csvOf(path: string, user: User): Promise<{ response: Response; rows: Record<string, string>[] }> {
  const response = await t.request('GET', path, { as: user });
  const text = await response.clone().text();
  const rows = response.ok ? (parse(text, { bom: true, columns: true }) as Record<string, string>[]) : [];
  return { response, rows };
}

describe('CSV exports', () => {
  it('answers an attachment in text/csv with a header row and names beside ids', async () => {
    const { response, rows } = await csvOf('/api/referrals.csv', t.org.users.leader);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="referrals-\d{4}-\d\d-\d\d\.csv"$/,
    );
    expect(rows).toHaveLength(7);
    const one = rows.find((row) => row.company === 'Northwind Prospect One');
    expect(one).toMatchObject({
      referrerId: t.org.users.northwindPartner.id,
      referrerName: 'Nina Northwind',
      partnerId: t.org.partners.northwind.id,
      partnerName: 'Northwind',
      status: 'submitted',
    });
  });

  it('holds only what the caller may list: a partner organisation’s own referrals', async () => {
    const { rows } = await csvOf('/api/referrals.csv', t.org.users.northwindPartner);
    expect(rows.map((row) => row.company).sort()).toEqual(['Northwind Prospect One', 'Northwind Prospect Two']);
    // Internal fields stay out of a referrer's file as they do out of their JSON list.
    expect(rows.every((row) => row.ownerId === '' && row.ownerName === '')).toBe(true);
    const advocate = await csvOf('/api/referrals.csv', t.org.users.advocate);
    expect(advocate.rows).toHaveLength(4);
  });

  it('applies the JSON list’s filters', async () => {
    const { rows } = await csvOf(`/api/referrals.csv?partnerId=${t.org.partners.bluewave.id}`, t.org.users.salesStaff);
    expect(rows.map((row) => row.company)).toEqual(['Bluewave Prospect']);
  });

  it('defuses cells a spreadsheet would run as formulas', async () => {
    const { response, rows } = await csvOf('/api/referrals.csv', t.org.users.advocate);
    const companies = rows.map((row) => row.company).sort();
    expect(companies).toEqual(["'+Plus Co", "'-Minus Co", '\'=HYPERLINK("http://evil.example","click")', "'@At Co"]);
    expect(await response.text()).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('exports handoffs with team names, and refuses them to partners as the list does', async () => {
    const { rows } = await csvOf('/api/handoffs.csv', t.org.users.salesStaff);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      fromTeamName: 'Support',
      toTeamName: 'Sales',
      senderName: 'Sue Support',
      summary: 'Set up the workspace, quickly',
    });
    const partner = await csvOf('/api/handoffs.csv', t.org.users.northwindPartner);
    expect(partner.response.status).toBe(403);
    expect(partner.response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('exports customers and issues, header only when there are none', async () => {
    const customersCsv = await csvOf('/api/customers.csv', t.org.users.leader);
    expect(customersCsv.response.status).toBe(200);
    expect((await customersCsv.response.text()).replace('\uFEFF', '').split('\r\n')[0]).toBe(
      'id,name,domain,segment,lifecycle,lifecycleChangedAt,openIssueCount,referrerId,referrerName,partnerId,partnerName,fit.resources,fit.functional,fit.technical,fit.cultural,createdAt',
    );
    const issuesCsv = await csvOf('/api/issues.csv', t.org.users.northwindPartner);
    expect(issuesCsv.response.status).toBe(200);
    expect(issuesCsv.rows).toEqual([]);
  });
});
