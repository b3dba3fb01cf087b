import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ApiChannelDelivery } from '@parley/contracts/channels';
import { Upstream } from '../../lib/errors.ts';
import { NetworkRejected, Unsupported } from '../shared/http.ts';
import { loadRecording, replayer } from '../shared/replay.ts';
import { apiConnector } from './connector.ts';
import { verifyApiWebhook } from './webhook.ts';

const dir = path.join(import.meta.dirname, 'fixtures', 'http');
const channel = { network: 'api' as const, externalId: 'shop-de', credentials: { replyUrl: 'https://shop.example.com/parley/replies', signingSecret: 'whsec_test_parley' } };
const now = () => new Date('2025-01-01T12:00:00.000Z');
const setup = () => {
  const replay = replayer(loadRecording(dir, 'reply-url.json'));
  return { replay, client: apiConnector.createClient(channel, replay.fetch, { now }) };
};
const thread = { kind: 'private' as const, rootExternalId: 'chat-8812', parentExternalId: null };

describe('API channel replies', () => {
  test('a reply is a signed delivery the receiver can verify with the inbound routine, and read with the inbound schema', async () => {
    const { client, replay } = setup();
    const sent = await client.sendReply({
      thread, parentExternalId: null, text: 'Ihre Bestellung ist unterwegs 🚚', idempotencyKey: 'outbox-42',
      attachments: [{ type: 'file', url: 'https://shop.example.com/invoice.pdf' }],
    });
    expect(sent).toEqual({ externalId: 'msg-99', url: null });
    const request = replay.sent[0]!;
    // The receiver's side of the scheme: the same verification Parley applies to inbound deliveries.
    const verdict = verifyApiWebhook(
      { method: 'POST', headers: request.headers, query: {}, rawBody: Buffer.from(request.body!, 'utf8'), receivedAt: now() },
      { signingSecret: 'whsec_test_parley' },
    );
    expect(verdict).toEqual({ outcome: 'delivery' });
    expect(ApiChannelDelivery.safeParse(JSON.parse(request.body!)).success).toBe(true);
  });

  test('without an id in the answer, the outbox item\'s key is the message id', async () => {
    const { client } = setup();
    expect(await client.sendReply({ thread, parentExternalId: null, text: 'ok', idempotencyKey: 'outbox-43' })).toEqual({ externalId: 'outbox-43', url: null });
  });

  test('a 502 is retryable; a 401 is not', async () => {
    const { client } = setup();
    await expect(client.sendReply({ thread, parentExternalId: null, text: 'x', idempotencyKey: 'outbox-44' })).rejects.toBeInstanceOf(Upstream);
    const refused = client.sendReply({ thread, parentExternalId: null, text: 'x', idempotencyKey: 'outbox-45' });
    await expect(refused).rejects.toBeInstanceOf(NetworkRejected);
    await expect(refused).rejects.toMatchObject({ code: 'token_invalid', message: expect.stringContaining('signature_invalid') });
  });

  test('moderation and profiles are Unsupported', async () => {
    const { client } = setup();
    await expect(client.moderate('hide', { itemExternalId: 'm1' })).rejects.toBeInstanceOf(Unsupported);
    await expect(client.fetchProfile('visitor-4711')).rejects.toMatchObject({ code: 'profile_unsupported' });
  });
});
