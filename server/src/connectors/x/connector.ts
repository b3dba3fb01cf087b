import { bodyDigestKey } from '../shared/delivery.ts';
import type { Connector } from '../types.ts';
import { createXClient } from './client.ts';
import { parseXDelivery } from './mapper.ts';
import { verifyXWebhook } from './webhook.ts';

/** X: Account Activity webhooks (posts, likes, DMs, typing, reads, deletes) and API v2 responses from polling. */
export const xConnector: Connector = {
  networks: ['x'],
  capabilities: {
    publicComments: true,
    directMessages: true,
    mentions: true,
    ratings: false,
    leads: false,
    // Replies to the channel's own posts can be hidden; only the channel's own posts can be deleted.
    moderation: ['hide', 'unhide', 'delete', 'block', 'unblock', 'mute', 'unmute'],
    privateReply: false,
    publishing: true,
    webhooks: true,
  },
  secretNames: ['consumerSecret'],
  clientCredentialNames: ['accessToken', 'refreshToken'],
  verifyWebhook: verifyXWebhook,
  parseDelivery: parseXDelivery,
  // Its delivery key is the body's digest: the webhook stores without reading (connectors/types.ts).
  deliveryKeyOf: bodyDigestKey,
  createClient: createXClient,
};
