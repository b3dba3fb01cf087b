import { createHash } from 'node:crypto';
import type { Network } from '@parley/contracts/identities';
import { pollBlueskyNotifications } from '../../connectors/bluesky/poll.ts';
import { linkedInConnector } from '../../connectors/linkedin/connector.ts';
import { linkedInNotificationId, pollLinkedInNotifications } from '../../connectors/linkedin/poll.ts';
import { NetworkRejected } from '../../connectors/shared/http.ts';
import { str, prop } from '../../connectors/shared/json.ts';
import type { ClientChannel, HttpFetch } from '../../connectors/types.ts';
import type { Deps } from '../../deps.ts';
import type { QueueDef } from '../../jobs/queue.ts';
import { Upstream } from '../../lib/errors.ts';
import { storePulledDelivery } from '../../mail-in/store.ts';
import * as backfillRepo from './backfill-repo.ts';
import { channelFetch } from './channel-client.ts';
import * as channelsRepo from './channels-repo.ts';
import { openSecrets } from './channel-secrets.ts';

// Polling backfills (issue 3): Bluesky has no webhooks, so polling its notifications is its inbound path; LinkedIn's
// webhook is backed by polling its notifications, which also catches what a down webhook URL missed. A scheduled job
// (every minute, once across all processes) enqueues one poll per due channel; each poll stores what is new as one
// inbound delivery with a stable key (the same items give the same key, so an overlapping poll or a retry of the job
// stores nothing twice) and the normal ingestion job does the rest, where messages are unique by their network id, so
// an item that came by webhook and by poll is one message. The cursor lives in the channel's `settings.backfill`.
// A rate limit (429 with Retry-After) moves the channel's next poll past the wait; an expired token waits an hour.

export const BACKFILL_SCHEDULE_QUEUE = 'inbox.backfill';
export const BACKFILL_CHANNEL_QUEUE = 'inbox.backfill.channel';
export const POLLED_NETWORKS = ['bluesky', 'linkedin'] as const;
/** Seconds between polls of a channel, per network. */
export const POLL_INTERVAL_SECONDS: Record<(typeof POLLED_NETWORKS)[number], number> = { bluesky: 60, linkedin: 300 };
/** LinkedIn notifications may show up late: each poll reaches this far behind the last one's newest item. */
const LINKEDIN_OVERLAP_MS = 10 * 60_000;
/** Polled LinkedIn notification ids remembered, to leave out of the next overlapping poll. */
const RECENT_IDS = 500;
const TOKEN_WAIT_SECONDS = 3600;

/** What a channel's `settings.backfill` holds. */
export interface BackfillState {
  /** LinkedIn: lastModifiedAt (ms) of the newest notification seen. */
  since?: number;
  recentIds?: string[];
  /** Bluesky: indexedAt of the newest notification seen. */
  seenUntil?: string | null;
  lastPolledAt?: string;
  /** No poll before this time (a rate limit, a refused token). */
  notBefore?: string | null;
  lastError?: string | null;
  /** Deliveries stored by polling so far. */
  deliveries?: number;
}

export type PollOutcome = { status: 'stored' | 'nothing_new' | 'not_due' | 'rate_limited' | 'failed' | 'skipped'; stored: number };

const stateOf = (settings: Record<string, unknown>): BackfillState =>
  (settings.backfill && typeof settings.backfill === 'object' ? settings.backfill : {}) as BackfillState;

// `settings.pollIntervalSeconds` (set by the sandbox, not through the API) polls a channel more often than the default.
const intervalOf = (network: (typeof POLLED_NETWORKS)[number], settings: Record<string, unknown>): number =>
  typeof settings.pollIntervalSeconds === 'number' && settings.pollIntervalSeconds >= 5 ? settings.pollIntervalSeconds : POLL_INTERVAL_SECONDS[network];

const digest = (ids: string[]) => createHash('sha256').update([...ids].sort().join('\n')).digest('hex');

/**
 * Polls one channel once (idempotent: what was stored is not stored again). `fetch` defaults to the channel's
 * (its settings.apiBaseUrl redirects to the sandbox); `now` and `force` (ignore the interval) are for tests.
 */
export async function pollChannel(deps: Deps, workspaceId: string, channelId: string, opts: { fetch?: HttpFetch; now?: Date; force?: boolean } = {}): Promise<PollOutcome> {
  const channel = await channelsRepo.findChannel(deps.db, workspaceId, channelId);
  if (!channel || channel.status !== 'active' || !(POLLED_NETWORKS as readonly string[]).includes(channel.network)) return { status: 'skipped', stored: 0 };
  const network = channel.network as (typeof POLLED_NETWORKS)[number];
  const now = opts.now ?? new Date();
  const state = stateOf(channel.settings);
  if (state.notBefore && Date.parse(state.notBefore) > now.getTime()) return { status: 'not_due', stored: 0 };
  if (!opts.force && state.lastPolledAt && Date.parse(state.lastPolledAt) + intervalOf(network, channel.settings) * 1000 > now.getTime() + 5_000) {
    return { status: 'not_due', stored: 0 };
  }
  const client: ClientChannel = { network: network as Network, externalId: channel.externalId, credentials: openSecrets(deps, channel.credentialsEnc) };
  const fetch = opts.fetch ?? channelFetch(channel);
  const options = { now: () => now };
  const save = (next: BackfillState) => backfillRepo.setBackfillState(deps.db, workspaceId, channelId, { ...state, ...next });
  try {
    let stored = 0;
    if (network === 'bluesky') {
      const poll = await pollBlueskyNotifications(client, fetch, state.seenUntil ?? null, options);
      const uris = poll.notifications.map((n) => str(prop(n, 'uri')) ?? '');
      if (poll.notifications.length > 0 && await storePulledDelivery(deps, {
        workspaceId, channelId, deliveryKey: `poll:${digest(uris)}`, receivedAt: now,
        body: Buffer.from(JSON.stringify({ notifications: poll.notifications })),
      })) stored++;
      await save({ seenUntil: poll.newest, lastPolledAt: now.toISOString(), notBefore: null, lastError: null, deliveries: (state.deliveries ?? 0) + stored });
    } else {
      const since = state.since !== undefined ? state.since - LINKEDIN_OVERLAP_MS : 0;
      const seen = new Set(state.recentIds ?? []);
      const fresh = (await pollLinkedInNotifications(client, fetch, since, options)).filter((n) => {
        const id = linkedInNotificationId(n);
        return id !== null && !seen.has(id);
      });
      if (fresh.length > 0) {
        const body = Buffer.from(JSON.stringify({ elements: fresh }));
        // The mapper's key is that of a webhook batch of the same notifications: pushed and polled, stored once.
        let deliveryKey: string;
        try {
          deliveryKey = linkedInConnector.parseDelivery(body, {}, { channelExternalId: channel.externalId, receivedAt: now }).deliveryKey;
        } catch {
          deliveryKey = `poll:${digest(fresh.map((n) => linkedInNotificationId(n)!))}`;
        }
        if (await storePulledDelivery(deps, { workspaceId, channelId, deliveryKey, body, receivedAt: now })) stored++;
      }
      const ids = fresh.map((n) => linkedInNotificationId(n)!);
      const newest = Math.max(state.since ?? 0, ...fresh.map((n) => Number(prop(n, 'lastModifiedAt')) || 0));
      await save({
        since: newest || undefined, recentIds: [...(state.recentIds ?? []), ...ids].slice(-RECENT_IDS),
        lastPolledAt: now.toISOString(), notBefore: null, lastError: null, deliveries: (state.deliveries ?? 0) + stored,
      });
    }
    return { status: stored > 0 ? 'stored' : 'nothing_new', stored };
  } catch (err) {
    if (err instanceof Upstream) {
      // The network asked for a pause (or is down): the next poll waits at least that long, never hammering it.
      const wait = err.retryAfterSeconds ?? POLL_INTERVAL_SECONDS[network];
      await save({ lastPolledAt: now.toISOString(), notBefore: new Date(now.getTime() + wait * 1000).toISOString(), lastError: `${err.code}: ${err.message}`.slice(0, 500) });
      deps.log.warn({ channelId, network, code: err.code, wait }, 'backfill: the network asked to wait');
      return { status: 'rate_limited', stored: 0 };
    }
    if (err instanceof NetworkRejected) {
      await save({ lastPolledAt: now.toISOString(), notBefore: new Date(now.getTime() + TOKEN_WAIT_SECONDS * 1000).toISOString(), lastError: `${err.code}: ${err.message}`.slice(0, 500) });
      deps.log.warn({ channelId, network, code: err.code }, 'backfill: the network refused the poll');
      return { status: 'failed', stored: 0 };
    }
    throw err;
  }
}

/** Enqueues a poll for every polled channel that is due (the scheduled job). */
export async function scheduleBackfills(deps: Deps, now = new Date()): Promise<number> {
  let queued = 0;
  for (const c of await backfillRepo.polledChannels(deps.db, POLLED_NETWORKS)) {
    const state = stateOf(c.settings);
    const interval = intervalOf(c.network as (typeof POLLED_NETWORKS)[number], c.settings) * 1000;
    if (state.notBefore && Date.parse(state.notBefore) > now.getTime()) continue;
    if (state.lastPolledAt && Date.parse(state.lastPolledAt) + interval > now.getTime() + 5_000) continue;
    await deps.queue.send(BACKFILL_CHANNEL_QUEUE, { workspaceId: c.workspaceId, channelId: c.id }, { singletonKey: `backfill:${c.id}` });
    queued++;
  }
  return queued;
}

/** The backfill queues: the minute schedule, and the polls it enqueues (HTTP calls: one at a time per slot). */
export function backfillQueues(deps: Deps): QueueDef[] {
  return [
    { name: BACKFILL_SCHEDULE_QUEUE, schedule: '* * * * *', concurrency: 1, batchSize: 1, retryLimit: 0, expireInSeconds: 60, handler: (async () => { await scheduleBackfills(deps); }) as QueueDef['handler'] },
    {
      name: BACKFILL_CHANNEL_QUEUE, concurrency: 2, batchSize: 1, retryLimit: 2, retryDelay: 30, expireInSeconds: 300,
      handler: (async (data: { workspaceId: string; channelId: string }) => { await pollChannel(deps, data.workspaceId, data.channelId); }) as QueueDef['handler'],
    },
  ];
}
