import type { Network } from '@parley/contracts/identities';
import { connectorFor } from '../../connectors/registry.ts';
import { NetworkRejected } from '../../connectors/shared/http.ts';
import type { ClientOptions, Connector, ConnectorClient, HttpFetch } from '../../connectors/types.ts';
import type { Deps } from '../../deps.ts';
import { Conflict, Validation } from '../../lib/errors.ts';
import type { ChannelRow } from './channels-repo.ts';
import { openSecrets } from './channel-secrets.ts';
import { emailClientDefaults } from '../../mail-in/defaults.ts';

// The outbound client of a stored channel: its sealed credentials opened for the call, and the process's fetch.
// A channel's `settings.apiBaseUrl` sends every call of its client to another origin (and path prefix) than the
// network's: the sandbox network and the tests play the network's send API locally, so nothing calls out. It is not
// settable through the channels API (it would let an admin send a channel's tokens anywhere); the sandbox and the
// tests write it into the channel's settings.

/** The fetch a client of this channel uses: the global one, pointed at `settings.apiBaseUrl` where the channel has one. */
export function channelFetch(channel: Pick<ChannelRow, 'settings'>, base: HttpFetch = fetch as unknown as HttpFetch): HttpFetch {
  const apiBaseUrl = typeof channel.settings.apiBaseUrl === 'string' ? channel.settings.apiBaseUrl : null;
  if (!apiBaseUrl) return base;
  const target = new URL(apiBaseUrl);
  const prefix = target.pathname.replace(/\/+$/, '');
  return (input, init) => {
    const url = new URL(input);
    return base(`${target.origin}${prefix}${url.pathname}${url.search}`, init);
  };
}

/** The connector of a channel's network, or a refusal naming the network. */
export function connectorOfChannel(channel: Pick<ChannelRow, 'network'>): Connector {
  const connector = connectorFor(channel.network as Network);
  if (!connector) throw new Validation('network_not_supported', `Parley has no connector for ${channel.network} yet`);
  return connector;
}

/**
 * The client of a channel. A channel without the credentials its client needs is a Conflict the admin resolves on
 * the channel page (`channel_credentials_missing`), found before anything is stored or sent.
 */
export function clientOf(deps: Deps, channel: ChannelRow, options?: ClientOptions): ConnectorClient {
  const connector = connectorOfChannel(channel);
  try {
    return connector.createClient(
      {
        network: channel.network as Network, externalId: channel.externalId,
        // E-mail channels fall back to the server's SMTP settings (mail-in/defaults.ts); their own secrets win.
        credentials: { ...(channel.network === 'email' ? emailClientDefaults(deps.config, channel) : {}), ...openSecrets(deps, channel.credentialsEnc) },
      },
      channelFetch(channel), options,
    );
  } catch (err) {
    if (err instanceof NetworkRejected && err.upstreamStatus === 0) {
      throw new Conflict('channel_credentials_missing', `The channel cannot send yet: ${err.message}`, { channelId: channel.id, needs: connector.clientCredentialNames });
    }
    throw err;
  }
}
