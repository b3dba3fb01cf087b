import { createHash } from 'node:crypto';
import type { InboundEvent } from '@parley/contracts/channels';
import type { Headers, ParseContext, ParsedDelivery } from '../types.ts';
import { bodyDigestKey, finishDelivery, MalformedDelivery } from '../shared/delivery.ts';
import { makeAuthor, makeEvent } from '../shared/event.ts';
import { at, idOf, obj, parseJsonBody, pointer, prop, str, text, type Json } from '../shared/json.ts';
import { firstTime, isoFromEpochMs } from '../shared/time.ts';

// LinkedIn organization social-action notifications. Pushed in batches of up to 10:
//   {"type": "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS", "notifications": [ … ]}
// and pulled for backfill (GET /rest/organizationalEntityNotifications?q=criteria, 60 days) as {"elements": [ … ]}.
// Each notification: notificationId (the dedupe key; LinkedIn retries every 5 minutes for 8 hours), organizationalEntity,
// action (LIKE, COMMENT, SHARE, SHARE_MENTION, ADMIN_COMMENT, COMMENT_EDIT, COMMENT_DELETE), sourcePost,
// decoratedSourcePost, generatedActivity, decoratedGeneratedActivity, lastModifiedAt, subscriber.
// No verbatim delivery could be obtained (fixtures/SOURCE.md): the field list is LinkedIn's, the shape of the decorated
// objects is read leniently (comment/share with text and owner or actor) until a recorded delivery confirms it.

/** Normalizes a pushed batch or a pulled page of notifications; a notificationId twice in one batch counts once. */
export function parseLinkedInDelivery(rawBody: Buffer, _headers: Headers, context: ParseContext = {}): ParsedDelivery {
  const body = obj(parseJsonBody(rawBody));
  if (body === null) throw new MalformedDelivery('wrong_shape', 'a LinkedIn delivery is a JSON object');
  const listName = Array.isArray(prop(body, 'notifications')) ? 'notifications' : Array.isArray(prop(body, 'elements')) ? 'elements' : null;
  if (listName === null) throw new MalformedDelivery('wrong_shape', 'neither notifications nor elements', '/notifications');
  const type = prop(body, 'type');
  if (type !== undefined && type !== 'ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS') {
    throw new MalformedDelivery('unsupported', `LinkedIn event type ${String(type).slice(0, 60)} is not handled`, '/type');
  }
  const list = prop(body, listName) as unknown[];
  const ids: string[] = [];
  const events = list.map((item, i) => {
    const p = pointer(listName, i);
    const n = obj(item);
    if (n === null) throw new MalformedDelivery('wrong_shape', 'notification is not an object', p);
    const id = idOf(prop(n, 'notificationId'));
    if (id === null) throw new MalformedDelivery('wrong_shape', 'notification without notificationId', `${p}/notificationId`);
    ids.push(id);
    return mapNotification(n, id, p, context);
  });
  // Keyed by the notifications, not the bytes: a retry that serializes the same batch differently is the same delivery.
  const key = ids.length > 0
    ? `notifications:${createHash('sha256').update([...new Set(ids)].sort().join(',')).digest('hex')}`
    : bodyDigestKey(rawBody);
  return finishDelivery(key, events);
}

function mapNotification(n: Json, id: string, p: string, context: ParseContext): InboundEvent {
  const channel = str(prop(n, 'organizationalEntity')) ?? context.channelExternalId;
  if (!channel) throw new MalformedDelivery('channel_unknown', 'notification without organizationalEntity', `${p}/organizationalEntity`);
  const action = str(prop(n, 'action')) ?? 'UNKNOWN';
  const sourcePost = str(prop(n, 'sourcePost'));
  const activity = str(prop(n, 'generatedActivity'));
  const decorated = obj(prop(n, 'decoratedGeneratedActivity'));
  const comment = obj(prop(decorated, 'comment'));
  const share = obj(prop(decorated, 'share')) ?? obj(prop(decorated, 'post'));
  const item = comment ?? share;
  const actorUrn = str(prop(item, 'owner')) ?? str(prop(item, 'actor')) ?? str(prop(item, 'author')) ?? str(prop(n, 'actor'));
  const base = {
    network: 'linkedin' as const, channelExternalId: channel, rawPointer: p, eventKey: `notification:${id}`,
    occurredAt: firstTime(context.receivedAt, isoFromEpochMs(prop(n, 'lastModifiedAt'))),
    author: actorUrn ? makeAuthor(actorUrn) : null,
    // The organization itself (or an admin acting as it) is the channel speaking.
    direction: action === 'ADMIN_COMMENT' || actorUrn === channel ? 'outbound' as const : 'inbound' as const,
    text: text(prop(item, 'text')) ?? text(at(item, 'message', 'text')) ?? text(prop(item, 'commentary')),
    extra: { action, notificationId: id },
  };
  const commentThread = { kind: 'public' as const, rootExternalId: sourcePost, parentExternalId: str(prop(comment, 'parentComment')) ?? sourcePost };
  switch (action) {
    case 'COMMENT':
    case 'ADMIN_COMMENT':
      return makeEvent({ ...base, kind: 'message', objectType: 'comment', externalId: activity, thread: commentThread });
    case 'COMMENT_EDIT':
      return makeEvent({ ...base, kind: 'edit', objectType: 'comment', externalId: activity, thread: commentThread });
    case 'COMMENT_DELETE':
      return makeEvent({ ...base, kind: 'delete', objectType: 'comment', externalId: activity, thread: commentThread });
    case 'LIKE':
      return makeEvent({
        ...base, kind: 'reaction', objectType: 'post', externalId: sourcePost,
        reaction: { type: 'like', emoji: null, removed: false },
        thread: sourcePost ? { kind: 'public', rootExternalId: sourcePost, parentExternalId: null } : null,
      });
    case 'SHARE':
    case 'SHARE_MENTION':
      // A reshare or a post naming the organization starts a public thread of its own.
      return makeEvent({
        ...base, kind: 'message', objectType: 'post', externalId: activity, mentionsChannel: action === 'SHARE_MENTION',
        thread: activity ? { kind: 'public', rootExternalId: activity, parentExternalId: null } : null,
        extra: { ...base.extra, ...(action === 'SHARE' && sourcePost ? { reshareOf: sourcePost } : {}) },
      });
    default:
      return makeEvent({ ...base, kind: 'other', other: { type: `action:${action}` }, externalId: activity });
  }
}
