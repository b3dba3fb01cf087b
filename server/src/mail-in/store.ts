import type { Deps } from '../deps.ts';
import { emit } from '../events/emit.ts';
import { newId } from '../lib/ids.ts';
import { systemActor } from '../policies/actor.ts';
import * as inboxRepo from '../domains/inbox/repo.ts';
import { INGEST_QUEUE } from '../domains/inbox/webhook-service.ts';

/** A delivery that did not come by webhook: a mail from the SMTP receiver, a page from a polling backfill. */
export interface PulledDelivery {
  workspaceId: string;
  channelId: string;
  /** Unique per channel: a second arrival with the same key (a resent mail, an overlapping poll) is stored once. */
  deliveryKey: string;
  body: Buffer;
  headers?: Record<string, string>;
  /** Set for a delivery kept as failed (a mail that could not be read): stored, shown to admins, not processed. */
  error?: string | null;
  receivedAt?: Date;
}

// The body is stored as webhook-service stores webhook bodies (utf8 where byte-exact, else base64); the bodies here
// are JSON Parley wrote, so always utf8.

/**
 * Stores a delivery once per (channel, key) and enqueues its ingestion job in the same transaction — the path webhook
 * deliveries take (webhook-service.receiveWebhook), for deliveries the worker pulled or the SMTP receiver took.
 * Returns whether it was new.
 */
export async function storePulledDelivery(deps: Deps, d: PulledDelivery): Promise<boolean> {
  const id = newId();
  const error = d.error ?? null;
  return deps.db.transaction(async (tx) => {
    const stored = await inboxRepo.insertDelivery(tx, {
      workspaceId: d.workspaceId, id, channelId: d.channelId, deliveryKey: d.deliveryKey.slice(0, 600),
      body: d.body.toString('utf8'), bodyEncoding: 'utf8', headers: d.headers ?? { 'content-type': 'application/json' },
      status: error ? 'failed' : 'received', error, receivedAt: d.receivedAt ?? new Date(),
    });
    if (!stored) return false;
    if (error) {
      await emit(tx, deps.queue, systemActor(d.workspaceId), {
        type: 'delivery.failed', subject: { type: 'inbound_delivery', id }, payload: { channelId: d.channelId, error },
      });
    } else {
      await deps.queue.send(INGEST_QUEUE, { workspaceId: d.workspaceId, deliveryId: id }, { tx });
    }
    return true;
  });
}
