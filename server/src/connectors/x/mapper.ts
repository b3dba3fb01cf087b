import type { Attachment, Author, InboundEvent } from '@parley/contracts/channels';
import type { Headers, ParseContext, ParsedDelivery } from '../types.ts';
import { bodyDigestKey, finishDelivery, MalformedDelivery } from '../shared/delivery.ts';
import { httpUrl, makeAttachment, makeAuthor, makeEvent, makeLink, makeMention } from '../shared/event.ts';
import { arr, at, bool, count, idOf, obj, parseJsonBody, pointer, prop, str, text, type Json } from '../shared/json.ts';
import { codePointToUtf16Span, type Span } from '../shared/offsets.ts';
import { firstTime, isoFromEpochMs, isoFromString, isoFromTwitterDate } from '../shared/time.ts';
import { dmConversationKey, unescapeXText } from './text.ts';
import { mapV2Response } from './v2.ts';

/** What the mappers of one delivery share. */
interface Ctx {
  channel: string;
  /** Users by id as Account Activity delivers them beside DM events. */
  users: Json;
  receivedAt: Date | undefined;
}

const MODERATION = { block_events: 'block', unblock_events: 'unblock', mute_events: 'mute', unmute_events: 'unmute' } as const;

/**
 * Normalizes an X delivery: an Account Activity webhook body (`for_user_id` + one `*_events` array) or an X API v2
 * response fetched by polling (`data` + `includes`). Ids are always the string forms (`id_str`): the numeric `id`
 * of v1.1 objects is rounded by any JSON parser that reads it as a double.
 */
export function parseXDelivery(rawBody: Buffer, _headers: Headers, context: ParseContext = {}): ParsedDelivery {
  const body = obj(parseJsonBody(rawBody));
  if (body === null) throw new MalformedDelivery('wrong_shape', 'an X delivery is a JSON object');
  const key = bodyDigestKey(rawBody);
  if (prop(body, 'data') !== undefined) return finishDelivery(key, mapV2Response(body, context));
  const revoke = obj(at(body, 'user_event', 'revoke'));
  const channel = idOf(prop(body, 'for_user_id')) ?? idOf(at(revoke, 'source', 'user_id')) ?? context.channelExternalId ?? null;
  if (channel === null) throw new MalformedDelivery('channel_unknown', 'no for_user_id and no channel given', '/for_user_id');
  const ctx: Ctx = { channel, users: obj(prop(body, 'users')) ?? {}, receivedAt: context.receivedAt };
  const events: InboundEvent[] = [];
  const each = (name: string, map: (item: Json, at: string) => InboundEvent | null) => {
    const list = prop(body, name);
    if (list === undefined) return;
    if (!Array.isArray(list)) throw new MalformedDelivery('wrong_shape', `${name} is not an array`, pointer(name));
    list.forEach((item, i) => {
      const o = obj(item);
      if (o === null) throw new MalformedDelivery('wrong_shape', `${name} item is not an object`, pointer(name, i));
      const event = map(o, pointer(name, i));
      if (event) events.push(event);
    });
  };
  each('tweet_create_events', (t, p) => mapV1Tweet(ctx, t, p));
  each('favorite_events', (f, p) => mapFavorite(ctx, f, p));
  each('tweet_delete_events', (d, p) => mapTweetDelete(ctx, d, p));
  each('direct_message_events', (m, p) => mapDirectMessage(ctx, m, p));
  each('direct_message_indicate_typing_events', (t, p) => mapDmSignal(ctx, 'typing', t, p));
  each('direct_message_mark_read_events', (r, p) => mapDmSignal(ctx, 'read', r, p));
  for (const name of ['follow_events', 'unfollow_events']) each(name, (f, p) => mapUserAction(ctx, str(prop(f, 'type')) ?? name.replace('_events', ''), f, p));
  for (const [name, action] of Object.entries(MODERATION)) {
    each(name, (m, p) => {
      const { author, occurredAt } = userActionFacts(ctx, m);
      return makeEvent({
        network: 'x', channelExternalId: ctx.channel, rawPointer: p, occurredAt, author, direction: 'outbound', kind: 'moderation',
        moderation: { action, actor: 'channel', subject: 'user', reason: null },
        eventKey: `moderation:${action}:${idOf(at(m, 'target', 'id')) ?? ''}:${occurredAt}`,
        extra: { targetUserId: idOf(at(m, 'target', 'id')) },
      });
    });
  }
  if (revoke) {
    const occurredAt = firstTime(ctx.receivedAt, isoFromString(prop(revoke, 'date_time')));
    events.push(makeEvent({
      network: 'x', channelExternalId: ctx.channel, rawPointer: '/user_event/revoke', occurredAt, kind: 'other',
      other: { type: 'authorization_revoked' }, eventKey: `other:authorization_revoked:${occurredAt}`,
      extra: { appId: idOf(at(revoke, 'target', 'app_id')) },
    }));
  }
  const known = Object.keys(body).some((k) => k.endsWith('_events') || k === 'user_event');
  if (!known) throw new MalformedDelivery('unsupported', 'no Account Activity events in this delivery');
  return finishDelivery(key, events);
}

/** A v1.1 user object (or the slimmer one of the DM `users` map) as an author. */
export function mapV1User(user: unknown): Author | null {
  const id = idOf(prop(user, 'id_str')) ?? idOf(prop(user, 'id'));
  if (id === null) return null;
  const handle = str(prop(user, 'screen_name'));
  return makeAuthor(id, {
    handle,
    displayName: str(prop(user, 'name')),
    profileUrl: handle ? `https://x.com/${handle}` : null,
    avatarUrl: httpUrl(prop(user, 'profile_image_url_https')),
    followers: count(prop(user, 'followers_count')),
    verified: bool(prop(user, 'verified')),
  });
}

/** Text, mentions, links and media of a v1.1 post or DM, positions converted and moved past unescaping. */
function v1Content(rawText: string, entities: unknown, extendedEntities: unknown) {
  const mentionsIn = arr(prop(entities, 'user_mentions'));
  const urlsIn = arr(prop(entities, 'urls'));
  const spanOf = (e: unknown): Span | null => {
    const indices = arr(prop(e, 'indices'));
    return codePointToUtf16Span(rawText, indices[0], indices[1]);
  };
  const { text: plain, spans } = unescapeXText(rawText, [...mentionsIn.map(spanOf), ...urlsIn.map(spanOf)]);
  const mentions = mentionsIn.map((m, i) => makeMention({
    externalId: idOf(prop(m, 'id_str')) ?? idOf(prop(m, 'id')), handle: str(prop(m, 'screen_name')),
    start: spans[i]?.start ?? null, end: spans[i]?.end ?? null,
  }));
  const links = urlsIn.flatMap((u, i) => {
    const url = httpUrl(prop(u, 'expanded_url')) ?? httpUrl(prop(u, 'url'));
    return url ? [makeLink(url, spans[mentionsIn.length + i] ?? null)] : [];
  });
  const media = arr(prop(extendedEntities, 'media')).length > 0 ? arr(prop(extendedEntities, 'media')) : arr(prop(entities, 'media'));
  const attachments = media.map((m): Attachment => {
    const type = str(prop(m, 'type'));
    return makeAttachment(type === 'photo' ? 'image' : type === 'video' || type === 'animated_gif' ? 'video' : 'other', {
      url: httpUrl(prop(m, 'media_url_https')) ?? httpUrl(prop(m, 'media_url')),
      externalId: idOf(prop(m, 'id_str')),
      altText: str(prop(m, 'ext_alt_text')),
    });
  });
  return { text: plain, mentions, links, attachments };
}

function mapV1Tweet(ctx: Ctx, tweet: Json, p: string): InboundEvent {
  const id = idOf(prop(tweet, 'id_str')) ?? idOf(prop(tweet, 'id'));
  if (id === null) throw new MalformedDelivery('wrong_shape', 'post without id_str', `${p}/id_str`);
  const extended = obj(prop(tweet, 'extended_tweet'));
  const rawText = text(prop(extended, 'full_text')) ?? text(prop(tweet, 'full_text')) ?? text(prop(tweet, 'text')) ?? '';
  const content = v1Content(rawText, prop(extended, 'entities') ?? prop(tweet, 'entities'), prop(extended, 'extended_entities') ?? prop(tweet, 'extended_entities'));
  const author = mapV1User(prop(tweet, 'user'));
  const occurredAt = firstTime(ctx.receivedAt, isoFromTwitterDate(prop(tweet, 'created_at')), isoFromEpochMs(prop(tweet, 'timestamp_ms')));
  const direction = author?.externalId === ctx.channel ? 'outbound' as const : 'inbound' as const;
  const retweeted = idOf(at(tweet, 'retweeted_status', 'id_str'));
  if (retweeted !== null) {
    // A repost of a post: a reaction to it, whatever text the repost repeats.
    return makeEvent({
      network: 'x', channelExternalId: ctx.channel, rawPointer: p, occurredAt, author, direction, kind: 'reaction',
      externalId: retweeted, objectType: 'post', reaction: { type: 'repost', emoji: null, removed: false },
      eventKey: `reaction:${retweeted}:${author?.externalId ?? ''}:repost:added:${id}`,
    });
  }
  const replyTo = idOf(prop(tweet, 'in_reply_to_status_id_str'));
  const lang = str(prop(tweet, 'lang'));
  return makeEvent({
    network: 'x', channelExternalId: ctx.channel, rawPointer: p, occurredAt, author, direction, kind: 'message',
    externalId: id, objectType: replyTo ? 'comment' : 'post', eventKey: `message:${id}`,
    // v1.1 names only the post replied to; the conversation root is found through it.
    thread: { kind: 'public', rootExternalId: replyTo ? null : id, parentExternalId: replyTo },
    ...content,
    language: lang && lang !== 'und' ? lang : null,
    mentionsChannel: content.mentions.some((m) => m.externalId === ctx.channel) || idOf(prop(tweet, 'in_reply_to_user_id_str')) === ctx.channel,
    url: author?.handle ? `https://x.com/${author.handle}/status/${id}` : `https://x.com/i/web/status/${id}`,
    extra: idOf(prop(tweet, 'quoted_status_id_str')) ? { quotes: idOf(prop(tweet, 'quoted_status_id_str')) } : {},
  });
}

function mapFavorite(ctx: Ctx, favorite: Json, p: string): InboundEvent | null {
  const target = idOf(at(favorite, 'favorited_status', 'id_str'));
  if (target === null) return null;
  const author = mapV1User(prop(favorite, 'user'));
  const occurredAt = firstTime(ctx.receivedAt, isoFromEpochMs(prop(favorite, 'timestamp_ms')), isoFromTwitterDate(prop(favorite, 'created_at')));
  return makeEvent({
    network: 'x', channelExternalId: ctx.channel, rawPointer: p, occurredAt, author, kind: 'reaction', externalId: target,
    objectType: 'post', direction: author?.externalId === ctx.channel ? 'outbound' : 'inbound',
    reaction: { type: 'like', emoji: null, removed: false },
    eventKey: idOf(prop(favorite, 'id')) ? `reaction:${idOf(prop(favorite, 'id'))}` : `reaction:${target}:${author?.externalId ?? ''}:like:added:${occurredAt}`,
  });
}

function mapTweetDelete(ctx: Ctx, deletion: Json, p: string): InboundEvent {
  const id = idOf(at(deletion, 'status', 'id'));
  if (id === null) throw new MalformedDelivery('wrong_shape', 'tweet_delete without status.id', `${p}/status/id`);
  const userId = idOf(at(deletion, 'status', 'user_id'));
  return makeEvent({
    network: 'x', channelExternalId: ctx.channel, rawPointer: p, kind: 'delete', externalId: id, objectType: 'post',
    eventKey: `delete:${id}`, occurredAt: firstTime(ctx.receivedAt, isoFromEpochMs(prop(deletion, 'timestamp_ms'))),
    author: userId ? makeAuthor(userId) : null, direction: userId === ctx.channel ? 'outbound' : 'inbound',
  });
}

function userFromMap(ctx: Ctx, id: string | null): Author | null {
  if (id === null) return null;
  return mapV1User(prop(ctx.users, id)) ?? makeAuthor(id);
}

function mapDirectMessage(ctx: Ctx, dm: Json, p: string): InboundEvent | null {
  const id = idOf(prop(dm, 'id'));
  const create = obj(prop(dm, 'message_create'));
  if (id === null || create === null) {
    if (prop(dm, 'type') !== undefined && prop(dm, 'type') !== 'message_create') return null;
    throw new MalformedDelivery('wrong_shape', 'direct message without id or message_create', p);
  }
  const sender = idOf(prop(create, 'sender_id'));
  const recipient = idOf(at(create, 'target', 'recipient_id'));
  if (sender === null || recipient === null) throw new MalformedDelivery('wrong_shape', 'direct message without sender or recipient', `${p}/message_create`);
  const data = obj(prop(create, 'message_data'));
  const content = v1Content(text(prop(data, 'text')) ?? '', prop(data, 'entities'), null);
  const media = obj(at(data, 'attachment', 'media'));
  const quickReply = str(at(data, 'quick_reply_response', 'metadata'));
  return makeEvent({
    network: 'x', channelExternalId: ctx.channel, rawPointer: p, kind: 'message', externalId: id, objectType: 'message',
    eventKey: `message:${id}`, occurredAt: firstTime(ctx.receivedAt, isoFromEpochMs(prop(dm, 'created_timestamp'))),
    author: userFromMap(ctx, sender), direction: sender === ctx.channel ? 'outbound' : 'inbound',
    thread: { kind: 'private', rootExternalId: dmConversationKey(sender, recipient), parentExternalId: null },
    ...content,
    attachments: media
      ? [makeAttachment(str(prop(media, 'type')) === 'photo' ? 'image' : 'video', { url: httpUrl(prop(media, 'media_url_https')), externalId: idOf(prop(media, 'id_str')) })]
      : [],
    extra: {
      ...(idOf(prop(create, 'source_app_id')) ? { sourceAppId: idOf(prop(create, 'source_app_id')) } : {}),
      ...(quickReply ? { quickReplyMetadata: quickReply } : {}),
    },
  });
}

function mapDmSignal(ctx: Ctx, kind: 'typing' | 'read', signal: Json, p: string): InboundEvent {
  const sender = idOf(prop(signal, 'sender_id'));
  const recipient = idOf(at(signal, 'target', 'recipient_id'));
  if (sender === null || recipient === null) throw new MalformedDelivery('wrong_shape', `${kind} event without sender or recipient`, p);
  const occurredAt = firstTime(ctx.receivedAt, isoFromEpochMs(prop(signal, 'created_timestamp')));
  const conversation = dmConversationKey(sender, recipient);
  const base = {
    network: 'x' as const, channelExternalId: ctx.channel, rawPointer: p, occurredAt, author: userFromMap(ctx, sender),
    direction: sender === ctx.channel ? 'outbound' as const : 'inbound' as const,
    thread: { kind: 'private' as const, rootExternalId: conversation, parentExternalId: null },
  };
  if (kind === 'typing') return makeEvent({ ...base, kind, eventKey: `typing:${conversation}:${sender}:${occurredAt}` });
  const upTo = idOf(prop(signal, 'last_read_event_id'));
  return makeEvent({
    ...base, kind, externalId: upTo, read: { upToExternalId: upTo, watermark: null },
    eventKey: `read:${conversation}:${sender}:${upTo ?? occurredAt}`,
  });
}

function userActionFacts(ctx: Ctx, action: Json) {
  return {
    author: mapV1User(prop(action, 'source')),
    occurredAt: firstTime(ctx.receivedAt, isoFromEpochMs(prop(action, 'created_timestamp'))),
  };
}

function mapUserAction(ctx: Ctx, type: string, action: Json, p: string): InboundEvent {
  const { author, occurredAt } = userActionFacts(ctx, action);
  return makeEvent({
    network: 'x', channelExternalId: ctx.channel, rawPointer: p, occurredAt, author, kind: 'other', other: { type },
    direction: author?.externalId === ctx.channel ? 'outbound' : 'inbound',
    eventKey: `other:${type}:${author?.externalId ?? ''}:${idOf(at(action, 'target', 'id')) ?? ''}:${occurredAt}`,
  });
}
