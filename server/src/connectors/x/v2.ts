import type { Attachment, Author, InboundEvent } from '@parley/contracts/channels';
import type { ParseContext, ProfileSnapshot } from '../types.ts';
import { MalformedDelivery } from '../shared/delivery.ts';
import { httpUrl, makeAttachment, makeAuthor, makeEvent, makeLink, makeMention } from '../shared/event.ts';
import { arr, at, bool, count, idOf, obj, pointer, prop, str, text, type Json } from '../shared/json.ts';
import { codePointToUtf16Span } from '../shared/offsets.ts';
import { firstTime, isoFromString } from '../shared/time.ts';
import { dmConversationKey, unescapeXText } from './text.ts';

// X API v2 responses the worker fetches when polling (mentions timeline, replies search, DM events): `data` (one object
// or a list) with `includes` (users, media, referenced posts). Entity positions are code points, as in v1.1.

interface Includes {
  users: Map<string, Json>;
  media: Map<string, Json>;
}

/** Events of a v2 posts or DM events response; the channel is the polled account (the response does not name it). */
export function mapV2Response(body: Json, context: ParseContext): InboundEvent[] {
  const channel = context.channelExternalId;
  if (!channel) throw new MalformedDelivery('channel_unknown', 'an X API v2 response does not name the channel');
  const data = prop(body, 'data');
  const items = Array.isArray(data) ? data : [data];
  const includes: Includes = {
    users: byKey(arr(at(body, 'includes', 'users')), 'id'),
    media: byKey(arr(at(body, 'includes', 'media')), 'media_key'),
  };
  return items.map((item, i) => {
    const p = Array.isArray(data) ? pointer('data', i) : '/data';
    const o = obj(item);
    if (o === null) throw new MalformedDelivery('wrong_shape', 'data item is not an object', p);
    if (prop(o, 'event_type') !== undefined) return mapV2DmEvent(channel, o, includes, p, context.receivedAt);
    if (typeof prop(o, 'text') === 'string') return mapV2Post(channel, o, includes, p, context.receivedAt);
    throw new MalformedDelivery('unsupported', 'not a post or DM event (users, spaces, lists are not deliveries)', p);
  });
}

function byKey(list: unknown[], key: string): Map<string, Json> {
  const map = new Map<string, Json>();
  for (const item of list) {
    const id = idOf(prop(item, key));
    if (id !== null && obj(item)) map.set(id, item as Json);
  }
  return map;
}

/** A v2 user object as an author. */
export function mapV2User(user: unknown): Author | null {
  const id = idOf(prop(user, 'id'));
  if (id === null) return null;
  const handle = str(prop(user, 'username'));
  return makeAuthor(id, {
    handle,
    displayName: str(prop(user, 'name')),
    profileUrl: handle ? `https://x.com/${handle}` : null,
    avatarUrl: httpUrl(prop(user, 'profile_image_url')),
    followers: count(at(user, 'public_metrics', 'followers_count')),
    verified: bool(prop(user, 'verified')),
  });
}

/** A v2 users lookup response (GET /2/users/:id) as a profile; null when it holds no user. */
export function mapV2UserProfile(body: unknown): ProfileSnapshot | null {
  const data = prop(body, 'data');
  const user = Array.isArray(data) ? data[0] : data;
  const author = mapV2User(user);
  if (author === null) return null;
  return {
    externalId: author.externalId, handle: author.handle, displayName: author.displayName, profileUrl: author.profileUrl,
    avatarUrl: author.avatarUrl, followers: author.followers, verified: author.verified,
    bio: str(prop(user, 'description')),
    location: str(prop(user, 'location')),
    language: null,
    employer: null,
    profile: {
      createdAt: isoFromString(prop(user, 'created_at')),
      protected: bool(prop(user, 'protected')),
      url: httpUrl(prop(arr(at(user, 'entities', 'url', 'urls'))[0], 'expanded_url')) ?? httpUrl(prop(user, 'url')),
    },
  };
}

function mediaOf(item: Json, includes: Includes): Attachment[] {
  return arr(at(item, 'attachments', 'media_keys')).flatMap((key) => {
    const mediaKey = idOf(key);
    const media = mediaKey ? includes.media.get(mediaKey) : undefined;
    if (!mediaKey) return [];
    const type = str(prop(media, 'type'));
    return [makeAttachment(type === 'photo' ? 'image' : type === 'video' || type === 'animated_gif' ? 'video' : 'other', {
      url: httpUrl(prop(media, 'url')) ?? httpUrl(prop(media, 'preview_image_url')),
      externalId: mediaKey,
      altText: str(prop(media, 'alt_text')),
    })];
  });
}

function mapV2Post(channel: string, post: Json, includes: Includes, p: string, receivedAt: Date | undefined): InboundEvent {
  const id = idOf(prop(post, 'id'));
  if (id === null) throw new MalformedDelivery('wrong_shape', 'post without id', `${p}/id`);
  const rawText = text(prop(post, 'text')) ?? '';
  const mentionsIn = arr(at(post, 'entities', 'mentions'));
  const urlsIn = arr(at(post, 'entities', 'urls'));
  const span = (e: unknown) => codePointToUtf16Span(rawText, prop(e, 'start'), prop(e, 'end'));
  const { text: plain, spans } = unescapeXText(rawText, [...mentionsIn.map(span), ...urlsIn.map(span)]);
  const authorId = idOf(prop(post, 'author_id'));
  const authorUser = authorId ? includes.users.get(authorId) : undefined;
  const author = mapV2User(authorUser) ?? (authorId ? makeAuthor(authorId) : null);
  const referenced = arr(prop(post, 'referenced_tweets'));
  const refOf = (type: string) => idOf(prop(referenced.find((r) => prop(r, 'type') === type), 'id'));
  const occurredAt = firstTime(receivedAt, isoFromString(prop(post, 'created_at')));
  const direction = authorId === channel ? 'outbound' as const : 'inbound' as const;
  const reposted = refOf('retweeted');
  if (reposted) {
    return makeEvent({
      network: 'x', channelExternalId: channel, rawPointer: p, occurredAt, author, direction, kind: 'reaction', externalId: reposted,
      objectType: 'post', reaction: { type: 'repost', emoji: null, removed: false },
      eventKey: `reaction:${reposted}:${authorId ?? ''}:repost:added:${id}`,
    });
  }
  const mentions = mentionsIn.map((m, i) => makeMention({
    externalId: idOf(prop(m, 'id')), handle: str(prop(m, 'username')), start: spans[i]?.start ?? null, end: spans[i]?.end ?? null,
  }));
  const links = urlsIn.flatMap((u, i) => {
    const url = httpUrl(prop(u, 'unwound_url')) ?? httpUrl(prop(u, 'expanded_url')) ?? httpUrl(prop(u, 'url'));
    return url ? [makeLink(url, spans[mentionsIn.length + i] ?? null)] : [];
  });
  const repliedTo = refOf('replied_to');
  const history = arr(prop(post, 'edit_history_tweet_ids')).map(idOf).filter((h): h is string => h !== null);
  // An edit is a new post id; the first id of the history is the post the conversation knows.
  const original = history.length > 1 && history[0] !== id ? history[0]! : null;
  const lang = str(prop(post, 'lang'));
  const common = {
    network: 'x' as const, channelExternalId: channel, rawPointer: p, occurredAt, author, direction,
    externalId: original ?? id, objectType: repliedTo ? 'comment' as const : 'post' as const,
    thread: { kind: 'public' as const, rootExternalId: idOf(prop(post, 'conversation_id')) ?? (repliedTo ? null : original ?? id), parentExternalId: repliedTo },
    text: plain, mentions, links, attachments: mediaOf(post, includes),
    language: lang && lang !== 'und' ? lang : null,
    mentionsChannel: mentions.some((m) => m.externalId === channel) || idOf(prop(post, 'in_reply_to_user_id')) === channel,
    url: author?.handle ? `https://x.com/${author.handle}/status/${id}` : `https://x.com/i/web/status/${id}`,
    extra: {
      ...(refOf('quoted') ? { quotes: refOf('quoted') } : {}),
      ...(original ? { versionExternalId: id } : {}),
    },
  };
  return original
    ? makeEvent({ ...common, kind: 'edit', eventKey: `edit:${original}:${id}` })
    : makeEvent({ ...common, kind: 'message', eventKey: `message:${id}` });
}

function mapV2DmEvent(channel: string, dm: Json, includes: Includes, p: string, receivedAt: Date | undefined): InboundEvent {
  const id = idOf(prop(dm, 'id'));
  const conversation = str(prop(dm, 'dm_conversation_id'));
  if (id === null || conversation === null) throw new MalformedDelivery('wrong_shape', 'DM event without id or dm_conversation_id', p);
  const senderId = idOf(prop(dm, 'sender_id'));
  const author = mapV2User(senderId ? includes.users.get(senderId) : undefined) ?? (senderId ? makeAuthor(senderId) : null);
  // One-to-one conversations are "id-id"; written in the order Account Activity events get (smaller id first).
  const pair = /^(\d+)-(\d+)$/.exec(conversation);
  const base = {
    network: 'x' as const, channelExternalId: channel, rawPointer: p, author,
    occurredAt: firstTime(receivedAt, isoFromString(prop(dm, 'created_at'))),
    direction: senderId === channel ? 'outbound' as const : 'inbound' as const,
    thread: { kind: 'private' as const, rootExternalId: pair ? dmConversationKey(pair[1]!, pair[2]!) : conversation, parentExternalId: null },
  };
  const type = str(prop(dm, 'event_type'));
  if (type !== 'MessageCreate') return makeEvent({ ...base, kind: 'other', other: { type: `dm:${type ?? 'unknown'}` }, eventKey: `other:dm:${id}` });
  const rawText = text(prop(dm, 'text')) ?? '';
  const shared = idOf(prop(arr(prop(dm, 'referenced_tweets'))[0], 'id'));
  return makeEvent({
    ...base, kind: 'message', externalId: id, objectType: 'message', eventKey: `message:${id}`,
    text: unescapeXText(rawText, []).text, attachments: mediaOf(dm, includes),
    extra: shared ? { sharedPost: shared } : {},
  });
}
