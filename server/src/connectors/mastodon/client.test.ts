import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Thread } from '@parley/contracts/channels';
import { Upstream } from '../../lib/errors.ts';
import { NetworkRejected, Unsupported } from '../shared/http.ts';
import { loadRecording, replayer } from '../shared/replay.ts';
import { mastodonConnector } from './connector.ts';

const dir = path.join(import.meta.dirname, 'fixtures', 'http');
const channel = {
  network: 'mastodon' as const, externalId: 'parley@mastodon.social',
  credentials: { instanceUrl: 'https://mastodon.social', accessToken: 'mastodon-test-token-000' },
};
const now = () => new Date('2025-01-01T12:00:00.000Z');
const setup = (file: string) => {
  const replay = replayer(loadRecording(dir, file));
  return { replay, client: mastodonConnector.createClient(channel, replay.fetch, { now }) };
};
const thread: Thread = { kind: 'public', rootExternalId: '103270115826048975', parentExternalId: null };

describe('Mastodon requests', () => {
  test('a reply carries in_reply_to_id, mentions the person once, and sends the Idempotency-Key for retries', async () => {
    const { client, replay } = setup('mastodon-api.json');
    const sent = await client.sendReply({
      thread, parentExternalId: '103270115826048975', text: 'Danke für den Hinweis!', recipientExternalId: 'Gargron', idempotencyKey: 'outbox-7f3c',
    });
    expect(sent).toEqual({ externalId: '103270115826048975', url: 'https://mastodon.social/@Gargron/103270115826048975' });
    expect(replay.sent[0]!.headers['idempotency-key']).toBe('outbox-7f3c');
  });

  test('a retry of the same outbox item sends the same Idempotency-Key', async () => {
    const replay = replayer([{ ...loadRecording(dir, 'mastodon-api.json')[0]!, repeat: true }]);
    const client = mastodonConnector.createClient(channel, replay.fetch);
    const target = { thread, parentExternalId: '103270115826048975', text: '@Gargron Danke für den Hinweis!', recipientExternalId: 'Gargron', idempotencyKey: 'outbox-7f3c' };
    await client.sendReply(target);
    await client.sendReply(target);
    expect(replay.sent.map((r) => [r.headers['idempotency-key'], r.body])).toEqual([
      ['outbox-7f3c', replay.sent[0]!.body], ['outbox-7f3c', replay.sent[0]!.body],
    ]);
    // The mention already in the text is not doubled.
    expect(JSON.parse(replay.sent[0]!.body!).status).toBe('@Gargron Danke für den Hinweis!');
  });

  test('a direct message is visibility direct and mentions the person, or it would reach nobody', async () => {
    const { client } = setup('mastodon-api.json');
    const dm: Thread = { kind: 'private', rootExternalId: null, parentExternalId: '103270115826040000' };
    await expect(client.sendReply({ thread: dm, parentExternalId: null, text: 'Ihre Bestellung ist unterwegs.', recipientExternalId: 'noiob@awoo.space' }))
      .resolves.toMatchObject({ externalId: '103270115826048975' });
    await expect(client.sendReply({ thread: dm, parentExternalId: null, text: 'x' })).rejects.toMatchObject({ code: 'target_missing' });
  });

  test('a private reply answers the status directly, mentioning its author, threaded as the mapper threads it', async () => {
    const { client } = setup('mastodon-api.json');
    const sent = await client.sendPrivateReply!({ commentExternalId: '103270115826048975', text: 'Wir melden uns direkt bei Ihnen.' });
    expect(sent.thread).toEqual({ kind: 'private', rootExternalId: null, parentExternalId: '103270115826048975' });
  });

  test.each([
    ['delete', { itemExternalId: '103270115826048975' }, 1],
    ['block', { authorExternalId: 'noiob@awoo.space' }, 2],
    ['unblock', { authorExternalId: 'noiob@awoo.space' }, 2],
    ['mute', { authorExternalId: '23634' }, 1],
    ['unmute', { authorExternalId: 'noiob@awoo.space' }, 2],
    ['report', { authorExternalId: 'noiob@awoo.space', itemExternalId: '103270115826048975', reason: 'spam' }, 2],
  ] as const)('moderation: %s (%#)', async (action, target, requests) => {
    const { client, replay } = setup('mastodon-api.json');
    await client.moderate(action, target);
    expect(replay.sent).toHaveLength(requests);
  });

  test('hiding other people\'s statuses is Unsupported', async () => {
    const { client } = setup('mastodon-api.json');
    await expect(client.moderate('hide', { itemExternalId: '1' })).rejects.toBeInstanceOf(Unsupported);
  });

  test('a profile by acct (lookup) and by local id, from the documentation\'s account example', async () => {
    const { client } = setup('mastodon-api.json');
    const expected = { externalId: 'noiob@awoo.space', handle: 'noiob@awoo.space', displayName: 'ikea shark fan account', followers: 547, profileUrl: 'https://awoo.space/@noiob' };
    expect(await client.fetchProfile('noiob@awoo.space')).toMatchObject(expected);
    expect(await client.fetchProfile('23634')).toMatchObject({ ...expected, bio: expect.stringContaining('#games') });
  });
});

describe('Mastodon errors', () => {
  const fail = async (run: (c: ReturnType<typeof setup>['client']) => Promise<unknown>) =>
    run(setup('mastodon-errors.json').client).then(() => { throw new Error('expected a failure'); }, (err: unknown) => err);
  const reply = (text: string) => (c: ReturnType<typeof setup>['client']) => c.sendReply({ thread, parentExternalId: null, text });

  test('429: retry when X-RateLimit-Reset says', async () => {
    const err = await fail(reply('busy'));
    expect(err).toBeInstanceOf(Upstream);
    expect(err).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 300 });
  });

  test.each([
    ['token test', 'token_invalid', 401],
    ['too long', 'invalid_request', 422],
  ])('%s: %s', async (text, code, status) => {
    const err = await fail(reply(text));
    expect(err).toBeInstanceOf(NetworkRejected);
    expect(err).toMatchObject({ code, upstreamStatus: status });
  });

  test('404 on deleting someone else\'s status: not_found with Mastodon\'s message', async () => {
    expect(await fail((c) => c.moderate('delete', { itemExternalId: '1' }))).toMatchObject({ code: 'not_found', message: expect.stringContaining('Record not found') });
  });
});
