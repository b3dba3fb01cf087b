import { z } from 'zod';
import { Network } from './identities.ts';

/** The built-in SMTP receiver of e-mail channels, as configured on the server (docs/channels.md "E-mail"). */
export const MailReceiverStatus = z.object({
  enabled: z.boolean(),
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  maxBytes: z.number().int(),
  /** How answers leave when a channel has no SMTP server of its own: the server's SMTP_URL, or .eml files. */
  outbound: z.enum(['smtp', 'eml']),
});
export type MailReceiverStatus = z.infer<typeof MailReceiverStatus>;

/** The polling state of a LinkedIn or Bluesky channel. */
export const BackfillStatus = z.object({
  lastPolledAt: z.string().nullable(),
  /** No poll before this time: the network asked to wait (429) or refused the token. */
  notBefore: z.string().nullable(),
  lastError: z.string().nullable(),
  deliveries: z.number().int(),
  intervalSeconds: z.number().int(),
});
export type BackfillStatus = z.infer<typeof BackfillStatus>;

/** A channel whose messages Parley fetches or receives itself: e-mail (SMTP), LinkedIn and Bluesky (polling). */
export const IntakeChannel = z.object({
  id: z.uuid(),
  network: Network,
  name: z.string(),
  externalId: z.string(),
  status: z.string(),
  /** E-mail: whether answers use the channel's own SMTP server (its smtpUrl secret). */
  ownSmtp: z.boolean().nullable(),
  backfill: BackfillStatus.nullable(),
});
export type IntakeChannel = z.infer<typeof IntakeChannel>;

export const IntakeOverview = z.object({ receiver: MailReceiverStatus, channels: z.array(IntakeChannel) });
export type IntakeOverview = z.infer<typeof IntakeOverview>;

export const POLL_OUTCOMES = ['stored', 'nothing_new', 'not_due', 'rate_limited', 'failed', 'skipped'] as const;
export const PollResult = z.object({ status: z.enum(POLL_OUTCOMES), stored: z.number().int() });
export type PollResult = z.infer<typeof PollResult>;
