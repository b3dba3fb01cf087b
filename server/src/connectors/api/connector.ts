import type { Connector } from '../types.ts';
import { createApiClient } from './client.ts';
import { parseApiDelivery } from './mapper.ts';
import { verifyApiWebhook } from './webhook.ts';

/** The generic API channel: any system (a web chat widget, a shop) POSTs signed JSON events (docs/api-channel.md). */
export const apiConnector: Connector = {
  networks: ['api'],
  capabilities: {
    publicComments: true,
    directMessages: true,
    mentions: true,
    ratings: false,
    leads: false,
    moderation: [],
    privateReply: false,
    // Replies go back to the channel's reply URL (client.ts); there is nothing to publish to.
    publishing: false,
    webhooks: true,
  },
  secretNames: ['signingSecret', 'previousSigningSecret'],
  clientCredentialNames: ['replyUrl', 'signingSecret'],
  verifyWebhook: verifyApiWebhook,
  parseDelivery: parseApiDelivery,
  createClient: createApiClient,
};
