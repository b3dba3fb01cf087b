import type { Attachment, Author, InboundEvent, ModerationAction, ObjectType } from '@parley/contracts/channels';
import type { Network } from '@parley/contracts/identities';
import type { Headers, ParseContext, ParsedDelivery } from '../types.ts';
import { bodyDigestKey, finishDelivery, MalformedDelivery } from '../shared/delivery.ts';
import { httpUrl, makeAttachment, makeAuthor, makeEvent } from '../shared/event.ts';
import { arr, idOf, num, obj, parseJsonBody, pointer, prop, str, text, type Json } from '../shared/json.ts';
import { firstTime, isoFromEpoch } from '../shared/time.ts';
import { mapMessagingEvent } from './messaging.ts';

/** What every Meta mapper needs to know about the entry an item came from. */
export interface EntryContext {
  network: Network;
  /** The page or Instagram account the entry is for: the channel. */
  accountId: string;
  entryTime: string | null;
  receivedAt: Date | undefined;
}

/**
 * Normalizes a Meta delivery: `{object: "page"|"instagram", entry: [{id, time, changes|messaging|standby: […]}]}`.
 * One event per change or messaging item; a change no mapping knows becomes an `other` event, never an error.
 */
export function parseMetaDelivery(rawBody: Buffer, _headers: Headers, context: ParseContext = {}): ParsedDelivery {
  const body = obj(parseJsonBody(rawBody));
  if (body === null) throw new MalformedDelivery('wrong_shape', 'a Meta delivery is a JSON object');
  const object = prop(body, 'object');
  const network: Network | null = object === 'page' ? 'facebook' : object === 'instagram' ? 'instagram' : null;
  if (network === null) throw new MalformedDelivery('unsupported', `Meta object ${JSON.stringify(object)?.slice(0, 50)} is not handled`, '/object');
  const entries = prop(body, 'entry');
  if (!Array.isArray(entries)) throw new MalformedDelivery('wrong_shape', 'entry is not an array', '/entry');
  const events: InboundEvent[] = [];
  entries.forEach((entry, i) => {
    const accountId = idOf(prop(entry, 'id'));
    if (accountId === null) throw new MalformedDelivery('wrong_shape', 'entry without id', pointer('entry', i, 'id'));
    const ctx: EntryContext = { network, accountId, entryTime: isoFromEpoch(prop(entry, 'time')), receivedAt: context.receivedAt };
    let known = false;
    for (const list of ['changes', 'messaging', 'standby'] as const) {
      const items = prop(entry, list);
      if (items === undefined) continue;
      if (!Array.isArray(items)) throw new MalformedDelivery('wrong_shape', `${list} is not an array`, pointer('entry', i, list));
      known = true;
      items.forEach((item, j) => {
        const at = pointer('entry', i, list, j);
        if (obj(item) === null) throw new MalformedDelivery('wrong_shape', `${list} item is not an object`, at);
        events.push(list === 'changes' ? mapChange(ctx, item as Json, at) : mapMessagingEvent(ctx, item as Json, at, list === 'standby'));
      });
    }
    if (!known) throw new MalformedDelivery('wrong_shape', 'entry has neither changes nor messaging', pointer('entry', i));
  });
  return finishDelivery(bodyDigestKey(rawBody), events);
}

const POST_ITEMS = new Set(['post', 'status', 'photo', 'video', 'share', 'album', 'event', 'note']);
const MODERATION_VERBS: readonly ModerationAction[] = ['hide', 'unhide', 'block', 'unblock', 'mute', 'unmute'];

function mapChange(ctx: EntryContext, change: Json, at: string): InboundEvent {
  const field = str(prop(change, 'field'));
  if (field === null) throw new MalformedDelivery('wrong_shape', 'change without field', `${at}/field`);
  const value = obj(prop(change, 'value')) ?? {};
  const base = { network: ctx.network, channelExternalId: ctx.accountId, rawPointer: at };
  const other = (type: string) => makeEvent({
    ...base, kind: 'other', other: { type }, eventKey: `other:${type}:${at}:${ctx.entryTime ?? ''}`,
    occurredAt: firstTime(ctx.receivedAt, isoFromEpoch(prop(value, 'created_time')), ctx.entryTime),
  });
  if (ctx.network === 'instagram') {
    if (field === 'comments' || field === 'live_comments') return mapInstagramComment(ctx, value, at, field === 'live_comments');
    if (field === 'mentions') return mapInstagramMention(ctx, value, at);
    return other(`field:${field}`);
  }
  if (field === 'leadgen') return mapLead(ctx, value, at);
  if (field === 'feed' || field === 'mention' || field === 'ratings') {
    const item = str(prop(value, 'item'));
    if (item === 'rating') return mapRating(ctx, value, at);
    if (item === 'comment' || (item !== null && POST_ITEMS.has(item))) return mapFeedItem(ctx, field, item, value, at) ?? other(`${field}:${item}:${str(prop(value, 'verb'))}`);
    if (item === 'reaction' || item === 'like') return mapFeedReaction(ctx, item, value, at) ?? other(`${field}:${item}:${str(prop(value, 'verb'))}`);
    return other(`${field}:${item ?? 'unknown'}:${str(prop(value, 'verb')) ?? ''}`);
  }
  return other(`field:${field}`);
}

/** The author of a feed item: `from {id, name}` on newer versions, `sender_id`/`sender_name` on older ones. */
function feedAuthor(value: Json): Author | null {
  const from = prop(value, 'from');
  const id = idOf(prop(from, 'id')) ?? idOf(prop(value, 'sender_id')) ?? idOf(prop(value, 'reviewer_id'));
  if (id === null) return null;
  return makeAuthor(id, {
    displayName: str(prop(from, 'name')) ?? str(prop(value, 'sender_name')) ?? str(prop(value, 'reviewer_name')),
    handle: str(prop(from, 'username')),
  });
}

function feedAttachments(item: string, value: Json): Attachment[] {
  const out: Attachment[] = [];
  const photo = httpUrl(prop(value, 'photo'));
  if (photo) out.push(makeAttachment('image', { url: photo }));
  const video = httpUrl(prop(value, 'video'));
  if (video) out.push(makeAttachment('video', { url: video }));
  for (const p of arr(prop(value, 'photos'))) {
    const u = httpUrl(p);
    if (u) out.push(makeAttachment('image', { url: u }));
  }
  const link = httpUrl(prop(value, 'link'));
  // `link` is the photo or video itself on those items, a shared page on the others.
  if (link) out.push(makeAttachment(item === 'photo' ? 'image' : item === 'video' ? 'video' : 'link', { url: link }));
  return out;
}

function mapFeedItem(ctx: EntryContext, field: string, item: string, value: Json, at: string): InboundEvent | null {
  const verb = str(prop(value, 'verb'));
  const isComment = item === 'comment';
  const postId = idOf(prop(value, 'post_id'));
  const externalId = isComment
    ? idOf(prop(value, 'comment_id'))
    : postId ?? idOf(prop(value, `${item}_id`)) ?? idOf(prop(value, 'video_id')) ?? idOf(prop(value, 'photo_id'));
  if (externalId === null || verb === null) return null;
  const author = feedAuthor(value);
  const objectType: ObjectType = isComment ? 'comment' : 'post';
  const occurredAt = firstTime(ctx.receivedAt, isoFromEpoch(prop(value, 'created_time')), ctx.entryTime);
  const common = {
    network: ctx.network, channelExternalId: ctx.accountId, rawPointer: at, occurredAt, externalId, objectType, author,
    direction: author?.externalId === ctx.accountId ? 'outbound' as const : 'inbound' as const,
    thread: isComment
      ? { kind: 'public' as const, rootExternalId: postId, parentExternalId: idOf(prop(value, 'parent_id')) ?? postId }
      : { kind: 'public' as const, rootExternalId: externalId, parentExternalId: null },
    text: text(prop(value, 'message')),
    attachments: feedAttachments(item, value),
    mentionsChannel: field === 'mention',
    extra: { item, ...(field === 'ratings' ? { onReview: true } : {}), ...(prop(value, 'published') === 0 ? { published: false } : {}) },
  };
  if (verb === 'add') return makeEvent({ ...common, kind: 'message', eventKey: `message:${externalId}` });
  if (verb === 'edited' || verb === 'edit') return makeEvent({ ...common, kind: 'edit', eventKey: `edit:${externalId}:${occurredAt}` });
  if (verb === 'remove') return makeEvent({ ...common, kind: 'delete', eventKey: `delete:${externalId}` });
  const action = MODERATION_VERBS.find((a) => a === verb);
  if (action) {
    const flagged = prop(value, 'video_flag_reason') !== undefined;
    return makeEvent({
      ...common, kind: 'moderation', eventKey: `moderation:${action}:${externalId}:${ctx.entryTime ?? occurredAt}`,
      moderation: {
        action, actor: flagged ? 'network' : 'channel', subject: 'item',
        reason: flagged ? `video_flag_reason ${String(num(prop(value, 'video_flag_reason')))}` : null,
      },
    });
  }
  return null;
}

function mapFeedReaction(ctx: EntryContext, item: string, value: Json, at: string): InboundEvent | null {
  const verb = str(prop(value, 'verb'));
  const commentId = idOf(prop(value, 'comment_id'));
  const postId = idOf(prop(value, 'post_id'));
  const target = commentId ?? postId;
  const author = feedAuthor(value);
  const occurredAt = firstTime(ctx.receivedAt, isoFromEpoch(prop(value, 'created_time')), ctx.entryTime);
  if (target === null) {
    // A like without a post is a like of the page itself: a follow, not a reaction.
    const userId = idOf(prop(value, 'user_id'));
    if (item !== 'like' || userId === null) return null;
    return makeEvent({
      network: ctx.network, channelExternalId: ctx.accountId, rawPointer: at, occurredAt, author: makeAuthor(userId),
      kind: 'other', other: { type: verb === 'remove' ? 'page_unlike' : 'page_like' }, eventKey: `other:page_like:${userId}:${verb}:${occurredAt}`,
    });
  }
  if (verb !== 'add' && verb !== 'edit' && verb !== 'remove') return null;
  const type = str(prop(value, 'reaction_type')) ?? 'like';
  const removed = verb === 'remove';
  return makeEvent({
    network: ctx.network, channelExternalId: ctx.accountId, rawPointer: at, occurredAt, author,
    direction: author?.externalId === ctx.accountId ? 'outbound' : 'inbound',
    kind: 'reaction', reaction: { type, emoji: null, removed },
    externalId: target, objectType: commentId ? 'comment' : 'post',
    thread: { kind: 'public', rootExternalId: postId, parentExternalId: commentId ? idOf(prop(value, 'parent_id')) ?? postId : null },
    eventKey: `reaction:${target}:${author?.externalId ?? ''}:${type}:${removed ? 'removed' : 'added'}:${occurredAt}`,
  });
}

function mapRating(ctx: EntryContext, value: Json, at: string): InboundEvent {
  const verb = str(prop(value, 'verb'));
  // The review is the open graph story; comments on it arrive as ratings/comment changes with its post_id.
  const externalId = idOf(prop(value, 'open_graph_story_id'));
  if (externalId === null) throw new MalformedDelivery('wrong_shape', 'rating without open_graph_story_id', at);
  const author = feedAuthor(value);
  const occurredAt = firstTime(ctx.receivedAt, isoFromEpoch(prop(value, 'created_time')), ctx.entryTime);
  const recommendation = str(prop(value, 'recommendation_type'));
  const common = {
    network: ctx.network, channelExternalId: ctx.accountId, rawPointer: at, occurredAt, author, externalId,
    objectType: 'review' as const, thread: { kind: 'public' as const, rootExternalId: externalId, parentExternalId: null },
    text: text(prop(value, 'review_text')),
  };
  if (verb === 'remove') return makeEvent({ ...common, kind: 'delete', eventKey: `delete:${externalId}` });
  const rating = num(prop(value, 'rating'));
  return makeEvent({
    ...common, kind: 'rating', eventKey: `rating:${externalId}:${verb ?? ''}:${occurredAt}`,
    rating: {
      value: rating !== null && rating >= 0 && rating <= 10 ? rating : null,
      recommends: recommendation === 'POSITIVE' ? true : recommendation === 'NEGATIVE' ? false : null,
    },
  });
}

function mapLead(ctx: EntryContext, value: Json, at: string): InboundEvent {
  const leadId = idOf(prop(value, 'leadgen_id'));
  if (leadId === null) throw new MalformedDelivery('wrong_shape', 'leadgen without leadgen_id', at);
  const adId = idOf(prop(value, 'ad_id'));
  return makeEvent({
    network: ctx.network, channelExternalId: ctx.accountId, rawPointer: at, kind: 'lead', externalId: leadId, objectType: 'lead',
    eventKey: `lead:${leadId}`, occurredAt: firstTime(ctx.receivedAt, isoFromEpoch(prop(value, 'created_time')), ctx.entryTime),
    // The lead's answers are fetched with the page token (GET /{leadgen_id}); the webhook only announces it. Ad id 0 means none.
    lead: { formExternalId: idOf(prop(value, 'form_id')), adExternalId: adId === '0' ? null : adId },
  });
}

function mapInstagramComment(ctx: EntryContext, value: Json, at: string, live: boolean): InboundEvent {
  const externalId = idOf(prop(value, 'id'));
  if (externalId === null) throw new MalformedDelivery('wrong_shape', 'Instagram comment without id', at);
  const from = prop(value, 'from');
  const authorId = idOf(prop(from, 'id'));
  const username = str(prop(from, 'username'));
  const mediaId = idOf(prop(prop(value, 'media'), 'id'));
  const productType = str(prop(prop(value, 'media'), 'media_product_type'));
  return makeEvent({
    network: ctx.network, channelExternalId: ctx.accountId, rawPointer: at, kind: 'message', externalId, objectType: 'comment',
    eventKey: `message:${externalId}`, occurredAt: firstTime(ctx.receivedAt, ctx.entryTime),
    author: authorId ? makeAuthor(authorId, { handle: username, profileUrl: username ? `https://www.instagram.com/${encodeURIComponent(username)}` : null }) : null,
    direction: authorId === ctx.accountId ? 'outbound' : 'inbound',
    // Without `media` (older payloads) the post is unknown until the comment is fetched: thread through the parent.
    thread: { kind: 'public', rootExternalId: mediaId, parentExternalId: idOf(prop(value, 'parent_id')) ?? mediaId },
    text: text(prop(value, 'text')),
    extra: { ...(live ? { live: true } : {}), ...(productType ? { mediaProductType: productType } : {}) },
  });
}

function mapInstagramMention(ctx: EntryContext, value: Json, at: string): InboundEvent {
  const commentId = idOf(prop(value, 'comment_id'));
  const mediaId = idOf(prop(value, 'media_id'));
  const externalId = commentId ?? mediaId;
  if (externalId === null) throw new MalformedDelivery('wrong_shape', 'Instagram mention without comment_id or media_id', at);
  // The webhook names only the ids; text and author are fetched (GET /{ig-user}?fields=mentioned_comment…).
  return makeEvent({
    network: ctx.network, channelExternalId: ctx.accountId, rawPointer: at, kind: 'message', externalId,
    objectType: commentId ? 'comment' : 'post', mentionsChannel: true, eventKey: `message:${externalId}`,
    occurredAt: firstTime(ctx.receivedAt, ctx.entryTime),
    thread: { kind: 'public', rootExternalId: mediaId, parentExternalId: commentId ? mediaId : null },
  });
}
