import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { mailDeliveryKey, readMail } from '../connectors/email/parse.ts';
import { bodyDigestKey } from '../connectors/shared/delivery.ts';
import type { Deps } from '../deps.ts';
import * as repo from './repo.ts';
import { storePulledDelivery } from './store.ts';
import { resolveThread } from './threading.ts';

// Parley's built-in SMTP receiver (issue 3, "E-mail: inbound"): the MX of e-mail channels, or the target a mail
// server forwards to. It accepts mail only for the addresses of active e-mail channels (RCPT TO of anything else is
// refused with 550: it is no relay, and there is no AUTH to turn it into one), refuses mail over the size limit
// (552), reads each mail once (connectors/email/parse.ts), finds its thread and stores it as an inbound delivery of
// every channel it was sent to, through the store-once path of webhook deliveries; the ingestion job does the rest.
// The sender gets 250 only once the delivery is stored (and its job enqueued): an accepted mail is never lost, and
// a database hiccup answers 451 so the sending server tries again later.

/** Recipients of one mail at most; more is a mass mailing, not a customer writing. */
const MAX_RECIPIENTS = 20;

/** A running receiver. */
export interface SmtpReceiver {
  port: number;
  close(): Promise<void>;
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

async function readStream(stream: SMTPServerDataStream): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return stream.sizeExceeded ? null : Buffer.concat(chunks);
}

/** Takes one mail: stores it for each channel it was addressed to. */
export async function receiveMail(deps: Deps, raw: Buffer, recipients: string[], receivedAt = new Date()): Promise<number> {
  const channels = (await Promise.all([...new Set(recipients.map((r) => r.toLowerCase()))].map((r) => repo.emailChannelsOf(deps.db, r)))).flat();
  let stored = 0;
  let mail;
  try {
    mail = await readMail(raw);
  } catch (err) {
    // Unreadable even for mailparser: kept as failed with its error, visible to admins; the sender must not retry it.
    for (const c of channels) {
      if (await storePulledDelivery(deps, {
        workspaceId: c.workspaceId, channelId: c.id, deliveryKey: bodyDigestKey(raw), receivedAt,
        body: Buffer.from(JSON.stringify({ type: 'email', unreadable: true, raw: { size: raw.length, base64: raw.length <= 512 * 1024 ? raw.toString('base64') : null } })),
        error: `unreadable: ${(err as Error).message}`.slice(0, 2000),
      })) stored++;
    }
    return stored;
  }
  for (const c of channels) {
    const thread = await resolveThread(deps.db, c.workspaceId, c.id, mail, receivedAt);
    const body = Buffer.from(JSON.stringify({ ...mail, ...thread }));
    if (await storePulledDelivery(deps, {
      workspaceId: c.workspaceId, channelId: c.id, deliveryKey: mailDeliveryKey(mail.messageId, mail.raw.sha256), body, receivedAt,
      headers: { 'content-type': 'application/json', 'x-parley-source': 'smtp' },
    })) stored++;
  }
  return stored;
}

/** Starts the receiver on the configured (or given) port; port 0 picks a free one. */
export async function startSmtpReceiver(deps: Deps, opts: { port?: number; host?: string; maxBytes?: number } = {}): Promise<SmtpReceiver> {
  const maxBytes = opts.maxBytes ?? deps.config.mailIn.maxBytes;
  const server = new SMTPServer({
    name: 'parley',
    banner: 'Parley mail receiver',
    size: maxBytes,
    authOptional: true,
    disabledCommands: ['AUTH'],
    // No certificate is configured: STARTTLS with the library's self-signed default would only confuse senders.
    hideSTARTTLS: true,
    maxClients: 50,
    logger: false,
    onRcptTo(address, session: SMTPServerSession, callback) {
      if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) return callback(smtpError(452, '4.5.3 Too many recipients'));
      repo.emailChannelsOf(deps.db, address.address).then(
        (found) => callback(found.length > 0 ? null : smtpError(550, `5.1.1 <${address.address}>: Recipient address rejected: no such mailbox here`)),
        (err: unknown) => {
          deps.log.error({ err }, 'smtp: recipient lookup failed');
          callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
        },
      );
    },
    onData(stream, session, callback) {
      readStream(stream)
        .then(async (raw) => {
          if (raw === null) return callback(smtpError(552, `5.3.4 Message too big (at most ${maxBytes} bytes)`));
          const stored = await receiveMail(deps, raw, session.envelope.rcptTo.map((r) => r.address));
          deps.log.info({ bytes: raw.length, recipients: session.envelope.rcptTo.length, stored }, 'smtp: mail received');
          callback(null);
        })
        .catch((err: unknown) => {
          deps.log.error({ err }, 'smtp: could not store a mail');
          callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
        });
    },
  });
  server.on('error', (err) => deps.log.error({ err }, 'smtp receiver error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port ?? deps.config.mailIn.port ?? 0, opts.host ?? deps.config.mailIn.host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
