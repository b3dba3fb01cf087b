import type { Webhook, WebhookDelivery, WebhookDeliveryStatus } from '@parley/contracts/settings';
import type { DeliveryRow, WebhookRow } from './repo.ts';

/** A webhook without its signing secret (which leaves the server only once, at creation). */
export function presentWebhook(w: WebhookRow): Webhook {
  return { id: w.id, url: w.url, eventTypes: w.eventTypes, active: w.active, createdAt: w.createdAt.toISOString() };
}

/** One entry of a webhook's delivery log. */
export function presentDelivery(d: DeliveryRow): WebhookDelivery {
  return {
    id: d.id, eventId: d.eventId, eventType: d.eventType, status: d.status as WebhookDeliveryStatus, attempts: d.attempts,
    responseCode: d.responseCode, error: d.error, nextRetryAt: d.nextRetryAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(), deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}
