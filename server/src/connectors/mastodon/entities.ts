import type { Attachment, Author, InboundEvent } from '@parley/contracts/channels';
import type { ProfileSnapshot } from '../types.ts';
import { MalformedDelivery } from '../shared/delivery.ts';
import { httpUrl, makeAttachment, makeAuthor, makeEvent, makeLink, makeMention } from '../shared/event.ts';
import { arr, bool, count, idOf, obj, prop, str, text, type Json } from '../shared/json.ts';
import { firstTime, isoFromString } from '../shared/time.ts';
import { type Anchor, htmlToText } from './html.ts';

// Mastodon entities (Status, Account, Notification) as normalized events. Ids of statuses and accounts are local to
// the instance that serves them; a channel is one account on one instance, so status ids work as externalIds there.
// People move between instances' id spaces, so an author's identity is the fully qualified acct (user@domain).

/** What the mappers of one delivery share. */
export interface MastodonCtx {
  /** The channel's account as a qualified acct (`parley@mastodon.social`). */
  channel: string;
  receivedAt: Date | undefined;
}

/** `user@domain` of an account or mention: acct as given when it has a domain, else the domain of its profile URL. */
export function qualifiedAcct(account: unknown): string | null {
  const acct = str(prop(account, 'acct')) ?? str(prop(account, 'username'));
  if (acct === null) return null;
  const at = acct.indexOf('@');
  if (at > 0) return `${acct.slice(0, at)}@${acct.slice(at + 1).toLowerCase()}`;
  const url = httpUrl(prop(account, 'url'));
  const host = url ? URL.parse(url)?.hostname.toLowerCase() : undefined;
  return host ? `${acct}@${host}` : acct;
}

const same = (a: string | null | undefined, b: string) => a !== null && a !== undefined && a.toLowerCase() === b.toLowerCase();

/** A Mastodon Account as an author. */
export function mapAccount(account: unknown): Author | null {
  const id = qualifiedAcct(account);
  if (id === null) return null;
  const avatar = httpUrl(prop(account, 'avatar'));
  return makeAuthor(id, {
    handle: id,
    displayName: str(prop(account, 'display_name')),
    profileUrl: httpUrl(prop(account, 'url')),
    // The instance's placeholder image is no avatar of the person.
    avatarUrl: avatar && !/\/missing\.png$/.test(avatar) ? avatar : null,
    followers: count(prop(account, 'followers_count')),
    verified: null,
  });
}

/** A Mastodon Account (GET /api/v1/accounts/:id) as a profile; null when it names no account. */
export function mapAccountProfile(account: unknown): ProfileSnapshot | null {
  const author = mapAccount(account);
  if (author === null) return null;
  const { email: _email, externalId, ...rest } = author;
  return {
    externalId, ...rest,
    bio: htmlToText(text(prop(account, 'note')) ?? '').text || null,
    location: null,
    language: null,
    employer: null,
    profile: {
      localId: idOf(prop(account, 'id')),
      bot: bool(prop(account, 'bot')),
      fields: arr(prop(account, 'fields')).map((f) => ({ name: str(prop(f, 'name')), value: htmlToText(text(prop(f, 'value')) ?? '').text })),
      createdAt: isoFromString(prop(account, 'created_at')),
    },
  };
}

function attachmentsOf(status: Json): Attachment[] {
  const media = arr(prop(status, 'media_attachments')).map((m) => {
    const type = str(prop(m, 'type'));
    return makeAttachment(type === 'image' ? 'image' : type === 'video' || type === 'gifv' ? 'video' : type === 'audio' ? 'audio' : 'other', {
      url: httpUrl(prop(m, 'url')) ?? httpUrl(prop(m, 'remote_url')),
      externalId: idOf(prop(m, 'id')),
      altText: str(prop(m, 'description')),
    });
  });
  const card = obj(prop(status, 'card'));
  const cardUrl = httpUrl(prop(card, 'url'));
  return cardUrl ? [...media, makeAttachment('link', { url: cardUrl, title: str(prop(card, 'title')) })] : media;
}

/** A Status as a message or edit; a boost (reblog) as a reaction to the boosted status. */
export function mapStatus(ctx: MastodonCtx, status: Json, p: string, kind: 'message' | 'edit', fromNotification = false): InboundEvent {
  const id = idOf(prop(status, 'id'));
  if (id === null) throw new MalformedDelivery('wrong_shape', 'status without id', `${p}/id`);
  const author = mapAccount(prop(status, 'account'));
  const direction = same(author?.externalId, ctx.channel) ? 'outbound' as const : 'inbound' as const;
  const createdAt = isoFromString(prop(status, 'created_at'));
  const reblog = obj(prop(status, 'reblog'));
  if (reblog) {
    const target = idOf(prop(reblog, 'id'));
    if (target === null) throw new MalformedDelivery('wrong_shape', 'reblog without id', `${p}/reblog/id`);
    return makeEvent({
      network: 'mastodon', channelExternalId: ctx.channel, rawPointer: p, occurredAt: firstTime(ctx.receivedAt, createdAt), author,
      direction, kind: 'reaction', externalId: target, objectType: 'post', reaction: { type: 'reblog', emoji: null, removed: false },
      eventKey: `reaction:${target}:${author?.externalId ?? ''}:reblog:added:${id}`,
    });
  }
  const { text: plain, anchors } = htmlToText(text(prop(status, 'content')) ?? '');
  const mentionAnchors = new Map<string, Anchor>();
  for (const a of anchors) {
    if (a.classes.includes('mention') && !a.classes.includes('hashtag') && !mentionAnchors.has(a.href)) mentionAnchors.set(a.href, a);
  }
  const mentions = arr(prop(status, 'mentions')).map((m) => {
    const url = httpUrl(prop(m, 'url'));
    const anchor = url ? mentionAnchors.get(url) : undefined;
    return makeMention({ externalId: qualifiedAcct(m), handle: qualifiedAcct(m), start: anchor?.start ?? null, end: anchor?.end ?? null });
  });
  const links = anchors
    .filter((a) => !a.classes.includes('mention') && httpUrl(a.href))
    .map((a) => makeLink(a.href, { start: a.start, end: a.end }));
  const replyTo = idOf(prop(status, 'in_reply_to_id'));
  const visibility = str(prop(status, 'visibility'));
  const editedAt = isoFromString(prop(status, 'edited_at'));
  const spoiler = str(prop(status, 'spoiler_text'));
  return makeEvent({
    network: 'mastodon', channelExternalId: ctx.channel, rawPointer: p, author, direction, kind,
    externalId: id, objectType: visibility === 'direct' ? 'message' : replyTo ? 'comment' : 'post',
    eventKey: kind === 'message' ? `message:${id}` : `edit:${id}:${editedAt ?? createdAt ?? ''}`,
    occurredAt: firstTime(ctx.receivedAt, kind === 'edit' ? editedAt : null, createdAt),
    // Mastodon names only the status replied to; the root is found through it.
    thread: { kind: visibility === 'direct' ? 'private' : 'public', rootExternalId: replyTo ? null : id, parentExternalId: replyTo },
    text: plain, mentions, links, attachments: attachmentsOf(status),
    language: str(prop(status, 'language')),
    mentionsChannel: fromNotification || mentions.some((m) => same(m.externalId, ctx.channel)),
    url: httpUrl(prop(status, 'url')) ?? httpUrl(prop(status, 'uri')),
    extra: {
      ...(visibility ? { visibility } : {}),
      ...(spoiler ? { contentWarning: spoiler } : {}),
      ...(bool(prop(status, 'sensitive')) ? { sensitive: true } : {}),
      ...(obj(prop(status, 'poll')) ? { hasPoll: true } : {}),
    },
  });
}

/** A Notification (REST polling or the `notification` stream event). */
export function mapNotification(ctx: MastodonCtx, n: Json, p: string): InboundEvent {
  const id = idOf(prop(n, 'id'));
  const type = str(prop(n, 'type'));
  if (id === null || type === null) throw new MalformedDelivery('wrong_shape', 'notification without id or type', p);
  const status = obj(prop(n, 'status'));
  if ((type === 'mention' || type === 'status' || type === 'quote') && status) return mapStatus(ctx, status, `${p}/status`, 'message', type !== 'status');
  if (type === 'update' && status) return mapStatus(ctx, status, `${p}/status`, 'edit');
  const author = mapAccount(prop(n, 'account'));
  const base = {
    network: 'mastodon' as const, channelExternalId: ctx.channel, rawPointer: p, author, eventKey: `notification:${id}`,
    occurredAt: firstTime(ctx.receivedAt, isoFromString(prop(n, 'created_at'))),
  };
  const target = idOf(prop(status, 'id'));
  if ((type === 'favourite' || type === 'reblog') && target) {
    return makeEvent({ ...base, kind: 'reaction', externalId: target, objectType: 'post', reaction: { type, emoji: null, removed: false } });
  }
  if (type === 'admin.report') {
    const report = obj(prop(n, 'report'));
    return makeEvent({
      ...base, kind: 'moderation', externalId: idOf(prop(report, 'id')),
      moderation: { action: 'report', actor: 'user', subject: 'item', reason: str(prop(report, 'category')) },
    });
  }
  return makeEvent({ ...base, kind: 'other', other: { type: `notification:${type}` } });
}
