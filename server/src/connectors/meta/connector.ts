import { bodyDigestKey } from '../shared/delivery.ts';
import type { Connector } from '../types.ts';
import { createMetaClient } from './client.ts';
import { parseMetaDelivery } from './mapper.ts';
import { verifyMetaWebhook } from './webhook.ts';

/** Facebook pages (feed, mentions, ratings, lead ads, Messenger) and Instagram (comments, mentions, messaging). */
export const metaConnector: Connector = {
  networks: ['facebook', 'instagram'],
  capabilities: {
    publicComments: true,
    directMessages: true,
    mentions: true,
    ratings: true,
    leads: true,
    // Blocking is a Facebook page feature; Instagram's Graph API has none (the client says Unsupported).
    moderation: ['hide', 'unhide', 'delete', 'block', 'unblock'],
    privateReply: true,
    publishing: true,
    webhooks: true,
  },
  secretNames: ['appSecret', 'verifyToken'],
  clientCredentialNames: ['accessToken', 'appSecret'],
  verifyWebhook: verifyMetaWebhook,
  parseDelivery: parseMetaDelivery,
  // Its delivery key is the body's digest: the webhook stores without reading (connectors/types.ts).
  deliveryKeyOf: bodyDigestKey,
  createClient: createMetaClient,
};
