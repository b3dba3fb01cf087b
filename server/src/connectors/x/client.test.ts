import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Thread } from '@parley/contracts/channels';
import { Upstream } from '../../lib/errors.ts';
import { NetworkRejected, Unsupported } from '../shared/http.ts';
import { loadRecording, replayer } from '../shared/replay.ts';
import { xConnector } from './connector.ts';

const dir = path.join(import.meta.dirname, 'fixtures', 'http');
const channel = { network: 'x' as const, externalId: '2244994945', credentials: { accessToken: 'x-test-user-token-000' } };
// 2025-01-01T12:00:00Z; the 429 recording resets 15 minutes later.
const now = () => new Date(1735732800_000);
const setup = (file: string) => {
  const replay = replayer(loadRecording(dir, file));
  return { replay, client: xConnector.createClient(channel, replay.fetch, { now }) };
};
const post: Thread = { kind: 'public', rootExternalId: '1445880548472328192', parentExternalId: null };
const dm: Thread = { kind: 'private', rootExternalId: '783214-2244994945', parentExternalId: null };

describe('X API requests', () => {
  test('a reply is a post with reply.in_reply_to_tweet_id, sent with the bearer token', async () => {
    const { client, replay } = setup('x-api.json');
    const sent = await client.sendReply({ thread: post, parentExternalId: '1445880548472328192', text: '@customer Danke! Wir schauen uns das an.' });
    expect(sent).toEqual({ externalId: '1445880548472328193', url: 'https://x.com/i/web/status/1445880548472328193' });
    expect(JSON.parse(replay.sent[0]!.body!)).toEqual({ text: '@customer Danke! Wir schauen uns das an.', reply: { in_reply_to_tweet_id: '1445880548472328192' } });
    expect(replay.sent[0]!.headers.authorization).toBe('Bearer x-test-user-token-000');
  });

  test('a direct message goes to the dm_conversation_id the thread is keyed by', async () => {
    const { client } = setup('x-api.json');
    expect(await client.sendReply({ thread: dm, parentExternalId: null, text: 'Hi, what is your order number?' })).toEqual({ externalId: '1582838223562686474', url: null });
  });

  test('attachments are refused before anything is sent', async () => {
    const { client, replay } = setup('x-api.json');
    await expect(client.sendReply({ thread: post, parentExternalId: '1', text: 'x', attachments: [{ type: 'image', url: 'https://a.example/b.png' }] }))
      .rejects.toMatchObject({ code: 'attachments_unsupported' });
    expect(replay.sent).toHaveLength(0);
  });

  test.each([
    ['hide', { itemExternalId: '1445880548472328199' }],
    ['unhide', { itemExternalId: '1445880548472328199' }],
    ['delete', { itemExternalId: '1445880548472328193' }],
    ['block', { authorExternalId: '783214' }],
    ['unblock', { authorExternalId: '783214' }],
    ['mute', { authorExternalId: '783214' }],
    ['unmute', { authorExternalId: '783214' }],
  ] as const)('moderation: %s', async (action, target) => {
    const { client, replay } = setup('x-api.json');
    await client.moderate(action, target);
    expect(replay.sent).toHaveLength(1);
  });

  test('report is Unsupported', async () => {
    const { client } = setup('x-api.json');
    await expect(client.moderate('report', { authorExternalId: '783214' })).rejects.toBeInstanceOf(Unsupported);
  });

  test('a profile from the documentation\'s user example: bio, location, followers', async () => {
    const { client } = setup('x-api.json');
    expect(await client.fetchProfile('2244994945')).toMatchObject({
      externalId: '2244994945', handle: 'TwitterDev', displayName: 'Twitter Dev', profileUrl: 'https://x.com/TwitterDev',
      verified: true, location: '127.0.0.1', bio: expect.stringContaining("The voice of Twitter's #DevRel team"), employer: null,
    });
  });
});

describe('X API errors', () => {
  const fail = async (run: (c: ReturnType<typeof setup>['client']) => Promise<unknown>) =>
    run(setup('x-errors.json').client).then(() => { throw new Error('expected a failure'); }, (err: unknown) => err);

  test('429: Upstream, retry after x-rate-limit-reset', async () => {
    const err = await fail((c) => c.sendReply({ thread: post, parentExternalId: '1', text: 'busy' }));
    expect(err).toBeInstanceOf(Upstream);
    expect(err).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 900 });
  });

  test('403 duplicate content: duplicate_content with X\'s detail', async () => {
    const err = await fail((c) => c.sendReply({ thread: post, parentExternalId: '1', text: 'same again' }));
    expect(err).toBeInstanceOf(NetworkRejected);
    expect(err).toMatchObject({ code: 'duplicate_content', message: expect.stringContaining('duplicate content') });
  });

  test('401: token_expired', async () => {
    expect(await fail((c) => c.sendReply({ thread: post, parentExternalId: '1', text: 'token test' }))).toMatchObject({ code: 'token_expired' });
  });

  test('200 with only errors: not_found', async () => {
    expect(await fail((c) => c.fetchProfile('1'))).toMatchObject({ code: 'not_found', upstreamStatus: 200 });
  });

  test('403 on hiding: permission_denied', async () => {
    expect(await fail((c) => c.moderate('hide', { itemExternalId: '1' }))).toMatchObject({ code: 'permission_denied', upstreamStatus: 403 });
  });

  test('503: retryable', async () => {
    expect(await fail((c) => c.moderate('delete', { itemExternalId: '2' }))).toMatchObject({ code: 'upstream_unavailable' });
  });
});
