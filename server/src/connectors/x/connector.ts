import type { Connector } from '../types.ts';
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
    // Replies to the channel's own posts can be hidden; X has no deleting of other people's posts.
    moderation: ['hide', 'unhide', 'block', 'unblock', 'mute', 'unmute'],
    privateReply: false,
    publishing: true,
    webhooks: true,
  },
  secretNames: ['consumerSecret'],
  verifyWebhook: verifyXWebhook,
  parseDelivery: parseXDelivery,
};
