import type { Attachment, Author, InboundEvent, Link, Mention } from '@parley/contracts/channels';
import type { Headers, ParseContext, ParsedDelivery } from '../types.ts';
import { bodyDigestKey, finishDelivery, MalformedDelivery } from '../shared/delivery.ts';
import { httpUrl, makeAttachment, makeAuthor, makeEvent, makeLink, makeMention } from '../shared/event.ts';
import { arr, at, obj, parseJsonBody, pointer, prop, str, text, type Json } from '../shared/json.ts';
import { utf8ToUtf16Span } from '../shared/offsets.ts';
import { firstTime, isoFromEpochUs, isoFromString } from '../shared/time.ts';

// Bluesky has no webhooks. The worker polls app.bsky.notification.listNotifications (mentions, replies, quotes, likes,
// reposts, follows) or reads Jetstream commits, and stores what it gets as deliveries of the channel (the account's DID).
// A post is an app.bsky.feed.post record; its facets point into the text by UTF-8 BYTE offsets, which become UTF-16
// string indices here. Posts are known by their at:// URI, people by their DID.

const POST = 'app.bsky.feed.post';
const AT_URI = /^at:\/\/(did:[a-z]+:[a-zA-Z0-9._:%-]+)\/([a-zA-Z0-9.]+)\/([a-zA-Z0-9._~:-]+)$/;

/** Where a record lives and who wrote it, from its envelope (a notification, a Jetstream commit). */
export interface RecordRef {
  uri: string;
  authorDid: string;
  author?: Author | null;
  /** When the network indexed it; stands in for a createdAt the client got wrong. */
  indexedAt?: string | null;
}

interface Ctx {
  channel: string;
  receivedAt: Date | undefined;
}

/** Normalizes a listNotifications page (or one notification) or a Jetstream event. */
export function parseBlueskyDelivery(rawBody: Buffer, _headers: Headers, context: ParseContext = {}): ParsedDelivery {
  const channel = context.channelExternalId;
  if (!channel) throw new MalformedDelivery('channel_unknown', 'a Bluesky delivery does not name the channel');
  const ctx: Ctx = { channel, receivedAt: context.receivedAt };
  const body = obj(parseJsonBody(rawBody));
  if (body === null) throw new MalformedDelivery('wrong_shape', 'a Bluesky delivery is a JSON object');
  const key = bodyDigestKey(rawBody);
  const notifications = prop(body, 'notifications');
  if (Array.isArray(notifications)) {
    return finishDelivery(key, notifications.map((n, i) => mapNotification(ctx, n, pointer('notifications', i))));
  }
  if (typeof prop(body, 'reason') === 'string') return finishDelivery(key, [mapNotification(ctx, body, '')]);
  if (typeof prop(body, 'did') === 'string' && typeof prop(body, 'kind') === 'string') return finishDelivery(key, [mapJetstream(ctx, body)]);
  throw new MalformedDelivery('unsupported', 'neither notifications nor a Jetstream event');
}

/** The author DID, collection and record key of an at:// URI, or null. */
export function parseAtUri(uri: unknown): { did: string; collection: string; rkey: string } | null {
  const m = typeof uri === 'string' && uri.length <= 512 ? AT_URI.exec(uri) : null;
  return m ? { did: m[1]!, collection: m[2]!, rkey: m[3]! } : null;
}

function mapProfileView(view: unknown): Author | null {
  const did = str(prop(view, 'did'));
  if (did === null) return null;
  const handle = str(prop(view, 'handle'));
  return makeAuthor(did, {
    handle,
    displayName: str(prop(view, 'displayName')),
    profileUrl: `https://bsky.app/profile/${handle ?? did}`,
    avatarUrl: httpUrl(prop(view, 'avatar')),
    followers: null,
    verified: null,
  });
}

/** Facets as mentions and links, their byte ranges converted to string indices (null when they do not fit the text). */
export function mapFacets(postText: string, facets: unknown): { mentions: Mention[]; links: Link[] } {
  const mentions: Mention[] = [];
  const links: Link[] = [];
  for (const facet of arr(facets)) {
    const span = utf8ToUtf16Span(postText, at(facet, 'index', 'byteStart'), at(facet, 'index', 'byteEnd'));
    for (const feature of arr(prop(facet, 'features'))) {
      const type = prop(feature, '$type');
      if (type === 'app.bsky.richtext.facet#mention' && str(prop(feature, 'did'))) {
        const handle = span ? postText.slice(span.start, span.end).replace(/^@/, '') : null;
        mentions.push(makeMention({ externalId: str(prop(feature, 'did')), handle: handle || null, start: span?.start ?? null, end: span?.end ?? null }));
      } else if (type === 'app.bsky.richtext.facet#link' && httpUrl(prop(feature, 'uri'))) {
        links.push(makeLink(httpUrl(prop(feature, 'uri'))!, span));
      }
    }
  }
  return { mentions, links };
}

function blobAttachment(authorDid: string, image: unknown, alt: unknown): Attachment {
  const cid = str(at(image, 'ref', '$link'));
  return makeAttachment('image', {
    // The public CDN serves a blob by author and CID; the record itself holds no URL.
    url: cid && /^[a-z0-9]+$/.test(cid) ? `https://cdn.bsky.app/img/feed_fullsize/plain/${authorDid}/${cid}@jpeg` : null,
    externalId: cid, mimeType: str(prop(image, 'mimeType')), altText: str(alt),
  });
}

function mapEmbed(authorDid: string, embed: unknown): { attachments: Attachment[]; quotes: string | null } {
  const type = str(prop(embed, '$type'));
  if (type === 'app.bsky.embed.images') {
    return { attachments: arr(prop(embed, 'images')).map((i) => blobAttachment(authorDid, prop(i, 'image'), prop(i, 'alt'))), quotes: null };
  }
  if (type === 'app.bsky.embed.external') {
    const uri = httpUrl(at(embed, 'external', 'uri'));
    return { attachments: uri ? [makeAttachment('link', { url: uri, title: str(at(embed, 'external', 'title')) })] : [], quotes: null };
  }
  if (type === 'app.bsky.embed.record') return { attachments: [], quotes: str(at(embed, 'record', 'uri')) };
  if (type === 'app.bsky.embed.recordWithMedia') {
    return { attachments: mapEmbed(authorDid, prop(embed, 'media')).attachments, quotes: str(at(embed, 'record', 'record', 'uri')) };
  }
  if (type === 'app.bsky.embed.video') {
    return { attachments: [makeAttachment('video', { externalId: str(at(embed, 'video', 'ref', '$link')), altText: str(prop(embed, 'alt')) })], quotes: null };
  }
  return { attachments: [], quotes: null };
}

/** An app.bsky.feed.post record as a message (or edit); throws MalformedDelivery for anything that is no post record. */
export function mapPostRecord(record: unknown, ref: RecordRef, channel: string, p: string, receivedAt?: Date, kind: 'message' | 'edit' = 'message'): InboundEvent {
  const postText = text(prop(record, 'text'));
  if (prop(record, '$type') !== POST || postText === null) throw new MalformedDelivery('wrong_shape', 'not an app.bsky.feed.post record', p);
  const location = parseAtUri(ref.uri);
  if (location === null) throw new MalformedDelivery('wrong_shape', 'post without a valid at:// URI', p);
  const { mentions, links } = mapFacets(postText, prop(record, 'facets'));
  const { attachments, quotes } = mapEmbed(ref.authorDid, prop(record, 'embed'));
  const root = str(at(record, 'reply', 'root', 'uri'));
  const parent = str(at(record, 'reply', 'parent', 'uri'));
  const langs = arr(prop(record, 'langs'));
  return makeEvent({
    network: 'bluesky', channelExternalId: channel, rawPointer: p, kind, externalId: ref.uri,
    eventKey: kind === 'message' ? `message:${ref.uri}` : `edit:${ref.uri}:${ref.indexedAt ?? ''}`,
    objectType: parent ? 'comment' : 'post', author: ref.author ?? makeAuthor(ref.authorDid),
    direction: ref.authorDid === channel ? 'outbound' : 'inbound',
    thread: { kind: 'public', rootExternalId: root ?? (parent ? null : ref.uri), parentExternalId: parent },
    occurredAt: firstTime(receivedAt, isoFromString(prop(record, 'createdAt')), ref.indexedAt ?? null),
    text: postText, mentions, links, attachments,
    language: typeof langs[0] === 'string' ? langs[0] : null,
    mentionsChannel: mentions.some((m) => m.externalId === channel),
    url: `https://bsky.app/profile/${location.did}/post/${location.rkey}`,
    extra: quotes ? { quotes } : {},
  });
}

function mapNotification(ctx: Ctx, n: unknown, p: string): InboundEvent {
  const uri = str(prop(n, 'uri'));
  const reason = str(prop(n, 'reason'));
  const author = mapProfileView(prop(n, 'author'));
  if (uri === null || reason === null || author === null) throw new MalformedDelivery('wrong_shape', 'notification without uri, reason or author', p);
  const indexedAt = isoFromString(prop(n, 'indexedAt'));
  if (reason === 'mention' || reason === 'reply' || reason === 'quote') {
    const event = mapPostRecord(prop(n, 'record'), { uri, authorDid: author.externalId, author, indexedAt }, ctx.channel, `${p}/record`, ctx.receivedAt);
    return reason === 'mention' ? { ...event, mentionsChannel: true } : event;
  }
  const base = { network: 'bluesky' as const, channelExternalId: ctx.channel, rawPointer: p, author, occurredAt: firstTime(ctx.receivedAt, indexedAt) };
  const subject = str(prop(n, 'reasonSubject'));
  if ((reason === 'like' || reason === 'repost') && subject) {
    return makeEvent({ ...base, kind: 'reaction', externalId: subject, objectType: 'post', reaction: { type: reason, emoji: null, removed: false }, eventKey: `reaction:${uri}` });
  }
  return makeEvent({ ...base, kind: 'other', other: { type: reason === 'follow' ? 'follow' : `notification:${reason.slice(0, 100)}` }, eventKey: `other:${uri}` });
}

function mapJetstream(ctx: Ctx, event: Json): InboundEvent {
  const did = str(prop(event, 'did'))!;
  const kind = str(prop(event, 'kind'))!;
  const occurredAt = firstTime(ctx.receivedAt, isoFromEpochUs(prop(event, 'time_us')));
  const base = { network: 'bluesky' as const, channelExternalId: ctx.channel, rawPointer: '/commit', author: makeAuthor(did), occurredAt };
  const commit = obj(prop(event, 'commit'));
  const collection = str(prop(commit, 'collection'));
  const operation = str(prop(commit, 'operation'));
  const rkey = str(prop(commit, 'rkey'));
  if (kind !== 'commit' || commit === null || collection === null || operation === null || rkey === null) {
    return makeEvent({
      ...base, rawPointer: '', kind: 'other', other: { type: `jetstream:${kind.slice(0, 100)}` },
      eventKey: `other:jetstream:${did}:${String(prop(event, 'time_us'))}`,
    });
  }
  const uri = `at://${did}/${collection}/${rkey}`;
  if (collection === POST && operation === 'delete') {
    return makeEvent({ ...base, kind: 'delete', externalId: uri, objectType: 'post', eventKey: `delete:${uri}` });
  }
  if (collection === POST) {
    const postKind = operation === 'update' ? 'edit' : 'message';
    return mapPostRecord(prop(commit, 'record'), { uri, authorDid: did, indexedAt: occurredAt }, ctx.channel, '/commit/record', ctx.receivedAt, postKind);
  }
  if (collection === 'app.bsky.feed.like' || collection === 'app.bsky.feed.repost') {
    const type = collection.endsWith('like') ? 'like' : 'repost';
    // A deleted like names only itself, not the post it liked: the pipeline finds that through the like's URI.
    return makeEvent({
      ...base, kind: 'reaction', externalId: str(at(commit, 'record', 'subject', 'uri')), objectType: 'post',
      reaction: { type, emoji: null, removed: operation === 'delete' }, eventKey: `reaction:${uri}:${operation}`, extra: { reactionUri: uri },
    });
  }
  return makeEvent({ ...base, kind: 'other', other: { type: `commit:${collection.slice(0, 100)}:${operation.slice(0, 20)}` }, eventKey: `other:${uri}:${operation}` });
}
