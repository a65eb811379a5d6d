import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#data/client.ts';
import { listTimeline } from '#data/events.ts';
import { referralKeys } from '#data/keys.ts';
import { getReferral } from '#data/referral-repository.ts';
import type { User } from '#domain/directory/schemas.ts';
import { contextAs } from '#services/context.ts';
import { referrals } from '#services/referrals.ts';
import { sweep } from '#services/sweeper.ts';
import { createTestTable, type Organisation, seedOrganisation } from '#test/harness.ts';
import { aSubmission } from '#test/referral-fixtures.ts';

const day = 24 * 60 * 60 * 1000;
let db: Db;
let org: Organisation;

beforeAll(async () => {
  db = await createTestTable();
  org = await seedOrganisation(db);
});

function as(user: User, at: Date) {
  return contextAs(db, user, at);
}

describe('the SLA sweeper', () => {
  it('marks a referral overdue once, as an event, when its first response is past due', async () => {
    const submittedAt = new Date('2026-03-02T09:00:00Z');
    const referral = await referrals.submit(as(org.users.northwindPartner, submittedAt), aSubmission());
    const answered = await referrals.submit(as(org.users.bluewavePartner, submittedAt), aSubmission());
    await referrals.transition(as(org.users.salesStaff, new Date('2026-03-03T09:00:00Z')), answered.id, 1, {
      to: 'accepted',
    });

    const early = await sweep(db, new Date('2026-03-03T09:00:00Z'));
    expect(early.referralsMarkedOverdue).toBe(0);

    const late = new Date(submittedAt.getTime() + 2 * day + 60_000);
    const first = await sweep(db, late);
    expect(first.referralsMarkedOverdue).toBe(1);
    const again = await sweep(db, new Date(late.getTime() + day));
    expect(again.referralsMarkedOverdue).toBe(0);

    const marked = await getReferral(db, referral.id);
    expect(marked).toMatchObject({ overdue: true, version: 2, status: 'submitted' });
    const timeline = await listTimeline(db, referralKeys.byId(referral.id).pk);
    expect(timeline.filter((event) => event.type === 'referral.overdue')).toHaveLength(1);
    expect(timeline.at(-1)?.actorId).toBe('system');
    expect((await getReferral(db, answered.id))?.overdue).toBe(false);

    // Answering late is allowed, and recorded as late.
    const accepted = await referrals.transition(
      as(org.users.salesStaff, new Date(late.getTime() + day)),
      referral.id,
      2,
      {
        to: 'accepted',
      },
    );
    expect(accepted).toMatchObject({ status: 'accepted', respondedLate: true, overdue: false });
  });
});
