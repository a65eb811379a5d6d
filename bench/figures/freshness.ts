/**
 * Freshness: how long a portal change takes to show on the scorecard on the local stack. A
 * partner submits a referral (`POST /api/referrals`); the bench then reads `GET
 * /api/scorecard` as a leader every 50 ms until this week's `referrals.submitted` count has
 * grown. The change travels the table's stream, the stack's stream poller (every second, as
 * `npm start` runs it) and the aggregator's transaction, exactly as in `npm start`.
 */
import { freshSubmission } from '../lib/referral-ops.ts';
import type { Session } from './requests.ts';

const pollEveryMs = 50;
const giveUpMs = 30_000;

interface ScorecardBody {
  pillars?: { figures?: { id: string; trend?: { week: string; value: number | null }[] }[] }[];
}

async function submittedThisWeek(session: Session): Promise<number> {
  const response = await fetch(`${session.url}/api/scorecard`, {
    headers: { Authorization: `Bearer ${session.users.leader.token}` },
  });
  if (response.status !== 200) throw new Error(`GET /api/scorecard answered ${response.status}`);
  const body = (await response.json()) as ScorecardBody;
  const figure = body.pillars?.flatMap((pillar) => pillar.figures ?? []).find((f) => f.id === 'referrals.submitted');
  return figure?.trend?.at(-1)?.value ?? 0;
}

/** `samples` changes, one after the other; the seconds from each submission's answer to the scorecard showing it. */
export async function measureFreshness(
  session: Session,
  samples: number,
): Promise<{ seconds: number[]; failures: string[] }> {
  const seconds: number[] = [];
  const failures: string[] = [];
  for (let sample = 0; sample < samples; sample++) {
    const before = await submittedThisWeek(session);
    const response = await fetch(`${session.url}/api/referrals`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${session.users.partner.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(freshSubmission()),
    });
    const submitted = performance.now();
    if (response.status !== 201) {
      failures.push(`POST /api/referrals answered ${response.status}`);
      continue;
    }
    await response.arrayBuffer();
    let shown = false;
    while (performance.now() - submitted < giveUpMs) {
      if ((await submittedThisWeek(session)) > before) {
        shown = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, pollEveryMs));
    }
    if (shown) seconds.push((performance.now() - submitted) / 1000);
    else failures.push(`not on the scorecard after ${giveUpMs / 1000} s`);
    // Submissions land at different points of the poller's second.
    await new Promise((resolve) => setTimeout(resolve, 137 * (sample % 7)));
  }
  return { seconds, failures };
}
