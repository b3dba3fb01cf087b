import type { ModerationAction } from '@parley/contracts/channels';
import type { ClientChannel, ClientOptions, ConnectorClient, HttpFetch, ModerationTarget, ProfileSnapshot, ReplyTarget, SentReply } from '../types.ts';
import { httpUrl } from '../shared/event.ts';
import { createHttp, exhaustive, NetworkRejected, required, requireCredential, Unsupported } from '../shared/http.ts';
import { idOf, prop } from '../shared/json.ts';
import { mapAccountProfile, qualifiedAcct } from './entities.ts';

// The Mastodon REST API of the channel's instance, with the account's access token. Replies are statuses with
// in_reply_to_id; a direct message is a status with visibility "direct", which reaches only the accounts it mentions,
// so the person is mentioned unless the text already does. A retried send carries the same Idempotency-Key, which
// Mastodon honours for an hour: the retry returns the status created the first time instead of posting twice.
// People are known by qualified acct (user@domain); the account endpoints take the instance's local id, looked up first.

/** The Mastodon client of one account (credentials: instanceUrl, accessToken; the channel's externalId is its acct). */
export function createMastodonClient(channel: ClientChannel, fetch: HttpFetch, options?: ClientOptions): ConnectorClient {
  const token = requireCredential(channel.credentials, 'accessToken', 'Mastodon');
  const instance = new URL(requireCredential(channel.credentials, 'instanceUrl', 'Mastodon')).origin;
  const http = createHttp({ fetch, service: 'Mastodon', secrets: [token], options, headers: { authorization: `Bearer ${token}` } });
  const api = async (method: 'GET' | 'POST' | 'DELETE', path: string, rest: { json?: unknown; query?: Record<string, string>; headers?: Record<string, string> } = {}) =>
    (await http({ method, url: `${instance}/api/${path}`, ...rest })).body;

  const lookup = async (acct: string) => api('GET', 'v1/accounts/lookup', { query: { acct } });
  // Local ids are all digits; anything else is an acct to look up on this instance.
  const localId = async (account: string) => {
    if (/^\d+$/.test(account)) return account;
    const id = idOf(prop(await lookup(account), 'id'));
    if (id === null) throw new NetworkRejected('invalid_response', `Mastodon: the lookup of ${account} gave no id`, 200);
    return id;
  };

  const sendReply = async (target: ReplyTarget): Promise<SentReply> => {
    if ((target.attachments ?? []).length > 0) throw new Unsupported('attachments_unsupported', 'Mastodon: attachments are not supported yet');
    const direct = target.thread.kind === 'private';
    const recipient = direct ? required(target.recipientExternalId, 'Mastodon', 'the person a direct message is for') : target.recipientExternalId;
    const mention = recipient ? `@${recipient.replace(/^@/, '')}` : null;
    const mentioned = mention !== null && new RegExp(`(^|\\s)${escapeRegExp(mention)}(\\s|$|[.,!?:;])`, 'i').test(target.text);
    const status = mention && !mentioned ? `${mention} ${target.text}` : target.text;
    const body = await api('POST', 'v1/statuses', {
      json: {
        status,
        in_reply_to_id: target.parentExternalId ?? target.thread.parentExternalId ?? target.thread.rootExternalId ?? undefined,
        visibility: direct ? 'direct' : 'public',
      },
      headers: target.idempotencyKey ? { 'idempotency-key': target.idempotencyKey } : undefined,
    });
    const id = idOf(prop(body, 'id'));
    if (id === null) throw new NetworkRejected('invalid_response', 'Mastodon: the status was created without an id', 200);
    return { externalId: id, url: httpUrl(prop(body, 'url')) ?? httpUrl(prop(body, 'uri')) };
  };

  return {
    sendReply,

    async sendPrivateReply({ commentExternalId, text, idempotencyKey }) {
      // The commenter is whoever wrote the status; the direct answer hangs off it, as the mapper threads it.
      const account = qualifiedAcct(prop(await api('GET', `v1/statuses/${encodeURIComponent(commentExternalId)}`), 'account'));
      const thread = { kind: 'private' as const, rootExternalId: null, parentExternalId: commentExternalId };
      const sent = await sendReply({ thread, parentExternalId: commentExternalId, text, recipientExternalId: account, idempotencyKey });
      return { ...sent, thread };
    },

    async moderate(action: ModerationAction, target: ModerationTarget): Promise<void> {
      const author = () => required(target.authorExternalId, 'Mastodon', `the account to ${action}`);
      switch (action) {
        case 'delete':
          // Only the channel's own statuses; Mastodon answers 404 for anyone else's.
          await api('DELETE', `v1/statuses/${encodeURIComponent(required(target.itemExternalId, 'Mastodon', 'the status to delete'))}`);
          return;
        case 'block':
        case 'unblock':
        case 'mute':
        case 'unmute': {
          const relationship = await api('POST', `v1/accounts/${encodeURIComponent(await localId(author()))}/${action}`);
          const field = action.endsWith('block') ? 'blocking' : 'muting';
          if (prop(relationship, field) !== !action.startsWith('un')) {
            throw new NetworkRejected('upstream_rejected', `Mastodon: ${action} was not confirmed`, 200);
          }
          return;
        }
        case 'report':
          await api('POST', 'v1/reports', {
            json: {
              account_id: await localId(author()),
              ...(target.itemExternalId ? { status_ids: [target.itemExternalId] } : {}),
              comment: target.reason ?? '',
              category: target.reason === 'spam' ? 'spam' : 'other',
              // A remote account's instance hears of the report too, so its moderators can act.
              forward: true,
            },
          });
          return;
        case 'hide':
        case 'unhide':
        case 'restrict':
          throw new Unsupported('moderation_unsupported', `Mastodon offers no ${action} of other people's statuses`);
        default:
          return exhaustive(action);
      }
    },

    async fetchProfile(externalId: string): Promise<ProfileSnapshot> {
      const body = /^\d+$/.test(externalId) ? await api('GET', `v1/accounts/${externalId}`) : await lookup(externalId);
      const profile = mapAccountProfile(body);
      if (profile === null) throw new NetworkRejected('invalid_response', 'Mastodon: the answer holds no account', 200);
      return profile;
    },
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
