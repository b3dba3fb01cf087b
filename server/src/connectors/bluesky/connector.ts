import type { Connector } from '../types.ts';
import { createBlueskyClient } from './client.ts';
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
    // Delete: the channel's own posts only.
    moderation: ['delete', 'block', 'unblock', 'mute', 'unmute', 'report'],
    privateReply: false,
    publishing: true,
    webhooks: false,
  },
  secretNames: [],
  clientCredentialNames: ['identifier', 'appPassword', 'serviceUrl'],
  verifyWebhook: null,
  parseDelivery: parseBlueskyDelivery,
  createClient: createBlueskyClient,
};
