import { describe, expect, test } from 'vitest';
import { MODERATION_ACTIONS } from '@parley/contracts/channels';
import { CONNECTORS } from './registry.ts';
import { Unsupported } from './shared/http.ts';
import type { HttpFetch } from './types.ts';

// The capabilities the web app shows and what the clients do must agree: an action a connector does not offer is
// refused as Unsupported before any request is made.

const noNetwork: HttpFetch = () => { throw new Error('no request may be made'); };
const credentials = {
  accessToken: 'token-00000000', appSecret: 'secret-00000000', instanceUrl: 'https://mastodon.example', identifier: 'a.example',
  appPassword: 'pass-00000000', replyUrl: 'https://reply.example/', signingSecret: 'secret-00000000',
};

describe.each(CONNECTORS.map((c) => [c.networks.join('+'), c] as const))('%s client', (_name, connector) => {
  const client = connector.createClient({ network: connector.networks[0]!, externalId: 'channel-1', credentials }, noNetwork);
  const offered = new Set(connector.capabilities.moderation);

  test.each(MODERATION_ACTIONS.filter((a) => !offered.has(a)))('%s is not offered and is Unsupported', async (action) => {
    await expect(client.moderate(action, { itemExternalId: 'item-1', authorExternalId: 'user-1' })).rejects.toBeInstanceOf(Unsupported);
  });

  test('private replies exist exactly where the capabilities say', () => {
    expect(typeof client.sendPrivateReply === 'function').toBe(connector.capabilities.privateReply);
  });

  test('the credentials it reads are named for the settings form', () => {
    expect(connector.clientCredentialNames.length).toBeGreaterThan(0);
  });
});
