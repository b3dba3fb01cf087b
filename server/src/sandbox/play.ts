// `npm run parley -- sandbox`: the sandbox network playing every network of the demo against a Parley — the webhook
// networks (runner.ts) and e-mail, LinkedIn and Bluesky (pulled.ts) — and saying what it does, line by line.
// The Parley is this process (the CLI starts it, and the networks' imitation is its own /sandbox), or one running
// elsewhere on the same PostgreSQL: then this process serves the imitation itself (the channels' clients are pointed
// at it while it plays, and back at that Parley's /sandbox when it stops), sends mail to that Parley's SMTP receiver
// and has the LinkedIn and Bluesky backfills polled through the shared job queue.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Deps } from '../deps.ts';
import { setChannelSetting } from '../domains/inbox/backfill-repo.ts';
import { sandboxNetwork, sandboxRoutes, SandboxNetwork, type SandboxCall } from './network.ts';
import { PULLED_NETWORKS, pulledSandboxRoutes, startPulledSandbox, type PulledRun } from './pulled.ts';
import { localOrigin, startSandbox, type PostedMessage, type SandboxRun } from './runner.ts';
import type { SANDBOX_NETWORKS } from './traffic.ts';

export interface PlayOptions {
  workspaceId: string;
  /** Parley's origin: where the webhooks are. */
  parleyUrl: string;
  /** Parley's SMTP receiver; null plays no e-mail. */
  smtp: { host: string; port: number } | null;
  /**
   * Where the networks' imitation answers Parley's clients: `parley` — Parley's own /sandbox (Parley runs in this
   * process); or a host and port for a server of this process (Parley runs elsewhere).
   */
  imitation: 'parley' | { host: string; port: number };
  /** Webhook messages at once; e-mail, LinkedIn and Bluesky start with a third of it (as in the demo). */
  burst: number;
  /** Webhook messages per minute after the burst; e-mail, LinkedIn and Bluesky half as many. */
  ratePerMinute: number;
  /** Where the lines go (the CLI: stdout). */
  print: (line: string) => void;
  seed?: number;
  runId?: string;
  followUpChance?: number;
  followUpDelayMs?: number;
}

/** A running play. */
export interface PlayRun {
  /** Where the channels' clients call the networks' imitation. */
  imitationUrl: string;
  channels: { network: string; id: string; name: string }[];
  /** The imitation this play answers with (the process's own when Parley runs here). */
  network: SandboxNetwork;
  /** Resolves when the first messages of every network are out. */
  burstDone: Promise<void>;
  /** Messages sent to Parley so far, and answers received from it. */
  posted(): number;
  received(): number;
  stop(): Promise<void>;
}

type AnyNetwork = (typeof SANDBOX_NETWORKS)[number] | (typeof PULLED_NETWORKS)[number];
const LABEL: Record<AnyNetwork, string> = {
  facebook: 'Facebook', instagram: 'Instagram', x: 'X', mastodon: 'Mastodon', api: 'Web chat', email: 'E-mail', linkedin: 'LinkedIn', bluesky: 'Bluesky',
};

/** A line about a message the sandbox sent to Parley. */
export function postedLine(m: PostedMessage): string {
  return `→ ${LABEL[m.network].padEnd(9)} ${m.kind === 'private' ? 'message' : 'comment'} from ${m.author} (${m.language}, ${m.intent.replace('_', ' ')}): ${clip(m.text)}`;
}

/** A line about a call Parley made to the imitation: an answer, a private reply, a moderation action. */
export function receivedLine(c: SandboxCall): string {
  return `← ${LABEL[c.network].padEnd(9)} ${c.action.replace('_', ' ')}${c.target ? ` to ${clip(c.target, 40)}` : ''}${c.text ? `: ${clip(c.text)}` : ''}`;
}

const clip = (text: string, max = 90) => {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
};

/** Starts playing every network of the sandbox against a Parley; prints what it sets up, sends and receives. */
export async function playSandbox(deps: Deps, opts: PlayOptions): Promise<PlayRun> {
  const parleyUrl = opts.parleyUrl.replace(/\/+$/, '');
  const own = opts.imitation === 'parley' ? null : opts.imitation;
  // Parley elsewhere calls this process: an imitation of its own, so its calls and this play's customers meet here.
  const network = own ? new SandboxNetwork() : sandboxNetwork;
  let server: FastifyInstance | null = null;
  let imitationUrl = parleyUrl;
  if (own) {
    server = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
    await sandboxRoutes(server, network);
    await pulledSandboxRoutes(server, network);
    await server.listen({ host: own.host, port: own.port });
    imitationUrl = localOrigin(server.server);
  }
  let received = 0;
  const unsubscribe = network.onCall((call) => {
    received++;
    opts.print(receivedLine(call));
  });
  const onPosted = (m: PostedMessage) => opts.print(postedLine(m));
  let webhooks: SandboxRun | undefined;
  let pulled: PulledRun | undefined;
  const close = async () => {
    unsubscribe();
    await pulled?.stop();
    await webhooks?.stop();
    await server?.close();
  };
  try {
    webhooks = await startSandbox(deps, {
      workspaceId: opts.workspaceId, baseUrl: parleyUrl, imitationUrl, burst: opts.burst, ratePerMinute: opts.ratePerMinute, network, onPosted,
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}), ...(opts.runId ? { runId: opts.runId } : {}),
      ...(opts.followUpChance !== undefined ? { followUpChance: opts.followUpChance } : {}), ...(opts.followUpDelayMs !== undefined ? { followUpDelayMs: opts.followUpDelayMs } : {}),
    });
    pulled = await startPulledSandbox(deps, {
      workspaceId: opts.workspaceId, baseUrl: imitationUrl, smtpPort: opts.smtp?.port ?? null, smtpHost: opts.smtp?.host ?? '127.0.0.1',
      burst: Math.ceil(opts.burst / 3), ratePerMinute: opts.ratePerMinute / 2, network, onPosted,
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}), ...(opts.runId ? { runId: opts.runId } : {}),
      ...(opts.followUpChance !== undefined ? { followUpChance: opts.followUpChance } : {}), ...(opts.followUpDelayMs !== undefined ? { followUpDelayMs: opts.followUpDelayMs } : {}),
    });
  } catch (err) {
    await close();
    throw err;
  }
  const list = [...webhooks.channels.map((c) => ({ network: c.network as string, id: c.row.id, name: c.row.name })), ...pulled.channels.map((c) => ({ network: c.network as string, id: c.row.id, name: c.row.name }))];
  for (const c of list) {
    const how = c.network === 'email' ? `mail to ${opts.smtp!.host}:${opts.smtp!.port}` : (PULLED_NETWORKS as readonly string[]).includes(c.network) ? 'polled by Parley\'s backfill' : `webhook ${parleyUrl}/api/channels/${c.id}/webhook`;
    opts.print(`  ${LABEL[c.network as AnyNetwork].padEnd(9)} ${c.name}: ${how}`);
  }
  if (!opts.smtp) opts.print('  (no e-mail: Parley\'s SMTP receiver is not given)');
  opts.print(`  The networks' send APIs answer at ${imitationUrl}/sandbox/…`);
  const w = webhooks;
  const p = pulled;
  let stopped = false;
  return {
    imitationUrl, channels: list, network,
    burstDone: Promise.all([w.burstDone, p.burstDone]).then(() => undefined),
    posted: () => w.posted() + p.posted(),
    received: () => received,
    async stop() {
      if (stopped) return;
      stopped = true;
      await close();
      // Parley keeps the channels: their clients call its own imitation again (where it points them when it plays).
      if (own) for (const c of list) await setChannelSetting(deps.db, opts.workspaceId, c.id, 'apiBaseUrl', `${parleyUrl}/sandbox/${c.network}`);
    },
  };
}
