import type { Network } from '@parley/contracts/identities';
import type { Deps } from '../../deps.ts';
import { connectorFor } from '../../connectors/registry.ts';
import { bodyDigestKey, MalformedDelivery } from '../../connectors/shared/delivery.ts';
import type { Connector, WebhookRequest } from '../../connectors/types.ts';
import { emit } from '../../events/emit.ts';
import { AppError, NotFound } from '../../lib/errors.ts';
import { coalesce } from '../../lib/coalesce.ts';
import { newId } from '../../lib/ids.ts';
import { systemActor } from '../../policies/actor.ts';
import * as channelsRepo from './channels-repo.ts';
import { openSecrets } from './channel-secrets.ts';
import * as repo from './repo.ts';

/** The queue whose jobs wake a worker to ingest the deliveries that are due (process.ts). */
export const INGEST_QUEUE = 'inbox.ingest-due';

/** What the webhook route answers. */
export interface WebhookAnswer {
  status: number;
  contentType: string;
  body: string;
}

interface WebhookChannel {
  workspaceId: string;
  id: string;
  network: Network;
  externalId: string;
  connector: Connector;
  secrets: Record<string, string>;
}

// The channel behind each webhook URL, with its secrets decrypted, for a few seconds: the acknowledgement is on the
// network's clock (Meta and X retry, then disable, a slow endpoint), and a busy page sends many deliveries a second.
// A change made in this process is seen at once (forgetWebhookChannel); one made in another process within CACHE_MS.
const CACHE_MS = 5_000;
const cache = new Map<string, { at: number; channel: WebhookChannel | null }>();

/** Drops a channel from the webhook cache (after its secrets or status changed, or it was deleted). */
export function forgetWebhookChannel(id: string): void {
  cache.delete(id);
}

async function webhookChannel(deps: Deps, id: string): Promise<WebhookChannel | null> {
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.channel;
  const row = await channelsRepo.findChannelForWebhook(deps.db, id);
  const connector = row ? connectorFor(row.network as Network) : null;
  const channel = row && connector
    ? { workspaceId: row.workspaceId, id: row.id, network: row.network as Network, externalId: row.externalId, connector, secrets: openSecrets(deps, row.credentialsEnc) }
    : null;
  if (cache.size > 10_000) cache.clear();
  cache.set(id, { at: Date.now(), channel });
  return channel;
}

/** A webhook request refused by verification: the network sees the status and a stable code. */
export class WebhookRejected extends AppError {}

// Bodies PostgreSQL text cannot hold byte-exact (invalid UTF-8, NUL) are kept as base64: a retry re-parses the same bytes.
function encodeBody(raw: Buffer): { body: string; bodyEncoding: 'utf8' | 'base64' } {
  const text = raw.toString('utf8');
  return !raw.includes(0) && Buffer.byteLength(text) === raw.length && Buffer.from(text, 'utf8').equals(raw)
    ? { body: text, bodyEncoding: 'utf8' }
    : { body: raw.toString('base64'), bodyEncoding: 'base64' };
}

/** The bytes of a stored delivery as they arrived. */
export function decodeBody(d: { body: string; bodyEncoding: string }): Buffer {
  return Buffer.from(d.body, d.bodyEncoding === 'base64' ? 'base64' : 'utf8');
}

// Only what parsing may need again; signatures and the network's tracing headers are not kept.
const KEPT_HEADERS = ['content-type'];

/**
 * A network's webhook request to a channel: handshakes are answered; a request that fails verification is refused
 * (logged with its code) and nothing is stored; a verified delivery is stored once per (channel, delivery key), due for
 * the workers, then answered 200 at once. A delivery the connector cannot read is stored as failed with its error (here
 * where reading it gives the key, else by the worker) and still answered 200: the network must not retry garbage forever.
 */
export async function receiveWebhook(deps: Deps, channelId: string, req: WebhookRequest): Promise<WebhookAnswer> {
  const channel = await webhookChannel(deps, channelId);
  if (!channel) throw new NotFound('channel_not_found', 'No such channel');
  if (!channel.connector.verifyWebhook) throw new NotFound('webhook_not_supported', `${channel.network} channels receive no webhooks`);
  const verdict = channel.connector.verifyWebhook(req, channel.secrets);
  if (verdict.outcome === 'rejected') {
    deps.log.warn({ channelId, workspaceId: channel.workspaceId, network: channel.network, code: verdict.code, reason: verdict.message }, 'webhook request rejected');
    throw new WebhookRejected(verdict.status, verdict.code, verdict.message);
  }
  if (verdict.outcome === 'challenge') return { status: 200, contentType: verdict.response.contentType, body: verdict.response.body };

  const receivedAt = req.receivedAt ?? new Date();
  let deliveryKey: string;
  let error: string | null = null;
  try {
    // Where the key is the body's digest, the body is not read here: the worker reads it (and fails it if malformed).
    deliveryKey = channel.connector.deliveryKeyOf?.(req.rawBody)
      ?? channel.connector.parseDelivery(req.rawBody, req.headers, { channelExternalId: channel.externalId, receivedAt }).deliveryKey;
  } catch (err) {
    // parseDelivery throws only MalformedDelivery by contract; anything else is kept the same way rather than lost.
    deliveryKey = bodyDigestKey(req.rawBody);
    error = err instanceof MalformedDelivery ? `${err.reason}: ${err.message}` : `unreadable: ${(err as Error).message}`;
  }
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const v = req.headers[name];
    if (typeof v === 'string') headers[name] = v.slice(0, 200);
  }
  await storeDelivery(deps, { workspaceId: channel.workspaceId, channelId: channel.id, deliveryKey, body: req.rawBody, headers, error, receivedAt });
  return { status: 200, contentType: 'application/json', body: '{"ok":true}' };
}

/** A delivery to store: by webhook, from the SMTP receiver, or a page a polling backfill fetched. */
export interface DeliveryToStore {
  workspaceId: string;
  channelId: string;
  /** Unique per channel: a second arrival with the same key (a duplicate, a replay, an overlapping poll) is stored once. */
  deliveryKey: string;
  body: Buffer;
  headers: Record<string, string>;
  /** Set for a delivery kept as failed (unreadable): stored, shown to admins, not processed. */
  error: string | null;
  receivedAt: Date;
}

/**
 * Stores a delivery once per (channel, key): the one way a delivery enters the pipeline. The stored row is the queue
 * entry (due at once; process.ts claims due deliveries), so acknowledging is a single INSERT; workers are woken after
 * it (wakeIngestion). A delivery kept as failed is announced in the same transaction instead. Returns whether it was new.
 */
export async function storeDelivery(deps: Deps, d: DeliveryToStore): Promise<boolean> {
  const id = newId();
  if (!d.error) {
    const stored = await acknowledger(deps)({
      workspaceId: d.workspaceId, id, channelId: d.channelId, deliveryKey: d.deliveryKey, ...encodeBody(d.body), headers: d.headers, receivedAt: d.receivedAt,
    });
    // A duplicate or replay (same key) was stored and woke the workers at its first arrival: nothing more to do.
    if (stored) wakeIngestion(deps, d.workspaceId);
    return stored;
  }
  return deps.db.transaction(async (tx) => {
    const stored = await repo.insertDelivery(tx, {
      workspaceId: d.workspaceId, id, channelId: d.channelId, deliveryKey: d.deliveryKey, ...encodeBody(d.body), headers: d.headers,
      status: 'failed', error: d.error, receivedAt: d.receivedAt, nextAttemptAt: null,
    });
    if (stored) {
      await emit(tx, deps.queue, systemActor(d.workspaceId), {
        type: 'delivery.failed', subject: { type: 'inbound_delivery', id }, payload: { channelId: d.channelId, error: d.error },
      });
    }
    return stored;
  });
}

// Concurrent webhook requests share their INSERT (lib/coalesce.ts): while one is in flight, the deliveries that arrive
// meanwhile wait and go together as the next one. Alone, a delivery is stored at once; each request is answered after
// its own row is committed. One statement, socket write and WAL flush per batch instead of per delivery
// (bench/RESULTS.md: the driver's socket writes were the largest single cost of an acknowledgement).
const acknowledgers = new WeakMap<Deps['database'], (d: repo.DueDelivery) => Promise<boolean>>();
function acknowledger(deps: Deps): (d: repo.DueDelivery) => Promise<boolean> {
  let ack = acknowledgers.get(deps.database);
  if (!ack) acknowledgers.set(deps.database, (ack = coalesce((list: repo.DueDelivery[]) => repo.insertDueDeliveries(deps.database, list), { inFlight: 1, maxBatch: 200 })));
  return ack;
}

// Waking the ingestion workers: a job `{ workspaceId }` on the ingest queue (a NOTIFY-woken queue, so a worker in any
// process starts at once). The queue keeps at most one such job waiting per workspace (policy `short`, keyed by the
// workspace): while a worker drains, one more wake-up can wait for what arrives meanwhile, and no more. Sent at most
// once per WAKE_MS per workspace and process, after the deliveries committed, so the sweep it starts finds them; a
// wake-up lost to a crash within those milliseconds is made up by the queue's minute schedule (process.ts).
const WAKE_MS = 20;

/** Wakes the ingestion workers for a workspace's due deliveries soon (debounced per process); `afterSeconds` for a retry's backoff. */
export function wakeIngestion(deps: Deps, workspaceId: string, afterSeconds = 0): void {
  if (afterSeconds > 0) {
    // Keyed by its second, so that a waiting retry does not hold back the wake-ups of new deliveries.
    const at = Math.ceil(afterSeconds);
    void deps.queue.send(INGEST_QUEUE, { workspaceId }, { startAfter: at, singletonKey: `${workspaceId}@${Math.floor(Date.now() / 1000) + at}` })
      .catch((err: unknown) => deps.log.warn({ err, workspaceId }, 'could not wake the ingestion workers'));
    return;
  }
  deps.queue.sendSoon(INGEST_QUEUE, workspaceId, { workspaceId }, WAKE_MS, { singletonKey: workspaceId });
}
