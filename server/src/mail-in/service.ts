import type { IntakeChannel, IntakeOverview, PollResult } from '@parley/contracts/email';
import { and, eq, inArray } from 'drizzle-orm';
import { channels } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { openSecrets } from '../domains/inbox/channel-secrets.ts';
import { POLL_INTERVAL_SECONDS, pollChannel, POLLED_NETWORKS, type BackfillState } from '../domains/inbox/backfill.ts';
import { NotFound } from '../lib/errors.ts';
import type { Actor } from '../policies/actor.ts';
import { authorize } from '../policies/authorize.ts';

const INTAKE_NETWORKS = ['email', ...POLLED_NETWORKS] as const;

/** The SMTP receiver's configuration and the workspace's e-mail, LinkedIn and Bluesky channels with their polling state. */
export async function intakeOverview(deps: Deps, actor: Actor): Promise<IntakeOverview> {
  authorize(actor, 'channels:manage');
  const rows = await deps.db.select().from(channels)
    .where(and(eq(channels.workspaceId, actor.workspaceId), inArray(channels.network, [...INTAKE_NETWORKS]))).orderBy(channels.network, channels.name);
  const cfg = deps.config.mailIn;
  return {
    receiver: { enabled: cfg.port !== null, host: cfg.port !== null ? cfg.host : null, port: cfg.port, maxBytes: cfg.maxBytes, outbound: deps.config.mail.smtpUrl ? 'smtp' : 'eml' },
    channels: rows.map((r): IntakeChannel => {
      const polled = r.network !== 'email';
      const state = (r.settings.backfill ?? {}) as BackfillState;
      const interval = typeof r.settings.pollIntervalSeconds === 'number' ? r.settings.pollIntervalSeconds : POLL_INTERVAL_SECONDS[r.network as (typeof POLLED_NETWORKS)[number]];
      return {
        id: r.id, network: r.network as IntakeChannel['network'], name: r.name, externalId: r.externalId, status: r.status,
        ownSmtp: polled ? null : Boolean(openSecrets(deps, r.credentialsEnc).smtpUrl) || typeof r.settings.smtpUrl === 'string',
        backfill: polled ? {
          lastPolledAt: state.lastPolledAt ?? null, notBefore: state.notBefore ?? null, lastError: state.lastError ?? null,
          deliveries: state.deliveries ?? 0, intervalSeconds: interval ?? 60,
        } : null,
      };
    }),
  };
}

/** Polls a LinkedIn or Bluesky channel now (outside its schedule); a wait the network asked for is still respected. */
export async function pollNow(deps: Deps, actor: Actor, channelId: string): Promise<PollResult> {
  authorize(actor, 'channels:manage');
  const [row] = await deps.db.select({ network: channels.network }).from(channels).where(and(eq(channels.workspaceId, actor.workspaceId), eq(channels.id, channelId)));
  if (!row || !(POLLED_NETWORKS as readonly string[]).includes(row.network)) throw new NotFound('channel_not_found', 'No LinkedIn or Bluesky channel with this id');
  return pollChannel(deps, actor.workspaceId, channelId, { force: true });
}
