import type { Connector } from '../types.ts';
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
    // Replies go back through the channel's outbound webhook, a later step.
    publishing: false,
    webhooks: true,
  },
  secretNames: ['signingSecret', 'previousSigningSecret'],
  verifyWebhook: verifyApiWebhook,
  parseDelivery: parseApiDelivery,
};
