import type { Attachment, InboundEvent } from '@parley/contracts/channels';
import { CHANNEL_LIMITS } from '@parley/contracts/channels';
import type { Headers, ParseContext, ParsedDelivery } from '../types.ts';
import { finishDelivery, MalformedDelivery } from '../shared/delivery.ts';
import { makeAttachment, makeAuthor, makeEvent } from '../shared/event.ts';
import { arr, obj, parseJsonBody, prop, str } from '../shared/json.ts';
import { firstTime, isoFromString } from '../shared/time.ts';
import { mailDeliveryKey } from './parse.ts';
import { newlyWritten, normalizeSubject } from './text.ts';

// A stored mail (parse.ts) as one normalized event. Every mail is a private thread with its sender. The thread's root
// is the conversation the receiver found (threadRoot), else the first Message-ID of References (the thread's first
// mail, as RFC 5322 keeps it first), else In-Reply-To, else the mail's own Message-ID: a new thread. The text is what
// the customer newly wrote; the whole text stays in the stored delivery. Mail written by machines (auto-replies,
// bounces, bulk) becomes an `other` event: the pipeline stores no message for it, so nothing ever answers it.

const ATTACHMENT_TYPE = (contentType: string): Attachment['type'] =>
  contentType.startsWith('image/') ? 'image' : contentType.startsWith('video/') ? 'video' : contentType.startsWith('audio/') ? 'audio' : 'file';

/** Normalizes a stored mail (the JSON the SMTP receiver wrote); throws MalformedDelivery for anything else. */
export function parseEmailDelivery(rawBody: Buffer, _headers: Headers, context: ParseContext = {}): ParsedDelivery {
  const channel = context.channelExternalId?.toLowerCase();
  if (!channel) throw new MalformedDelivery('channel_unknown', 'a mail delivery does not name the channel address');
  const body = obj(parseJsonBody(rawBody));
  if (body === null || prop(body, 'type') !== 'email') throw new MalformedDelivery('wrong_shape', 'not a stored mail (type "email")', '/type');
  const from = obj(prop(body, 'from'));
  const address = str(prop(from, 'address'))?.toLowerCase() ?? null;
  if (address === null || address.length > 254) throw new MalformedDelivery('wrong_shape', 'a mail without a From address', '/from');
  const sha = str(prop(obj(prop(body, 'raw')), 'sha256'));
  const messageId = str(prop(body, 'messageId'));
  if (messageId === null && sha === null) throw new MalformedDelivery('wrong_shape', 'a mail without Message-ID nor digest', '/messageId');
  const references = arr(prop(body, 'references')).filter((r): r is string => typeof r === 'string' && r.length <= CHANNEL_LIMITS.externalId);
  const inReplyTo = str(prop(body, 'inReplyTo'));
  const own = messageId ?? `sha256:${sha}`;
  const subject = str(prop(body, 'subject'));
  const occurredAt = firstTime(context.receivedAt, isoFromString(prop(body, 'date')));
  const author = makeAuthor(address, { displayName: str(prop(from, 'name'))?.slice(0, 300) ?? null, email: address });
  const base = {
    network: 'email' as const, channelExternalId: channel, rawPointer: '', externalId: own, author, occurredAt,
    eventKey: `message:${own}`,
    thread: {
      kind: 'private' as const,
      rootExternalId: str(prop(body, 'threadRoot')) ?? references[0] ?? inReplyTo ?? own,
      parentExternalId: inReplyTo ?? references.at(-1) ?? null,
    },
  };
  const automated = str(prop(body, 'automated'));
  if (automated !== null) return finishDelivery(mailDeliveryKey(messageId, sha), [makeEvent({ ...base, kind: 'other', other: { type: `email:${automated}` } })]);
  const full = str(prop(body, 'text'));
  const attachments = arr(prop(body, 'attachments')).slice(0, 50).map((a) => makeAttachment(ATTACHMENT_TYPE(str(prop(a, 'contentType')) ?? ''), {
    mimeType: str(prop(a, 'contentType'))?.slice(0, 200) ?? null, title: str(prop(a, 'filename'))?.slice(0, 2000) ?? null,
  }));
  const event: InboundEvent = makeEvent({
    ...base, kind: 'message', objectType: 'message',
    // Mail from the channel's own address (a copy of an answer sent from another program) is the company speaking.
    direction: address === channel ? 'outbound' : 'inbound',
    text: full ? newlyWritten(full).slice(0, CHANNEL_LIMITS.text) : subject,
    language: str(prop(body, 'language')),
    attachments,
    // The subject names the conversation; sizes tell the agent what the raw message holds. No personal data here.
    extra: {
      subject: subject?.slice(0, 500) ?? null,
      normalizedSubject: normalizeSubject(subject).slice(0, 500),
      attachmentBytes: arr(prop(body, 'attachments')).map((a) => Number(prop(a, 'size')) || 0),
      quotedHistoryCut: full !== null && newlyWritten(full) !== full.trim(),
    },
  });
  return finishDelivery(mailDeliveryKey(messageId, sha), [event]);
}
