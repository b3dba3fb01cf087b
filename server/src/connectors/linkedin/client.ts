import type { ModerationAction } from '@parley/contracts/channels';
import type { ClientChannel, ClientOptions, ConnectorClient, HttpFetch, ModerationTarget, ProfileSnapshot, ReplyTarget, SentReply } from '../types.ts';
import {
  classifyByStatus, createHttp, type ErrorContext, type ErrorVerdict, exhaustive, NetworkRejected, required, requireCredential, Unsupported,
} from '../shared/http.ts';
import { idOf, prop, str } from '../shared/json.ts';

// LinkedIn Community Management API (versioned /rest endpoints) acting as the organization. A comment is created on
// the post (share or ugcPost URN) through socialActions/{urn}/comments; a reply to a comment is created on the comment
// URN with parentComment set. Comments are known by their URN, `urn:li:comment:(<activity or post URN>,<id>)`, as the
// social-action notifications name them. Organization pages have no messaging API.

export const LINKEDIN_BASE = 'https://api.linkedin.com/rest';
export const LINKEDIN_VERSION = '202506';
const COMMENT_URN = /^urn:li:comment:\((urn:li:[a-zA-Z]+:[^,()]+),(\d+)\)$/;

/** A URN as a path segment: Rest.li 2.0 wants every reserved character encoded, parentheses included. */
export function encodeUrn(urn: string): string {
  return encodeURIComponent(urn).replace(/\(/g, '%28').replace(/\)/g, '%29');
}

/** LinkedIn errors: `{status, serviceErrorCode, code, message}`; the code tells an expired token from a revoked one. */
export function classifyLinkedInError(ctx: ErrorContext): ErrorVerdict | null {
  if (ctx.status < 300) return null;
  const code = str(prop(ctx.body, 'code'));
  const message = `${str(prop(ctx.body, 'message')) ?? 'no message'}${code ? ` (${code})` : ''}`;
  if (code === 'EXPIRED_ACCESS_TOKEN') return { retryable: false, code: 'token_expired', message };
  if (code === 'REVOKED_ACCESS_TOKEN' || code === 'INVALID_ACCESS_TOKEN') return { retryable: false, code: 'token_invalid', message };
  if (ctx.status === 422 && /duplicate/i.test(message)) return { retryable: false, code: 'duplicate_content', message };
  return classifyByStatus(ctx, message);
}

/** The LinkedIn client of one organization (credentials: accessToken; the channel's externalId is the organization URN). */
export function createLinkedInClient(channel: ClientChannel, fetch: HttpFetch, options?: ClientOptions): ConnectorClient {
  const token = requireCredential(channel.credentials, 'accessToken', 'LinkedIn');
  const http = createHttp({
    fetch, service: 'LinkedIn', secrets: [token, channel.credentials.refreshToken], options, classify: classifyLinkedInError,
    headers: { authorization: `Bearer ${token}`, 'linkedin-version': LINKEDIN_VERSION, 'x-restli-protocol-version': '2.0.0' },
  });
  const org = channel.externalId;

  return {
    async sendReply(target: ReplyTarget): Promise<SentReply> {
      if (target.thread.kind === 'private') throw new Unsupported('direct_messages_unsupported', 'LinkedIn has no messaging API for organization pages');
      if ((target.attachments ?? []).length > 0) throw new Unsupported('attachments_unsupported', 'LinkedIn: attachments are not supported yet');
      const post = required(target.thread.rootExternalId, 'LinkedIn', 'the post a comment belongs to');
      const parent = target.parentExternalId ?? target.thread.parentExternalId;
      const nested = parent !== null && COMMENT_URN.test(parent) ? parent : null;
      const { body, headers } = await http({
        method: 'POST',
        url: `${LINKEDIN_BASE}/socialActions/${encodeUrn(nested ?? post)}/comments`,
        json: { actor: org, object: post, message: { text: target.text }, ...(nested ? { parentComment: nested } : {}) },
      });
      // The created comment comes back as the body; some versions give only its id in x-restli-id.
      const urn = str(prop(body, 'commentUrn')) ?? str(prop(body, '$URN')) ?? headers.get('x-restli-id');
      if (urn === null) throw new NetworkRejected('invalid_response', 'LinkedIn: the comment was created without a URN', 201);
      return { externalId: urn, url: null };
    },

    async moderate(action: ModerationAction, target: ModerationTarget): Promise<void> {
      switch (action) {
        case 'delete': {
          const comment = required(target.itemExternalId, 'LinkedIn', 'the comment to delete');
          const m = COMMENT_URN.exec(comment);
          if (m === null) throw new Unsupported('moderation_unsupported', 'LinkedIn: only comments can be deleted from Parley');
          // The comment is addressed through the post it belongs to; its own URN names the activity when the thread does not.
          const on = target.thread?.rootExternalId ?? m[1]!;
          await http({ method: 'DELETE', url: `${LINKEDIN_BASE}/socialActions/${encodeUrn(on)}/comments/${m[2]!}`, query: { actor: org } });
          return;
        }
        case 'hide':
        case 'unhide':
        case 'block':
        case 'unblock':
        case 'mute':
        case 'unmute':
        case 'report':
        case 'restrict':
          throw new Unsupported('moderation_unsupported', `LinkedIn offers no ${action} to organization pages`);
        default:
          return exhaustive(action);
      }
    },

    async fetchProfile(externalId: string): Promise<ProfileSnapshot> {
      const person = /^urn:li:person:([A-Za-z0-9_-]+)$/.exec(externalId);
      const organization = /^urn:li:organization:(\d+)$/.exec(externalId);
      if (person) {
        // Rest.li 2.0 key syntax; the Community Management API returns members who engaged with the organization.
        const { body } = await http({ method: 'GET', url: `${LINKEDIN_BASE}/people/(id:${person[1]!})` });
        const vanity = str(prop(body, 'vanityName'));
        const name = [str(prop(body, 'localizedFirstName')), str(prop(body, 'localizedLastName'))].filter(Boolean).join(' ');
        return {
          externalId, handle: vanity, displayName: name || null,
          profileUrl: vanity ? `https://www.linkedin.com/in/${vanity}` : null,
          // profilePicture names a digital media asset, no URL; resolving it needs the Images API.
          avatarUrl: null, followers: null, verified: null,
          bio: str(prop(body, 'localizedHeadline')), location: null, language: null,
          // LinkedIn returns no positions here; the headline often names the employer, but that would be a guess.
          employer: null,
          profile: {},
        };
      }
      if (organization) {
        const { body } = await http({ method: 'GET', url: `${LINKEDIN_BASE}/organizations/${organization[1]!}` });
        const vanity = str(prop(body, 'vanityName'));
        return {
          externalId, handle: vanity, displayName: str(prop(body, 'localizedName')),
          profileUrl: vanity ? `https://www.linkedin.com/company/${vanity}` : null,
          avatarUrl: null, followers: null, verified: null,
          bio: str(prop(body, 'localizedDescription')), location: null, language: null, employer: null,
          profile: { website: str(prop(body, 'localizedWebsite')), id: idOf(prop(body, 'id')) },
        };
      }
      throw new Unsupported('profile_unsupported', 'LinkedIn: profiles are available for member and organization URNs only');
    },
  };
}
