import type { Connector } from '../types.ts';
import { createEmailClient } from './client.ts';
import { parseEmailDelivery } from './mapper.ts';

/** E-mail: mail received by Parley's SMTP receiver (server/src/mail-in/), answers sent over SMTP. */
export const emailConnector: Connector = {
  networks: ['email'],
  capabilities: {
    publicComments: false,
    directMessages: true,
    mentions: false,
    ratings: false,
    leads: false,
    moderation: [],
    privateReply: false,
    publishing: false,
    // Mail arrives over SMTP, not by webhook.
    webhooks: false,
  },
  secretNames: [],
  clientCredentialNames: ['smtpUrl'],
  verifyWebhook: null,
  parseDelivery: parseEmailDelivery,
  createClient: createEmailClient,
};
