import type { User } from '#domain/directory/schemas.ts';
import type { Request } from './client.ts';

/**
 * The soak's mix of operations from every role, and the ledger of what the portal acknowledged:
 * the records it said it created, the moves it said it made, what it refused and what was given
 * up. The checks compare the ledger with the table afterwards.
 */

type Kind =
  | 'referral.submit'
  | 'referral.transition'
  | 'handoff.send'
  | 'handoff.transition'
  | 'issue.report'
  | 'issue.transition'
  | 'read'
  | 'scorecard';

const weights: [Kind, number][] = [
  ['referral.submit', 24],
  ['referral.transition', 12],
  ['handoff.send', 10],
  ['handoff.transition', 8],
  ['issue.report', 8],
  ['issue.transition', 6],
  ['read', 24],
  ['scorecard', 8],
];

export interface Created {
  readonly kind: 'referral' | 'handoff' | 'issue';
  readonly id: string;
  readonly key: string;
  readonly marker: string;
}

export interface Moved {
  readonly kind: 'referral' | 'handoff' | 'issue';
  readonly id: string;
  readonly to: string;
  readonly version: number;
  /** When the answer arrived: a loss close to the kill points at the database's durability. */
  readonly at: number;
}

export interface Ledger {
  readonly created: Created[];
  readonly moved: Moved[];
  /** Given up after every retry: never acknowledged, so never a loss. */
  readonly unfinished: string[];
  /** Refused for a reason other than the outage: a defect. */
  readonly refused: string[];
  readonly replayMismatches: string[];
  /** Acknowledged moves whose answer came from a retry after the first try committed unseen. */
  readonly ambiguous: string[];
  readonly byKind: Record<string, number>;
  resent: number;
}

/** The same mix for the same operation number on every run (mulberry32). */
function random(seed: number) {
  let state = (seed * 0x9e3779b9) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const pick = <T>(list: readonly T[], r: () => number): T => list[Math.floor(r() * list.length)] as T;

function kindOf(r: () => number): Kind {
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = r() * total;
  for (const [candidate, weight] of weights) {
    roll -= weight;
    if (roll < 0) return candidate;
  }
  return 'read';
}

export interface People {
  readonly everyone: readonly User[];
  readonly chief: User;
  readonly referrers: readonly User[];
  readonly staff: readonly User[];
}

export function soakWorkload(
  request: Request,
  people: People,
  options: { readonly customerIds: readonly string[]; readonly resendShare: number; readonly runTag: string },
) {
  const { everyone, chief, referrers, staff } = people;
  const ledger: Ledger = {
    created: [],
    moved: [],
    unfinished: [],
    refused: [],
    replayMismatches: [],
    ambiguous: [],
    byKind: {},
    resent: 0,
  };
  const openReferrals: { id: string; version: number }[] = [];
  const sentHandoffs: { id: string; version: number; toTeamId: string }[] = [];
  const reportedIssues: { id: string; version: number }[] = [];

  /** A creation with its Idempotency-Key; a share of those acknowledged is sent again to compare the replay. */
  async function create(
    kind: Created['kind'],
    as: User,
    path: string,
    body: unknown,
    key: string,
    marker: string,
    r: () => number,
  ) {
    const first = await request(as, 'POST', path, body, { 'Idempotency-Key': key });
    if (first.status !== 201) {
      if (typeof first.status === 'number' && first.status < 500 && first.status !== 429)
        ledger.refused.push(`${path} ${first.status}`);
      else ledger.unfinished.push(`${path} ${first.status}`);
      return undefined;
    }
    const record = first.json as { id: string; version: number };
    ledger.created.push({ kind, id: record.id, key, marker });
    if (r() < options.resendShare) {
      ledger.resent++;
      const again = await request(as, 'POST', path, body, { 'Idempotency-Key': key });
      const id = (again.json as { id?: string } | undefined)?.id;
      if (again.status !== 201 || id !== record.id) ledger.replayMismatches.push(`${key}: ${again.status} ${id}`);
    }
    return record;
  }

  async function transition(
    kind: Moved['kind'],
    as: User,
    record: { id: string; version: number },
    to: string,
    extra: Record<string, unknown> = {},
  ) {
    const path = `/api/${kind}s/${record.id}/transitions`;
    const answer = await request(as, 'POST', path, { to, ...extra }, { 'If-Match': `"${record.version}"` });
    if (answer.status === 200) {
      const version = (answer.json as { version: number }).version;
      ledger.moved.push({ kind, id: record.id, to, version, at: Date.now() });
    } else if (answer.status === 412 && answer.retried) {
      // The first try committed but its answer was lost (the connection dropped with the
      // database): the retry finds the version moved on. The final check reads it.
      ledger.ambiguous.push(`${kind} ${record.id} → ${to}`);
      ledger.moved.push({ kind, id: record.id, to, version: record.version + 1, at: Date.now() });
    } else if (typeof answer.status === 'number' && answer.status < 500 && answer.status !== 429) {
      ledger.refused.push(`${path} ${answer.status}`);
    } else {
      ledger.unfinished.push(`${path} ${answer.status}`);
    }
  }

  async function operation(index: number): Promise<void> {
    const r = random(index + 1);
    let kind = kindOf(r);
    // A transition needs something to move; until there is, the operation creates it.
    if (kind === 'referral.transition' && openReferrals.length === 0) kind = 'referral.submit';
    if (kind === 'handoff.transition' && sentHandoffs.length === 0) kind = 'handoff.send';
    if (kind === 'issue.transition' && reportedIssues.length === 0) kind = 'issue.report';
    ledger.byKind[kind] = (ledger.byKind[kind] ?? 0) + 1;
    const key = `soak-${index}-${options.runTag}`;
    switch (kind) {
      case 'referral.submit': {
        const marker = `Soak ${key} Ltd`;
        const record = await create(
          'referral',
          pick(referrers, r),
          '/api/referrals',
          {
            company: { name: marker, domain: `${key}.example` },
            contact: { name: 'Jane Buyer', email: `jane@${key}.example` },
            jobToBeDone: 'Cut onboarding time for new clients from weeks to days.',
            fit: { resources: 4, functional: 5, technical: 3, cultural: 4 },
            stakeholders: [{ name: 'Chris Chief', role: 'decision_maker' }],
          },
          key,
          marker,
          r,
        );
        if (record) openReferrals.push(record);
        return;
      }
      case 'referral.transition': {
        const record = openReferrals.splice(Math.floor(r() * openReferrals.length), 1)[0];
        if (!record) return;
        const to = r() < 0.7 ? 'accepted' : 'declined';
        await transition('referral', pick(staff, r), record, to, to === 'declined' ? { reason: 'Not a fit.' } : {});
        return;
      }
      case 'handoff.send': {
        const from = pick(staff, r);
        const receiver = pick(
          staff.filter((user) => user.teamId !== from.teamId),
          r,
        );
        const marker = `Soak ${key}: set up their workspace`;
        const record = await create(
          'handoff',
          from,
          '/api/handoffs',
          { toTeamId: receiver.teamId, summary: marker, promised: 'A kickoff call.', needs: 'The admin contact.' },
          key,
          marker,
          r,
        );
        if (record && receiver.teamId) sentHandoffs.push({ ...record, toTeamId: receiver.teamId });
        return;
      }
      case 'handoff.transition': {
        const record = sentHandoffs.splice(Math.floor(r() * sentHandoffs.length), 1)[0];
        if (!record) return;
        const receiver = staff.find((user) => user.teamId === record.toTeamId);
        if (receiver) await transition('handoff', receiver, record, 'acknowledged');
        return;
      }
      case 'issue.report': {
        const marker = `Soak ${key}: invoices were sent twice.`;
        const record = await create(
          'issue',
          pick(staff, r),
          '/api/issues',
          {
            customerIds: [pick(options.customerIds, r)],
            severity: r() < 0.2 ? 'sev1' : 'sev3',
            title: `Soak ${key}: invoices sent twice`,
            impact: marker,
            customerTold: 'We are on it.',
          },
          key,
          marker,
          r,
        );
        if (record) reportedIssues.push(record);
        return;
      }
      case 'issue.transition': {
        const record = reportedIssues.splice(Math.floor(r() * reportedIssues.length), 1)[0];
        if (record) await transition('issue', pick(staff, r), record, 'owned');
        return;
      }
      case 'read': {
        const as = pick(everyone, r);
        const path =
          as.role === 'staff'
            ? pick(['/api/referrals', '/api/handoffs', '/api/issues', '/api/customers'], r)
            : as.role === 'leader'
              ? pick(['/api/referrals', '/api/customers', '/api/issues', '/api/me'], r)
              : pick(['/api/referrals', '/api/me', '/api/customers'], r);
        const answer = await request(as, 'GET', path);
        if (answer.status !== 200) ledger.unfinished.push(`GET ${path} ${answer.status}`);
        return;
      }
      case 'scorecard': {
        const answer = await request(chief, 'GET', '/api/scorecard?weeks=4');
        if (answer.status !== 200) ledger.unfinished.push(`GET /api/scorecard ${answer.status}`);
        return;
      }
    }
  }

  return { ledger, operation };
}
