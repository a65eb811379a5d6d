import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '#data/client.ts';
import type { Attempt } from './client.ts';
import type { Ledger, Moved } from './workload.ts';

/** A check of the soak: a required one failing fails it; the others are shown for what they say. */
export interface SoakCheck {
  readonly name: string;
  readonly required: boolean;
  readonly ok: boolean;
  readonly detail: string;
}

export interface Outage {
  readonly killedAt: number;
  readonly restartedAt: number;
}

/**
 * What the table and the clients' attempts say after the soak, against the ledger of what the
 * portal acknowledged: nothing acknowledged lost, one record per key, only 503 or 429 with
 * Retry-After in the outage, recovery without a restart, and aggregates equal to a reconcile.
 */
export function soakChecks(input: {
  readonly items: readonly Record<string, unknown>[];
  readonly ledger: Ledger;
  readonly attempts: readonly Attempt[];
  readonly window: Outage;
  /** A request sent once the operations were done, and how many attempts came before it. */
  readonly probe: { readonly status: number | 'network'; readonly attemptsBefore: number };
  readonly settleMs: number;
  readonly giveUpMs: number;
  readonly pollFailures: number;
  readonly reconciled: {
    readonly differences: readonly { readonly key: string }[];
    readonly aggregatesCompared: number;
    readonly recordsScanned: number;
  };
}): { checks: SoakCheck[]; notApplied: Moved[]; whileDown: Attempt[]; firstSuccess: Attempt | undefined } {
  const { items, ledger, attempts, window, settleMs, giveUpMs, pollFailures, reconciled } = input;
  const checks: SoakCheck[] = [];
  // Recovery: the same server process, never restarted, answers again. The probe is left out,
  // so that it cannot be the success that proves it.
  const afterRestart = attempts
    .slice(0, input.probe.attemptsBefore)
    .filter((attempt) => attempt.startedAt > window.restartedAt);
  const firstSuccess = afterRestart
    .filter((attempt) => attempt.status === 200 || attempt.status === 201)
    .sort((a, b) => a.endedAt - b.endedAt)[0];

  const records = new Map(
    items
      .filter((item) => typeof item.id === 'string' && item.sk !== undefined)
      .map((item) => [`${item.entity}:${item.id}`, item]),
  );
  const markerOf = (item: Record<string, unknown>) =>
    item.entity === 'referral'
      ? (item.company as { name?: string } | undefined)?.name
      : item.entity === 'handoff'
        ? item.summary
        : item.entity === 'issue'
          ? item.impact
          : undefined;
  const lost = ledger.created.filter(
    (record) => markerOf(records.get(`${record.kind}:${record.id}`) ?? {}) !== record.marker,
  );
  checks.push({
    name: 'every acknowledged creation is in the table',
    required: true,
    ok: lost.length === 0,
    detail: `${ledger.created.length} acknowledged, ${lost.length} missing${
      lost.length
        ? `: ${lost
            .slice(0, 5)
            .map((r) => r.id)
            .join(', ')}`
        : ''
    }`,
  });

  const finalState = new Map<string, Moved>();
  for (const change of ledger.moved) finalState.set(`${change.kind}:${change.id}`, change);
  const notApplied = [...finalState.values()].filter((change) => {
    const item = records.get(`${change.kind}:${change.id}`);
    return !item || item.status !== change.to || Number(item.version) !== change.version;
  });
  checks.push({
    name: 'every acknowledged transition is in the table',
    required: true,
    ok: notApplied.length === 0,
    detail: `${ledger.moved.length} acknowledged (${ledger.ambiguous.length} whose answer was lost in the outage), ${notApplied.length} missing${
      notApplied.length
        ? `: ${notApplied
            .slice(0, 5)
            .map((change) => {
              const item = records.get(`${change.kind}:${change.id}`);
              return `${change.kind} ${change.id} acknowledged ${change.to} v${change.version} ${
                change.at - window.killedAt
              } ms from the kill, found ${String(item?.status)} v${String(item?.version)}`;
            })
            .join('; ')}`
        : ''
    }`,
  });

  const perMarker = new Map<string, number>();
  for (const item of items) {
    const marker = markerOf(item);
    if (typeof marker === 'string' && marker.startsWith('Soak soak-'))
      perMarker.set(marker, (perMarker.get(marker) ?? 0) + 1);
  }
  const duplicates = [...perMarker.entries()].filter(([, count]) => count > 1);
  checks.push({
    name: 'one record per Idempotency-Key',
    required: true,
    ok: duplicates.length === 0 && ledger.replayMismatches.length === 0,
    detail: `${perMarker.size} keys with a record, ${duplicates.length} with more than one; ${
      ledger.created.length
    } creations acknowledged, ${ledger.resent} sent again with their key: ${ledger.replayMismatches.length} replays differed`,
  });

  const failed = attempts.filter(
    (attempt) => attempt.status === 'network' || attempt.status >= 500 || attempt.status === 429,
  );
  // The outage as clients see it: from the kill until DynamoDB Local, cold and hammered by
  // every client's retry, has warmed up; requests in it may be refused, but only with a 503
  // or 429 that says when to try again.
  const settledAt = window.restartedAt + settleMs;
  const inOutage = (attempt: Attempt) => attempt.startedAt <= settledAt && attempt.endedAt >= window.killedAt;
  const wrongKind = failed.filter(
    (attempt) => !((attempt.status === 503 || attempt.status === 429) && attempt.retryAfter),
  );
  const whileDown = failed.filter((attempt) => inOutage(attempt) && attempt.startedAt <= window.restartedAt);
  const outsideOutage = failed.filter((attempt) => !inOutage(attempt));
  checks.push({
    name: 'the only errors during the outage (or at any time) were 503 or 429 with Retry-After',
    required: true,
    ok: wrongKind.length === 0,
    detail: `${whileDown.length} refused while DynamoDB Local was down, ${
      failed.length - outsideOutage.length - whileDown.length
    } in the ${settleMs / 1000} s after its restart, ${outsideOutage.length} at other times; ${wrongKind.length} of another kind${
      wrongKind.length ? ` (${summarise(wrongKind)})` : ''
    }`,
  });
  checks.push({
    name: 'the server recovered without a restart',
    required: true,
    ok: firstSuccess !== undefined && input.probe.status === 200,
    detail: firstSuccess
      ? `the same server process answered ${
          afterRestart.filter((attempt) => attempt.status === 200 || attempt.status === 201).length
        } requests successfully after DynamoDB Local was back, the first ${firstSuccess.endedAt - window.restartedAt} ms after it`
      : 'no request succeeded after the restart',
  });
  checks.push({
    name: 'no request refused for anything but the outage',
    required: true,
    ok: ledger.refused.length === 0,
    detail: `${ledger.refused.length}${ledger.refused.length ? `: ${ledger.refused.slice(0, 5).join('; ')}` : ''}`,
  });
  // On a loaded machine a cold DynamoDB Local answers slower than the client's timeout for
  // a while: those 503s are right, and an operation given up was never acknowledged, so
  // neither is a loss. They are shown, not failed.
  checks.push({
    name: `errors before the outage or from ${settleMs / 1000} s after the restart`,
    required: false,
    ok: outsideOutage.length === 0,
    detail: `${outsideOutage.length}${outsideOutage.length ? ` (${summarise(outsideOutage)})` : ''} of ${
      attempts.filter((attempt) => !inOutage(attempt)).length
    } requests`,
  });
  checks.push({
    name: `operations given up after ${giveUpMs / 1000} s of retries`,
    required: false,
    ok: ledger.unfinished.length === 0,
    detail: `${ledger.unfinished.length}${ledger.unfinished.length ? `: ${ledger.unfinished.slice(0, 3).join('; ')}` : ''}`,
  });
  checks.push({
    name: 'the scorecard aggregates equal the reconciled ones',
    required: true,
    ok: reconciled.differences.length === 0,
    detail: `${reconciled.aggregatesCompared} aggregates from ${reconciled.recordsScanned} records, ${
      reconciled.differences.length
    } differ${
      reconciled.differences.length
        ? ` (${reconciled.differences
            .slice(0, 3)
            .map((d) => d.key)
            .join(', ')})`
        : ''
    }; ${pollFailures} stream polls failed (retried)`,
  });

  return { checks, notApplied, whileDown, firstSuccess };
}

function summarise(attempts: readonly Attempt[]): string {
  const counts = new Map<string, number>();
  for (const attempt of attempts) {
    const label = `${attempt.status}${attempt.retryAfter ? '' : ' without Retry-After'}`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts.entries()].map(([label, count]) => `${count}× ${label}`).join(', ');
}

/** Every item of the table, read consistently: the checks read the table, not the API. */
export async function scanAll(db: Db): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(
      new ScanCommand({ TableName: db.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
