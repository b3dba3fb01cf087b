import type { Attachment, InboundEvent } from '@parley/contracts/channels';
import { MalformedDelivery } from '../shared/delivery.ts';
import { httpUrl, makeAttachment, makeAuthor, makeEvent } from '../shared/event.ts';
import { arr, bool, idOf, num, obj, prop, str, text, type Json } from '../shared/json.ts';
import { firstTime, isoFromEpoch } from '../shared/time.ts';
import type { EntryContext } from './mapper.ts';

// Messenger and Instagram messaging items: `{sender, recipient, timestamp, <one of message | message_edit | reaction |
// read | delivery | postback | optin | referral | …>}`. A private thread is the page and one person, so the person's
// page-scoped id (PSID / IGSID) is the thread key; echoes of the page's own messages carry it as the recipient.

const HANDOVER = ['pass_thread_control', 'take_thread_control', 'request_thread_control'] as const;
const OTHER_TYPES = ['optin', 'referral', 'account_linking', 'app_roles', ...HANDOVER, 'messaging_feedback', 'response_feedback'] as const;

/** One messaging item as an event. */
export function mapMessagingEvent(ctx: EntryContext, item: Json, at: string, standby: boolean): InboundEvent {
  const userRef = idOf(prop(prop(item, 'sender'), 'user_ref'));
  // A guest of the chat plugin has only a user_ref, a different id space from PSIDs: keep them apart.
  const senderId = idOf(prop(prop(item, 'sender'), 'id')) ?? (userRef ? `user_ref:${userRef}` : null);
  const recipientId = idOf(prop(prop(item, 'recipient'), 'id'));
  const message = obj(prop(item, 'message'));
  const echo = bool(prop(message, 'is_echo')) === true;
  const outbound = senderId === ctx.accountId || echo;
  // The person is whichever side is not the page; an echo is the page's own message whatever its sender says.
  const peer = senderId === ctx.accountId ? recipientId : recipientId === ctx.accountId ? senderId : outbound ? recipientId : senderId;
  const occurredAt = firstTime(ctx.receivedAt, isoFromEpoch(prop(item, 'timestamp')), ctx.entryTime);
  const base = {
    network: ctx.network, channelExternalId: ctx.accountId, rawPointer: at, occurredAt,
    direction: outbound ? 'outbound' as const : 'inbound' as const,
    author: echo ? makeAuthor(ctx.accountId) : senderId ? makeAuthor(senderId) : null,
    thread: peer ? { kind: 'private' as const, rootExternalId: peer, parentExternalId: null } : null,
    extra: standby ? { standby: true } : {},
  };
  const threadKey = peer ?? '';

  if (message) {
    const mid = idOf(prop(message, 'mid'));
    if (mid === null) throw new MalformedDelivery('wrong_shape', 'message without mid', `${at}/message/mid`);
    if (bool(prop(message, 'is_deleted')) === true) {
      return makeEvent({ ...base, kind: 'delete', externalId: mid, objectType: 'message', eventKey: `delete:${mid}` });
    }
    const replyTo = obj(prop(message, 'reply_to'));
    const story = obj(prop(replyTo, 'story'));
    const quickReply = str(prop(prop(message, 'quick_reply'), 'payload'));
    return makeEvent({
      ...base, kind: 'message', externalId: mid, objectType: 'message', eventKey: `message:${mid}`,
      text: text(prop(message, 'text')),
      attachments: arr(prop(message, 'attachments')).map(mapAttachment).filter((a): a is Attachment => a !== null),
      thread: base.thread && { ...base.thread, parentExternalId: idOf(prop(replyTo, 'mid')) },
      extra: {
        ...base.extra,
        ...(quickReply ? { quickReplyPayload: quickReply } : {}),
        ...(story ? { storyReply: { id: idOf(prop(story, 'id')), url: httpUrl(prop(story, 'url')) } } : {}),
        ...(bool(prop(message, 'is_unsupported')) ? { unsupported: true } : {}),
        ...(echo ? { echo: true, appId: idOf(prop(message, 'app_id')) } : {}),
        ...(obj(prop(item, 'prior_message')) ? { priorMessageSource: str(prop(prop(item, 'prior_message'), 'source')) } : {}),
      },
    });
  }

  const edit = obj(prop(item, 'message_edit'));
  if (edit) {
    const mid = idOf(prop(edit, 'mid'));
    if (mid === null) throw new MalformedDelivery('wrong_shape', 'message_edit without mid', `${at}/message_edit/mid`);
    const editCount = idOf(prop(edit, 'num_edit')) ?? occurredAt;
    return makeEvent({ ...base, kind: 'edit', externalId: mid, objectType: 'message', eventKey: `edit:${mid}:${editCount}`, text: text(prop(edit, 'text')) });
  }

  const reaction = obj(prop(item, 'reaction'));
  if (reaction) {
    const mid = idOf(prop(reaction, 'mid'));
    const removed = prop(reaction, 'action') === 'unreact';
    const type = str(prop(reaction, 'reaction')) ?? (removed ? 'any' : 'other');
    return makeEvent({
      ...base, kind: 'reaction', externalId: mid, objectType: 'message',
      reaction: { type, emoji: str(prop(reaction, 'emoji')), removed },
      eventKey: `reaction:${mid ?? threadKey}:${senderId ?? ''}:${type}:${removed ? 'removed' : 'added'}:${occurredAt}`,
    });
  }

  const read = obj(prop(item, 'read'));
  if (read) {
    const upTo = idOf(prop(read, 'mid'));
    const watermark = isoFromEpoch(prop(read, 'watermark'));
    return makeEvent({
      ...base, kind: 'read', externalId: upTo, read: { upToExternalId: upTo, watermark },
      eventKey: `read:${threadKey}:${senderId ?? ''}:${upTo ?? watermark ?? occurredAt}`,
    });
  }

  const delivery = obj(prop(item, 'delivery'));
  if (delivery) {
    const mids = arr(prop(delivery, 'mids')).map(idOf).filter((m): m is string => m !== null);
    const watermark = isoFromEpoch(prop(delivery, 'watermark'));
    return makeEvent({
      ...base, kind: 'delivery', delivery: { externalIds: mids, watermark },
      eventKey: `delivery:${threadKey}:${watermark ?? mids.join(',')}`,
    });
  }

  const postback = obj(prop(item, 'postback'));
  if (postback) {
    // A tapped button ("Get started", a menu entry) is the person speaking: shown in the thread by its title; the
    // payload is the developer's code for it, no text for people.
    const payload = str(prop(postback, 'payload'));
    const title = str(prop(postback, 'title'));
    const mid = idOf(prop(postback, 'mid'));
    return makeEvent({
      ...base, kind: 'message', externalId: mid, objectType: 'message', text: title,
      eventKey: mid ? `message:${mid}` : `postback:${threadKey}:${occurredAt}`,
      extra: { ...base.extra, postback: { payload, title }, ...referralOf(prop(postback, 'referral')) },
    });
  }

  const policy = obj(prop(item, 'policy-enforcement')) ?? obj(prop(item, 'policy_enforcement'));
  if (policy) {
    const action = prop(policy, 'action') === 'unblock' ? 'unblock' as const : 'block' as const;
    return makeEvent({
      ...base, kind: 'moderation', eventKey: `moderation:${action}:channel:${occurredAt}`,
      moderation: { action, actor: 'network', subject: 'channel', reason: str(prop(policy, 'reason'))?.slice(0, 2000) ?? null },
    });
  }

  const type = OTHER_TYPES.find((t) => prop(item, t) !== undefined) ?? 'messaging:unknown';
  return makeEvent({
    ...base, kind: 'other', other: { type: HANDOVER.includes(type as (typeof HANDOVER)[number]) ? `handover:${type}` : type },
    eventKey: `other:${type}:${threadKey}:${occurredAt}`,
    extra: {
      ...base.extra,
      ...(type === 'optin' ? { ref: str(prop(prop(item, 'optin'), 'ref')) } : {}),
      ...(type === 'referral' ? referralOf(prop(item, 'referral')) : {}),
      ...(type === 'account_linking' ? { status: str(prop(prop(item, 'account_linking'), 'status')) } : {}),
    },
  });
}

function referralOf(value: unknown): Record<string, unknown> {
  const referral = obj(value);
  if (!referral) return {};
  return { referral: { ref: str(prop(referral, 'ref')), source: str(prop(referral, 'source')), type: str(prop(referral, 'type')) } };
}

function mapAttachment(value: unknown): Attachment | null {
  const a = obj(value);
  if (!a) return null;
  const type = str(prop(a, 'type'));
  const payload = prop(a, 'payload');
  const url = httpUrl(prop(payload, 'url')) ?? httpUrl(prop(a, 'url'));
  switch (type) {
    case 'image':
      return makeAttachment(prop(payload, 'sticker_id') !== undefined ? 'sticker' : 'image', { url, externalId: idOf(prop(payload, 'sticker_id')) });
    case 'video':
    case 'audio':
    case 'file':
      return makeAttachment(type, { url });
    case 'fallback':
      return makeAttachment('link', { url, title: str(prop(a, 'title')) });
    case 'location': {
      const lat = num(prop(prop(payload, 'coordinates'), 'lat'));
      const long = num(prop(prop(payload, 'coordinates'), 'long'));
      return makeAttachment('location', { title: lat !== null && long !== null ? `${lat},${long}` : null });
    }
    case 'template': {
      const product = obj(arr(prop(prop(payload, 'product'), 'elements'))[0]);
      return makeAttachment('template', {
        title: str(prop(product, 'title')) ?? str(prop(payload, 'template_type')),
        url: httpUrl(prop(product, 'image_url')),
        externalId: idOf(prop(product, 'id')),
      });
    }
    default:
      return makeAttachment('other', { url, title: type });
  }
}
