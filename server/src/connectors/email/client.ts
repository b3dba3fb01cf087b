import { createHash, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { ModerationAction } from '@parley/contracts/channels';
import { Upstream } from '../../lib/errors.ts';
import type { ClientChannel, ClientOptions, ConnectorClient, HttpFetch, ModerationTarget, ProfileSnapshot, ReplyTarget, SentReply } from '../types.ts';
import { NetworkRejected, required, Unsupported } from '../shared/http.ts';
import { replySubject } from './text.ts';

// Outbound e-mail: an answer is a mail from the channel's address to the customer, sent with nodemailer over the
// channel's SMTP server (credential `smtpUrl`, sealed like every secret), else over the server's SMTP_URL, else
// written as an .eml file into the data folder (`dropDir`), as lib/mail.ts does for Parley's own mails. The answer
// threads: Subject "Re: …", In-Reply-To the mail answered, References the thread's root and that mail, and a
// Message-ID of our own, derived from the outbox item, so a retry sends the same Message-ID and the customer's
// answer (which names it in In-Reply-To) finds the conversation again.

type Transport = ReturnType<typeof nodemailer.createTransport>;
const transports = new Map<string, Transport>();

function transportFor(smtpUrl: string | undefined): Transport {
  const key = smtpUrl ?? 'stream';
  let t = transports.get(key);
  if (!t) {
    t = smtpUrl
      // Short timeouts: a send runs in a job that is retried; a hanging server must not hold a worker for minutes.
      ? nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 })
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    if (transports.size > 100) transports.clear();
    transports.set(key, t);
  }
  return t;
}

/** Our Message-ID for an outbox item: stable across retries, in the channel address's domain. */
export function replyMessageId(channelAddress: string, idempotencyKey: string | undefined): string {
  const domain = channelAddress.split('@')[1] ?? 'parley.invalid';
  const local = idempotencyKey ? createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32) : randomUUID();
  return `<parley.${local}@${domain}>`;
}

// SMTP answers: 4xx is "try again later", 5xx a refusal; no answer at all (connection refused, timeout) is retryable.
function classifySmtpError(err: unknown, secrets: (string | undefined)[]): Error {
  const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
  let message = `SMTP: ${e.response ?? e.message ?? 'unknown error'}`;
  for (const s of secrets) if (s) message = message.split(s).join('***');
  if (typeof e.responseCode === 'number' && e.responseCode >= 500) {
    return new NetworkRejected(e.responseCode === 550 || e.responseCode === 553 ? 'recipient_unavailable' : 'upstream_rejected', message, e.responseCode);
  }
  if (typeof e.responseCode === 'number') return new Upstream('upstream_unavailable', message, 60);
  if (e.code === 'ETIMEDOUT') return new Upstream('upstream_timeout', message);
  return new Upstream('upstream_unreachable', message);
}

/**
 * The e-mail client of one channel (externalId: the channel's address; credentials: smtpUrl, fromName, dropDir, all
 * optional). `fetch` is not used: mail goes over SMTP.
 */
export function createEmailClient(channel: ClientChannel, _fetch: HttpFetch, options?: ClientOptions): ConnectorClient {
  const address = channel.externalId.toLowerCase();
  const { smtpUrl, fromName, dropDir } = channel.credentials;
  const now = () => options?.now?.() ?? new Date();
  return {
    async sendReply(target: ReplyTarget): Promise<SentReply> {
      const to = required(target.recipientExternalId, 'E-mail', 'the customer\'s address');
      if ((target.attachments ?? []).length > 0) throw new Unsupported('attachments_unsupported', 'E-mail: attachments are not supported yet');
      const inReplyTo = target.parentExternalId ?? target.thread.parentExternalId;
      const references = [...new Set([target.thread.rootExternalId, inReplyTo].filter((r): r is string => !!r && /^<[^<>\s]+>$/.test(r)))];
      const messageId = replyMessageId(address, target.idempotencyKey);
      let info: { messageId?: string; message?: unknown };
      try {
        info = await transportFor(smtpUrl).sendMail({
          from: { name: fromName ?? address, address }, to, subject: replySubject(target.subject), text: target.text,
          messageId, date: now(),
          ...(inReplyTo && /^<[^<>\s]+>$/.test(inReplyTo) ? { inReplyTo } : {}),
          ...(references.length > 0 ? { references } : {}),
          // Answers are personal mail written by a person: no auto-replies to them are wanted, and none are loops.
          headers: { 'Auto-Submitted': 'no', 'X-Auto-Response-Suppress': 'OOF' },
        });
      } catch (err) {
        throw classifySmtpError(err, [smtpUrl]);
      }
      if (!smtpUrl && dropDir && Buffer.isBuffer(info.message)) {
        await mkdir(dropDir, { recursive: true });
        await writeFile(path.join(dropDir, `${now().toISOString().replace(/[:.]/g, '-')}-${messageId.replace(/[^A-Za-z0-9@.-]/g, '')}.eml`), info.message);
      }
      return { externalId: messageId, url: null };
    },

    async moderate(action: ModerationAction, _target: ModerationTarget): Promise<void> {
      throw new Unsupported('moderation_unsupported', `E-mail offers no ${action}`);
    },

    async fetchProfile(externalId: string): Promise<ProfileSnapshot> {
      // A mail address has no profile to fetch; what a mail says about its sender came with the mail.
      return {
        externalId, handle: null, displayName: null, profileUrl: null, avatarUrl: null, followers: null, verified: null,
        bio: null, location: null, language: null, employer: null, profile: {},
      };
    },
  };
}
