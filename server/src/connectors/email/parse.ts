import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';
import { automatedKind, type Automated } from './text.ts';

// Reading a raw RFC 5322 message (MIME, charsets, quoted-printable, HTML-only mail) is mailparser's work, and it is
// asynchronous, while a connector's parseDelivery is synchronous. So the SMTP receiver reads each mail once when it
// arrives and stores the delivery as a MailDelivery: the raw message itself (up to RAW_KEPT_BYTES) beside what
// mailparser made of it. The mapper then works from the stored delivery alone, and a retried delivery reads the
// same facts again. Attachments are kept as metadata (name, type, size), never their bytes: the bytes stay in the
// raw message where it is kept, and a mail too large for that keeps its text and metadata only.

/** The raw message is kept in the delivery up to this size; a larger mail keeps what was read from it. */
export const RAW_KEPT_BYTES = 512 * 1024;

/** A mail as it is stored as an inbound delivery (JSON). */
export interface MailDelivery {
  type: 'email';
  /** The Message-ID with its angle brackets, as the References of answers name it; null when the mail has none. */
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string | null;
  from: { address: string; name: string | null } | null;
  to: string[];
  cc: string[];
  /** The date the sender's program put on it (ISO). */
  date: string | null;
  /** The whole text: text/plain, else the HTML part as text. */
  text: string | null;
  /** Content-Language, a hint for classification. */
  language: string | null;
  attachments: { filename: string | null; contentType: string; size: number; inline: boolean }[];
  automated: Automated;
  /**
   * The thread the receiver found for the mail in the database (the conversation a Message-ID of its References or
   * In-Reply-To belongs to, or the subject fallback); null to thread by the mail's own headers.
   */
  threadRoot: string | null;
  /** How the receiver found threadRoot: `references`, `subject`, or null. */
  threadedBy: 'references' | 'subject' | null;
  raw: { size: number; sha256: string; base64: string | null };
}

const ids = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\s+/) : []).map((s) => s.trim()).filter((s) => /^<[^<>\s]+>$/.test(s));

const addresses = (value: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) => a.value).map((v) => (v.address ?? '').toLowerCase()).filter(Boolean);

/** Reads a raw message with mailparser into the delivery the receiver stores. */
export async function readMail(raw: Buffer): Promise<MailDelivery> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, maxHtmlLengthToParse: 2 * 1024 * 1024 });
  const from = mail.from?.value[0];
  const fromAddress = from?.address ? from.address.toLowerCase() : null;
  const language = mail.headers.get('content-language');
  const text = mail.text ?? null;
  return {
    type: 'email',
    messageId: ids(mail.messageId)[0] ?? null,
    inReplyTo: ids(mail.inReplyTo)[0] ?? null,
    references: ids(mail.references),
    subject: mail.subject?.trim() || null,
    from: fromAddress ? { address: fromAddress, name: from?.name?.trim() || null } : null,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
    text: text && text.trim() ? text.slice(0, 200_000) : null,
    language: typeof language === 'string' ? language.split(',')[0]!.trim().slice(0, 35) || null : null,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ?? null, contentType: a.contentType, size: a.size, inline: a.contentDisposition === 'inline' || a.related === true,
    })),
    automated: automatedKind(mail.headers, fromAddress),
    threadRoot: null,
    threadedBy: null,
    raw: { size: raw.length, sha256: createHash('sha256').update(raw).digest('hex'), base64: raw.length <= RAW_KEPT_BYTES ? raw.toString('base64') : null },
  };
}

/** The delivery key of a mail: its Message-ID (a resend of the same mail is stored once), else the hash of its bytes. */
export function mailDeliveryKey(messageId: string | null, sha256: string | null): string {
  return messageId ? `message-id:${messageId}` : `sha256:${sha256 ?? ''}`;
}
