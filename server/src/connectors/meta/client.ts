import { Validation } from '../../lib/errors.ts';
import type { ModerationAction } from '@parley/contracts/channels';
import type { ClientChannel, ClientOptions, ConnectorClient, HttpFetch, ModerationTarget, ProfileSnapshot, ReplyTarget, SentReply } from '../types.ts';
import { httpUrl } from '../shared/event.ts';
import {
  createHttp, type ErrorContext, type ErrorVerdict, exhaustive, NetworkRejected, required, requireCredential, retryAfterFromHeaders, Unsupported,
} from '../shared/http.ts';
import { bool, count, idOf, obj, prop, str } from '../shared/json.ts';
import { hmacSha256 } from '../shared/verify.ts';

// Graph API for a Facebook page and an Instagram professional account, with the page access token. The token travels
// in the Authorization header only; every call carries appsecret_proof (HMAC-SHA256 of the token keyed with the app
// secret), which apps with "Require App Secret" switched on must send and which makes a leaked token useless alone.
// Public replies are comments (Facebook: /{id}/comments; Instagram: /{comment}/replies or /{media}/comments), direct
// messages and private replies go through the Send API (/me/messages, which is the page for a page token).

export const GRAPH_BASE = 'https://graph.facebook.com/v23.0';

// Meta error codes (developers.facebook.com/docs/graph-api/guides/error-handling, Messenger "Send API error codes").
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
const OUTSIDE_WINDOW_SUBCODES = new Set([2018278, 2018065]);

/** appsecret_proof: hex HMAC-SHA256 of the access token keyed with the app secret. */
export function appSecretProof(accessToken: string, appSecret: string): string {
  return hmacSha256(appSecret, accessToken).toString('hex');
}

/** Reads a Graph API error object (`{error: {message, type, code, error_subcode, is_transient}}`) into a verdict. */
export function classifyGraphError(ctx: ErrorContext): ErrorVerdict | null {
  const error = obj(prop(ctx.body, 'error'));
  if (error === null) return null;
  const code = typeof prop(error, 'code') === 'number' ? (prop(error, 'code') as number) : null;
  const sub = typeof prop(error, 'error_subcode') === 'number' ? (prop(error, 'error_subcode') as number) : null;
  const message = `${str(prop(error, 'message')) ?? 'no message'} (code ${code ?? '?'}${sub !== null ? `/${sub}` : ''})`;
  if (code === 190 || code === 102) return { retryable: false, code: code === 190 ? 'token_expired' : 'token_invalid', message };
  if (code !== null && (RATE_LIMIT_CODES.has(code) || (code >= 80001 && code <= 80014))) {
    return { retryable: true, code: 'rate_limited', message, retryAfterSeconds: businessUseCaseWait(ctx.headers) ?? retryAfterFromHeaders(ctx.headers, ctx.now) };
  }
  if (code === 10 && sub !== null && OUTSIDE_WINDOW_SUBCODES.has(sub)) return { retryable: false, code: 'outside_messaging_window', message };
  if (code === 551 || (code === 100 && sub === 2018001)) return { retryable: false, code: 'recipient_unavailable', message };
  if (code === 1 || code === 2 || bool(prop(error, 'is_transient')) === true) return { retryable: true, code: 'upstream_unavailable', message };
  if (code === 506) return { retryable: false, code: 'duplicate_content', message };
  if ((code === 100 && sub === 33) || code === 803) return { retryable: false, code: 'not_found', message };
  if (code === 10 || code === 3 || code === 368 || (code !== null && code >= 200 && code <= 299)) return { retryable: false, code: 'permission_denied', message };
  if (code === 100) return { retryable: false, code: 'invalid_request', message };
  return ctx.status >= 500 ? { retryable: true, code: 'upstream_unavailable', message } : { retryable: false, code: 'upstream_rejected', message };
}

/**
 * Seconds until the Business Use Case rate limit lets the page call again: X-Business-Use-Case-Usage maps business
 * ids to usage entries whose estimated_time_to_regain_access is in MINUTES.
 */
export function businessUseCaseWait(headers: { get(name: string): string | null }): number | undefined {
  const raw = headers.get('x-business-use-case-usage');
  if (!raw) return undefined;
  let usage: unknown;
  try {
    usage = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const minutes = Object.values(obj(usage) ?? {}).flatMap((entries) => (Array.isArray(entries) ? entries : []))
    .map((entry) => count(prop(entry, 'estimated_time_to_regain_access')) ?? 0);
  return minutes.length > 0 ? Math.max(...minutes) * 60 : undefined;
}

/** The Graph API client of one Facebook page or Instagram account (credentials: accessToken, appSecret). */
export function createMetaClient(channel: ClientChannel, fetch: HttpFetch, options?: ClientOptions): ConnectorClient {
  const token = requireCredential(channel.credentials, 'accessToken', 'Graph API');
  const appSecret = requireCredential(channel.credentials, 'appSecret', 'Graph API');
  const proof = appSecretProof(token, appSecret);
  const http = createHttp({
    fetch, service: 'Graph API', secrets: [token, appSecret, proof], options, classify: classifyGraphError,
    headers: { authorization: `Bearer ${token}` },
  });
  const instagram = channel.network === 'instagram';
  const graph = async (method: 'GET' | 'POST' | 'DELETE', path: string, json?: unknown, query: Record<string, string> = {}) =>
    (await http({ method, url: `${GRAPH_BASE}/${path}`, query: { ...query, appsecret_proof: proof }, json })).body;
  const id = (value: string) => encodeURIComponent(value);

  const sendMessage = async (recipient: Record<string, string>, message: Record<string, unknown>): Promise<{ recipientId: string | null; messageId: string }> => {
    // RESPONSE: an answer within the 24-hour window the person opened; outside it Meta refuses (outside_messaging_window).
    const body = await graph('POST', 'me/messages', { recipient, messaging_type: 'RESPONSE', message });
    const messageId = idOf(prop(body, 'message_id'));
    if (messageId === null) throw new NetworkRejected('invalid_response', 'Graph API: the Send API answered without message_id', 200);
    return { recipientId: idOf(prop(body, 'recipient_id')), messageId };
  };

  const succeeded = (body: unknown, what: string) => {
    if (prop(body, 'success') !== true && !Object.values(obj(body) ?? {}).some((v) => v === true)) {
      throw new NetworkRejected('upstream_rejected', `Graph API: ${what} was not confirmed`, 200);
    }
  };

  return {
    async sendReply(target: ReplyTarget): Promise<SentReply> {
      const attachments = target.attachments ?? [];
      if (target.thread.kind === 'private') {
        const psid = target.thread.rootExternalId ?? target.recipientExternalId;
        const to = required(psid, 'Graph API', 'a private reply (the person\'s id)');
        // The Send API takes text or one attachment per message: the text goes first, each attachment after it.
        const first = target.text
          ? await sendMessage({ id: to }, { text: target.text })
          : null;
        let firstId = first?.messageId ?? null;
        for (const a of attachments) {
          const sent = await sendMessage({ id: to }, { attachment: { type: a.type, payload: { url: a.url, is_reusable: false } } });
          firstId ??= sent.messageId;
        }
        if (firstId === null) throw new Validation('reply_empty', 'Graph API: nothing to send');
        return { externalId: firstId, url: null };
      }
      const parent = target.parentExternalId ?? target.thread.rootExternalId;
      const parentId = required(parent, 'Graph API', 'a public reply (the comment or post it answers)');
      if (attachments.length > 1) throw new Unsupported('attachments_unsupported', 'Graph API: a comment carries at most one attachment');
      // Instagram replies to a comment on /replies; a comment directly under the media goes to /comments.
      const edge = instagram && parentId !== target.thread.rootExternalId ? 'replies' : 'comments';
      if (instagram && attachments.length > 0) throw new Unsupported('attachments_unsupported', 'Graph API: Instagram comments are text only');
      const body = await graph('POST', `${id(parentId)}/${edge}`, {
        message: target.text,
        ...(attachments[0] ? { attachment_url: attachments[0].url } : {}),
      });
      const commentId = idOf(prop(body, 'id'));
      if (commentId === null) throw new NetworkRejected('invalid_response', 'Graph API: the comment was created without an id', 200);
      return { externalId: commentId, url: null };
    },

    async sendPrivateReply({ commentExternalId, text }) {
      // A private reply is addressed to the comment; Meta answers with the commenter's page-scoped id, the key of the
      // private thread that the person's answers arrive in.
      const { recipientId, messageId } = await sendMessage({ comment_id: commentExternalId }, { text });
      if (recipientId === null) throw new NetworkRejected('invalid_response', 'Graph API: the private reply was sent but no recipient_id came back', 200);
      return { externalId: messageId, url: null, thread: { kind: 'private', rootExternalId: recipientId, parentExternalId: null } };
    },

    async moderate(action: ModerationAction, target: ModerationTarget): Promise<void> {
      switch (action) {
        case 'hide':
        case 'unhide': {
          const item = need(target.itemExternalId, action);
          const flag = action === 'hide';
          succeeded(await graph('POST', id(item), instagram ? { hide: flag } : { is_hidden: flag }), action);
          return;
        }
        case 'delete':
          succeeded(await graph('DELETE', id(need(target.itemExternalId, action))), action);
          return;
        case 'block':
        case 'unblock': {
          if (instagram) throw new Unsupported('moderation_unsupported', `Instagram has no API to ${action} a user`);
          const user = need(target.authorExternalId, action);
          succeeded(await graph(action === 'block' ? 'POST' : 'DELETE', `${id(channel.externalId)}/blocked`, action === 'block' ? { user } : undefined, action === 'unblock' ? { user } : {}), action);
          return;
        }
        case 'mute':
        case 'unmute':
        case 'report':
        case 'restrict':
          throw new Unsupported('moderation_unsupported', `Graph API offers no ${action} for ${channel.network}`);
        default:
          return exhaustive(action);
      }
    },

    async fetchProfile(externalId: string): Promise<ProfileSnapshot> {
      const fields = instagram
        ? 'name,username,profile_pic,follower_count,is_verified_user,is_user_follow_business,is_business_follow_user'
        : 'name,first_name,last_name,profile_pic';
      const body = await graph('GET', id(externalId), undefined, { fields });
      const username = str(prop(body, 'username'));
      const name = str(prop(body, 'name')) ?? ([str(prop(body, 'first_name')), str(prop(body, 'last_name'))].filter(Boolean).join(' ') || null);
      return {
        externalId: idOf(prop(body, 'id')) ?? externalId,
        handle: username,
        displayName: name,
        profileUrl: instagram && username ? `https://www.instagram.com/${username}` : null,
        avatarUrl: httpUrl(prop(body, 'profile_pic')),
        followers: count(prop(body, 'follower_count')),
        verified: bool(prop(body, 'is_verified_user')),
        bio: null, location: null, language: null, employer: null,
        profile: instagram
          ? { followsBusiness: bool(prop(body, 'is_user_follow_business')), followedByBusiness: bool(prop(body, 'is_business_follow_user')) }
          : { firstName: str(prop(body, 'first_name')), lastName: str(prop(body, 'last_name')) },
      };
    },
  };
}

const need = (value: string | null | undefined, what: string) => required(value, 'Graph API', what);
