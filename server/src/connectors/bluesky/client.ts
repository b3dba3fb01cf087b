import type { ModerationAction } from '@parley/contracts/channels';
import type { ClientChannel, ClientOptions, ConnectorClient, HttpFetch, ModerationTarget, ProfileSnapshot, ReplyTarget, SentReply } from '../types.ts';
import { httpUrl } from '../shared/event.ts';
import {
  classifyByStatus, createHttp, type ErrorContext, type ErrorVerdict, exhaustive, NetworkRejected, required, requireCredential, Unsupported,
} from '../shared/http.ts';
import { at, bool, count, obj, prop, str } from '../shared/json.ts';
import { parseAtUri } from './mapper.ts';

// Bluesky over XRPC on the account's PDS. The client signs in with an app password (com.atproto.server.createSession)
// once per client and uses the session token as Bearer. A reply is an app.bsky.feed.post record whose reply names the
// thread's root and the parent by strong reference (uri + cid): the parent is fetched to learn its cid and its own
// root. Mentions and links in the text become facets, indexed in UTF-8 BYTES of the text.

export const BLUESKY_SERVICE = 'https://bsky.social';
const POST = 'app.bsky.feed.post';

export interface Facet {
  index: { byteStart: number; byteEnd: number };
  features: ({ $type: 'app.bsky.richtext.facet#mention'; did: string } | { $type: 'app.bsky.richtext.facet#link'; uri: string })[];
}

// Handles are domain names: labels of letters, digits and hyphens, at least two, the last not numeric.
const MENTION = /(^|[\s(])@(([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)/g;
const LINK = /(^|[\s(])(https?:\/\/[^\s]+)/g;

/**
 * The mentions and links of `text` with UTF-8 byte offsets, as the Bluesky apps find them: `@handle` after a space or
 * at the start, http(s) URLs without trailing punctuation. Mentions whose handle `resolve` cannot turn into a DID stay
 * plain text.
 */
export async function detectFacets(text: string, resolve: (handle: string) => Promise<string | null>): Promise<Facet[]> {
  const encoder = new TextEncoder();
  const bytes = (upTo: number) => encoder.encode(text.slice(0, upTo)).length;
  const facets: { start: number; facet: Facet }[] = [];
  for (const m of text.matchAll(MENTION)) {
    const start = m.index + m[1]!.length;
    const handle = m[2]!;
    const did = await resolve(handle.toLowerCase());
    if (did === null) continue;
    facets.push({ start, facet: { index: { byteStart: bytes(start), byteEnd: bytes(start + 1 + handle.length) }, features: [{ $type: 'app.bsky.richtext.facet#mention', did }] } });
  }
  for (const m of text.matchAll(LINK)) {
    const start = m.index + m[1]!.length;
    // A sentence's full stop or a closing bracket after a URL belongs to the sentence.
    const uri = m[2]!.replace(/[.,;:!?)"']+$/, '');
    if (!URL.canParse(uri)) continue;
    facets.push({ start, facet: { index: { byteStart: bytes(start), byteEnd: bytes(start + uri.length) }, features: [{ $type: 'app.bsky.richtext.facet#link', uri }] } });
  }
  return facets.sort((a, b) => a.start - b.start).map((f) => f.facet);
}

/** XRPC errors are `{error, message}`; ExpiredToken and InvalidToken come with status 400. */
export function classifyXrpcError(ctx: ErrorContext): ErrorVerdict | null {
  if (ctx.status < 300) return null;
  const error = str(prop(ctx.body, 'error'));
  const message = `${error ?? 'Error'}: ${str(prop(ctx.body, 'message')) ?? 'no message'}`;
  if (error === 'ExpiredToken') return { retryable: false, code: 'token_expired', message };
  if (error === 'InvalidToken' || error === 'AuthenticationRequired' || error === 'AccountTakedown') return { retryable: false, code: 'token_invalid', message };
  if (error === 'RecordNotFound' || error === 'NotFound' || error === 'ProfileNotFound' || error === 'AccountNotFound') return { retryable: false, code: 'not_found', message };
  return classifyByStatus(ctx, message);
}

/** The Bluesky client of one account (credentials: identifier, appPassword, optional serviceUrl; externalId: its DID). */
export function createBlueskyClient(channel: ClientChannel, fetch: HttpFetch, options?: ClientOptions): ConnectorClient {
  const identifier = requireCredential(channel.credentials, 'identifier', 'Bluesky');
  const password = requireCredential(channel.credentials, 'appPassword', 'Bluesky');
  const service = new URL(channel.credentials.serviceUrl ?? BLUESKY_SERVICE).origin;
  const secrets: (string | undefined)[] = [password];
  const http = createHttp({ fetch, service: 'Bluesky', secrets, options, classify: classifyXrpcError });
  const now = () => (options?.now?.() ?? new Date()).toISOString();
  const repo = channel.externalId;
  let session: Promise<string> | null = null;

  const signIn = async () => {
    const body = (await http({ method: 'POST', url: `${service}/xrpc/com.atproto.server.createSession`, json: { identifier, password } })).body;
    const jwt = str(prop(body, 'accessJwt'));
    if (jwt === null) throw new NetworkRejected('invalid_response', 'Bluesky: createSession gave no accessJwt', 200);
    secrets.push(jwt, str(prop(body, 'refreshJwt')) ?? undefined);
    return jwt;
  };
  const xrpc = async (method: 'GET' | 'POST', nsid: string, rest: { json?: unknown; query?: Record<string, string> } = {}) => {
    session ??= signIn().catch((err: unknown) => {
      session = null;
      throw err;
    });
    const jwt = await session;
    return (await http({ method, url: `${service}/xrpc/${nsid}`, headers: { authorization: `Bearer ${jwt}` }, ...rest })).body;
  };
  const strongRef = async (uri: string) => {
    const post = obj((await xrpc('GET', 'app.bsky.feed.getPosts', { query: { uris: uri } }) as { posts?: unknown[] }).posts?.[0]);
    const cid = str(prop(post, 'cid'));
    if (post === null || cid === null) throw new NetworkRejected('not_found', `Bluesky: the post ${uri} is gone`, 200);
    return { ref: { uri: str(prop(post, 'uri')) ?? uri, cid }, root: obj(at(post, 'record', 'reply', 'root')) };
  };
  const resolveHandle = async (handle: string) => {
    try {
      return str(prop(await xrpc('GET', 'com.atproto.identity.resolveHandle', { query: { handle } }), 'did'));
    } catch (err) {
      // A handle that does not resolve is not a mention; the reply still goes out, with the text as written.
      if (err instanceof NetworkRejected && err.upstreamStatus === 400) return null;
      throw err;
    }
  };
  const deleteRecord = async (uri: string) => {
    const parsed = parseAtUri(uri);
    if (parsed === null) throw new NetworkRejected('invalid_request', `Bluesky: ${uri} is no at:// URI`, 0);
    if (parsed.did !== repo) throw new Unsupported('moderation_unsupported', 'Bluesky: only the channel\'s own records can be deleted');
    await xrpc('POST', 'com.atproto.repo.deleteRecord', { json: { repo, collection: parsed.collection, rkey: parsed.rkey } });
  };
  const getProfile = (actor: string) => xrpc('GET', 'app.bsky.actor.getProfile', { query: { actor } });

  return {
    async sendReply(target: ReplyTarget): Promise<SentReply> {
      if (target.thread.kind === 'private') throw new Unsupported('direct_messages_unsupported', 'Bluesky chat is not connected');
      if ((target.attachments ?? []).length > 0) throw new Unsupported('attachments_unsupported', 'Bluesky: attachments are not supported yet');
      const parentUri = required(target.parentExternalId ?? target.thread.parentExternalId ?? target.thread.rootExternalId, 'Bluesky', 'the post a reply answers');
      const parent = await strongRef(parentUri);
      // The parent names the thread's root when it is itself a reply; else the parent is the root.
      const rootUri = str(prop(parent.root, 'uri'));
      const rootCid = str(prop(parent.root, 'cid'));
      const root = rootUri && rootCid ? { uri: rootUri, cid: rootCid } : parent.ref;
      const facets = await detectFacets(target.text, resolveHandle);
      const record = {
        $type: POST, text: target.text, createdAt: now(),
        reply: { root, parent: parent.ref },
        ...(facets.length > 0 ? { facets } : {}),
      };
      const body = await xrpc('POST', 'com.atproto.repo.createRecord', { json: { repo, collection: POST, record } });
      const uri = str(prop(body, 'uri'));
      const parsed = parseAtUri(uri);
      if (uri === null || parsed === null) throw new NetworkRejected('invalid_response', 'Bluesky: createRecord gave no uri', 200);
      return { externalId: uri, url: `https://bsky.app/profile/${parsed.did}/post/${parsed.rkey}` };
    },

    async moderate(action: ModerationAction, target: ModerationTarget): Promise<void> {
      const actor = () => required(target.authorExternalId, 'Bluesky', `the account to ${action}`);
      switch (action) {
        case 'delete':
          await deleteRecord(required(target.itemExternalId, 'Bluesky', 'the post to delete'));
          return;
        case 'block':
          await xrpc('POST', 'com.atproto.repo.createRecord', {
            json: { repo, collection: 'app.bsky.graph.block', record: { $type: 'app.bsky.graph.block', subject: actor(), createdAt: now() } },
          });
          return;
        case 'unblock': {
          // A block is a record in the channel's repo; the profile's viewer state names it.
          const blocking = str(at(await getProfile(actor()), 'viewer', 'blocking'));
          if (blocking !== null) await deleteRecord(blocking);
          return;
        }
        case 'mute':
        case 'unmute':
          await xrpc('POST', action === 'mute' ? 'app.bsky.graph.muteActor' : 'app.bsky.graph.unmuteActor', { json: { actor: actor() } });
          return;
        case 'report': {
          const subject = target.itemExternalId
            ? { $type: 'com.atproto.repo.strongRef', ...(await strongRef(target.itemExternalId)).ref }
            : { $type: 'com.atproto.admin.defs#repoRef', did: actor() };
          await xrpc('POST', 'com.atproto.moderation.createReport', {
            json: {
              reasonType: target.reason === 'spam' ? 'com.atproto.moderation.defs#reasonSpam' : 'com.atproto.moderation.defs#reasonOther',
              ...(target.reason && target.reason !== 'spam' ? { reason: target.reason } : {}),
              subject,
            },
          });
          return;
        }
        case 'hide':
        case 'unhide':
        case 'restrict':
          throw new Unsupported('moderation_unsupported', `Bluesky: ${action} is not supported`);
        default:
          return exhaustive(action);
      }
    },

    async fetchProfile(externalId: string): Promise<ProfileSnapshot> {
      const body = await getProfile(externalId);
      const did = str(prop(body, 'did'));
      if (did === null) throw new NetworkRejected('invalid_response', 'Bluesky: getProfile gave no did', 200);
      const handle = str(prop(body, 'handle'));
      return {
        externalId: did, handle,
        displayName: str(prop(body, 'displayName')),
        profileUrl: `https://bsky.app/profile/${handle ?? did}`,
        avatarUrl: httpUrl(prop(body, 'avatar')),
        followers: count(prop(body, 'followersCount')),
        verified: str(at(body, 'verification', 'verifiedStatus')) === 'valid' ? true : at(body, 'verification') === undefined ? null : false,
        bio: str(prop(body, 'description')),
        location: null, language: null, employer: null,
        profile: {
          follows: count(prop(body, 'followsCount')),
          posts: count(prop(body, 'postsCount')),
          createdAt: str(prop(body, 'createdAt')),
          blockedByChannel: str(at(body, 'viewer', 'blocking')) !== null,
          mutedByChannel: bool(at(body, 'viewer', 'muted')),
        },
      };
    },
  };
}
