// The sandbox's imitation of the networks' send APIs, mounted on Parley's own server under /sandbox/<network>/… when
// the sandbox is on. Sandbox channels point their client there (settings.apiBaseUrl), so a reply, a private reply or
// a moderation action takes the connector's real path — the same URLs, bodies and answers as the Graph API, X API v2,
// the Mastodon REST API and an API channel's reply URL — and nothing leaves the machine. What arrives is recorded:
// GET /sandbox/outbox lists the latest, and the runner lets customers answer some replies.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxNetworkName } from './traffic.ts';

/** One call the imitation received: a reply, a direct or private message, or a moderation action. */
export interface SandboxCall {
  /** The id the imitation answered with (the reply's id on the "network"), or the target's for moderation. */
  id: string;
  /** The webhook networks of traffic.ts, and e-mail, LinkedIn and Bluesky of pulled.ts. */
  network: SandboxNetworkName | 'email' | 'linkedin' | 'bluesky';
  action: 'reply' | 'message' | 'private_reply' | 'hide' | 'unhide' | 'delete' | 'block' | 'unblock' | 'mute' | 'unmute' | 'report';
  /** What it answers or acts on: a comment or status id, a person's id, a DM conversation id, a chat conversation id. */
  target: string | null;
  text: string | null;
  at: string;
}

const KEEP = 500;

/** The imitation's memory: what it received, and who wrote which item (a private reply needs the commenter). */
export class SandboxNetwork {
  readonly calls: SandboxCall[] = [];
  private readonly authors = new Map<string, string>();
  private readonly listeners = new Set<(call: SandboxCall) => void>();
  private counter = 0;

  /** Remembers who wrote an item the runner posted. */
  noteAuthor(itemId: string, authorId: string): void {
    if (this.authors.size > 50_000) this.authors.clear();
    this.authors.set(itemId, authorId);
  }

  authorOf(itemId: string): string | undefined {
    return this.authors.get(itemId);
  }

  private readonly profiles = new Map<string, { name: string; handle: string }>();

  /** Remembers a customer's profile, which the imitated profile endpoints answer (Messenger sends only an id). */
  noteProfile(authorId: string, profile: { name: string; handle: string }): void {
    if (this.profiles.size > 50_000) this.profiles.clear();
    this.profiles.set(authorId, profile);
  }

  profileOf(authorId: string): { name: string; handle: string } | undefined {
    return this.profiles.get(authorId);
  }

  /** Calls `listener` for every call received from now on; returns the unsubscribe. */
  onCall(listener: (call: SandboxCall) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A fresh id in the network's style. */
  nextId(prefix = ''): string {
    return `${prefix}${Date.now()}${String(++this.counter).padStart(4, '0')}`;
  }

  record(call: Omit<SandboxCall, 'at'>): SandboxCall {
    const full = { ...call, at: new Date().toISOString() };
    this.calls.push(full);
    if (this.calls.length > KEEP) this.calls.splice(0, this.calls.length - KEEP);
    for (const l of this.listeners) {
      try {
        l(full);
      } catch { /* a listener's failure is not the network's */ }
    }
    return full;
  }
}

/** The imitation of this process (one per server: the routes and the runner share it). */
export const sandboxNetwork = new SandboxNetwork();

type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string> }>;
const bodyOf = (req: FastifyRequest) => (req.body && typeof req.body === 'object' ? req.body as Record<string, any> : {});
const text = (v: unknown) => (typeof v === 'string' ? v : null);

function unauthorized(reply: FastifyReply, network: SandboxNetworkName) {
  // The networks' own answers to a request without a token.
  if (network === 'facebook' || network === 'instagram') return reply.status(400).send({ error: { message: 'An access token is required to request this resource.', type: 'OAuthException', code: 104 } });
  if (network === 'x') return reply.status(401).send({ title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
  return reply.status(401).send({ error: 'The access token is invalid' });
}

const notFound = (reply: FastifyReply, what: string) => reply.status(404).send({ error: { message: `Unsupported request: ${what}`, code: 100, error_subcode: 33 } });

/** Registers the imitation's routes under /sandbox (public: the "networks" are called by connector clients, not users). */
export async function sandboxRoutes(app: FastifyInstance, network: SandboxNetwork = sandboxNetwork): Promise<void> {
  const config = { public: true };
  const schema = { hide: true };

  // Graph API (Facebook pages, Messenger, Instagram): /v23.0/{id}/comments, /{id}/replies, /me/messages, /{id}, /{page}/blocked.
  for (const net of ['facebook', 'instagram'] as const) {
    app.route({
      method: ['GET', 'POST', 'DELETE'], url: `/sandbox/${net}/:version/*`, config, schema,
      handler: async (req: Req, reply) => {
        if (!/^Bearer .+/.test(req.headers.authorization ?? '') || !req.query.appsecret_proof) return unauthorized(reply, net);
        const path = (req.params['*'] ?? '').split('/').map(decodeURIComponent);
        const body = bodyOf(req);
        if (req.method === 'POST' && path.length === 2 && (path[1] === 'comments' || path[1] === 'replies') && text(body.message)) {
          const id = `${path[0]}_${network.nextId()}`;
          network.record({ id, network: net, action: 'reply', target: path[0]!, text: body.message });
          return { id };
        }
        if (req.method === 'POST' && path.join('/') === 'me/messages' && text(body.message?.text)) {
          const commentId = text(body.recipient?.comment_id);
          const messageId = `m_${network.nextId()}`;
          if (commentId) {
            // A private reply: Meta answers with the commenter's page-scoped id, the key of the private thread.
            const recipient = network.authorOf(commentId) ?? `psid-${commentId}`;
            network.record({ id: messageId, network: net, action: 'private_reply', target: commentId, text: body.message.text });
            return { recipient_id: recipient, message_id: messageId };
          }
          const recipient = text(body.recipient?.id);
          if (!recipient) return reply.status(400).send({ error: { message: '(#100) The parameter recipient is required', code: 100 } });
          network.record({ id: messageId, network: net, action: 'message', target: recipient, text: body.message.text });
          return { recipient_id: recipient, message_id: messageId };
        }
        if (path.length === 2 && path[1] === 'blocked' && req.method !== 'GET') {
          const user = text(body.user) ?? text(req.query.user);
          network.record({ id: user ?? '', network: net, action: req.method === 'POST' ? 'block' : 'unblock', target: user, text: null });
          return { [user ?? 'user']: true };
        }
        if (path.length === 1 && req.method === 'POST' && (typeof body.is_hidden === 'boolean' || typeof body.hide === 'boolean')) {
          const hide = body.is_hidden ?? body.hide;
          network.record({ id: path[0]!, network: net, action: hide ? 'hide' : 'unhide', target: path[0]!, text: null });
          return { success: true };
        }
        if (path.length === 1 && req.method === 'DELETE') {
          network.record({ id: path[0]!, network: net, action: 'delete', target: path[0]!, text: null });
          return { success: true };
        }
        if (path.length === 1 && req.method === 'GET') {
          const known = network.profileOf(path[0]!);
          return { id: path[0], name: known?.name ?? 'Sandbox-Kundin', ...(net === 'instagram' ? { username: known?.handle ?? 'sandbox', follower_count: 120 } : {}) };
        }
        return notFound(reply, `${req.method} ${path.join('/')}`);
      },
    });
  }

  // X API v2: POST /2/tweets, POST /2/dm_conversations/:id/messages, PUT /2/tweets/:id/hidden, DELETE /2/tweets/:id,
  // POST /2/users/:me/(blocking|muting), DELETE /2/users/:me/(blocking|muting)/:target.
  app.route({
    method: ['GET', 'POST', 'PUT', 'DELETE'], url: '/sandbox/x/2/*', config, schema,
    handler: async (req: Req, reply) => {
      if (!/^Bearer .+/.test(req.headers.authorization ?? '')) return unauthorized(reply, 'x');
      const path = (req.params['*'] ?? '').split('/').map(decodeURIComponent);
      const body = bodyOf(req);
      if (req.method === 'POST' && path.join('/') === 'tweets' && text(body.text)) {
        const id = network.nextId('19');
        network.record({ id, network: 'x', action: 'reply', target: text(body.reply?.in_reply_to_tweet_id), text: body.text });
        return reply.status(201).send({ data: { id, text: body.text, edit_history_tweet_ids: [id] } });
      }
      if (req.method === 'POST' && path[0] === 'dm_conversations' && path[2] === 'messages' && text(body.text)) {
        const id = network.nextId('19');
        network.record({ id, network: 'x', action: 'message', target: path[1]!, text: body.text });
        return reply.status(201).send({ data: { dm_conversation_id: path[1], dm_event_id: id } });
      }
      if (req.method === 'PUT' && path[0] === 'tweets' && path[2] === 'hidden') {
        network.record({ id: path[1]!, network: 'x', action: body.hidden ? 'hide' : 'unhide', target: path[1]!, text: null });
        return { data: { hidden: Boolean(body.hidden) } };
      }
      if (req.method === 'DELETE' && path[0] === 'tweets' && path.length === 2) {
        network.record({ id: path[1]!, network: 'x', action: 'delete', target: path[1]!, text: null });
        return { data: { deleted: true } };
      }
      if (path[0] === 'users' && (path[2] === 'blocking' || path[2] === 'muting') && req.method !== 'GET') {
        const on = req.method === 'POST';
        const target = on ? text(body.target_user_id) : path[3] ?? null;
        const action = path[2] === 'blocking' ? (on ? 'block' : 'unblock') : (on ? 'mute' : 'unmute');
        network.record({ id: target ?? '', network: 'x', action, target, text: null });
        return { data: { [path[2]]: on } };
      }
      if (req.method === 'GET' && path[0] === 'users' && path.length === 2) return { data: { id: path[1], name: 'Sandbox', username: 'sandbox' } };
      return reply.status(404).send({ title: 'Not Found Error', type: 'https://api.twitter.com/2/problems/resource-not-found', detail: `${req.method} ${path.join('/')}` });
    },
  });

  // Mastodon REST API: POST /api/v1/statuses, GET|DELETE /api/v1/statuses/:id, GET /api/v1/accounts/lookup,
  // POST /api/v1/accounts/:id/(block|unblock|mute|unmute), POST /api/v1/reports.
  app.route({
    method: ['GET', 'POST', 'DELETE'], url: '/sandbox/mastodon/api/v1/*', config, schema,
    handler: async (req: Req, reply) => {
      if (!/^Bearer .+/.test(req.headers.authorization ?? '')) return unauthorized(reply, 'mastodon');
      const path = (req.params['*'] ?? '').split('/').map(decodeURIComponent);
      const body = bodyOf(req);
      if (req.method === 'POST' && path.join('/') === 'statuses' && text(body.status)) {
        const id = network.nextId('11');
        network.record({ id, network: 'mastodon', action: body.visibility === 'direct' ? 'message' : 'reply', target: text(body.in_reply_to_id), text: body.status });
        return { id, created_at: new Date().toISOString(), in_reply_to_id: body.in_reply_to_id ?? null, visibility: body.visibility ?? 'public', content: `<p>${String(body.status)}</p>`, url: `https://social.waermewerk.example/@waermewerk/${id}` };
      }
      if (path[0] === 'statuses' && path.length === 2) {
        if (req.method === 'DELETE') {
          network.record({ id: path[1]!, network: 'mastodon', action: 'delete', target: path[1]!, text: null });
          return { id: path[1] };
        }
        const acct = network.authorOf(path[1]!) ?? 'kunde@mastodon.example';
        return { id: path[1], account: { id: '1', username: acct.split('@')[0], acct } };
      }
      if (req.method === 'GET' && path.join('/') === 'accounts/lookup') return { id: String(Math.abs(hash(req.query.acct ?? ''))), acct: req.query.acct };
      if (req.method === 'POST' && path[0] === 'accounts' && ['block', 'unblock', 'mute', 'unmute'].includes(path[2] ?? '')) {
        const action = path[2] as 'block' | 'unblock' | 'mute' | 'unmute';
        network.record({ id: path[1]!, network: 'mastodon', action, target: path[1]!, text: null });
        return { id: path[1], blocking: action === 'block', muting: action === 'mute' };
      }
      if (req.method === 'POST' && path.join('/') === 'reports') {
        const id = network.nextId();
        network.record({ id, network: 'mastodon', action: 'report', target: text(body.account_id), text: text(body.comment) });
        return { id, category: body.category ?? 'other' };
      }
      return reply.status(404).send({ error: 'Record not found' });
    },
  });

  // An API channel's reply URL (the web chat's backend): takes the signed delivery, answers its id for the message.
  app.post('/sandbox/api/*', { config, schema }, async (req, reply) => {
    if (!req.headers['x-parley-signature'] || !req.headers['x-parley-timestamp']) return reply.status(401).send({ error: 'signature missing' });
    const event = bodyOf(req).events?.[0];
    if (!event || !text(event.text)) return reply.status(400).send({ error: 'no message event' });
    const id = `chat-reply-${network.nextId()}`;
    network.record({ id, network: 'api', action: 'reply', target: text(event.conversation?.id), text: event.text });
    return { id };
  });

  app.get('/sandbox/outbox', { config, schema }, async (req: Req) => {
    const limit = Math.min(Math.max(Number(req.query.limit) || 50, 1), KEEP);
    const items = network.calls.filter((c) => !req.query.network || c.network === req.query.network).slice(-limit).reverse();
    return { items };
  });
}

function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (Math.imul(h, 31) + ch.codePointAt(0)!) | 0;
  return h;
}
