import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import type { Logger } from './logger.ts';

/** One outgoing mail: plain text always, HTML optionally; extra headers such as List-Unsubscribe. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

/** What became of a mail: the Message-ID, and the .eml file when no SMTP server is configured. */
export interface SentMail {
  messageId: string;
  file?: string;
}

type Transport = ReturnType<typeof nodemailer.createTransport>;

// One transport per configuration (a process has one; tests build several apps with different SMTP servers).
const transports = new WeakMap<Config['mail'], Transport>();

function transportFor(mail: Config['mail']): Transport {
  let t = transports.get(mail);
  if (!t) {
    t = mail.smtpUrl
      // Short timeouts: a send runs in a job that is retried; a hanging server must not hold a worker for minutes.
      ? nodemailer.createTransport({ url: mail.smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 })
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    transports.set(mail, t);
  }
  return t;
}

/**
 * Sends a mail from MAIL_FROM over SMTP_URL; without SMTP_URL, writes it as an .eml file into the data folder's
 * mail/ and logs where, so a newcomer without a mail server still sees (and can open) every mail Parley sends.
 * Throws when the SMTP server refuses or cannot be reached: callers run in a job that retries.
 */
export async function sendMail(deps: { config: Pick<Config, 'mail'>; log: Logger }, mail: OutgoingMail): Promise<SentMail> {
  const cfg = deps.config.mail;
  const info = await transportFor(cfg).sendMail({
    from: cfg.from, to: mail.to, subject: mail.subject, text: mail.text,
    ...(mail.html ? { html: mail.html } : {}), ...(mail.headers ? { headers: mail.headers } : {}),
  });
  const messageId = String(info.messageId ?? '');
  if (cfg.smtpUrl) {
    deps.log.info({ messageId }, 'mail sent');
    return { messageId };
  }
  await mkdir(cfg.dropDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(cfg.dropDir, `${stamp}-${messageId.replace(/[^A-Za-z0-9@.-]/g, '') || 'mail'}.eml`);
  await writeFile(file, (info as { message: Buffer }).message);
  deps.log.info({ file, subject: mail.subject }, `mail written to ${file} (no SMTP_URL configured)`);
  return { messageId, file };
}
