import type { Connector } from '../types.ts';
import { parseBlueskyDelivery } from './mapper.ts';

/** Bluesky: notifications (mentions, replies, quotes, likes, reposts, follows) and Jetstream commits, polled or streamed. */
export const blueskyConnector: Connector = {
  networks: ['bluesky'],
  capabilities: {
    publicComments: true,
    // Bluesky chat is a separate service (chat.bsky); not connected yet.
    directMessages: false,
    mentions: true,
    ratings: false,
    leads: false,
    moderation: ['block', 'unblock', 'mute', 'unmute', 'report'],
    privateReply: false,
    publishing: true,
    webhooks: false,
  },
  secretNames: [],
  verifyWebhook: null,
  parseDelivery: parseBlueskyDelivery,
};
