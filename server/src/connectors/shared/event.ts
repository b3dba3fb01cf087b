import type { Attachment, Author, InboundEvent, Link, Mention } from '@parley/contracts/channels';
import { CHANNEL_LIMITS } from '@parley/contracts/channels';

type Base = Omit<Extract<InboundEvent, { kind: 'message' }>, 'kind'>;
type KindPart = InboundEvent extends infer E ? (E extends InboundEvent ? Omit<E, keyof Base> : never) : never;

/** The required facts of an event; everything else defaults to empty. */
export type EventDraft = Pick<Base, 'network' | 'channelExternalId' | 'eventKey' | 'occurredAt' | 'rawPointer'> & Partial<Base> & KindPart;

/** An event with the defaults filled in (no thread, author, text or attachments; inbound). */
export function makeEvent(draft: EventDraft): InboundEvent {
  return {
    externalId: null,
    objectType: null,
    direction: 'inbound',
    thread: null,
    author: null,
    text: null,
    language: null,
    attachments: [],
    mentions: [],
    links: [],
    mentionsChannel: false,
    url: null,
    extra: {},
    ...draft,
  } as InboundEvent;
}

/** An author with the fields the delivery did not give set to null. */
export function makeAuthor(externalId: string, fields: Partial<Omit<Author, 'externalId'>> = {}): Author {
  return {
    externalId,
    handle: null,
    displayName: null,
    profileUrl: null,
    avatarUrl: null,
    followers: null,
    verified: null,
    email: null,
    ...fields,
  };
}

/** An attachment with the fields the delivery did not give set to null. */
export function makeAttachment(type: Attachment['type'], fields: Partial<Omit<Attachment, 'type'>> = {}): Attachment {
  return { type, url: null, externalId: null, mimeType: null, title: null, altText: null, ...fields };
}

/** A mention without or with a position. */
export function makeMention(fields: Partial<Mention>): Mention {
  return { externalId: null, handle: null, start: null, end: null, ...fields };
}

/** A link without or with a position. */
export function makeLink(url: string, span: { start: number; end: number } | null = null): Link {
  return { url, start: span?.start ?? null, end: span?.end ?? null };
}

/** A URL if it looks like one (http/https, within limits), else null: networks put placeholders where URLs go. */
export function httpUrl(value: unknown): string | null {
  return typeof value === 'string' && value.length <= CHANNEL_LIMITS.url && /^https?:\/\/\S+$/i.test(value) ? value : null;
}
