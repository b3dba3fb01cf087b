import type { InboundEvent } from '@parley/contracts/channels';
import type { Headers, ParseContext, ParsedDelivery } from '../types.ts';
import { bodyDigestKey, finishDelivery, MalformedDelivery } from '../shared/delivery.ts';
import { makeEvent } from '../shared/event.ts';
import { decodeBody, idOf, obj, parseJsonBody, parseJsonText, pointer, prop, str, type Json } from '../shared/json.ts';
import { firstTime, isoFromString } from '../shared/time.ts';
import { mapAccount, mapNotification, mapStatus, type MastodonCtx } from './entities.ts';

// What reaches Parley from Mastodon, all stored as deliveries of the channel:
// - streaming events the worker receives (WebSocket `{stream, event, payload}`, where `payload` is itself JSON in a
//   string for update/status.update/notification/conversation and a bare id for delete; or the same as SSE text);
// - notifications and statuses it polls (REST: one entity or a list);
// - server-admin webhooks `{event, created_at, object}` (signed, see webhook.ts).

const STATUS_EVENTS: Readonly<Record<string, 'message' | 'edit'>> = {
  'status.created': 'message', 'status.updated': 'edit', update: 'message', 'status.update': 'edit',
};

/** Normalizes a Mastodon delivery; the channel (a qualified acct) comes from the context, Mastodon does not name it. */
export function parseMastodonDelivery(rawBody: Buffer, _headers: Headers, context: ParseContext = {}): ParsedDelivery {
  const channel = context.channelExternalId;
  if (!channel) throw new MalformedDelivery('channel_unknown', 'a Mastodon delivery does not name the channel');
  const ctx: MastodonCtx = { channel, receivedAt: context.receivedAt };
  const head = rawBody.subarray(0, 64).toString('latin1').trimStart();
  const key = bodyDigestKey(rawBody);
  if (/^(event|data|id|retry)?:/.test(head)) return finishDelivery(key, parseSse(ctx, decodeBody(rawBody)));
  const body = parseJsonBody(rawBody);
  if (Array.isArray(body)) {
    return finishDelivery(key, body.map((item, i) => {
      const o = obj(item);
      if (o === null) throw new MalformedDelivery('wrong_shape', 'list item is not an object', pointer(i));
      return mapEntity(ctx, o, pointer(i));
    }));
  }
  const o = obj(body);
  if (o === null) throw new MalformedDelivery('wrong_shape', 'a Mastodon delivery is a JSON object or list');
  if (typeof prop(o, 'event') === 'string' && prop(o, 'object') !== undefined) return finishDelivery(key, [mapAdminWebhook(ctx, o)]);
  if (typeof prop(o, 'event') === 'string') return finishDelivery(key, mapStreamEvent(ctx, str(prop(o, 'event'))!, prop(o, 'payload'), ''));
  return finishDelivery(key, [mapEntity(ctx, o, '')]);
}

/** A polled entity: a Notification (has `type`) or a Status (has `content`). */
function mapEntity(ctx: MastodonCtx, o: Json, p: string): InboundEvent {
  if (typeof prop(o, 'type') === 'string' && prop(o, 'account') !== undefined) return mapNotification(ctx, o, p);
  if (prop(o, 'content') !== undefined || prop(o, 'reblog') !== undefined) return mapStatus(ctx, o, p, 'message');
  throw new MalformedDelivery('unsupported', 'neither a notification nor a status', p);
}

function mapStreamEvent(ctx: MastodonCtx, event: string, payload: unknown, p: string): InboundEvent[] {
  const payloadAt = `${p}/payload`;
  // The payload is JSON inside a JSON string; parsed with the same limits as a delivery.
  const inner = () => {
    if (typeof payload !== 'string') throw new MalformedDelivery('wrong_shape', `${event} payload is not a string`, payloadAt);
    const parsed = obj(parseJsonText(payload));
    if (parsed === null) throw new MalformedDelivery('wrong_shape', `${event} payload is not a JSON object`, payloadAt);
    return parsed;
  };
  const kind = STATUS_EVENTS[event];
  if (kind) return [mapStatus(ctx, inner(), payloadAt, kind)];
  if (event === 'notification') return [mapNotification(ctx, inner(), payloadAt)];
  if (event === 'delete') {
    const id = idOf(payload);
    if (id === null) throw new MalformedDelivery('wrong_shape', 'delete payload is not a status id', payloadAt);
    return [makeEvent({
      network: 'mastodon', channelExternalId: ctx.channel, rawPointer: payloadAt, kind: 'delete', externalId: id,
      eventKey: `delete:${id}`, occurredAt: firstTime(ctx.receivedAt),
    })];
  }
  if (event === 'conversation') {
    // A direct conversation: its last status, threaded by the conversation's own id.
    const conversation = inner();
    const last = obj(prop(conversation, 'last_status'));
    const id = idOf(prop(conversation, 'id'));
    if (last === null || id === null) throw new MalformedDelivery('wrong_shape', 'conversation without id or last_status', payloadAt);
    const message = mapStatus(ctx, last, `${payloadAt}/last_status`, 'message');
    return [{ ...message, thread: { kind: 'private', rootExternalId: id, parentExternalId: message.thread?.parentExternalId ?? null } }];
  }
  return [makeEvent({
    network: 'mastodon', channelExternalId: ctx.channel, rawPointer: p, kind: 'other', other: { type: `stream:${event.slice(0, 100)}` },
    eventKey: `other:stream:${event.slice(0, 100)}:${typeof payload === 'string' ? payload.slice(0, 100) : ''}:${firstTime(ctx.receivedAt)}`,
    occurredAt: firstTime(ctx.receivedAt),
  })];
}

/** Server-Sent Events text: `event:` and `data:` lines, frames apart by a blank line, `:` lines are heartbeats. */
function parseSse(ctx: MastodonCtx, sse: string): InboundEvent[] {
  const events: InboundEvent[] = [];
  sse.split(/\r?\n\r?\n/).forEach((frame, i) => {
    let name: string | null = null;
    const data: string[] = [];
    for (const line of frame.split(/\r?\n/)) {
      if (line.startsWith('event:')) name = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (name !== null) events.push(...mapStreamEvent(ctx, name, data.join('\n'), pointer('frames', i)));
  });
  return events;
}

function mapAdminWebhook(ctx: MastodonCtx, body: Json): InboundEvent {
  const event = str(prop(body, 'event'))!;
  const object = obj(prop(body, 'object'));
  if (object === null) throw new MalformedDelivery('wrong_shape', 'admin webhook without object', '/object');
  const kind = STATUS_EVENTS[event];
  if (kind) return mapStatus(ctx, object, '/object', kind);
  const occurredAt = firstTime(ctx.receivedAt, isoFromString(prop(body, 'created_at')));
  if (event === 'report.created' || event === 'report.updated') {
    // Admin accounts carry e-mail and IP addresses: only the public account inside is read.
    const reporter = mapAccount(prop(prop(object, 'account'), 'account'));
    const reportId = idOf(prop(object, 'id'));
    const statuses = Array.isArray(prop(object, 'statuses')) ? (prop(object, 'statuses') as unknown[]) : [];
    const reason = [str(prop(object, 'category')), str(prop(object, 'comment'))].filter(Boolean).join(': ').slice(0, 2000) || null;
    return makeEvent({
      network: 'mastodon', channelExternalId: ctx.channel, rawPointer: '/object', kind: 'moderation', occurredAt,
      author: reporter, externalId: reportId, eventKey: `moderation:report:${reportId ?? ''}:${event}:${occurredAt}`,
      moderation: { action: 'report', actor: 'user', subject: statuses.length > 0 ? 'item' : 'user', reason },
      extra: {
        event,
        targetAccount: mapAccount(prop(prop(object, 'target_account'), 'account'))?.externalId ?? null,
        statusIds: statuses.map((s) => idOf(prop(s, 'id'))).filter((id) => id !== null).slice(0, 100),
        forwarded: prop(object, 'forwarded') === true,
      },
    });
  }
  return makeEvent({
    network: 'mastodon', channelExternalId: ctx.channel, rawPointer: '', kind: 'other', other: { type: `admin:${event.slice(0, 100)}` },
    eventKey: `other:admin:${event.slice(0, 100)}:${idOf(prop(object, 'id')) ?? ''}:${occurredAt}`, occurredAt,
  });
}
