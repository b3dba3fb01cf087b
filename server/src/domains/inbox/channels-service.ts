import type { Channel, ChannelInput, ChannelPatch } from '@parley/contracts/inbox';
import type { Network } from '@parley/contracts/identities';
import type { Deps } from '../../deps.ts';
import type { Connector } from '../../connectors/types.ts';
import { connectorFor } from '../../connectors/registry.ts';
import { emit } from '../../events/emit.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { Conflict, isUniqueViolation, NotFound, Validation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { systemActor, type Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import * as repo from './channels-repo.ts';
import { openSecrets, sealSecrets } from './channel-secrets.ts';
import { forgetWebhookChannel } from './webhook-service.ts';
import { presentChannel } from './presenter.ts';

// Besides what webhook verification reads (the connector's secretNames), a channel keeps what its client sends
// replies with (the connector's clientCredentialNames: tokens, an instance URL, an app password…).
const CLIENT_CREDENTIALS = ['refreshToken'] as const;

function connectorOf(network: Network): Connector {
  const c = connectorFor(network);
  if (!c) throw new Validation('network_not_supported', `Parley has no connector for ${network} yet`, { field: 'network' });
  return c;
}

// Secrets are merged into what is stored: a name sent with null removes it, names not sent stay.
function mergeSecrets(connector: Connector, current: Record<string, string>, patch: Record<string, string | null>): Record<string, string> {
  const allowed = new Set<string>([...connector.secretNames, ...connector.clientCredentialNames, ...CLIENT_CREDENTIALS]);
  const next = { ...current };
  for (const [name, value] of Object.entries(patch)) {
    if (!allowed.has(name)) throw new Validation('secret_unknown', `This network takes no secret named ${name}`, { field: `secrets.${name}`, allowed: [...allowed] });
    if (value === null || value === '') delete next[name];
    else next[name] = value;
  }
  return next;
}

function view(deps: Deps, row: repo.ChannelRow): Channel {
  return presentChannel(row, Object.keys(openSecrets(deps, row.credentialsEnc)));
}

/** Connects an account of a network: its id there, a name, and the secrets its webhook is verified with (sealed). */
export async function createChannel(deps: Deps, actor: Actor, input: ChannelInput): Promise<Channel> {
  authorize(actor, 'channels:manage');
  const connector = connectorOf(input.network);
  const secrets = mergeSecrets(connector, {}, input.secrets ?? {});
  try {
    return await deps.db.transaction(async (tx) => {
      const row = await repo.insertChannel(tx, {
        workspaceId: actor.workspaceId, id: newId(), network: input.network, externalId: input.externalId, name: input.name,
        credentialsEnc: sealSecrets(deps, secrets),
      });
      const channel = view(deps, row);
      await emit(tx, deps.queue, actor, { type: 'channel.created', subject: { type: 'channel', id: row.id }, payload: { after: channel } });
      return channel;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new Conflict('channel_exists', 'This account is already connected in this workspace');
    throw err;
  }
}

/** A page of the workspace's channels. */
export async function listChannels(deps: Deps, actor: Actor, q: { cursor?: string; limit: number }): Promise<{ items: Channel[]; nextCursor: string | null }> {
  authorize(actor, 'channels:manage');
  const after = q.cursor ? decodeCursor(q.cursor, 1)[0] : undefined;
  const list = await repo.listChannels(deps.db, actor.workspaceId, after, q.limit);
  const items = list.slice(0, q.limit);
  return { items: items.map((r) => view(deps, r)), nextCursor: list.length > q.limit ? encodeCursor([items.at(-1)!.id]) : null };
}

/** A channel by id. */
export async function getChannel(deps: Deps, actor: Actor, id: string): Promise<Channel> {
  authorize(actor, 'channels:manage');
  const row = await repo.findChannel(deps.db, actor.workspaceId, id);
  if (!row) throw new NotFound('channel_not_found', 'No such channel');
  return view(deps, row);
}

/** Renames, pauses or resumes a channel, and sets or removes its secrets. */
export async function updateChannel(deps: Deps, actor: Actor, id: string, patch: ChannelPatch): Promise<Channel> {
  authorize(actor, 'channels:manage');
  const channel = await deps.db.transaction(async (tx) => {
    const before = await repo.findChannel(tx, actor.workspaceId, id);
    if (!before) throw new NotFound('channel_not_found', 'No such channel');
    const set: Partial<repo.ChannelInsert> = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.secrets) set.credentialsEnc = sealSecrets(deps, mergeSecrets(connectorOf(before.network as Network), openSecrets(deps, before.credentialsEnc), patch.secrets));
    const after = (await repo.updateChannel(tx, actor.workspaceId, id, set))!;
    const [b, a] = [view(deps, before), view(deps, after)];
    await emit(tx, deps.queue, actor, { type: 'channel.updated', subject: { type: 'channel', id }, payload: { before: b, after: a } });
    return a;
  });
  forgetWebhookChannel(id);
  return channel;
}

/** Disconnects a channel: its webhook answers 404 from now on; its conversations and messages stay. */
export async function deleteChannel(deps: Deps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'channels:manage');
  await deps.db.transaction(async (tx) => {
    const before = await repo.findChannel(tx, actor.workspaceId, id);
    if (!before) throw new NotFound('channel_not_found', 'No such channel');
    await repo.deleteChannel(tx, actor.workspaceId, id);
    await emit(tx, deps.queue, actor, { type: 'channel.deleted', subject: { type: 'channel', id }, payload: { before: view(deps, before) } });
  });
  forgetWebhookChannel(id);
}

/**
 * A channel the sandbox network plays (server/src/sandbox/): created where missing with fresh secrets, or kept with
 * its secrets; its client calls go to `apiBaseUrl` (the local imitation). Not an API operation: pointing a channel's
 * tokens at another server is only for the sandbox. A real channel on the same account is never taken over.
 */
export async function ensureSandboxChannel(deps: Deps, workspaceId: string, input: { network: Network; externalId: string; name: string; apiBaseUrl: string; newSecrets: () => Record<string, string> }): Promise<{ row: repo.ChannelRow; created: boolean }> {
  const settings = { sandbox: true, apiBaseUrl: input.apiBaseUrl };
  const result = await deps.db.transaction(async (tx) => {
    const existing = await repo.findChannelByAccount(tx, workspaceId, input.network, input.externalId);
    if (existing) {
      if (existing.settings.sandbox !== true) throw new Conflict('channel_not_sandbox', `The ${input.network} account ${input.externalId} is connected as a real channel`);
      const row = await repo.updateChannel(tx, workspaceId, existing.id, { settings: { ...existing.settings, ...settings } });
      return { row: row!, created: false };
    }
    const secrets = input.newSecrets();
    const row = await repo.insertChannel(tx, {
      workspaceId, id: newId(), network: input.network, externalId: input.externalId, name: input.name, credentialsEnc: sealSecrets(deps, secrets), settings,
    });
    await emit(tx, deps.queue, systemActor(workspaceId), {
      type: 'channel.created', subject: { type: 'channel', id: row.id }, payload: { after: presentChannel(row, Object.keys(secrets)), sandbox: true },
    });
    return { row, created: true };
  });
  forgetWebhookChannel(result.row.id);
  return result;
}
