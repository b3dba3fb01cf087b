import type { Deps } from '../../deps.ts';
import type { QueueDef } from '../../jobs/queue.ts';
import { Upstream } from '../../lib/errors.ts';
import { systemActor } from '../../policies/actor.ts';
import * as identitiesService from '../identities/service.ts';
import { clientOf } from './channel-client.ts';
import * as channelsRepo from './channels-repo.ts';

export const PROFILE_QUEUE = 'inbox.fetch-profile';

interface ProfileJob { workspaceId: string; channelId: string; identityId: string }

/**
 * Some networks send only an id with a message (Messenger and Instagram direct messages): for a new author without a
 * name, the channel's connector fetches the public profile (name, handle, avatar, followers) — what an agent needs to
 * address the person. This is the identity's display data from the network the person wrote on, not enrichment.
 */
export async function fetchAuthorProfile(deps: Deps, job: ProfileJob): Promise<void> {
  const actor = systemActor(job.workspaceId);
  const channel = await channelsRepo.findChannel(deps.db, job.workspaceId, job.channelId);
  const identity = channel && await identitiesService.getIdentity(deps, actor, job.identityId).catch(() => null);
  if (!channel || !identity || identity.displayName || identity.handle) return;
  let profile;
  try {
    profile = await clientOf(deps, channel).fetchProfile(identity.externalId);
  } catch (err) {
    // A network that is down or limiting is asked again (the queue retries); anything else (no token yet, profiles
    // not offered, the person gone) leaves the identity as it is.
    if (err instanceof Upstream) throw err;
    deps.log.info({ err, channelId: channel.id, identityId: identity.id }, 'author profile not fetched');
    return;
  }
  await identitiesService.upsertIdentity(deps, actor, {
    network: identity.network, externalId: identity.externalId, displayName: profile.displayName, handle: profile.handle,
    profileUrl: profile.profileUrl, avatarUrl: profile.avatarUrl,
    profile: Object.fromEntries(Object.entries({ followers: profile.followers, verified: profile.verified, bio: profile.bio, location: profile.location, language: profile.language })
      .filter(([, v]) => v !== null && v !== undefined)),
  });
}

/** The queue of profile fetches: one network call each, retried when the network is unavailable. */
export function profileQueue(deps: Deps): QueueDef {
  return {
    name: PROFILE_QUEUE, concurrency: 2, batchSize: 1, retryLimit: 3, retryDelay: 30,
    handler: ((data: ProfileJob) => fetchAuthorProfile(deps, data)) as QueueDef['handler'],
  };
}
