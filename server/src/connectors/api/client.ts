import { randomUUID } from 'node:crypto';
import type { ModerationAction } from '@parley/contracts/channels';
import type { ClientChannel, ClientOptions, ConnectorClient, HttpFetch, ModerationTarget, ProfileSnapshot, ReplyTarget, SentReply } from '../types.ts';
import { createHttp, required, requireCredential, Unsupported } from '../shared/http.ts';
import { idOf, prop } from '../shared/json.ts';
import { API_SIGNATURE_HEADER, API_TIMESTAMP_HEADER, apiChannelSignature } from './webhook.ts';

// Replies of the generic API channel go back to the sender's system: a POST to the channel's reply URL with the
// delivery shape the system itself sends (ApiChannelDelivery, one `message` event with fromChannel: true), signed with
// the same scheme as inbound deliveries (X-Parley-Timestamp, X-Parley-Signature over "<timestamp>.<body>"). The
// delivery id is the outbox item's idempotency key, the same on every retry, so the receiver can drop duplicates.
// The receiver answers 2xx, optionally `{"id": "<its id for the message>"}`.

export const API_DELIVERY_HEADER = 'x-parley-delivery';

/** The API channel client (credentials: replyUrl, signingSecret). */
export function createApiClient(channel: ClientChannel, fetch: HttpFetch, options?: ClientOptions): ConnectorClient {
  const replyUrl = requireCredential(channel.credentials, 'replyUrl', 'API channel');
  const secret = requireCredential(channel.credentials, 'signingSecret', 'API channel');
  const http = createHttp({ fetch, service: 'API channel', secrets: [secret], options });
  const now = () => options?.now?.() ?? new Date();
  const unsupported = (what: string) => new Unsupported(`${what}_unsupported`, `the API channel has no ${what.replace('_', ' ')}`);

  return {
    async sendReply(target: ReplyTarget): Promise<SentReply> {
      const id = target.idempotencyKey ?? randomUUID();
      const at = now();
      const conversation = required(target.thread.rootExternalId, 'API channel', 'the conversation id');
      const body = JSON.stringify({
        id,
        events: [{
          type: 'message', id, fromChannel: true,
          conversation: { id: conversation, visibility: target.thread.kind, ...(target.parentExternalId ? { parentId: target.parentExternalId } : {}) },
          author: { id: channel.externalId },
          text: target.text,
          attachments: (target.attachments ?? []).map((a) => ({ type: a.type, url: a.url })),
          occurredAt: at.toISOString(),
        }],
      });
      const timestamp = String(Math.floor(at.getTime() / 1000));
      // The body is signed as sent: JSON.stringify once, and those exact bytes go out.
      const answer = await http({
        method: 'POST', url: replyUrl, rawJson: body,
        headers: {
          [API_TIMESTAMP_HEADER]: timestamp,
          [API_SIGNATURE_HEADER]: apiChannelSignature(secret, timestamp, Buffer.from(body, 'utf8')),
          [API_DELIVERY_HEADER]: id,
        },
      });
      return { externalId: idOf(prop(answer.body, 'id')) ?? id, url: null };
    },

    async moderate(action: ModerationAction, _target: ModerationTarget): Promise<void> {
      throw new Unsupported('moderation_unsupported', `the API channel has no ${action}`);
    },

    async fetchProfile(_externalId: string): Promise<ProfileSnapshot> {
      // Senders give the author's details with every event; there is nothing to ask.
      throw unsupported('profile');
    },
  };
}
