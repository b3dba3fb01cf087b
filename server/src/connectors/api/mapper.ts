import { ApiChannelDelivery, type ApiChannelEvent, type InboundEvent } from '@parley/contracts/channels';
import type { Headers, ParseContext, ParsedDelivery } from '../types.ts';
import { finishDelivery, MalformedDelivery } from '../shared/delivery.ts';
import { makeAttachment, makeAuthor, makeEvent, makeMention } from '../shared/event.ts';
import { parseJsonBody, pointer } from '../shared/json.ts';
import { codePointToUtf16Span } from '../shared/offsets.ts';
import { firstTime, isoFromString } from '../shared/time.ts';

/** Normalizes an API channel delivery (docs/api-channel.md); the delivery's `id` is its key, so a retry is stored once. */
export function parseApiDelivery(rawBody: Buffer, _headers: Headers, context: ParseContext = {}): ParsedDelivery {
  const channel = context.channelExternalId;
  if (!channel) throw new MalformedDelivery('channel_unknown', 'an API channel delivery is parsed for its channel');
  const parsed = ApiChannelDelivery.safeParse(parseJsonBody(rawBody));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new MalformedDelivery('wrong_shape', `${issue.path.join('.') || 'body'}: ${issue.message}`, pointer(...issue.path.map((s) => String(s))));
  }
  const events = parsed.data.events.map((e, i) => mapEvent(channel, e, pointer('events', i), context.receivedAt));
  return finishDelivery(`api:${parsed.data.id}`, events);
}

function mapEvent(channel: string, e: ApiChannelEvent, p: string, receivedAt: Date | undefined): InboundEvent {
  // A time the schema accepts may still be implausible (year 0000): then the arrival time stands in.
  const occurredAt = firstTime(receivedAt, isoFromString(e.occurredAt));
  const text = e.text ?? null;
  const author = makeAuthor(e.author.id, {
    displayName: e.author.name ?? null, handle: e.author.handle ?? null, email: e.author.email ?? null,
    profileUrl: e.author.profileUrl ?? null, avatarUrl: e.author.avatarUrl ?? null,
  });
  const base = {
    network: 'api' as const, channelExternalId: channel, rawPointer: p, occurredAt, author,
    direction: e.fromChannel ? 'outbound' as const : 'inbound' as const,
    externalId: e.id ?? null, objectType: e.conversation.visibility === 'public' ? 'comment' as const : 'message' as const,
    thread: { kind: e.conversation.visibility, rootExternalId: e.conversation.id, parentExternalId: e.conversation.parentId ?? null },
    text, language: e.language ?? null,
    attachments: e.attachments.map((a) => makeAttachment(a.type, { url: a.url, title: a.name ?? null, mimeType: a.mimeType ?? null })),
    // Senders count in code points (the same in every language); positions outside the text are kept without.
    mentions: e.mentions.map((m) => {
      const span = text === null ? null : codePointToUtf16Span(text, m.start, m.end);
      return makeMention({ externalId: m.id ?? null, handle: m.handle ?? null, start: span?.start ?? null, end: span?.end ?? null });
    }),
    extra: e.metadata ? { metadata: e.metadata } : {},
  };
  const conversation = e.conversation.id;
  switch (e.type) {
    case 'message':
      return makeEvent({ ...base, kind: 'message', eventKey: `message:${e.id}` });
    case 'edit':
      return makeEvent({ ...base, kind: 'edit', eventKey: `edit:${e.id}:${occurredAt}` });
    case 'delete':
      return makeEvent({ ...base, kind: 'delete', eventKey: `delete:${e.id}` });
    case 'reaction': {
      const reaction = e.reaction!;
      return makeEvent({
        ...base, kind: 'reaction', reaction: { type: reaction.type, emoji: null, removed: reaction.removed },
        eventKey: `reaction:${e.id}:${e.author.id}:${reaction.type}:${reaction.removed ? 'removed' : 'added'}:${occurredAt}`,
      });
    }
    case 'typing':
      return makeEvent({ ...base, kind: 'typing', objectType: null, eventKey: `typing:${conversation}:${e.author.id}:${occurredAt}` });
    case 'read':
      return makeEvent({
        ...base, kind: 'read', objectType: null, read: { upToExternalId: e.id ?? null, watermark: occurredAt },
        eventKey: `read:${conversation}:${e.author.id}:${e.id ?? occurredAt}`,
      });
    default: {
      const unreachable: never = e.type;
      throw new MalformedDelivery('unsupported', `event type ${String(unreachable)}`, p);
    }
  }
}
