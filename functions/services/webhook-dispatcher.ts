import { lookup } from 'node:dns/promises';
import { Webhook } from 'standardwebhooks';
import type { Db } from '#data/client.ts';
import {
  abandonDelivery,
  allWebhooks,
  dueDeliveries,
  getDelivery,
  getWebhook,
  laneHead,
  laneNext,
  markEndpointHealth,
  moveDue,
  putDelivery,
  recordAttempt,
  replaceWebhook,
  type StoredDelivery,
} from '#data/webhook-repository.ts';
import type { TimelineEvent } from '#domain/timeline/event.ts';
import { deliveryWindowMs, nextAttemptAt } from '#domain/webhooks/backoff.ts';
import { subscribes, webhookTypeOf } from '#domain/webhooks/event-types.ts';
import { webhookPayload } from '#domain/webhooks/payload.ts';
import type { DeliveryAttempt, WebhookRecord } from '#domain/webhooks/schemas.ts';
import { isInternalAddress, nameToCheck } from '#domain/webhooks/url.ts';
import { config } from '#lib/config.ts';
import { logger } from '#lib/logger.ts';
import type { EventReaction } from './reaction.ts';
import { signingSecrets } from './webhooks.ts';

/**
 * Webhook deliveries, from a timeline event to a receiver's 2xx:
 *
 * 1. `enqueueWebhookDeliveries` (a reaction of the events consumer on the table's stream) puts
 *    one pending delivery per enabled endpoint that subscribes to the event's type.
 * 2. `pumpDueDeliveries` (a schedule in AWS, a timer locally) queries the due index, claims
 *    what is due with a lease and hands it on: to SQS when deployed, straight to 3 locally.
 * 3. `attemptDelivery` (the queue's consumer) sends it, signed, once its record's earlier
 *    deliveries to that endpoint are done, and records the attempt: done, or due again later.
 *
 * At least once: a claim that never reports is due again when its lease ends, and a duplicate
 * queue message cannot record an attempt twice (the attempt count is the condition).
 */

export interface DeliveryRef {
  readonly webhookId: string;
  readonly eventId: string;
}

/** Where claimed deliveries go: the queue when deployed, an in-process attempt locally. */
export type DeliverySink = (refs: readonly DeliveryRef[]) => Promise<void>;

/** How long a claimed delivery is held before it is due again: longer than any attempt takes. */
export const leaseMs = 5 * 60_000;
/** How long a receiver has to answer. */
export const requestTimeoutMs = 10_000;
/** How long a delivery waits before it looks again at an earlier one of its record. */
const laneWaitMs = 5_000;

export interface EnqueueOptions {
  readonly now?: Date;
  /** The portal's address, for the link in each payload. */
  readonly siteUrl?: string;
}

/**
 * The reaction to a timeline event: a pending delivery, due now, for every enabled endpoint
 * that subscribes to it. Events receivers are not told of enqueue nothing. Idempotent: the
 * delivery's key is the endpoint and the event.
 */
export async function enqueueWebhookDeliveries(
  db: Db,
  event: TimelineEvent,
  options: EnqueueOptions = {},
): Promise<number> {
  const type = webhookTypeOf(event.type);
  if (!type) return 0;
  // An endpoint hears of what happens from its registration on: the stream may still be
  // catching up on older events when it is made.
  const endpoints = (await allWebhooks(db)).filter(
    (endpoint) => endpoint.enabled && endpoint.createdAt <= event.at && subscribes(endpoint.events, type),
  );
  if (endpoints.length === 0) return 0;
  const body = JSON.stringify(webhookPayload(event, type, options.siteUrl ?? config.WEB_BASE_URL));
  const at = (options.now ?? new Date()).toISOString();
  let enqueued = 0;
  for (const endpoint of endpoints) {
    const fresh = await putDelivery(db, {
      id: `msg_${event.id}`,
      webhookId: endpoint.id,
      type,
      recordType: event.recordType,
      recordId: event.recordId,
      eventId: event.id,
      eventAt: event.at,
      status: 'pending',
      createdAt: at,
      nextAttemptAt: at,
      attempts: [],
      body,
    });
    if (fresh) enqueued++;
  }
  return enqueued;
}

/** The events consumer's reaction (functions/services/event-reactions.ts): enqueue, never send. */
export const enqueueWebhooks: EventReaction = async (ctx, event) => {
  await enqueueWebhookDeliveries(ctx.db, event, { now: ctx.now(), siteUrl: ctx.webBaseUrl });
};

/**
 * Claims up to `limit` due deliveries (each moved a lease ahead, so another pump skips it and it
 * comes back if its attempt never reports) and hands them to the sink.
 */
export async function pumpDueDeliveries(db: Db, now: Date, sink: DeliverySink, limit = 100): Promise<number> {
  const due = await dueDeliveries(db, now, limit);
  const claimed: DeliveryRef[] = [];
  const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
  for (const delivery of due) {
    if (await moveDue(db, delivery, leaseUntil))
      claimed.push({ webhookId: delivery.webhookId, eventId: delivery.eventId });
  }
  if (claimed.length > 0) await sink(claimed);
  return claimed.length;
}

export interface AttemptOptions {
  readonly now: Date;
  readonly timeoutMs?: number;
  /** The addresses a host name has now: the system resolver, unless a test says otherwise. */
  readonly resolveHost?: (host: string) => Promise<string[]>;
}

const resolveWithSystem = async (host: string): Promise<string[]> =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * Why the endpoint's host may not be called now, or undefined. Its name was public when it was
 * registered, but where a name points can change: a name that now resolves to a private,
 * loopback or link-local address is refused before anything is sent.
 */
async function refusedHost(url: string, resolveHost: (host: string) => Promise<string[]>): Promise<string | undefined> {
  const host = nameToCheck(url);
  if (!host) return undefined;
  let addresses: string[];
  try {
    addresses = await resolveHost(host);
  } catch (error) {
    return `Could not resolve ${host}: ${errorCause(error)}.`;
  }
  const internal = addresses.find(isInternalAddress);
  return internal ? `Refused: ${host} resolves to ${internal}, a private, loopback or link-local address.` : undefined;
}

export type AttemptOutcome = 'succeeded' | 'retrying' | 'failed' | 'waiting' | 'skipped';

interface Answer {
  readonly ok: boolean;
  readonly statusCode?: number;
  readonly error?: string;
  readonly durationMs: number;
}

/**
 * One POST: to a host that resolves to public addresses only, signed with every current secret,
 * no redirect followed, a bounded wait.
 */
async function post(
  endpoint: WebhookRecord,
  delivery: StoredDelivery,
  options: AttemptOptions,
  timeoutMs: number,
): Promise<Answer> {
  const { now } = options;
  const refused = await refusedHost(endpoint.url, options.resolveHost ?? resolveWithSystem);
  if (refused) return { ok: false, error: refused, durationMs: 0 };
  const signature = signingSecrets(endpoint, now)
    .map((secret) => new Webhook(secret).sign(delivery.id, now, delivery.body))
    .join(' ');
  const started = performance.now();
  const duration = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'TotalCustomer-Webhooks/1',
        'webhook-id': delivery.id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body: delivery.body,
      // A redirect could send the signed body anywhere, an internal address included: it is an answer, and a failure.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The receiver's body is not ours to keep; reading it frees the connection.
    await response.body?.cancel().catch(() => undefined);
    const ok = response.status >= 200 && response.status < 300;
    return { ok, statusCode: response.status, durationMs: duration() };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    const message =
      name === 'TimeoutError' || name === 'AbortError'
        ? `No answer within ${timeoutMs / 1000} s.`
        : `Could not connect: ${errorCause(error)}.`;
    return { ok: false, error: message, durationMs: duration() };
  }
}

/** The system's error code (ECONNREFUSED, ENOTFOUND…), of the error or of what fetch wraps. */
function errorCause(error: unknown): string {
  const failure = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  if (typeof failure?.code === 'string') return failure.code;
  const cause = failure?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.message : String(error);
}

/** Wakes the next delivery of the record, so that it need not wait out its own backoff. */
async function wakeNext(db: Db, delivery: StoredDelivery, now: Date): Promise<void> {
  const next = await laneNext(db, delivery);
  // Its due time, not its nextAttemptAt: a waiting delivery was moved behind this one's.
  const dueAt = next?.duesk?.split('#')[0];
  if (next?.status === 'pending' && dueAt && dueAt > now.toISOString()) {
    await moveDue(db, next, now.toISOString(), false);
  }
}

/**
 * An endpoint that has failed for a day is disabled, and its owner told: the `webhook.disabled`
 * event names the leader who created it (the notifications consumer turns it into a notice).
 */
async function noteFailure(db: Db, endpoint: WebhookRecord, now: Date): Promise<void> {
  if (!endpoint.failingSince) {
    await markEndpointHealth(db, endpoint.id, now.toISOString());
    return;
  }
  if (now.getTime() - new Date(endpoint.failingSince).getTime() < deliveryWindowMs) return;
  const after: WebhookRecord = {
    ...endpoint,
    enabled: false,
    disabledReason: 'failing',
    version: endpoint.version + 1,
    updatedAt: now.toISOString(),
  };
  try {
    await replaceWebhook(db, endpoint, after, 'system', 'webhook.disabled');
    logger.warn('webhook disabled after a day of failures', { webhookId: endpoint.id, ownerId: endpoint.createdBy });
  } catch (error) {
    // A leader changed it meanwhile: the next failure looks again.
    logger.info('webhook not disabled: it changed meanwhile', {
      webhookId: endpoint.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/** One delivery's turn: send it if it is its record's next, and record what happened. */
export async function attemptDelivery(db: Db, ref: DeliveryRef, options: AttemptOptions): Promise<AttemptOutcome> {
  const { now } = options;
  const delivery = await getDelivery(db, ref.webhookId, ref.eventId);
  if (delivery?.status !== 'pending') return 'skipped';
  const endpoint = await getWebhook(db, ref.webhookId);
  if (!endpoint?.enabled) {
    await abandonDelivery(
      db,
      delivery,
      endpoint ? 'The webhook is disabled.' : 'The webhook was deleted.',
      now.toISOString(),
    );
    await wakeNext(db, delivery, now);
    return 'failed';
  }
  const head = await laneHead(db, delivery);
  if (head && head.eventId !== delivery.eventId) {
    const headDue = head.nextAttemptAt && head.nextAttemptAt > now.toISOString() ? new Date(head.nextAttemptAt) : now;
    await moveDue(db, delivery, new Date(headDue.getTime() + laneWaitMs).toISOString(), false);
    return 'waiting';
  }

  const answer = await post(endpoint, delivery, options, options.timeoutMs ?? requestTimeoutMs);
  const attempts = delivery.attempts.length + 1;
  const next = answer.ok ? null : nextAttemptAt(new Date(delivery.firstAttemptAt ?? now.toISOString()), now, attempts);
  const attempt: DeliveryAttempt = {
    at: now.toISOString(),
    ...(answer.statusCode === undefined ? {} : { statusCode: answer.statusCode }),
    ...(answer.error === undefined ? {} : { error: answer.error }),
    durationMs: answer.durationMs,
    ...(next ? { nextAttemptAt: next.toISOString() } : {}),
  };
  const status = answer.ok ? 'succeeded' : next ? 'pending' : 'failed';
  const recorded = await recordAttempt(db, delivery, attempt, { status, nextAttemptAt: next?.toISOString() });
  if (!recorded) return 'skipped';
  logger.info('webhook attempt', {
    webhookId: endpoint.id,
    deliveryId: delivery.id,
    attempt: attempts,
    statusCode: answer.statusCode,
    outcome: status,
  });
  if (answer.ok) {
    if (endpoint.failingSince) await markEndpointHealth(db, endpoint.id, null);
  } else {
    await noteFailure(db, endpoint, now);
  }
  if (status !== 'pending') await wakeNext(db, delivery, now);
  return answer.ok ? 'succeeded' : next ? 'retrying' : 'failed';
}

/** The local stack's sink (and the tests'): each claimed delivery attempted here and now, one after another. */
export function inProcessSink(
  db: Db,
  clock: () => Date = () => new Date(),
  options: Omit<AttemptOptions, 'now'> = {},
): DeliverySink {
  return async (refs) => {
    for (const ref of refs) {
      try {
        await attemptDelivery(db, ref, { ...options, now: clock() });
      } catch (error) {
        // Its lease runs out and it is due again.
        logger.warn('webhook attempt failed', { error: error instanceof Error ? error.message : String(error) });
      }
    }
  };
}

/** One pass of the whole dispatcher in this process: claim what is due and attempt it. */
export function dispatchDue(db: Db, now: Date, options: Omit<AttemptOptions, 'now'> = {}): Promise<number> {
  return pumpDueDeliveries(
    db,
    now,
    inProcessSink(db, () => now, options),
  );
}
