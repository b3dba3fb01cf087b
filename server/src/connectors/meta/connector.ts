import type { Connector } from '../types.ts';
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
    moderation: ['hide', 'unhide', 'delete', 'block'],
    privateReply: true,
    publishing: true,
    webhooks: true,
  },
  secretNames: ['appSecret', 'verifyToken'],
  verifyWebhook: verifyMetaWebhook,
  parseDelivery: parseMetaDelivery,
};
