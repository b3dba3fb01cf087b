import type { ModerationAction } from '@parley/contracts/channels';
import type { ClientChannel, ClientOptions, ConnectorClient, HttpFetch, ModerationTarget, ProfileSnapshot, ReplyTarget, SentReply } from '../types.ts';
import {
  classifyByStatus, createHttp, type ErrorContext, type ErrorVerdict, exhaustive, messageOf, NetworkRejected, required, requireCredential, Unsupported,
} from '../shared/http.ts';
import { arr, at, bool, idOf, prop, str } from '../shared/json.ts';
import { mapV2UserProfile } from './v2.ts';

// X API v2 with an OAuth 2.0 user-context token of the channel's account (Bearer header). Replies are posts with
// reply.in_reply_to_tweet_id; direct messages go to the dm_conversation_id, which for one-to-one conversations is the
// "smaller-larger" pair the mapper uses as the private thread key. X answers problems as RFC 7807-like JSON
// ({title, detail, type, status}) and lookups that find nothing as 200 with an `errors` list and no `data`.

export const X_API_BASE = 'https://api.x.com/2';
export const X_USER_FIELDS = 'created_at,description,entities,location,profile_image_url,protected,public_metrics,url,verified';

/** Reads X's problem details: duplicates, DM refusals and lookups that found nothing get their own codes. */
export function classifyXError(ctx: ErrorContext): ErrorVerdict | null {
  const errors = arr(prop(ctx.body, 'errors'));
  if (ctx.status < 300) {
    // A partial answer (data and errors) is a success; errors alone mean the object was not there or not visible.
    if (errors.length === 0 || prop(ctx.body, 'data') !== undefined) return null;
    const type = str(prop(errors[0], 'type')) ?? '';
    const message = str(prop(errors[0], 'detail')) ?? str(prop(errors[0], 'title')) ?? 'no detail';
    return { retryable: false, code: type.endsWith('/resource-not-found') ? 'not_found' : 'upstream_rejected', message };
  }
  const message = str(prop(ctx.body, 'detail')) ?? str(prop(errors[0], 'message')) ?? messageOf(ctx.body);
  if (ctx.status === 403 && /duplicate content/i.test(message)) return { retryable: false, code: 'duplicate_content', message };
  if (ctx.status === 403 && /(cannot|not allowed to) send (direct )?messages?/i.test(message)) return { retryable: false, code: 'recipient_unavailable', message };
  // Access tokens of OAuth 2.0 user context expire after two hours: a refresh, not the person, fixes a 401.
  if (ctx.status === 401) return { retryable: false, code: 'token_expired', message };
  return classifyByStatus(ctx, message);
}

/** The X API v2 client of one account (credentials: accessToken; the channel's externalId is the account's user id). */
export function createXClient(channel: ClientChannel, fetch: HttpFetch, options?: ClientOptions): ConnectorClient {
  const token = requireCredential(channel.credentials, 'accessToken', 'X API');
  const http = createHttp({ fetch, service: 'X API', secrets: [token, channel.credentials.refreshToken], options, classify: classifyXError, headers: { authorization: `Bearer ${token}` } });
  const me = encodeURIComponent(channel.externalId);
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, json?: unknown, query?: Record<string, string>) =>
    (await http({ method, url: `${X_API_BASE}/${path}`, json, query })).body;
  const confirm = (body: unknown, field: string, expected: boolean, action: string) => {
    if (bool(at(body, 'data', field)) !== expected) throw new NetworkRejected('upstream_rejected', `X API: ${action} was not confirmed`, 200);
  };

  return {
    async sendReply(target: ReplyTarget): Promise<SentReply> {
      // Media must be uploaded first (media/upload) and referenced by id; not wired up yet.
      if ((target.attachments ?? []).length > 0) throw new Unsupported('attachments_unsupported', 'X API: attachments are not supported yet');
      if (target.thread.kind === 'private') {
        const conversation = required(target.thread.rootExternalId, 'X API', 'the dm_conversation_id of a direct message');
        const body = await call('POST', `dm_conversations/${encodeURIComponent(conversation)}/messages`, { text: target.text });
        const eventId = idOf(at(body, 'data', 'dm_event_id'));
        if (eventId === null) throw new NetworkRejected('invalid_response', 'X API: the message was sent without a dm_event_id', 201);
        return { externalId: eventId, url: null };
      }
      const parent = required(target.parentExternalId ?? target.thread.rootExternalId, 'X API', 'the post a reply answers');
      const body = await call('POST', 'tweets', { text: target.text, reply: { in_reply_to_tweet_id: parent } });
      const id = idOf(at(body, 'data', 'id'));
      if (id === null) throw new NetworkRejected('invalid_response', 'X API: the post was created without an id', 201);
      return { externalId: id, url: `https://x.com/i/web/status/${id}` };
    },

    async moderate(action: ModerationAction, target: ModerationTarget): Promise<void> {
      const item = () => encodeURIComponent(required(target.itemExternalId, 'X API', `the post to ${action}`));
      const user = () => required(target.authorExternalId, 'X API', `the user to ${action}`);
      switch (action) {
        case 'hide':
        case 'unhide':
          // Only replies to the channel's own conversations can be hidden; X answers 403 otherwise.
          confirm(await call('PUT', `tweets/${item()}/hidden`, { hidden: action === 'hide' }), 'hidden', action === 'hide', action);
          return;
        case 'delete':
          // Only the channel's own posts; X has no deleting of other people's posts.
          confirm(await call('DELETE', `tweets/${item()}`), 'deleted', true, action);
          return;
        // Blocking is an Enterprise-plan endpoint (docs.x.com/x-api/users/blocks); other plans answer 403 permission_denied.
        case 'block':
        case 'mute': {
          const edge = action === 'block' ? 'blocking' : 'muting';
          confirm(await call('POST', `users/${me}/${edge}`, { target_user_id: user() }), edge, true, action);
          return;
        }
        case 'unblock':
        case 'unmute': {
          const edge = action === 'unblock' ? 'blocking' : 'muting';
          confirm(await call('DELETE', `users/${me}/${edge}/${encodeURIComponent(user())}`), edge, false, action);
          return;
        }
        case 'report':
        case 'restrict':
          throw new Unsupported('moderation_unsupported', `X API offers no ${action}`);
        default:
          return exhaustive(action);
      }
    },

    async fetchProfile(externalId: string): Promise<ProfileSnapshot> {
      const body = await call('GET', `users/${encodeURIComponent(externalId)}`, undefined, { 'user.fields': X_USER_FIELDS });
      const profile = mapV2UserProfile(body);
      if (profile === null) throw new NetworkRejected('invalid_response', 'X API: the users lookup held no user', 200);
      return profile;
    },
  };
}
