import { beforeAll, describe, expect, it } from 'vitest';
import { anId } from '#test/factories.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { aSubmission } from '#test/referral-fixtures.ts';

/** Text fields as a hostile or careless client fills them, through the API and the table. */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

function submit(companyName: string): Promise<Response> {
  const submission = aSubmission();
  return t.request('POST', '/api/referrals', {
    as: t.org.users.northwindPartner,
    body: { ...submission, company: { ...submission.company, name: companyName } },
  });
}

describe('a company name', () => {
  it.each([
    ['a lone surrogate', 'Acme \uD800 Ltd', 'Must be whole characters: U+D800 is half of one.'],
    ['a right-to-left override', 'Acme \u202Eexe.dtl', 'Must not hold invisible characters: U+202E.'],
    ['a zero-width space', 'Ac\u200Bme Ltd', 'Must not hold invisible characters: U+200B.'],
    ['a zero-width joiner between letters', 'Ac\u200Dme Ltd', 'Must not hold invisible characters: U+200D.'],
  ])('with %s is a 400 naming the field, and nothing is written', async (_, name, message) => {
    const response = await submit(name);

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as { errors: { path: string; message: string }[] };
    expect(problem.errors).toEqual([{ path: 'company.name', message }]);
    const list = await t.request('GET', '/api/referrals?limit=100', { as: t.org.users.northwindPartner });
    const names = ((await list.json()) as { items: { company: { name: string } }[] }).items.map((r) => r.company.name);
    expect(names).not.toContain(name);
  });

  it('with an emoji ZWJ sequence is accepted as sent', async () => {
    const name = `Rocket Devs 👩\u200D💻 ${anId()}`;

    const response = await submit(name);

    expect(response.status).toBe(201);
    expect(((await response.json()) as { company: { name: string } }).company.name).toBe(name);
  });
});

describe('a name', () => {
  it('typed decomposed (e + combining acute) is stored composed (NFC), as one reads it back', async () => {
    const tag = anId();
    const decomposed = `Cafe\u0301 ${tag}`;

    const created = await t.request('POST', '/api/teams', { as: t.org.users.leader, body: { name: decomposed } });

    expect(created.status).toBe(201);
    const team = (await created.json()) as { id: string; name: string };
    expect(team.name).toBe(`Caf\u00E9 ${tag}`);
    const read = await t.request('GET', `/api/teams/${team.id}`, { as: t.org.users.leader });
    expect(((await read.json()) as { name: string }).name).toBe(`Caf\u00E9 ${tag}`);
  });
});
