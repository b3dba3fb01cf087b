import type { Deps } from '../deps.ts';
import { storeDelivery } from '../domains/inbox/webhook-service.ts';

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

/** Stores a pulled delivery the way webhook deliveries are stored (webhook-service.storeDelivery). Returns whether it was new. */
export async function storePulledDelivery(deps: Deps, d: PulledDelivery): Promise<boolean> {
  return storeDelivery(deps, {
    workspaceId: d.workspaceId, channelId: d.channelId, deliveryKey: d.deliveryKey.slice(0, 600), body: d.body,
    headers: d.headers ?? { 'content-type': 'application/json' }, error: d.error ?? null, receivedAt: d.receivedAt ?? new Date(),
  });
}
