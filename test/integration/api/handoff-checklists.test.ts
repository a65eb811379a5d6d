import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTimeline } from '#data/events.ts';
import { teamKeys } from '#data/keys.ts';
import type { User } from '#domain/directory/schemas.ts';
import { isoWeek } from '#domain/scorecard/weeks.ts';
import { config } from '#lib/config.ts';
import { createStreamPoller, type StreamPoller } from '#local/stream-poller.ts';
import { contextAs } from '#services/context.ts';
import { referrals } from '#services/referrals.ts';
import { dynamoEndpoint } from '#test/dynamo-endpoint.ts';
import { aHandoffSubmission } from '#test/handoff-fixtures.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { aSubmission } from '#test/referral-fixtures.ts';
import { createAggregatorHandler } from '../../../functions/handlers/aggregator.ts';

/**
 * What the next team needs (issue 17, point 8) and handoffs about a referral (point 7), through
 * the API: a team's checklist per kind of handoff, the sender's required answers, a return
 * naming the missing items, the scorecard's breakdown of returns, and a kickoff linked to the
 * accepted referral it is about.
 */

type Body = Record<string, unknown>;
type Checklist = { teamId: string; version: number; kinds: Record<string, { id: string; label: string }[]> };

const now = new Date('2026-03-04T10:00:00Z');
const week = isoWeek(now, config.ORG_TIME_ZONE);
let t: TestApp;
let poller: StreamPoller;
let sales: User;
let support: User;
let leader: User;
let supportChecklist: Checklist;

const checklistPath = (teamId: string) => `/api/teams/${teamId}/checklist`;
const putChecklist = (as: User, teamId: string, version: number, body: Body) =>
  t.request('PUT', checklistPath(teamId), { as, body, headers: { 'If-Match': `"${version}"` } });
const send = (as: User, body: Body) => t.request('POST', '/api/handoffs', { as, body });
const move = (as: User, id: string, version: number, body: Body) =>
  t.request('POST', `/api/handoffs/${id}/transitions`, { as, body, headers: { 'If-Match': `"${version}"` } });

/** The answers to every item of a kind of the support team's checklist. */
const answersFor = (kind: string) =>
  Object.fromEntries((supportChecklist.kinds[kind] ?? []).map((item) => [item.id, `Answer to ${item.label}`]));

const item = (kind: string, index: number) => {
  const found = supportChecklist.kinds[kind]?.[index];
  if (!found) throw new Error(`no item ${kind}.${index}`);
  return found;
};

beforeAll(async () => {
  t = await createTestApp({ now: () => now });
  ({ salesStaff: sales, supportStaff: support, leader } = t.org.users);
  const handler = createAggregatorHandler(t.db, config.ORG_TIME_ZONE);
  poller = createStreamPoller({ endpoint: dynamoEndpoint(), tableName: t.db.tableName, handler });
});

afterAll(async () => {
  await poller.stop();
});

describe('a team’s checklist of what it needs', () => {
  it('is empty at version 0 until the team writes it; its staff write it on that version, ids are given and kept', async () => {
    const empty = await t.request('GET', checklistPath(t.org.teams.support.id), { as: sales });
    expect(empty.status).toBe(200);
    expect(empty.headers.get('ETag')).toBe('"0"');
    expect(((await empty.json()) as Checklist).kinds.kickoff).toEqual([]);

    const first = await putChecklist(support, t.org.teams.support.id, 0, {
      kickoff: [{ label: 'Signed order form' }, { label: 'Admin contact' }],
      escalation: [{ label: 'What the customer was told' }],
    });
    expect(first.status, await first.clone().text()).toBe(200);
    expect(first.headers.get('ETag')).toBe('"1"');
    const written = (await first.json()) as Checklist;
    expect(written.kinds.kickoff?.map((entry) => entry.label)).toEqual(['Signed order form', 'Admin contact']);
    expect(written.kinds.invoice_query).toEqual([]);

    // The leader adds an item, keeping the others by id.
    const kept = written.kinds.kickoff ?? [];
    const second = await putChecklist(leader, t.org.teams.support.id, 1, {
      kickoff: [...kept, { label: 'Number of seats' }],
      escalation: written.kinds.escalation,
    });
    expect(second.status).toBe(200);
    supportChecklist = (await second.json()) as Checklist;
    expect(supportChecklist.version).toBe(2);
    expect(supportChecklist.kinds.kickoff?.slice(0, 2)).toEqual(kept);
    expect(supportChecklist.kinds.kickoff?.[2]?.id).toMatch(/^[0-9A-Z]{26}$/);

    const timeline = await listTimeline(t.db, teamKeys.byId(t.org.teams.support.id).pk);
    expect(timeline.filter((event) => event.type === 'team.checklist_replaced').map((event) => event.actorId)).toEqual([
      support.id,
      leader.id,
    ]);
  });

  it('refuses another team’s staff (403), referrers (403), a stale or missing version (412, 428), unknown ids and repeats (400)', async () => {
    const team = t.org.teams.support.id;
    const body = { kickoff: [{ label: 'Anything' }] };
    expect((await putChecklist(sales, team, supportChecklist.version, body)).status).toBe(403);
    expect((await putChecklist(t.org.users.northwindPartner, team, supportChecklist.version, body)).status).toBe(403);
    expect((await t.request('GET', checklistPath(team), { as: t.org.users.advocate })).status).toBe(403);
    expect((await putChecklist(support, team, 1, body)).status).toBe(412);
    expect((await t.request('PUT', checklistPath(team), { as: support, body })).status).toBe(428);

    const unknown = await putChecklist(support, team, supportChecklist.version, {
      kickoff: [{ id: '01ARZ3NDEKTSV4RRFFQ69G5FAV', label: 'Made up' }, { label: 'Twice' }, { label: 'twice' }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('Content-Type')).toContain('application/problem+json');
    const problem = (await unknown.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((error) => error.path)).toEqual(['kickoff.0.id', 'kickoff.2.label']);

    const strict = await putChecklist(support, team, supportChecklist.version, { renewal: [] });
    expect(strict.status).toBe(400);
    expect((await t.request('GET', checklistPath('01ARZ3NDEKTSV4RRFFQ69G5FAV'), { as: sales })).status).toBe(404);
  });
});

describe('the sender answers every item', () => {
  it('refuses a kickoff without every answer, naming each item’s field; an answer to nothing asked is refused too', async () => {
    const response = await send(
      sales,
      aHandoffSubmission({
        toTeamId: t.org.teams.support.id,
        kind: 'kickoff',
        answers: { [item('kickoff', 0).id]: 'Signed on 1 March', [item('escalation', 0).id]: 'Not asked' },
      }),
    );
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { path: string; message: string }[] };
    expect(problem.errors.map((error) => error.path)).toEqual([
      `answers.${item('kickoff', 1).id}`,
      `answers.${item('kickoff', 2).id}`,
      `answers.${item('escalation', 0).id}`,
    ]);
    expect(problem.errors[0]?.message).toContain('Admin contact');
  });

  it('keeps the answers with the items’ words; a kind with no items asks nothing', async () => {
    const response = await send(
      sales,
      aHandoffSubmission({ toTeamId: t.org.teams.support.id, kind: 'kickoff', answers: answersFor('kickoff') }),
    );
    expect(response.status).toBe(201);
    const handoff = (await response.json()) as { kind: string; checklist: { label: string; answer: string }[] };
    expect(handoff.kind).toBe('kickoff');
    expect(handoff.checklist.map((entry) => entry.label)).toEqual([
      'Signed order form',
      'Admin contact',
      'Number of seats',
    ]);
    expect(handoff.checklist[0]?.answer).toBe('Answer to Signed order form');

    const plain = await send(sales, aHandoffSubmission({ toTeamId: t.org.teams.support.id, kind: 'invoice_query' }));
    expect(plain.status).toBe(201);
  });
});

describe('a return names the missing items', () => {
  it('takes items of the handoff’s own checklist, lists their words as what is missing, and refuses others', async () => {
    const sent = (await (
      await send(
        sales,
        aHandoffSubmission({ toTeamId: t.org.teams.support.id, kind: 'kickoff', answers: answersFor('kickoff') }),
      )
    ).json()) as { id: string; version: number };
    const acknowledged = (await (await move(support, sent.id, sent.version, { to: 'acknowledged' })).json()) as {
      version: number;
    };
    const foreign = await move(support, sent.id, acknowledged.version, {
      to: 'returned',
      missingItems: [item('escalation', 0).id],
    });
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('missingItems.0');

    const returned = await move(support, sent.id, acknowledged.version, {
      to: 'returned',
      missingItems: [item('kickoff', 1).id],
      missing: ['The billing address'],
    });
    expect(returned.status).toBe(200);
    const body = (await returned.json()) as { missing: string[]; missingItemIds: string[]; version: number };
    expect(body.missing).toEqual(['Admin contact', 'The billing address']);
    expect(body.missingItemIds).toEqual([item('kickoff', 1).id]);

    const resubmitted = await move(sales, sent.id, body.version, { to: 'sent', note: 'The admin is Dana.' });
    expect(resubmitted.status).toBe(200);
    const again = (await resubmitted.json()) as Body;
    expect(again.missing).toBeUndefined();
    expect(again.missingItemIds).toBeUndefined();
  });

  it('breaks the scorecard’s returns down by kind and by item, each row drilling down to exactly its returns', async () => {
    // A second return, of an escalation, naming its one item.
    const sent = (await (
      await send(
        sales,
        aHandoffSubmission({ toTeamId: t.org.teams.support.id, kind: 'escalation', answers: answersFor('escalation') }),
      )
    ).json()) as { id: string; version: number };
    const acknowledged = (await (await move(support, sent.id, sent.version, { to: 'acknowledged' })).json()) as {
      version: number;
    };
    expect(
      (await move(support, sent.id, acknowledged.version, { to: 'returned', missingItems: [item('escalation', 0).id] }))
        .status,
    ).toBe(200);
    for (let pass = 0; pass < 50; pass++) if ((await poller.pollOnce()) === 0) break;

    const scorecard = (await (await t.request('GET', '/api/scorecard?weeks=1', { as: leader })).json()) as {
      pillars: {
        id: string;
        figures: { id: string; value: number; byDimension: { dimension: string; label: string; value: number }[] }[];
      }[];
    };
    const returns = scorecard.pillars
      .find((pillar) => pillar.id === 'internal')
      ?.figures.find((f) => f.id === 'handoffs.returns');
    expect(returns?.value).toBe(2);
    const team = t.org.teams.support.id;
    const rows = Object.fromEntries((returns?.byDimension ?? []).map((row) => [row.dimension, row]));
    expect(rows['kind:kickoff']).toMatchObject({ label: 'Kickoff', value: 1 });
    expect(rows['kind:escalation']).toMatchObject({ label: 'Escalation', value: 1 });
    expect(rows[`item:${team}:${item('kickoff', 1).id}`]).toMatchObject({ label: 'Support: Admin contact', value: 1 });
    expect(rows[`item:${team}:${item('escalation', 0).id}`]).toMatchObject({
      label: 'Support: What the customer was told',
      value: 1,
    });

    const drill = async (dimension: string) => {
      const response = await t.request(
        'GET',
        `/api/scorecard/handoffs.returns/records?week=${week}&dimension=${encodeURIComponent(dimension)}`,
        { as: leader },
      );
      expect(response.status, await response.clone().text()).toBe(200);
      return (await response.json()) as { summary: { value: number }; items: { recordType: string; id: string }[] };
    };
    const byItem = await drill(`item:${team}:${item('escalation', 0).id}`);
    expect(byItem.summary.value).toBe(1);
    expect(byItem.items).toEqual([expect.objectContaining({ recordType: 'handoff', id: sent.id })]);
    expect((await drill('kind:kickoff')).items).toHaveLength(1);
    expect((await drill('all')).items).toHaveLength(2);
  });
});

describe('a resubmission changes the answers', () => {
  it('takes new answers to the handoff’s own items, keeps the others, and names the revised items in its event', async () => {
    const sent = (await (
      await send(
        sales,
        aHandoffSubmission({ toTeamId: t.org.teams.support.id, kind: 'kickoff', answers: answersFor('kickoff') }),
      )
    ).json()) as { id: string; version: number };
    const acknowledged = (await (await move(support, sent.id, sent.version, { to: 'acknowledged' })).json()) as {
      version: number;
    };
    const returned = (await (
      await move(support, sent.id, acknowledged.version, { to: 'returned', missingItems: [item('kickoff', 1).id] })
    ).json()) as { version: number };

    // An item of another kind's list, and an empty answer, are refused field by field.
    const foreign = await move(sales, sent.id, returned.version, {
      to: 'sent',
      answers: { [item('escalation', 0).id]: 'Not asked' },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.headers.get('Content-Type')).toContain('application/problem+json');
    expect(((await foreign.json()) as { errors: { path: string }[] }).errors.map((error) => error.path)).toEqual([
      `answers.${item('escalation', 0).id}`,
    ]);
    const empty = await move(sales, sent.id, returned.version, {
      to: 'sent',
      answers: { [item('kickoff', 1).id]: '' },
    });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe(
      `answers.${item('kickoff', 1).id}`,
    );

    const newAnswer = 'Dana Whitfield, dana@example.com, +44 20 7946 0011';
    const resubmitted = await move(sales, sent.id, returned.version, {
      to: 'sent',
      // The first answer is sent unchanged: only a change counts as revised.
      answers: { [item('kickoff', 0).id]: 'Answer to Signed order form', [item('kickoff', 1).id]: newAnswer },
      note: 'The admin contact is now complete.',
    });
    expect(resubmitted.status, await resubmitted.clone().text()).toBe(200);
    const body = (await resubmitted.json()) as {
      version: number;
      revisedItemIds: string[];
      checklist: { itemId: string; answer: string }[];
    };
    expect(body.checklist.map((entry) => entry.answer)).toEqual([
      'Answer to Signed order form',
      newAnswer,
      'Answer to Number of seats',
    ]);
    expect(body.revisedItemIds).toEqual([item('kickoff', 1).id]);

    const detail = (await (await t.request('GET', `/api/handoffs/${sent.id}`, { as: support })).json()) as {
      checklist: { answer: string }[];
      timeline: { type: string; after: Body }[];
    };
    expect(detail.checklist[1]?.answer).toBe(newAnswer);
    const event = detail.timeline.find((entry) => entry.type === 'handoff.resubmitted');
    expect(event?.after.revisedItemIds).toEqual([item('kickoff', 1).id]);
    // The answer's words stay on the record, out of the event (and so out of the stream).
    expect(JSON.stringify(event)).not.toContain('dana@example.com');

    // Any other move that brings answers is refused: only the sender's resubmission changes them.
    const onAck = await move(support, sent.id, body.version, {
      to: 'acknowledged',
      answers: { [item('kickoff', 0).id]: 'Changed by the receiver' },
    });
    expect(onAck.status).toBe(400);
    expect(((await onAck.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('answers');
  });
});

describe('a handoff about a referral', () => {
  const accepted = async () => {
    const submitted = await referrals.submit(contextAs(t.db, t.org.users.northwindPartner, now), aSubmission());
    return referrals.transition(contextAs(t.db, sales, now), submitted.id, submitted.version, { to: 'accepted' });
  };

  it('links an accepted referral, which then lists it on its page, and the handoff links back', async () => {
    const referral = await accepted();
    const response = await send(
      sales,
      aHandoffSubmission({ toTeamId: t.org.teams.support.id, referralId: referral.id, kind: 'invoice_query' }),
    );
    expect(response.status, await response.clone().text()).toBe(201);
    const handoff = (await response.json()) as { id: string; referralId: string };
    expect(handoff.referralId).toBe(referral.id);

    const detail = (await (await t.request('GET', `/api/referrals/${referral.id}`, { as: support })).json()) as {
      handoffs: { id: string }[];
    };
    expect(detail.handoffs.map((entry) => entry.id)).toEqual([handoff.id]);
    // Partners never see handoffs, not even about their own referral.
    const partnerView = (await (
      await t.request('GET', `/api/referrals/${referral.id}`, { as: t.org.users.northwindPartner })
    ).json()) as Body;
    expect(partnerView.handoffs).toBeUndefined();
  });

  it('refuses, as a field error, an unknown referral, one not yet accepted, and naming a customer too', async () => {
    const submitted = await referrals.submit(contextAs(t.db, t.org.users.advocate, now), aSubmission());
    const cases: [Body, string][] = [
      [{ referralId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }, 'No such referral.'],
      [{ referralId: submitted.id }, 'Only an accepted or qualified referral can be handed on; this one is submitted.'],
      [{ referralId: (await accepted()).id, customerId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }, 'not both'],
    ];
    for (const [body, message] of cases) {
      const response = await send(sales, aHandoffSubmission({ toTeamId: t.org.teams.support.id, ...body }));
      expect(response.status).toBe(400);
      const problem = (await response.json()) as { errors: { path: string; message: string }[] };
      expect(problem.errors).toEqual([{ path: 'referralId', message: expect.stringContaining(message) }]);
    }
  });
});
