// The sandbox's e-mail, LinkedIn and Bluesky (beside network.ts/runner.ts, which play the webhook networks). Their
// customers' traffic does not arrive by webhook: mail is sent over SMTP to Parley's own receiver (mail-in/), and
// LinkedIn notifications and Bluesky replies wait in an imitation of those networks' read APIs, which Parley's
// polling backfill reads (the channels' settings.apiBaseUrl points there). Parley's answers arrive at the imitation's
// send APIs and at a local mail server of the customers, are recorded in GET /sandbox/outbox, and some customers
// answer them (a mail threaded with In-Reply-To, a comment or reply under the answer).
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { and, eq, isNotNull } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import type { Network } from '@parley/contracts/identities';
import { contacts, workspaces } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { BACKFILL_CHANNEL_QUEUE } from '../domains/inbox/backfill.ts';
import { setChannelSetting } from '../domains/inbox/backfill-repo.ts';
import { ensureSandboxChannel } from '../domains/inbox/channels-service.ts';
import type { ChannelRow } from '../domains/inbox/channels-repo.ts';
import { sandboxNetwork, type SandboxNetwork } from './network.ts';
import type { PostedMessage } from './runner.ts';
import { followUpOf, type TrafficMessage, trafficStream } from './traffic.ts';

export const PULLED_NETWORKS = ['email', 'linkedin', 'bluesky'] as const;
export type PulledNetworkName = (typeof PULLED_NETWORKS)[number];

const ORG = 'urn:li:organization:81726354';
const DID = 'did:plc:waermewerksandbox00000000';
const MAIL = 'service@waermewerk.example';

/**
 * The sandbox's mailbox in a workspace: service@… in the demo workspace, service+<slug>@… in another one played on
 * request. The SMTP receiver stores a mail for every e-mail channel of its address, in any workspace: one address for
 * all would put every workspace's sandbox mail into all of them.
 */
export function sandboxMailAddress(slug: string): string {
  return slug === 'waermewerk' ? MAIL : `service+${slug}@waermewerk.example`;
}
const ACCOUNTS: Record<PulledNetworkName, { externalId: string; name: string; secrets: () => Record<string, string> }> = {
  email: { externalId: MAIL, name: 'Wärmewerk Kundenservice per E-Mail (Sandbox)', secrets: () => ({}) },
  linkedin: { externalId: ORG, name: 'Wärmewerk auf LinkedIn (Sandbox)', secrets: () => ({ accessToken: `AQVsandbox${secret()}`, clientSecret: secret() }) },
  bluesky: { externalId: DID, name: 'Wärmewerk auf Bluesky (Sandbox)', secrets: () => ({ identifier: 'waermewerk.bsky.social', appPassword: 'sand-box0-pass-word' }) },
};
const secret = () => randomBytes(18).toString('base64url');
const POSTS = ['72680000000000000101', '72680000000000000102', '72680000000000000103'];
const SKY_POSTS = ['3lcwwaermepmp', '3lcwwartungsv', '3lcwfoerderng'];

const SUBJECTS: Record<string, Record<'de' | 'en', string[]>> = {
  service_request: { de: ['Störung an unserer Heizung', 'Frage zur Bedienung', 'Bitte um Wartungstermin'], en: ['Problem with my heating', 'Service appointment'] },
  complaint: { de: ['Beschwerde', 'Reklamation Auftrag'], en: ['Complaint', 'Still waiting'] },
  sales_lead: { de: ['Anfrage Angebot', 'Preisanfrage Wärmepumpe'], en: ['Request for a quote', 'Pricing question'] },
  praise: { de: ['Danke!', 'Lob für Ihren Techniker'], en: ['Thank you', 'Great service'] },
  spam: { de: ['Gewinnbenachrichtigung'], en: ['You have won!!!', 'Exclusive offer'] },
};

/** A customer's address, LinkedIn member and Bluesky account, derived from the persona (stable across runs). */
function accountsOf(m: TrafficMessage) {
  const local = m.author.handle.replace(/_/g, '.');
  const digits = m.author.ids.x.slice(0, 10);
  return {
    email: `${local}@${m.language === 'de' ? 'web-beispiel.example' : 'mail.example'}`,
    linkedin: `urn:li:person:${Buffer.from(digits).toString('base64url').slice(0, 10)}`,
    bluesky: { did: `did:plc:${m.author.ids.x.slice(0, 24).padEnd(24, '0')}`, handle: `${m.author.handle.replace(/_/g, '-')}.bsky.social` },
  };
}

/** What the imitation holds between polls. */
class PulledState {
  readonly linkedin: Record<string, unknown>[] = [];
  readonly bluesky: Record<string, unknown>[] = [];
  readonly posts = new Map<string, { cid: string; record: Record<string, unknown> }>();
  readonly people = new Map<string, { name: string; vanity: string }>();
  counter = 0;
  trim() {
    for (const list of [this.linkedin, this.bluesky]) if (list.length > 1000) list.splice(0, list.length - 1000);
  }
}
const state = new PulledState();
for (const [i, rkey] of SKY_POSTS.entries()) {
  state.posts.set(`at://${DID}/app.bsky.feed.post/${rkey}`, {
    cid: `bafyreisandboxpost${i}`, record: { $type: 'app.bsky.feed.post', text: ['Unsere neue Wärmepumpe WP-300 ist da!', 'Jetzt Wartung vor dem Winter buchen.', 'Förderung 2026: was sich ändert.'][i], createdAt: '2026-11-01T09:00:00.000Z' },
  });
}

type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string> }>;
const bodyOf = (req: FastifyRequest) => (req.body && typeof req.body === 'object' ? req.body as Record<string, any> : {});

/** The imitation's read and send APIs of LinkedIn and Bluesky, under /sandbox/linkedin and /sandbox/bluesky. */
export async function pulledSandboxRoutes(app: FastifyInstance, network: SandboxNetwork = sandboxNetwork): Promise<void> {
  const config = { public: true };
  const schema = { hide: true };
  app.route({
    method: ['GET', 'POST', 'DELETE'], url: '/sandbox/linkedin/rest/*', config, schema,
    handler: async (req: Req, reply) => {
      if (!/^Bearer .+/.test(req.headers.authorization ?? '')) return reply.status(401).send({ status: 401, code: 'INVALID_ACCESS_TOKEN', message: 'Invalid access token' });
      const path = decodeURIComponent(req.params['*'] ?? '');
      if (req.method === 'GET' && path === 'organizationalEntityNotifications') {
        const range = /\(start:(\d+),end:(\d+)\)/.exec(req.query.timeRange ?? '');
        const [from, to] = range ? [Number(range[1]), Number(range[2])] : [0, Infinity];
        const start = Number(req.query.start) || 0;
        const count = Math.min(Number(req.query.count) || 50, 100);
        const hits = state.linkedin.filter((n) => (n.lastModifiedAt as number) >= from && (n.lastModifiedAt as number) < to);
        return { elements: hits.slice(start, start + count), paging: { start, count, total: hits.length } };
      }
      const comments = /^socialActions\/(.+)\/comments$/.exec(path);
      if (req.method === 'POST' && comments && typeof bodyOf(req).message?.text === 'string') {
        const body = bodyOf(req);
        const id = network.nextId('7268');
        const activity = /^urn:li:share:(\d+)$/.exec(String(body.object))?.[1] ?? '0';
        const urn = `urn:li:comment:(urn:li:activity:${activity},${id})`;
        network.record({ id: urn, network: 'linkedin', action: 'reply', target: typeof body.parentComment === 'string' ? body.parentComment : String(body.object), text: body.message.text });
        return reply.status(201).header('x-restli-id', urn).send({ commentUrn: urn, actor: body.actor, object: body.object, message: body.message });
      }
      const person = /^people\/\(id:([^)]+)\)$/.exec(path);
      if (req.method === 'GET' && person) {
        const known = state.people.get(`urn:li:person:${person[1]}`);
        const [first, ...rest] = (known?.name ?? 'LinkedIn Mitglied').split(' ');
        return { id: person[1], localizedFirstName: first, localizedLastName: rest.join(' '), vanityName: known?.vanity ?? null, localizedHeadline: 'Hausbesitzer' };
      }
      return reply.status(404).send({ status: 404, code: 'NOT_FOUND', message: `No route ${req.method} ${path}` });
    },
  });

  app.route({
    method: ['GET', 'POST'], url: '/sandbox/bluesky/xrpc/:nsid', config, schema,
    handler: async (req: Req, reply) => {
      const nsid = req.params.nsid;
      const body = bodyOf(req);
      if (nsid === 'com.atproto.server.createSession') {
        return { did: DID, handle: 'waermewerk.bsky.social', accessJwt: `sandbox.${secret()}`, refreshJwt: `sandbox.${secret()}`, active: true };
      }
      if (!/^Bearer .+/.test(req.headers.authorization ?? '')) return reply.status(401).send({ error: 'AuthenticationRequired', message: 'Authentication Required' });
      if (nsid === 'app.bsky.notification.listNotifications') {
        return { notifications: [...state.bluesky].reverse().slice(0, Math.min(Number(req.query.limit) || 50, 100)), cursor: null };
      }
      if (nsid === 'app.bsky.feed.getPosts') {
        const uris = ([] as string[]).concat(req.query.uris ?? []);
        return { posts: uris.filter((u) => state.posts.has(u)).map((uri) => ({ uri, ...state.posts.get(uri)!, author: { did: uri.split('/')[2] } })) };
      }
      if (nsid === 'com.atproto.identity.resolveHandle') return reply.status(400).send({ error: 'InvalidRequest', message: 'Unable to resolve handle' });
      if (nsid === 'com.atproto.repo.createRecord' && body.record?.$type === 'app.bsky.feed.post') {
        const uri = `at://${DID}/app.bsky.feed.post/3lcr${network.nextId()}`;
        state.posts.set(uri, { cid: `bafyreireply${state.counter++}`, record: body.record });
        network.record({ id: uri, network: 'bluesky', action: 'reply', target: body.record.reply?.parent?.uri ?? null, text: body.record.text });
        return { uri, cid: state.posts.get(uri)!.cid };
      }
      if (nsid === 'app.bsky.actor.getProfile') return { did: req.query.actor, handle: 'kunde.bsky.social', followersCount: 42 };
      return reply.status(400).send({ error: 'MethodNotImplemented', message: `${nsid} is not played by the sandbox` });
    },
  });
}

export interface PulledOptions {
  workspaceId: string;
  /** Where the imitation of LinkedIn's and Bluesky's APIs answers (Parley's own /sandbox, or the CLI's server). */
  baseUrl: string;
  /** The port of Parley's SMTP receiver; null leaves e-mail out. */
  smtpPort: number | null;
  /** The host of Parley's SMTP receiver (default 127.0.0.1). */
  smtpHost?: string;
  /** Called for every message sent to Parley (a mail accepted by its receiver, an item put up for its poll). */
  onPosted?: (m: PostedMessage) => void;
  seed?: number;
  burst?: number;
  ratePerMinute?: number;
  followUpChance?: number;
  followUpDelayMs?: number;
  runId?: string;
  network?: SandboxNetwork;
}

/** A running e-mail/LinkedIn/Bluesky sandbox. */
export interface PulledRun {
  channels: { network: PulledNetworkName; row: ChannelRow }[];
  burstDone: Promise<void>;
  posted(): number;
  stop(): Promise<void>;
}

/** Sets up the workspace's sandbox e-mail, LinkedIn and Bluesky channels and starts their customers' traffic. */
export async function startPulledSandbox(deps: Deps, opts: PulledOptions): Promise<PulledRun> {
  const network = opts.network ?? sandboxNetwork;
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const runId = opts.runId ?? String(Math.floor(Date.now() / 1000) % 1e9);
  // The customers' mail server: Parley's answers to them arrive here.
  const mx = new SMTPServer({
    authOptional: true, disabledCommands: ['AUTH'], hideSTARTTLS: true, logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => { onMail(mail); callback(); }, callback);
    },
  });
  await new Promise<void>((resolve) => mx.listen(0, '127.0.0.1', () => resolve()));
  const mxPort = (mx.server.address() as AddressInfo).port;
  const networks = PULLED_NETWORKS.filter((n) => n !== 'email' || opts.smtpPort !== null);
  const [ws] = await deps.db.select({ slug: workspaces.slug }).from(workspaces).where(eq(workspaces.id, opts.workspaceId));
  const address = sandboxMailAddress(ws?.slug ?? 'waermewerk');
  const channels: PulledRun['channels'] = [];
  for (const n of networks) {
    const account = n === 'email' ? { ...ACCOUNTS.email, externalId: address } : ACCOUNTS[n];
    const { row } = await ensureSandboxChannel(deps, opts.workspaceId, { network: n as Network, externalId: account.externalId, name: account.name, newSecrets: account.secrets, apiBaseUrl: `${baseUrl}/sandbox/${n}` });
    if (n === 'email') await setChannelSetting(deps.db, opts.workspaceId, row.id, 'smtpUrl', `smtp://127.0.0.1:${mxPort}`);
    else await setChannelSetting(deps.db, opts.workspaceId, row.id, 'pollIntervalSeconds', 15);
    channels.push({ network: n, row });
  }
  const channelOf = (n: PulledNetworkName) => channels.find((c) => c.network === n);
  const people = await deps.db.select({ firstName: contacts.firstName, lastName: contacts.lastName }).from(contacts)
    .where(and(eq(contacts.workspaceId, opts.workspaceId), isNotNull(contacts.firstName), isNotNull(contacts.lastName)))
    .orderBy(contacts.id).limit(15) as { firstName: string; lastName: string }[];
  const next = trafficStream((opts.seed ?? 2026) + 17, people);
  let count = 0;
  let stopped = false;
  let followRandom = (opts.seed ?? 2026) * 31;
  const random = () => {
    followRandom = (Math.imul(followRandom, 1103515245) + 12345) >>> 0;
    return followRandom / 4294967296;
  };
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>) => { inFlight.add(p); void p.finally(() => inFlight.delete(p)); return p; };
  const sentMail = new Map<string, { m: TrafficMessage; subject: string; text: string }>();
  const sentItems = new Map<string, { m: TrafficMessage; root: string }>();
  const answered = new Set<string>();
  const mailer = opts.smtpPort !== null ? nodemailer.createTransport({ host: opts.smtpHost ?? '127.0.0.1', port: opts.smtpPort, secure: false, ignoreTLS: true }) : null;
  const posted = (n: PulledNetworkName, kind: 'public' | 'private', m: TrafficMessage) =>
    opts.onPosted?.({ network: n, kind, intent: m.intent, language: m.language, author: m.author.name, text: m.text });
  const poll = (n: PulledNetworkName) => {
    const c = channelOf(n);
    if (c) void deps.queue.send(BACKFILL_CHANNEL_QUEUE, { workspaceId: opts.workspaceId, channelId: c.row.id }, { singletonKey: `backfill:${c.row.id}`, startAfter: 2 }).catch(() => undefined);
  };

  const sendMail = async (m: TrafficMessage, reply?: { inReplyTo: string; references: string[]; subject: string; quoted: string }) => {
    if (!mailer) return;
    const subject = reply?.subject ?? pickOf(SUBJECTS[m.intent === 'follow_up' ? 'service_request' : m.intent]![m.language], m.seq);
    const de = m.language === 'de';
    const text = `${de ? 'Guten Tag' : 'Hello'},\n\n${m.text}\n\n${de ? 'Viele Grüße' : 'Best regards'}\n${m.author.name}${reply ? `\n\n${reply.quoted}` : ''}`;
    const messageId = `<${runId}.${m.seq}.${m.author.handle}@${accountsOf(m).email.split('@')[1]}>`;
    await mailer.sendMail({
      from: { name: m.author.name, address: accountsOf(m).email }, to: address, subject, text, messageId,
      ...(reply ? { inReplyTo: reply.inReplyTo, references: reply.references } : {}),
      headers: { 'Content-Language': m.language, 'X-Mailer': pickOf(['Mozilla Thunderbird', 'Microsoft Outlook 16.0', 'Apple Mail (2.3774)'], m.seq) },
    });
    sentMail.set(messageId, { m, subject, text: m.text });
    count++;
    posted('email', 'private', m);
  };

  const addLinkedIn = (m: TrafficMessage, parentComment?: string) => {
    const person = accountsOf(m).linkedin;
    state.people.set(person, { name: m.author.name, vanity: m.author.handle.replace(/_/g, '-') });
    const post = POSTS[m.post % POSTS.length]!;
    const id = `${runId}${String(m.seq).padStart(5, '0')}`;
    const activity = `urn:li:comment:(urn:li:activity:${post},${id})`;
    state.linkedin.push({
      notificationId: Number(id), organizationalEntity: ORG, action: 'COMMENT', sourcePost: `urn:li:share:${post}`, generatedActivity: activity,
      decoratedGeneratedActivity: { comment: { owner: person, text: m.text, ...(parentComment ? { parentComment } : {}) } }, lastModifiedAt: Date.now(),
    });
    sentItems.set(activity, { m, root: `urn:li:share:${post}` });
    state.trim();
    count++;
    posted('linkedin', 'public', m);
    poll('linkedin');
  };

  const addBluesky = (m: TrafficMessage, parent?: { uri: string; root: string }) => {
    const { did, handle } = accountsOf(m).bluesky;
    const root = parent?.root ?? `at://${DID}/app.bsky.feed.post/${SKY_POSTS[m.post % SKY_POSTS.length]}`;
    const parentUri = parent?.uri ?? root;
    const uri = `at://${did}/app.bsky.feed.post/3lc${runId}${m.seq}`;
    const now = new Date().toISOString();
    const ref = (u: string) => ({ uri: u, cid: state.posts.get(u)?.cid ?? 'bafyreiunknown' });
    const record = { $type: 'app.bsky.feed.post', text: m.text, createdAt: now, langs: [m.language], reply: { root: ref(root), parent: ref(parentUri) } };
    state.posts.set(uri, { cid: `bafyreicust${state.counter++}`, record });
    state.bluesky.push({ uri, cid: state.posts.get(uri)!.cid, author: { did, handle, displayName: m.author.name }, reason: 'reply', reasonSubject: parentUri, record, isRead: false, indexedAt: now, labels: [] });
    sentItems.set(uri, { m, root });
    state.trim();
    count++;
    posted('bluesky', 'public', m);
    poll('bluesky');
  };

  const postNext = async () => {
    const m = next();
    const r = m.seq % 4;
    // Half of this traffic is mail; LinkedIn and Bluesky share the rest.
    if ((r < 2 && mailer) || (r < 2 && !channelOf('linkedin'))) await sendMail(m);
    else if (r === 2) addLinkedIn(m);
    else addBluesky(m);
  };

  // Parley's answer reached a customer's mailbox: recorded, and some customers write back (threaded, quoting it).
  const onMail = (mail: Awaited<ReturnType<typeof simpleParser>>) => {
    const inReplyTo = typeof mail.inReplyTo === 'string' ? mail.inReplyTo : null;
    const messageId = mail.messageId ?? network.nextId('mail-');
    network.record({ id: messageId, network: 'email', action: 'message', target: inReplyTo, text: mail.text ?? null });
    const original = inReplyTo ? sentMail.get(inReplyTo) : undefined;
    if (!original || stopped || original.m.author.spammer || answered.has(inReplyTo!) || random() >= (opts.followUpChance ?? 0.5)) return;
    answered.add(inReplyTo!);
    const m = followUpOf(original.m, 2_000_000 + count, random());
    const de = m.language === 'de';
    const quoted = `${de ? `Am ${new Date().toLocaleDateString('de-DE')} schrieb Wärmewerk Kundenservice <${address}>:` : `On ${new Date().toDateString()}, Wärmewerk Kundenservice <${address}> wrote:`}\n${(mail.text ?? '').split('\n').map((l) => `> ${l}`).join('\n')}`;
    const references = [...new Set([...[mail.references ?? []].flat(), messageId])];
    later(() => void track(sendMail(m, { inReplyTo: messageId, references, subject: `${de ? 'AW' : 'Re'}: ${original.subject}`, quoted })));
  };
  // Parley's answer on LinkedIn or Bluesky: some customers comment again under it.
  const unsubscribe = network.onCall((call) => {
    if (stopped || call.action !== 'reply' || call.target === null || (call.network !== 'linkedin' && call.network !== 'bluesky')) return;
    const original = sentItems.get(call.target);
    if (!original || original.m.author.spammer || answered.has(call.target) || random() >= (opts.followUpChance ?? 0.5)) return;
    answered.add(call.target);
    const m = followUpOf(original.m, 3_000_000 + count, random());
    later(() => (call.network === 'linkedin' ? addLinkedIn(m, call.id) : addBluesky(m, { uri: call.id, root: original.root })));
  });
  const later = (fn: () => void) => {
    const timer = setTimeout(() => { timers.delete(timer); if (!stopped) fn(); }, opts.followUpDelayMs ?? 6000);
    timer.unref();
    timers.add(timer);
  };

  const burstDone = track((async () => {
    for (let i = 0; i < (opts.burst ?? 12) && !stopped; i++) {
      await postNext().catch((err: unknown) => deps.log.warn({ err }, 'sandbox: could not post e-mail/LinkedIn/Bluesky traffic'));
    }
  })());
  const rate = opts.ratePerMinute ?? 1;
  const interval = rate > 0 ? setInterval(() => { if (!stopped) void track(postNext().catch(() => undefined)); }, Math.max(500, Math.round(60_000 / rate))) : null;
  interval?.unref();
  return {
    channels, burstDone: burstDone.then(() => undefined), posted: () => count,
    async stop() {
      stopped = true;
      if (interval) clearInterval(interval);
      for (const t of timers) clearTimeout(t);
      unsubscribe();
      await Promise.allSettled([...inFlight]);
      mailer?.close();
      await new Promise<void>((resolve) => mx.close(() => resolve()));
    },
  };
}

const pickOf = <T>(list: readonly T[], n: number): T => list[n % list.length]!;
