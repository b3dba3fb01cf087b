import type { Connector } from '../types.ts';
import { createLinkedInClient } from './client.ts';
import { parseLinkedInDelivery } from './mapper.ts';
import { verifyLinkedInWebhook } from './webhook.ts';

/** LinkedIn organization pages: social-action notifications (comments, likes, shares, mentions), pushed or pulled. */
export const linkedInConnector: Connector = {
  networks: ['linkedin'],
  capabilities: {
    publicComments: true,
    // LinkedIn offers no messaging API for organization pages.
    directMessages: false,
    mentions: true,
    ratings: false,
    leads: false,
    moderation: ['delete'],
    privateReply: false,
    publishing: true,
    webhooks: true,
  },
  secretNames: ['clientSecret'],
  clientCredentialNames: ['accessToken', 'refreshToken'],
  verifyWebhook: verifyLinkedInWebhook,
  parseDelivery: parseLinkedInDelivery,
  createClient: createLinkedInClient,
};
