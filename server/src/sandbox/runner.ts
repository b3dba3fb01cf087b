// The sandbox runner: sets up a workspace's sandbox channels (one per network, secrets generated, replies pointed at
// the local imitation in network.ts) and plays their customers — it posts the traffic of traffic.ts to the channels'
// real webhook URLs over HTTP, signed the way each network signs, at a pace (a burst, then one every so often), and
// lets some customers answer an agent's reply. It plays the networks only: everything Parley does with the deliveries
// is Parley's real pipeline.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Network } from '@parley/contracts/identities';
import { apiChannelSignature } from '../connectors/api/webhook.ts';
import { hmacSha256 } from '../connectors/shared/verify.ts';
import { dmConversationKey } from '../connectors/x/text.ts';
import { channels, contacts, inboundDeliveries, users, workspaces } from '../db/schema.ts';
import { DEMO_USERS } from '../db/seed/demo-vocabulary.ts';
import type { Deps } from '../deps.ts';
import { openSecrets } from '../domains/inbox/channel-secrets.ts';
import { ensureSandboxChannel } from '../domains/inbox/channels-service.ts';
import type { ChannelRow } from '../domains/inbox/channels-repo.ts';
import { sandboxNetwork, type SandboxCall, type SandboxNetwork } from './network.ts';
import { startPulledSandbox } from './pulled.ts';
import { deliveryOf, followUpOf, type Placement, SANDBOX_NETWORKS, type SandboxNetworkName, type TrafficMessage, trafficStream } from './traffic.ts';

/** The sandbox accounts: made-up ids on each network, the same in every workspace. */
const ACCOUNTS: Record<SandboxNetworkName, { externalId: string; name: string; handle: string; secrets: () => Record<string, string> }> = {
  facebook: {
    externalId: '104729435218830', name: 'Wärmewerk auf Facebook (Sandbox)', handle: 'waermewerk',
    secrets: () => ({ appSecret: secret(), verifyToken: secret(), accessToken: `EAAsandbox${secret()}` }),
  },
  instagram: {
    externalId: '17841400872134077', name: 'Wärmewerk auf Instagram (Sandbox)', handle: 'waermewerk',
    secrets: () => ({ appSecret: secret(), verifyToken: secret(), accessToken: `IGQsandbox${secret()}` }),
  },
  x: {
    externalId: '1496213458730018817', name: 'Wärmewerk auf X (Sandbox)', handle: 'Waermewerk',
    secrets: () => ({ consumerSecret: secret(), accessToken: `sandbox-${secret()}` }),
  },
  mastodon: {
    externalId: 'waermewerk@social.waermewerk.example', name: 'Wärmewerk auf Mastodon (Sandbox)', handle: 'https://social.waermewerk.example/@waermewerk',
    secrets: () => ({ webhookSecret: secret(), accessToken: secret(), instanceUrl: 'https://social.waermewerk.example' }),
  },
  api: {
    externalId: 'web-chat-sandbox', name: 'Wärmewerk Web-Chat (Sandbox)', handle: 'web-chat',
    secrets: () => ({ signingSecret: secret(), replyUrl: 'https://chat.waermewerk.example/parley/replies' }),
  },
};

const secret = () => randomBytes(18).toString('base64url');

/** A sandbox channel with the secrets its "network" signs with. */
export interface SandboxChannel {
  network: SandboxNetworkName;
  row: ChannelRow;
  secrets: Record<string, string>;
}

/** The demo workspace (slug `waermewerk` with the demo's admin), the only one the sandbox plays without being asked. */
export async function findDemoWorkspace(deps: Deps): Promise<{ id: string; slug: string } | null> {
  const [row] = await deps.db.select({ id: workspaces.id, slug: workspaces.slug }).from(workspaces)
    .innerJoin(users, and(eq(users.workspaceId, workspaces.id), eq(users.email, DEMO_USERS[0]!.email)))
    .where(eq(workspaces.slug, 'waermewerk'));
  return row ?? null;
}

/** The workspace to play: the one named (an explicit request), else the demo workspace; refuses anything else. */
export async function sandboxWorkspace(deps: Deps, slug?: string): Promise<{ id: string; slug: string }> {
  if (slug) {
    const [row] = await deps.db.select({ id: workspaces.id, slug: workspaces.slug }).from(workspaces).where(eq(workspaces.slug, slug));
    if (!row) throw new Error(`no workspace "${slug}"`);
    return row;
  }
  const demo = await findDemoWorkspace(deps);
  if (!demo) throw new Error('no demo workspace here: name the workspace to play with --workspace <slug>');
  return demo;
}

/**
 * The workspace's sandbox channels, created where missing (idempotent: existing ones keep their secrets), each with
 * `settings.apiBaseUrl` = `<baseUrl>/sandbox/<network>` so its replies reach the imitation. `created` tells whether
 * any was new.
 */
export async function ensureSandboxChannels(deps: Deps, workspaceId: string, baseUrl: string): Promise<{ channels: SandboxChannel[]; created: boolean }> {
  const out: SandboxChannel[] = [];
  let created = false;
  for (const network of SANDBOX_NETWORKS) {
    const account = ACCOUNTS[network];
    const { row, created: made } = await ensureSandboxChannel(deps, workspaceId, {
      network, externalId: account.externalId, name: account.name, newSecrets: account.secrets,
      apiBaseUrl: `${baseUrl.replace(/\/+$/, '')}/sandbox/${network}`,
    });
    created ||= made;
    out.push({ network, row, secrets: openSecrets(deps, row.credentialsEnc) });
  }
  return { channels: out, created };
}

/** The headers a network signs a delivery with. */
export function signDelivery(network: SandboxNetworkName, secrets: Record<string, string>, body: Buffer, now = new Date()): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  switch (network) {
    case 'facebook':
    case 'instagram':
      headers['x-hub-signature-256'] = `sha256=${hmacSha256(secrets.appSecret!, body).toString('hex')}`;
      break;
    case 'x':
      headers['x-twitter-webhooks-signature'] = `sha256=${hmacSha256(secrets.consumerSecret!, body).toString('base64')}`;
      break;
    case 'mastodon':
      headers['x-hub-signature'] = `sha256=${hmacSha256(secrets.webhookSecret!, body).toString('hex')}`;
      break;
    case 'api': {
      const timestamp = String(Math.floor(now.getTime() / 1000));
      headers['x-parley-timestamp'] = timestamp;
      headers['x-parley-signature'] = apiChannelSignature(secrets.signingSecret!, timestamp, body);
      break;
    }
  }
  return headers;
}

/** What the sandbox just sent to Parley as a customer (for the CLI to print). */
export interface PostedMessage {
  network: SandboxNetworkName | 'email' | 'linkedin' | 'bluesky';
  kind: 'public' | 'private';
  intent: string;
  language: string;
  author: string;
  text: string;
}

export interface SandboxOptions {
  workspaceId: string;
  /** Where Parley answers (its webhooks, and the imitation under /sandbox unless `imitationUrl` names another). */
  baseUrl: string;
  /** Where the networks' imitation answers the channels' clients (default: `baseUrl`, Parley's own /sandbox). */
  imitationUrl?: string;
  /** Called for every message Parley accepted. */
  onPosted?: (m: PostedMessage) => void;
  seed?: number;
  /** Messages posted at once at the start. */
  burst?: number;
  /** Messages per minute after the burst; 0 for none. */
  ratePerMinute?: number;
  /** The share of agents' replies a customer answers (0..1), and after how long. */
  followUpChance?: number;
  followUpDelayMs?: number;
  /** Makes the network ids of this run (numeric); defaults to the clock, so a restart does not repeat ids. */
  runId?: string;
  network?: SandboxNetwork;
}

/** A running sandbox. */
export interface SandboxRun {
  channels: SandboxChannel[];
  /** Resolves when the initial burst is posted. */
  burstDone: Promise<void>;
  /** Messages posted so far (follow-ups included). */
  posted(): number;
  stop(): Promise<void>;
}

interface Posted { m: TrafficMessage; at: Placement; channel: SandboxChannel }

/** Sets up the sandbox channels of a workspace and starts posting their traffic. */
export async function startSandbox(deps: Deps, opts: SandboxOptions): Promise<SandboxRun> {
  const network = opts.network ?? sandboxNetwork;
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const { channels: list } = await ensureSandboxChannels(deps, opts.workspaceId, opts.imitationUrl ?? baseUrl);
  const byNetwork = new Map(list.map((c) => [c.network, c]));
  const seed = opts.seed ?? 2026;
  const runId = opts.runId ?? String(Math.floor(Date.now() / 1000) % 1e9);
  // Names the workspace knows, so some authors look like its people and identity resolution proposes links.
  const people = await deps.db.select({ firstName: contacts.firstName, lastName: contacts.lastName }).from(contacts)
    .where(and(eq(contacts.workspaceId, opts.workspaceId), isNotNull(contacts.firstName), isNotNull(contacts.lastName)))
    .orderBy(contacts.id).limit(15) as { firstName: string; lastName: string }[];
  const next = trafficStream(seed, people);
  let followRandom = seed * 7919;
  const random = () => {
    followRandom = (Math.imul(followRandom, 1103515245) + 12345) >>> 0;
    return followRandom / 4294967296;
  };
  const known = new Map<string, Posted>();
  const bySeq = new Map<number, Posted>();
  const answered = new Set<number>();
  const inFlight = new Set<Promise<void>>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let count = 0;
  let seq = 1_000_000;
  let stopped = false;

  const place = (m: TrafficMessage, channel: SandboxChannel, parentId: string | null, rootId?: string | null): Placement => {
    const account = channel.row.externalId;
    const n = `${runId}${String(m.seq).padStart(7, '0')}`;
    const now = new Date();
    const base = { account, accountHandle: ACCOUNTS[m.network].handle, now, parentId };
    switch (m.network) {
      case 'facebook': {
        if (m.kind === 'private') return { ...base, id: `m_${n}`, rootId: null, parentId: null };
        const post = `90210${m.post}`;
        return { ...base, id: `${post}_${n}`, rootId: rootId ?? `${account}_${post}` };
      }
      case 'instagram':
        return m.kind === 'private' ? { ...base, id: `aWdf${n}`, rootId: null, parentId: null } : { ...base, id: `179${n}`, rootId: rootId ?? `1790000000000${m.post}` };
      case 'x':
        return { ...base, id: `17${n}`, rootId: null, parentId: m.kind === 'private' ? null : parentId };
      case 'mastodon':
        return { ...base, id: `11${n}`, rootId: null };
      case 'api':
        return { ...base, id: `msg-${n}`, rootId: rootId ?? `chat-${m.author.ids.api}-${runId}` };
    }
  };

  // Where an agent's answer to this message will point: the item itself, and for direct messages the thread.
  const remember = (p: Posted) => {
    const { m, at } = p;
    bySeq.set(m.seq, p);
    known.set(at.id, p);
    const person = m.author.ids[m.network];
    if (m.kind === 'private') {
      if (m.network === 'facebook' || m.network === 'instagram') known.set(`dm:${m.network}:${person}`, p);
      if (m.network === 'x') known.set(`dm:x:${dmConversationKey(person, at.account)}`, p);
    }
    if (m.network === 'api' && at.rootId) known.set(`api:${at.rootId}`, p);
    // The imitation answers a private reply with the commenter's id, and Mastodon's status lookup with its author.
    network.noteAuthor(at.id, person);
    network.noteProfile(person, { name: m.author.name, handle: m.author.handle });
  };

  const post = async (m: TrafficMessage, at: Placement, channel: SandboxChannel) => {
    const body = Buffer.from(JSON.stringify(deliveryOf(m, at)), 'utf8');
    try {
      const res = await fetch(`${baseUrl}/api/channels/${channel.row.id}/webhook`, { method: 'POST', headers: signDelivery(m.network, channel.secrets, body, at.now), body });
      if (res.status !== 200) deps.log.warn({ network: m.network, status: res.status, body: (await res.text()).slice(0, 200) }, 'sandbox: the webhook refused a delivery');
      else {
        count++;
        opts.onPosted?.({ network: m.network, kind: m.kind, intent: m.intent, language: m.language, author: m.author.name, text: m.text });
      }
    } catch (err) {
      deps.log.warn({ err, network: m.network }, 'sandbox: could not reach the webhook');
    }
  };

  const track = (p: Promise<void>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    return p;
  };

  const postNext = async () => {
    const m = next();
    const channel = byNetwork.get(m.network)!;
    const thread = m.threadWith !== null ? bySeq.get(m.threadWith) : undefined;
    // A Facebook reply in a thread answers the thread's top-level comment (Facebook threads are two levels deep).
    const at = place(m, channel, thread ? thread.at.parentId ?? thread.at.id : null, thread?.at.rootId);
    remember({ m, at, channel });
    await post(m, at, channel);
  };

  // A customer answers an agent's reply, sometimes: in the same thread, or by direct message after a private reply.
  const onCall = (call: SandboxCall) => {
    if (stopped || !['reply', 'message', 'private_reply'].includes(call.action) || call.target === null) return;
    const key = call.action === 'message'
      ? (call.network === 'facebook' || call.network === 'instagram' || call.network === 'x' ? `dm:${call.network}:${call.target}` : call.target)
      : call.network === 'api' ? `api:${call.target}` : call.target;
    const original = known.get(key) ?? (call.network === 'api' ? undefined : known.get(call.target));
    if (!original || original.m.author.spammer || answered.has(original.m.seq)) return;
    if (random() >= (opts.followUpChance ?? 0.5)) return;
    answered.add(original.m.seq);
    const kind = call.action === 'private_reply' ? 'private' : original.m.kind;
    const m = followUpOf(original.m, seq++, random(), kind);
    const channel = original.channel;
    const parentId = kind === 'private'
      ? (m.network === 'mastodon' || m.network === 'api' ? call.id : null)
      : m.network === 'facebook' || m.network === 'instagram' ? original.at.parentId ?? original.at.id : call.id;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopped) return;
      const at = place(m, channel, parentId, original.at.rootId);
      remember({ m, at, channel });
      void track(post(m, at, channel));
    }, opts.followUpDelayMs ?? 6000);
    timer.unref();
    timers.add(timer);
  };
  const unsubscribe = network.onCall(onCall);

  const burst = opts.burst ?? 40;
  const burstDone = track((async () => {
    // A few at a time, in order: a thread's reply is posted after the comment it answers.
    for (let i = 0; i < burst && !stopped; i += 4) {
      const batch: Promise<void>[] = [];
      for (let k = i; k < Math.min(burst, i + 4); k++) batch.push(postNext());
      await Promise.all(batch);
    }
    if (burst > 0) deps.log.info({ workspaceId: opts.workspaceId, messages: burst }, 'sandbox: initial traffic posted');
  })());

  const rate = opts.ratePerMinute ?? 2;
  let interval: ReturnType<typeof setInterval> | null = null;
  if (rate > 0) {
    interval = setInterval(() => {
      if (!stopped) void track(postNext());
    }, Math.max(100, Math.round(60_000 / rate)));
    interval.unref();
  }

  return {
    channels: list,
    burstDone,
    posted: () => count,
    async stop() {
      stopped = true;
      if (interval) clearInterval(interval);
      for (const t of timers) clearTimeout(t);
      unsubscribe();
      await Promise.allSettled([...inFlight]);
    },
  };
}

/** Whether any sandbox channel of the workspace has received deliveries (a restart does not post a second burst). */
export async function sandboxHasTraffic(deps: Deps, workspaceId: string, channelIds: string[]): Promise<boolean> {
  if (channelIds.length === 0) return false;
  const [row] = await deps.db.select({ n: sql<number>`count(*)::int` }).from(inboundDeliveries)
    .where(and(eq(inboundDeliveries.workspaceId, workspaceId), inArray(inboundDeliveries.channelId, channelIds)));
  return (row?.n ?? 0) > 0;
}

/** The origin this process listens on, as the sandbox reaches it (loopback for a wildcard address). */
export function localOrigin(server: { address(): AddressInfo | string | null }): string {
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the server is not listening on a TCP port');
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/**
 * Plays the demo workspace inside the server (PARLEY_SANDBOX): the first time with a burst of traffic, after a
 * restart only at the configured pace. Does nothing where there is no demo workspace. Returns the run, or null.
 */
export async function startDemoSandbox(deps: Deps, baseUrl: string): Promise<SandboxRun | null> {
  const demo = await findDemoWorkspace(deps);
  if (!demo) {
    deps.log.info('sandbox: no demo workspace, the sandbox network stays off');
    return null;
  }
  const existing = await deps.db.select({ id: channels.id }).from(channels)
    .where(and(eq(channels.workspaceId, demo.id), inArray(channels.network, [...SANDBOX_NETWORKS] as Network[]), sql`${channels.settings}->>'sandbox' = 'true'`));
  const played = await sandboxHasTraffic(deps, demo.id, existing.map((c) => c.id));
  const run = await startSandbox(deps, {
    workspaceId: demo.id, baseUrl, burst: played ? 0 : deps.config.sandbox.burst, ratePerMinute: deps.config.sandbox.ratePerMinute,
  });
  // E-mail (over the SMTP receiver), LinkedIn and Bluesky (polled): pulled.ts; a restart posts no second burst.
  const pulled = await startPulledSandbox(deps, {
    workspaceId: demo.id, baseUrl, smtpPort: deps.config.mailIn.port, burst: played ? 0 : Math.ceil(deps.config.sandbox.burst / 3), ratePerMinute: deps.config.sandbox.ratePerMinute / 2,
  });
  deps.log.info({ workspace: demo.slug, channels: run.channels.length + pulled.channels.length }, 'sandbox network is playing the demo workspace (PARLEY_SANDBOX=false turns it off)');
  return {
    ...run,
    burstDone: Promise.all([run.burstDone, pulled.burstDone]).then(() => undefined),
    posted: () => run.posted() + pulled.posted(),
    stop: async () => { await pulled.stop(); await run.stop(); },
  };
}
