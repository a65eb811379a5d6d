import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '#domain/directory/schemas.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { aSubmission } from '#test/referral-fixtures.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

async function submit(as: User, body = aSubmission(), headers: Record<string, string> = {}) {
  return t.request('POST', '/api/referrals', { as, body, headers });
}

async function submitted(as: User, body = aSubmission()) {
  const response = await submit(as, body);
  expect(response.status).toBe(201);
  return response.json();
}

async function transition(as: User, id: string, version: number, body: Record<string, unknown>) {
  return t.request('POST', `/api/referrals/${id}/transitions`, { as, body, headers: { 'If-Match': `"${version}"` } });
}

describe('submitting a referral', () => {
  it('answers 201 with the referral, its version as ETag, the referrer and the due date', async () => {
    const partner = t.org.users.northwindPartner;
    const response = await submit(partner);
    expect(response.status).toBe(201);
    const referral = await response.json();
    expect(response.headers.get('etag')).toBe('"1"');
    expect(referral).toMatchObject({
      status: 'submitted',
      version: 1,
      referrerId: partner.id,
      partnerId: t.org.partners.northwind.id,
    });
    expect(Date.parse(referral.firstResponseDueAt) - Date.parse(referral.createdAt)).toBe(2 * 24 * 60 * 60 * 1000);
    expect(referral.ownerId).toBeUndefined();
  });

  it('refuses fields a referrer may not set (mass assignment) and writes nothing', async () => {
    const partner = t.org.users.bluewavePartner;
    const before = await (await t.request('GET', '/api/referrals', { as: partner })).json();
    for (const extra of [
      { status: 'won' },
      { ownerId: partner.id },
      { partnerId: t.org.partners.northwind.id },
      { version: 7 },
    ]) {
      const response = await submit(partner, { ...aSubmission(), ...extra } as never);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
    const after = await (await t.request('GET', '/api/referrals', { as: partner })).json();
    expect(after.items).toHaveLength(before.items.length);
  });

  it('lists field errors with their paths', async () => {
    const response = await submit(t.org.users.advocate, {
      ...aSubmission(),
      contact: { name: '', email: 'not-an-email' },
      fit: { resources: 0, functional: 6, technical: 3, cultural: 2.5 },
    } as never);
    expect(response.status).toBe(400);
    const problem = await response.json();
    const paths = problem.errors.map((error: { path: string }) => error.path);
    const missingFit = await submit(t.org.users.advocate, { ...aSubmission(), fit: { resources: 3 } } as never);
    expect((await missingFit.json()).errors).toEqual(
      expect.arrayContaining([{ path: 'fit.functional', message: 'Choose a score from 1 to 5.' }]),
    );
    expect(paths).toEqual(
      expect.arrayContaining(['contact.name', 'contact.email', 'fit.resources', 'fit.functional', 'fit.cultural']),
    );
  });

  it('replays the first answer for the same Idempotency-Key and body, and refuses another body (422)', async () => {
    const partner = t.org.users.northwindPartner;
    const body = aSubmission();
    const first = await submit(partner, body, { 'Idempotency-Key': 'ref-key-1' });
    const second = await submit(partner, body, { 'Idempotency-Key': 'ref-key-1' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    const [a, b] = [await first.json(), await second.json()];
    expect(b).toEqual(a);
    const other = await submit(partner, aSubmission(), { 'Idempotency-Key': 'ref-key-1' });
    expect(other.status).toBe(422);
  });
});

describe('conflicts', () => {
  it('answers a second referral of the same prospect with 409 that says since when, and nothing of who', async () => {
    const first = await submitted(
      t.org.users.northwindPartner,
      aSubmission({
        company: { name: 'Globex Corporation', domain: 'globex.example' },
        contact: { name: 'Hank Scorpio', email: 'hank@globex.example' },
      }),
    );
    const response = await submit(
      t.org.users.bluewavePartner,
      aSubmission({
        company: { name: 'GLOBEX, Inc.' },
        contact: { name: 'Someone Else', email: 'someone@globex.example' },
      }),
    );
    expect(response.status).toBe(409);
    const problem = await response.json();
    expect(problem.registeredAt).toBe(first.createdAt);
    const text = JSON.stringify(problem);
    expect(text).not.toContain('Northwind');
    expect(text).not.toContain('Hank');
    expect(text).not.toContain(first.id);
    expect(text).not.toContain(t.org.users.northwindPartner.id);

    const conflicts = await (
      await t.request('GET', '/api/referrals/conflicts?open=true', { as: t.org.users.salesStaff })
    ).json();
    const conflict = conflicts.items.find(
      (item: { existingReferralId: string }) => item.existingReferralId === first.id,
    );
    expect(conflict).toMatchObject({
      status: 'open',
      referrerId: t.org.users.bluewavePartner.id,
      companyName: 'GLOBEX, Inc.',
      registeredCompanyName: 'Globex Corporation',
    });
    expect(problem.type).toBe('/problems/prospect-registered');
    expect(conflict.submission).toBeUndefined();

    expect((await t.request('GET', '/api/referrals/conflicts', { as: t.org.users.bluewavePartner })).status).toBe(403);
  });

  it('tells a referrer sending its own open referral again which referral it is, and makes no conflict', async () => {
    const body = aSubmission({
      company: { name: 'Vandelay Imports', domain: 'vandelay-own.example' },
      contact: { name: 'Art Vandelay', email: 'art@vandelay-own.example' },
    });
    const first = await submitted(t.org.users.northwindPartner, body);
    const response = await submit(t.org.users.northwindPartner, {
      ...body,
      company: { name: 'Vandelay Imports Ltd', domain: 'vandelay-own.example' },
      notes: 'again',
    });
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = await response.json();
    expect(problem).toMatchObject({
      type: '/problems/own-referral',
      referralId: first.id,
      registeredAt: first.createdAt,
      href: `/referrals/${first.id}`,
    });
    expect(problem.detail).toContain('Vandelay Imports');
    expect(problem.detail).toContain(first.id);

    const conflicts = await (await t.request('GET', '/api/referrals/conflicts', { as: t.org.users.salesStaff })).json();
    expect(
      conflicts.items.filter((item: { existingReferralId: string }) => item.existingReferralId === first.id),
    ).toEqual([]);
  });

  it('treats an advocate sending its own referral again the same way', async () => {
    const body = aSubmission();
    const first = await submitted(t.org.users.advocate, body);
    const response = await submit(t.org.users.advocate, { ...body, notes: 'again' });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ type: '/problems/own-referral', referralId: first.id });
  });

  it('lets exactly one of two simultaneous referrals of one prospect win', async () => {
    for (let round = 0; round < 5; round++) {
      const company = { name: `Initech ${round}`, domain: `initech${round}.example` };
      const responses = await Promise.all([
        submit(t.org.users.northwindPartner, aSubmission({ company })),
        submit(t.org.users.bluewavePartner, aSubmission({ company })),
      ]);
      expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
    }
  });

  it('lets staff uphold a conflict (dropping the refused contact) or admit the second referral', async () => {
    const staff = t.org.users.salesStaff;
    const company = { name: 'Umbrella Holdings', domain: 'umbrella.example' };
    const first = await submitted(t.org.users.northwindPartner, aSubmission({ company }));
    await submit(t.org.users.bluewavePartner, aSubmission({ company }));
    await submit(t.org.users.advocate, aSubmission({ company }));
    const detail = await (await t.request('GET', `/api/referrals/${first.id}`, { as: staff })).json();
    expect(detail.conflicts).toHaveLength(2);
    const [one, two] = detail.conflicts;

    const upheld = await t.request('POST', `/api/referrals/conflicts/${one.id}/ruling`, {
      as: staff,
      body: { outcome: 'upheld', note: 'First registration stands.' },
      headers: { 'If-Match': '"1"' },
    });
    expect(upheld.status).toBe(200);
    expect(await upheld.json()).toMatchObject({ status: 'upheld', ruledBy: staff.id });

    const admitted = await t.request('POST', `/api/referrals/conflicts/${two.id}/ruling`, {
      as: staff,
      body: { outcome: 'admitted' },
      headers: { 'If-Match': '"1"' },
    });
    const ruled = await admitted.json();
    expect(ruled.admittedReferralId).toBeDefined();
    const admittedReferral = await (
      await t.request('GET', `/api/referrals/${ruled.admittedReferralId}`, { as: staff })
    ).json();
    expect(admittedReferral).toMatchObject({
      status: 'submitted',
      referrerId: two.referrerId,
      admittedFromConflictId: two.id,
    });

    const again = await t.request('POST', `/api/referrals/conflicts/${one.id}/ruling`, {
      as: staff,
      body: { outcome: 'admitted' },
      headers: { 'If-Match': '"2"' },
    });
    expect(again.status).toBe(409);
  });

  it('frees the prospect once its referral is closed', async () => {
    const company = { name: 'Soylent Ltd', domain: 'soylent.example' };
    const first = await submitted(t.org.users.northwindPartner, aSubmission({ company }));
    const declined = await transition(t.org.users.salesStaff, first.id, 1, {
      to: 'declined',
      reason: 'Outside our market.',
    });
    expect(declined.status).toBe(200);
    expect((await submit(t.org.users.bluewavePartner, aSubmission({ company }))).status).toBe(201);
  });
});

describe('workflow', () => {
  it('moves submitted → accepted → qualified → won, creating and crediting a customer', async () => {
    const staff = t.org.users.salesStaff;
    const referral = await submitted(t.org.users.northwindPartner);
    const accepted = await transition(staff, referral.id, 1, { to: 'accepted' });
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('etag')).toBe('"2"');
    const acceptedBody = await accepted.json();
    expect(acceptedBody).toMatchObject({ status: 'accepted', ownerId: staff.id, respondedLate: false });
    expect((await transition(staff, referral.id, 2, { to: 'qualified' })).status).toBe(200);
    const won = await (await transition(staff, referral.id, 3, { to: 'won' })).json();
    expect(won.status).toBe('won');
    expect(won.customerId).toMatch(/^[0-9A-Z]{26}$/);

    const detail = await (await t.request('GET', `/api/referrals/${referral.id}`, { as: staff })).json();
    expect(detail.timeline.map((event: { type: string }) => event.type)).toEqual([
      'referral.submitted',
      'referral.accepted',
      'referral.qualified',
      'referral.won',
    ]);
  });

  it('links a second won referral of the same customer instead of making a twin', async () => {
    const staff = t.org.users.salesStaff;
    const company = { name: 'Hooli', domain: 'hooli.example' };
    const win = async (by: User) => {
      const referral = await submitted(by, aSubmission({ company }));
      await transition(staff, referral.id, 1, { to: 'accepted' });
      await transition(staff, referral.id, 2, { to: 'qualified' });
      return (await transition(staff, referral.id, 3, { to: 'won' })).json();
    };
    const first = await win(t.org.users.northwindPartner);
    const second = await win(t.org.users.bluewavePartner);
    expect(second.customerId).toBe(first.customerId);
  });

  it('answers an invalid transition 409, a decline without reason 400, a stale version 412, no If-Match 428', async () => {
    const staff = t.org.users.supportStaff;
    const referral = await submitted(t.org.users.advocate);
    expect((await transition(staff, referral.id, 1, { to: 'won' })).status).toBe(409);
    expect((await transition(staff, referral.id, 1, { to: 'declined' })).status).toBe(400);
    expect((await transition(staff, referral.id, 1, { to: 'accepted' })).status).toBe(200);
    expect((await transition(staff, referral.id, 1, { to: 'qualified' })).status).toBe(412);
    const noIfMatch = await t.request('POST', `/api/referrals/${referral.id}/transitions`, {
      as: staff,
      body: { to: 'qualified' },
    });
    expect(noIfMatch.status).toBe(428);
  });

  it('lets exactly one of twenty concurrent transitions from one version succeed', async () => {
    const referral = await submitted(t.org.users.northwindPartner);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => transition(t.org.users.salesStaff, referral.id, 1, { to: 'accepted' })),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status !== 200).every((status) => status === 412)).toBe(true);
  });

  it('lets no partner or advocate move a referral, not even their own', async () => {
    const partner = t.org.users.northwindPartner;
    const referral = await submitted(partner);
    expect((await transition(partner, referral.id, 1, { to: 'accepted' })).status).toBe(403);
    expect((await transition(t.org.users.bluewavePartner, referral.id, 1, { to: 'accepted' })).status).toBe(404);
    expect((await transition(t.org.users.advocate, referral.id, 1, { to: 'accepted' })).status).toBe(404);
  });

  it('assigns an owner from staff only', async () => {
    const referral = await submitted(t.org.users.advocate);
    const assign = (userId: string, version: number) =>
      t.request('PUT', `/api/referrals/${referral.id}/owner`, {
        as: t.org.users.leader,
        body: { userId },
        headers: { 'If-Match': `"${version}"` },
      });
    expect((await assign(t.org.users.northwindPartner.id, 1)).status).toBe(400);
    const assigned = await assign(t.org.users.supportStaff.id, 1);
    expect(assigned.status).toBe(200);
    expect(await assigned.json()).toMatchObject({ ownerId: t.org.users.supportStaff.id, version: 2 });
    const owned = await (
      await t.request('GET', `/api/referrals?ownerId=${t.org.users.supportStaff.id}`, { as: t.org.users.salesStaff })
    ).json();
    expect(owned.items.map((item: { id: string }) => item.id)).toContain(referral.id);
  });
});

describe('seeing referrals', () => {
  it('shows a partner its organisation’s referrals only, and another organisation’s as 404', async () => {
    const mine = await submitted(t.org.users.northwindPartner);
    const colleagues = await submitted(t.org.users.northwindColleague);
    const theirs = await submitted(t.org.users.bluewavePartner);

    const list = await (
      await t.request('GET', '/api/referrals?limit=100', { as: t.org.users.northwindPartner })
    ).json();
    const ids = list.items.map((item: { id: string }) => item.id);
    expect(ids).toEqual(expect.arrayContaining([mine.id, colleagues.id]));
    expect(ids).not.toContain(theirs.id);
    expect(list.items.every((item: { partnerId: string }) => item.partnerId === t.org.partners.northwind.id)).toBe(
      true,
    );

    const filtered = await (
      await t.request('GET', `/api/referrals?partnerId=${t.org.partners.bluewave.id}`, {
        as: t.org.users.northwindPartner,
      })
    ).json();
    expect(filtered.items).toEqual([]);

    expect((await t.request('GET', `/api/referrals/${theirs.id}`, { as: t.org.users.northwindPartner })).status).toBe(
      404,
    );
    expect((await t.request('GET', `/api/referrals/${mine.id}`, { as: t.org.users.bluewavePartner })).status).toBe(404);
  });

  it('shows an advocate their own referrals only', async () => {
    const own = await submitted(t.org.users.advocate);
    const other = await submitted(t.org.users.otherAdvocate);
    const list = await (await t.request('GET', '/api/referrals?limit=100', { as: t.org.users.advocate })).json();
    const ids = list.items.map((item: { id: string }) => item.id);
    expect(ids).toContain(own.id);
    expect(ids).not.toContain(other.id);
    expect((await t.request('GET', `/api/referrals/${other.id}`, { as: t.org.users.advocate })).status).toBe(404);
  });

  it('hides internal notes, the owner and conflicts from the partner', async () => {
    const staff = t.org.users.salesStaff;
    const referral = await submitted(t.org.users.northwindPartner);
    await transition(staff, referral.id, 1, { to: 'accepted', noteToReferrer: 'Thanks, we are on it.' });
    const note = await t.request('POST', `/api/referrals/${referral.id}/notes`, {
      as: staff,
      body: { text: 'Budget looks thin; check with finance.' },
    });
    expect(note.status).toBe(201);

    const asStaff = await (await t.request('GET', `/api/referrals/${referral.id}`, { as: staff })).json();
    expect(asStaff.internalNotes).toHaveLength(1);
    expect(asStaff.ownerId).toBe(staff.id);

    const asPartner = await (
      await t.request('GET', `/api/referrals/${referral.id}`, { as: t.org.users.northwindPartner })
    ).json();
    expect(asPartner).toMatchObject({ status: 'accepted', noteToReferrer: 'Thanks, we are on it.' });
    expect(asPartner.internalNotes).toBeUndefined();
    expect(asPartner.conflicts).toBeUndefined();
    expect(asPartner.ownerId).toBeUndefined();
    expect(JSON.stringify(asPartner)).not.toContain('Budget looks thin');
    expect(JSON.stringify(asPartner.timeline)).not.toContain(staff.id);
    expect(asPartner.timeline.map((event: { type: string }) => event.type)).toEqual([
      'referral.submitted',
      'referral.accepted',
    ]);
    expect(
      (
        await t.request('POST', `/api/referrals/${referral.id}/notes`, {
          as: t.org.users.northwindPartner,
          body: { text: 'x' },
        })
      ).status,
    ).toBe(403);
  });

  it('filters open and closed referrals', async () => {
    const staff = t.org.users.salesStaff;
    const open = await submitted(t.org.users.bluewavePartner);
    const closed = await submitted(t.org.users.bluewavePartner);
    await transition(staff, closed.id, 1, { to: 'declined', reason: 'Not a fit.' });
    const ids = async (query: string) =>
      (await (await t.request('GET', `/api/referrals?limit=100&${query}`, { as: staff })).json()).items.map(
        (item: { id: string }) => item.id,
      );
    const openIds = await ids('open=true');
    const closedIds = await ids('open=false');
    expect(openIds).toContain(open.id);
    expect(openIds).not.toContain(closed.id);
    expect(closedIds).toContain(closed.id);
    expect(closedIds).not.toContain(open.id);
  });

  it('answers a path id that cannot be an id with 404, like any unknown referral', async () => {
    for (const id of ['not-an-id', '01ARZ3NDEKTSV4RRFFQ69G5FAV']) {
      const response = await t.request('GET', `/api/referrals/${id}`, { as: t.org.users.leader });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('filters by status and pages with a cursor, newest first, without repeats', async () => {
    const advocate = t.org.users.otherAdvocate;
    for (let i = 0; i < 7; i++) await submitted(advocate);
    const seen: string[] = [];
    let cursor: string | null = null;
    let previous = '\uffff';
    do {
      const query: string = `/api/referrals?status=submitted&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await (await t.request('GET', query, { as: advocate })).json();
      for (const item of page.items) {
        expect(item.status).toBe('submitted');
        expect(item.createdAt <= previous).toBe(true);
        previous = item.createdAt;
        seen.push(item.id);
      }
      cursor = page.cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(7);
  });
});

describe('erasure', () => {
  it('removes the contact and stakeholder names, keeps the history, and no event held them', async () => {
    const body = aSubmission({
      contact: { name: 'Erin Erasable', email: 'erin@erasable.example', phone: '+44 20 7946 0000' },
    });
    const referral = await (await submit(t.org.users.northwindPartner, body, { 'Idempotency-Key': 'erase-me' })).json();
    await transition(t.org.users.salesStaff, referral.id, 1, { to: 'accepted' });
    expect(
      (
        await t.request('POST', `/api/referrals/${referral.id}/erasure`, {
          as: t.org.users.salesStaff,
          headers: { 'If-Match': '"2"' },
        })
      ).status,
    ).toBe(403);
    const erased = await t.request('POST', `/api/referrals/${referral.id}/erasure`, {
      as: t.org.users.leader,
      headers: { 'If-Match': '"2"' },
    });
    expect(erased.status).toBe(200);
    const detail = await (await t.request('GET', `/api/referrals/${referral.id}`, { as: t.org.users.leader })).json();
    expect(detail.contact).toEqual({ name: '(erased)', email: '(erased)' });
    expect(detail.stakeholders.every((stakeholder: { name: string }) => stakeholder.name === '(erased)')).toBe(true);
    expect(detail.status).toBe('accepted');
    expect(detail.timeline.map((event: { type: string }) => event.type)).toContain('referral.contact_erased');
    const everything = JSON.stringify(detail);
    for (const secret of ['Erin', 'erin@erasable.example', '7946', 'Chris Chief'])
      expect(everything).not.toContain(secret);

    // The stored first response held the contact too: a replay must not bring it back.
    const replay = await submit(t.org.users.northwindPartner, body, { 'Idempotency-Key': 'erase-me' });
    expect(JSON.stringify(await replay.json())).not.toContain('erin@erasable.example');
  });
});
