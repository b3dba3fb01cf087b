import { bodyDigestKey } from '../shared/delivery.ts';
import type { Connector } from '../types.ts';
import { createMastodonClient } from './client.ts';
import { parseMastodonDelivery } from './mapper.ts';
import { verifyMastodonWebhook } from './webhook.ts';

/** Mastodon: the channel account's streaming events and notifications, and (for instance admins) admin webhooks. */
export const mastodonConnector: Connector = {
  networks: ['mastodon'],
  capabilities: {
    publicComments: true,
    // Direct messages are statuses with visibility "direct".
    directMessages: true,
    mentions: true,
    ratings: false,
    leads: false,
    moderation: ['block', 'unblock', 'mute', 'unmute', 'report', 'delete'],
    privateReply: true,
    publishing: true,
    webhooks: false,
  },
  secretNames: ['webhookSecret'],
  clientCredentialNames: ['instanceUrl', 'accessToken'],
  verifyWebhook: verifyMastodonWebhook,
  parseDelivery: parseMastodonDelivery,
  // Its delivery key is the body's digest: the webhook stores without reading (connectors/types.ts).
  deliveryKeyOf: bodyDigestKey,
  createClient: createMastodonClient,
};
