import http from 'node:http';
import https from 'node:https';
import type { WebhookPayload } from '@parley/contracts/settings';
import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { events } from '../../db/schema.ts';
import type { EventHandler, StoredEvent } from '../../events/registry.ts';
import type { QueueDef } from '../../jobs/queue.ts';
import { newId } from '../../lib/ids.ts';
import * as repo from './repo.ts';
import { signWebhook } from './signature.ts';
import { publicOnlyLookup, refusedTarget } from './target.ts';

export const DELIVERY_QUEUE = 'webhook.deliver';

/**
 * The retry schedule: after a failed attempt n (1-based) the next one waits RETRY_DELAYS_MS[n - 1].
 * Attempts: at once, +5 s, +5 min, +30 min, +2 h, +5 h, +10 h, +10 h: eight attempts over about 27.5 hours,
 * then the delivery is `failed`. A manual redelivery makes one more attempt and, if it fails, continues the
 * schedule where it stood (or fails at once when the schedule is used up).
 */
export const RETRY_DELAYS_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 5 * 3600_000, 10 * 3600_000, 10 * 3600_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** What a delivery job carries: ids and the number of attempts already recorded when it was queued. */
export interface DeliveryJob {
  workspaceId: string;
  deliveryId: string;
  attempt: number;
  /** Asked for by an admin (test ping, redelivery): sent even when the webhook is inactive. */
  manual?: boolean;
}

/** Creates one delivery per active subscription of the event and queues it. Idempotent per webhook and event. */
export const webhookHandler: EventHandler = {
  name: 'webhooks',
  events: '*',
  async handle(deps, e) {
    await deliverEvent(deps, e, await repo.activeSubscribers(deps.db, e.workspaceId, e.type));
  },
  // A job's events (an ingestion batch: hundreds): the workspace's subscriptions are read once, not once an event.
  async handleMany(deps, list) {
    const byWorkspace = new Map<string, Awaited<ReturnType<typeof repo.activeWebhooks>>>();
    for (const e of list) {
      let hooks = byWorkspace.get(e.workspaceId);
      if (!hooks) byWorkspace.set(e.workspaceId, (hooks = await repo.activeWebhooks(deps.db, e.workspaceId)));
      // A failure retries the job: deliveries already made for an event are not made again (idempotent per webhook and event).
      await deliverEvent(deps, e, hooks.filter((h) => repo.subscribes(h.eventTypes, e.type)));
    }
  },
};

async function deliverEvent(deps: Deps, e: StoredEvent, hooks: { id: string }[]): Promise<void> {
  if (!hooks.length) return;
  await deps.db.transaction(async (tx) => {
    const created = await repo.insertDeliveries(tx, hooks.map((h) => ({
      workspaceId: e.workspaceId, id: newId(), webhookId: h.id, eventId: e.id, eventType: e.type, status: 'pending',
    })));
    for (const d of created) await enqueueDelivery(tx, deps, { workspaceId: d.workspaceId, deliveryId: d.id, attempt: d.attempts });
  });
}

/** Queues a delivery attempt, in the caller's transaction; `at` schedules it for later. */
export async function enqueueDelivery(tx: Executor, deps: Deps, job: DeliveryJob, at?: Date): Promise<void> {
  await deps.queue.send(DELIVERY_QUEUE, job, { tx, ...(at ? { startAfter: at } : {}) });
}

/** The queue of delivery attempts. pg-boss's own retries only cover a crash or a database error mid-job. */
export function webhookDeliveryQueue(deps: Deps): QueueDef {
  return {
    name: DELIVERY_QUEUE,
    concurrency: 4,
    // Each delivery waits on another server (up to the timeout): one at a time per slot.
    batchSize: 1,
    retryLimit: 3,
    retryDelay: 30,
    expireInSeconds: Math.ceil(deps.config.webhooks.timeoutMs / 1000) + 60,
    handler: ((data: DeliveryJob) => attemptDelivery(deps, data)) as QueueDef['handler'],
  };
}

/**
 * One delivery attempt: POST the event, then record the outcome and schedule the next attempt when it failed.
 * A job whose attempt was already recorded (a duplicate or an outdated retry) does nothing.
 */
export async function attemptDelivery(deps: Deps, job: DeliveryJob): Promise<void> {
  const d = await repo.findDelivery(deps.db, job.workspaceId, job.deliveryId);
  if (!d || d.attempts !== job.attempt || (d.status !== 'pending' && d.status !== 'retrying')) return;
  const hook = await repo.findWebhook(deps.db, job.workspaceId, d.webhookId);
  if (!hook) return; // deleted since, with its log
  const give = (error: string) => repo.recordAttempt(deps.db, d.workspaceId, d.id, d.attempts, { status: 'failed', error, nextRetryAt: null });
  if (!hook.active && !job.manual) {
    await give('The webhook is inactive');
    return;
  }
  const payload = await buildPayload(deps, d, hook);
  if (!payload) {
    await give('The event no longer exists'); // erased since (e.g. a GDPR erasure)
    return;
  }

  const body = JSON.stringify(payload);
  const timestamp = Math.floor(Date.now() / 1000);
  const result = await postJson(hook.url, body, {
    'x-parley-event': d.eventType,
    'x-parley-delivery': d.id,
    'x-parley-timestamp': String(timestamp),
    'x-parley-signature': signWebhook(hook.secret, timestamp, body),
  }, deps.config.webhooks);

  const attempts = d.attempts + 1;
  const now = new Date();
  const ok = result.status !== undefined && result.status >= 200 && result.status < 300;
  const retryAt = !ok && attempts < MAX_ATTEMPTS ? new Date(now.getTime() + RETRY_DELAYS_MS[attempts - 1]!) : null;
  await deps.db.transaction(async (tx) => {
    const recorded = await repo.recordAttempt(tx, d.workspaceId, d.id, d.attempts, {
      attempts,
      status: ok ? 'delivered' : retryAt ? 'retrying' : 'failed',
      responseCode: result.status ?? null,
      error: ok ? null : (result.error ?? `HTTP ${result.status}`).slice(0, 500),
      nextRetryAt: retryAt,
      deliveredAt: ok ? now : d.deliveredAt,
    });
    if (recorded && retryAt) await enqueueDelivery(tx, deps, { workspaceId: d.workspaceId, deliveryId: d.id, attempt: attempts }, retryAt);
  });
}

/** The body of a delivery: the stored event, or for a test the `ping` (built from the delivery, stable across retries). */
async function buildPayload(deps: Deps, d: repo.DeliveryRow, hook: repo.WebhookRow): Promise<WebhookPayload | null> {
  if (d.eventType === 'ping') {
    return {
      id: d.eventId, type: 'ping', occurredAt: d.createdAt.toISOString(), workspaceId: d.workspaceId,
      subject: { type: 'webhook', id: hook.id }, data: { webhookId: hook.id, eventTypes: hook.eventTypes },
    };
  }
  const [e] = await deps.db.select().from(events).where(and(eq(events.workspaceId, d.workspaceId), eq(events.id, d.eventId)));
  if (!e) return null;
  return {
    id: e.id, type: e.type, occurredAt: e.at.toISOString(), workspaceId: e.workspaceId,
    subject: { type: e.subjectType, id: e.subjectId }, data: e.payload,
  };
}

/** The outcome of one POST: the status code when the receiver answered, else the error. */
export interface PostResult { status?: number; error?: string }

const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs a JSON body with the given headers. Redirects are not followed (a 3xx is a failure: following it could
 * lead to a private address); private addresses are refused at connect time unless `allowPrivate`.
 */
export function postJson(rawUrl: string, body: string, headers: Record<string, string>, opts: { timeoutMs: number; allowPrivate: boolean }): Promise<PostResult> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return Promise.resolve({ error: 'The URL is not valid' });
  }
  const refused = refusedTarget(url, opts.allowPrivate);
  if (refused) return Promise.resolve({ error: refused });
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = client.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Parley-Webhooks/1', ...headers },
      ...(opts.allowPrivate ? {} : { lookup: publicOnlyLookup }),
    }, (res) => {
      // Read (and drop) a bounded answer, so the connection can be reused; the status is all that counts.
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > MAX_RESPONSE_BYTES) res.destroy();
      });
      res.on('close', () => done({ status: res.statusCode }));
      res.on('error', () => done({ status: res.statusCode }));
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`No answer within ${opts.timeoutMs} ms`));
    }, opts.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => done({ error: err.code && !err.message.includes(err.code) ? `${err.code}: ${err.message}` : err.message }));
    req.end(body);
  });
}
