import type { Webhook, WebhookDelivery, WebhookDeliveryStatus, WebhookInput, WebhookPatch } from '@parley/contracts/settings';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { emit } from '../../events/emit.ts';
import { NotFound, Validation } from '../../lib/errors.ts';
import { newId, newToken } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { enqueueDelivery } from './deliver.ts';
import { presentDelivery, presentWebhook } from './presenter.ts';
import * as repo from './repo.ts';
import { checkWebhookUrl } from './target.ts';

/** Every webhook of the workspace (without secrets). */
export async function listWebhooks(deps: Deps, actor: Actor): Promise<Webhook[]> {
  authorize(actor, 'webhooks:manage');
  return (await repo.listWebhooks(deps.db, actor.workspaceId)).map(presentWebhook);
}

/** A webhook (without its secret). */
export async function getWebhook(deps: Deps, actor: Actor, id: string): Promise<Webhook> {
  authorize(actor, 'webhooks:manage');
  return presentWebhook(await findOr404(deps.db, actor, id));
}

/** Subscribes a URL to events. The signing secret is generated here and returned only in this answer. */
export async function createWebhook(deps: Deps, actor: Actor, input: WebhookInput): Promise<Webhook & { secret: string }> {
  authorize(actor, 'webhooks:manage');
  await checkWebhookUrl(input.url, deps.config.webhooks.allowPrivate);
  // Kept as is in the row: every delivery needs it to sign.
  const secret = `whsec_${newToken(32)}`;
  return deps.db.transaction(async (tx) => {
    const row = await repo.insertWebhook(tx, {
      workspaceId: actor.workspaceId, id: newId(), url: input.url, eventTypes: input.eventTypes, secret, active: input.active ?? true,
    });
    const after = presentWebhook(row);
    await emit(tx, deps.queue, actor, { type: 'webhook.created', subject: { type: 'webhook', id: row.id }, payload: { after } });
    return { ...after, secret };
  });
}

/** Changes a webhook's URL, event types or active flag. */
export async function updateWebhook(deps: Deps, actor: Actor, id: string, patch: WebhookPatch): Promise<Webhook> {
  authorize(actor, 'webhooks:manage');
  if (patch.url !== undefined) await checkWebhookUrl(patch.url, deps.config.webhooks.allowPrivate);
  return deps.db.transaction(async (tx) => {
    const before = await findOr404(tx, actor, id);
    const set = {
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.eventTypes !== undefined ? { eventTypes: patch.eventTypes } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
    };
    const row = Object.keys(set).length ? await repo.updateWebhook(tx, actor.workspaceId, id, set) : before;
    const after = presentWebhook(row);
    await emit(tx, deps.queue, actor, { type: 'webhook.updated', subject: { type: 'webhook', id }, payload: { before: presentWebhook(before), after } });
    return after;
  });
}

/** Deletes a webhook and its delivery log; queued attempts find it gone and stop. */
export async function deleteWebhook(deps: Deps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'webhooks:manage');
  await deps.db.transaction(async (tx) => {
    const before = await findOr404(tx, actor, id);
    await repo.deleteWebhook(tx, actor.workspaceId, id);
    await emit(tx, deps.queue, actor, { type: 'webhook.deleted', subject: { type: 'webhook', id }, payload: { before: presentWebhook(before) } });
  });
}

/** A page of a webhook's delivery log, newest first. */
export async function listDeliveries(deps: Deps, actor: Actor, id: string, q: { status?: WebhookDeliveryStatus; cursor?: string; limit: number }): Promise<{ items: WebhookDelivery[]; nextCursor: string | null }> {
  authorize(actor, 'webhooks:manage');
  await findOr404(deps.db, actor, id);
  const list = await repo.listDeliveries(deps.db, actor.workspaceId, id, q.status, q.cursor ? decodeCursor(q.cursor) : null, q.limit + 1);
  const page = list.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => presentDelivery(r.delivery)),
    nextCursor: list.length > q.limit && last ? Buffer.from(JSON.stringify([last.createdAtText, last.delivery.id])).toString('base64url') : null,
  };
}

/** Sends a delivery again now (whatever its status); on failure the retry schedule continues where it stood. */
export async function redeliver(deps: Deps, actor: Actor, id: string, deliveryId: string): Promise<WebhookDelivery> {
  authorize(actor, 'webhooks:manage');
  return deps.db.transaction(async (tx) => {
    await findOr404(tx, actor, id);
    const d = await repo.findDelivery(tx, actor.workspaceId, deliveryId);
    if (!d || d.webhookId !== id) throw new NotFound('delivery_not_found', 'No such delivery');
    const row = await repo.updateDelivery(tx, actor.workspaceId, deliveryId, { status: 'pending', nextRetryAt: null });
    await enqueueDelivery(tx, deps, { workspaceId: actor.workspaceId, deliveryId, attempt: row.attempts, manual: true });
    await emit(tx, deps.queue, actor, {
      type: 'webhook.redelivered', subject: { type: 'webhook', id }, payload: { deliveryId, eventId: d.eventId, eventType: d.eventType },
    });
    return presentDelivery(row);
  });
}

/** Sends a `ping` to the webhook (also when it is inactive); its outcome appears in the delivery log. */
export async function testWebhook(deps: Deps, actor: Actor, id: string): Promise<WebhookDelivery> {
  authorize(actor, 'webhooks:manage');
  return deps.db.transaction(async (tx) => {
    await findOr404(tx, actor, id);
    const [row] = await repo.insertDeliveries(tx, [{ workspaceId: actor.workspaceId, id: newId(), webhookId: id, eventId: newId(), eventType: 'ping', status: 'pending' }]);
    await enqueueDelivery(tx, deps, { workspaceId: actor.workspaceId, deliveryId: row!.id, attempt: 0, manual: true });
    await emit(tx, deps.queue, actor, { type: 'webhook.tested', subject: { type: 'webhook', id }, payload: { deliveryId: row!.id } });
    return presentDelivery(row!);
  });
}

async function findOr404(ex: Executor, actor: Actor, id: string): Promise<repo.WebhookRow> {
  const row = await repo.findWebhook(ex, actor.workspaceId, id);
  if (!row) throw new NotFound('webhook_not_found', 'No such webhook');
  return row;
}

function decodeCursor(c: string): repo.DeliveryKeyset {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString()) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string'
      && /^\d{4}-\d{2}-\d{2}[ T][\d:.]+([+-]\d{2}(:?\d{2})?|Z)$/.test(v[0]) && /^[0-9a-f-]{36}$/.test(v[1])) {
      return { createdAt: v[0], id: v[1] };
    }
  } catch { /* fall through */ }
  throw new Validation('invalid_cursor', 'The cursor is not valid; start from the first page');
}
