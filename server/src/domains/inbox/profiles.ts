import type { Network } from '@parley/contracts/identities';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import type { QueueDef } from '../../jobs/queue.ts';
import { Upstream } from '../../lib/errors.ts';
import { systemActor } from '../../policies/actor.ts';
import { resolveIdentity } from '../identities/resolution-service.ts';
import * as identitiesService from '../identities/service.ts';
import { clientOf } from './channel-client.ts';
import * as channelsRepo from './channels-repo.ts';

export const PROFILE_QUEUE = 'inbox.fetch-profile';

/** A job: the new authors of one channel whose profiles are to be fetched (one job per ingested batch, not per author). */
export interface ProfileJob { workspaceId: string; channelId: string; identityIds?: string[]; identityId?: string; attempt?: number }

/** Fetches for a network that is down or limiting are tried this often, waiting RETRY_SECONDS·2^(attempt-1) (or what the network asks) in between. */
const ATTEMPTS = 4;
const RETRY_SECONDS = 30;

/** Queues the profile fetches of a batch's new authors, per channel, in the caller's transaction. */
export async function queueProfileFetches(deps: Deps, workspaceId: string, byChannel: Map<string, string[]>, tx: Executor): Promise<void> {
  for (const [channelId, identityIds] of byChannel) {
    if (identityIds.length) await deps.queue.send(PROFILE_QUEUE, { workspaceId, channelId, identityIds } satisfies ProfileJob, { tx });
  }
}

/**
 * Some networks send only an id with a message (Messenger and Instagram direct messages): for a new author without a
 * name, the channel's connector fetches the public profile (name, handle, avatar, followers) — what an agent needs to
 * address the person. This is the identity's display data from the network the person wrote on, not enrichment.
 * A job's authors are fetched one after the other with one client of the channel; those the network could not serve
 * now (down, limiting) are queued again together, after a backoff; anything else (no token yet, profiles not offered,
 * the person gone) leaves the identity as it is.
 */
export async function fetchAuthorProfiles(deps: Deps, job: ProfileJob): Promise<void> {
  const actor = systemActor(job.workspaceId);
  const channel = await channelsRepo.findChannel(deps.db, job.workspaceId, job.channelId);
  if (!channel) return;
  let client: ReturnType<typeof clientOf>;
  try {
    client = clientOf(deps, channel);
  } catch (err) {
    deps.log.info({ err, channelId: channel.id }, 'author profiles not fetched: the channel has no client');
    return;
  }
  const again: string[] = [];
  let wait = 0;
  const ids = job.identityIds ?? (job.identityId ? [job.identityId] : []);
  for (const identity of await identitiesService.identitiesByIds(deps, actor, ids)) {
    if (identity.displayName || identity.handle) continue;
    let profile;
    try {
      profile = await client.fetchProfile(identity.externalId);
    } catch (err) {
      if (err instanceof Upstream) { again.push(identity.id); wait = Math.max(wait, err.retryAfterSeconds ?? 0); continue; }
      deps.log.info({ err, channelId: channel.id, identityId: identity.id }, 'author profile not fetched');
      continue;
    }
    await identitiesService.upsertIdentity(deps, actor, {
      network: identity.network as Network, externalId: identity.externalId, displayName: profile.displayName, handle: profile.handle,
      profileUrl: profile.profileUrl, avatarUrl: profile.avatarUrl,
      profile: Object.fromEntries(Object.entries({ followers: profile.followers, verified: profile.verified, bio: profile.bio, location: profile.location, language: profile.language })
        .filter(([, v]) => v !== null && v !== undefined)),
    });
    // Now it has a name: it may be one of the workspace's people (resolved as a new identity would be).
    // A failure here must not fail the job (the name is stored; a retry would skip this author): the workspace's next
    // resolution run finds the person instead.
    if (profile.displayName || profile.handle) {
      await resolveIdentity(deps, job.workspaceId, identity.id).catch((err: unknown) => deps.log.warn({ err, identityId: identity.id }, 'named author not resolved'));
    }
  }
  const attempt = (job.attempt ?? 0) + 1;
  if (again.length && attempt < ATTEMPTS) {
    await deps.queue.send(PROFILE_QUEUE, { workspaceId: job.workspaceId, channelId: job.channelId, identityIds: again, attempt } satisfies ProfileJob,
      { startAfter: Math.max(RETRY_SECONDS * 2 ** (attempt - 1), Math.ceil(wait)) });
  } else if (again.length) {
    deps.log.info({ channelId: job.channelId, identities: again.length }, 'author profiles not fetched: the network stayed unavailable');
  }
}

/** The queue of profile fetches: one network call per author, a job per batch of new authors. */
export function profileQueue(deps: Deps): QueueDef {
  return {
    name: PROFILE_QUEUE, concurrency: 2, batchSize: 1, retryLimit: 3, retryDelay: 30,
    handler: ((data: ProfileJob) => fetchAuthorProfiles(deps, data)) as QueueDef['handler'],
  };
}
