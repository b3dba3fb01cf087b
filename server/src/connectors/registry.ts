import type { Network } from '@parley/contracts/identities';
import { apiConnector } from './api/connector.ts';
import { blueskyConnector } from './bluesky/connector.ts';
import { emailConnector } from './email/connector.ts';
import { linkedInConnector } from './linkedin/connector.ts';
import { mastodonConnector } from './mastodon/connector.ts';
import { metaConnector } from './meta/connector.ts';
import type { Connector } from './types.ts';
import { xConnector } from './x/connector.ts';

/** Every connector, once (Meta serves two networks). */
export const CONNECTORS: readonly Connector[] = [metaConnector, xConnector, linkedInConnector, mastodonConnector, blueskyConnector, apiConnector, emailConnector];

/** The connector of a network, or null for networks without one yet (Xing, sign-on providers). */
export function connectorFor(network: Network): Connector | null {
  return CONNECTORS.find((c) => c.networks.includes(network)) ?? null;
}
