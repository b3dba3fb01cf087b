import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Thread } from '@parley/contracts/channels';
import { Upstream } from '../../lib/errors.ts';
import { readFixture } from '../shared/fixtures.ts';
import { NetworkRejected, Unsupported } from '../shared/http.ts';
import { loadRecording, replayer } from '../shared/replay.ts';
import { detectFacets } from './client.ts';
import { blueskyConnector } from './connector.ts';

const dir = path.join(import.meta.dirname, 'fixtures');
const http = path.join(dir, 'http');
const me = 'did:plc:parleychannel0000000000';
const customer = 'did:plc:u5cwb2mwiv2bfq53cjufe6yn';
const channel = { network: 'bluesky' as const, externalId: me, credentials: { identifier: 'parley.bsky.social', appPassword: 'test-app-pass-0000' } };
const now = () => new Date('2025-01-01T12:00:00.000Z');
const setup = (file: string) => {
  const replay = replayer(loadRecording(http, file));
  return { replay, client: blueskyConnector.createClient(channel, replay.fetch, { now }) };
};
const parentUri = `at://${customer}/app.bsky.feed.post/3k43tvreply2a`;
const thread: Thread = { kind: 'public', rootExternalId: `at://${customer}/app.bsky.feed.post/3k43tv4rft22g`, parentExternalId: parentUri };
const docsExample = JSON.parse(readFixture(dir, 'posts-guide-07-mentions-and-links.json').toString('utf8')) as { text: string; facets: unknown[] };

describe('facets', () => {
  test('the documentation\'s example text gives the documentation\'s facets (UTF-8 byte offsets past ✨ and a ZWJ emoji)', async () => {
    const facets = await detectFacets(docsExample.text, async (h) => (h === 'atproto.com' ? 'did:plc:ewvi7nxzyoun6zhxrhs64oiz' : null));
    expect(facets).toEqual(docsExample.facets);
  });

  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  test.each([
    ['Grüße an @kunde.bsky.social!', 'Grüße an ', '@kunde.bsky.social'],
    ['Öffnungszeiten für 🚲: https://example.com/öffnungszeiten.', 'Öffnungszeiten für 🚲: ', 'https://example.com/öffnungszeiten'],
    ['(siehe https://example.com/a?b=c)', '(siehe ', 'https://example.com/a?b=c'],
    ['@kunde.bsky.social 👋🏽 hallo', '', '@kunde.bsky.social'],
  ])('%s', async (text, before, match) => {
    const [facet] = await detectFacets(text, async () => customer);
    expect(facet!.index).toEqual({ byteStart: bytes(before), byteEnd: bytes(before) + bytes(match) });
    expect(Buffer.from(text, 'utf8').subarray(facet!.index.byteStart, facet!.index.byteEnd).toString('utf8')).toBe(match);
  });

  test.each(['mail@example.com', 'a @localhost b', 'ftp://example.com', 'no links here'])('no facet in %s', async (text) => {
    expect(await detectFacets(text, async () => customer)).toEqual([]);
  });
});

describe('Bluesky requests', () => {
  test('a reply: one sign-in, the parent fetched for its cid and its root, facets resolved, strongRefs sent', async () => {
    const { client, replay } = setup('bluesky-api.json');
    const sent = await client.sendReply({ thread, parentExternalId: parentUri, text: docsExample.text });
    expect(sent).toEqual({ externalId: `at://${me}/app.bsky.feed.post/3lreplyrkey2a`, url: `https://bsky.app/profile/${me}/post/3lreplyrkey2a` });
    expect(replay.sent.map((r) => new URL(r.url).pathname)).toEqual([
      '/xrpc/com.atproto.server.createSession', '/xrpc/app.bsky.feed.getPosts', '/xrpc/com.atproto.identity.resolveHandle', '/xrpc/com.atproto.repo.createRecord',
    ]);
    expect(replay.unused()).not.toContain('create the reply: root from the parent\'s record, facets in UTF-8 bytes (the docs\' example text and facets)');
  });

  test('a mention that does not resolve stays text; the reply still goes out', async () => {
    const { client, replay } = setup('bluesky-api.json');
    await client.sendReply({ thread, parentExternalId: parentUri, text: 'Hallo @nobody.invalid' });
    const record = JSON.parse(replay.sent.at(-1)!.body!).record;
    expect(record.facets).toBeUndefined();
  });

  test('direct messages are Unsupported (chat is not connected)', async () => {
    const { client, replay } = setup('bluesky-api.json');
    await expect(client.sendReply({ thread: { kind: 'private', rootExternalId: 'x', parentExternalId: null }, parentExternalId: null, text: 'x' }))
      .rejects.toMatchObject({ code: 'direct_messages_unsupported' });
    expect(replay.sent).toHaveLength(0);
  });

  test.each([
    ['delete', { itemExternalId: `at://${me}/app.bsky.feed.post/3lreplyrkey2a` }, ['com.atproto.repo.deleteRecord']],
    ['block', { authorExternalId: customer }, ['com.atproto.repo.createRecord']],
    ['unblock', { authorExternalId: customer }, ['app.bsky.actor.getProfile', 'com.atproto.repo.deleteRecord']],
    ['mute', { authorExternalId: customer }, ['app.bsky.graph.muteActor']],
    ['unmute', { authorExternalId: customer }, ['app.bsky.graph.unmuteActor']],
    ['report', { authorExternalId: customer, itemExternalId: parentUri, reason: 'spam' }, ['app.bsky.feed.getPosts', 'com.atproto.moderation.createReport']],
  ] as const)('moderation: %s', async (action, target, calls) => {
    const { client, replay } = setup('bluesky-api.json');
    await client.moderate(action, target);
    expect(replay.sent.slice(1).map((r) => new URL(r.url).pathname.replace('/xrpc/', ''))).toEqual(calls);
  });

  test('deleting someone else\'s post, or hiding, is Unsupported and sends nothing past sign-in', async () => {
    const { client, replay } = setup('bluesky-api.json');
    await expect(client.moderate('delete', { itemExternalId: parentUri })).rejects.toBeInstanceOf(Unsupported);
    await expect(client.moderate('hide', { itemExternalId: parentUri })).rejects.toMatchObject({ code: 'moderation_unsupported' });
    expect(replay.sent).toHaveLength(0);
  });

  test('a profile', async () => {
    const { client } = setup('bluesky-api.json');
    expect(await client.fetchProfile(customer)).toMatchObject({
      externalId: customer, handle: 'kunde.bsky.social', displayName: 'Kunde Müller', profileUrl: 'https://bsky.app/profile/kunde.bsky.social',
      followers: 321, bio: 'Fährt Rad, trinkt Kaffee.', verified: null, profile: { blockedByChannel: true },
    });
  });
});

describe('Bluesky errors', () => {
  const fail = async (file: string, run: (c: ReturnType<typeof setup>['client']) => Promise<unknown>) =>
    run(setup(file).client).then(() => { throw new Error('expected a failure'); }, (err: unknown) => err);

  test('ExpiredToken (status 400) is token_expired', async () => {
    expect(await fail('bluesky-errors.json', (c) => c.fetchProfile('did:plc:expired'))).toMatchObject({ code: 'token_expired', upstreamStatus: 400 });
  });

  test('429: retry after ratelimit-reset', async () => {
    const err = await fail('bluesky-errors.json', (c) => c.fetchProfile('did:plc:busy'));
    expect(err).toBeInstanceOf(Upstream);
    expect(err).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 300 });
  });

  test('InvalidRequest is invalid_request with the XRPC message', async () => {
    expect(await fail('bluesky-errors.json', (c) => c.fetchProfile('did:plc:gone'))).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('Profile not found') });
  });

  test('a refused sign-in is token_invalid; the app password is not in the message', async () => {
    const err = await fail('bluesky-signin-refused.json', (c) => c.fetchProfile(customer));
    expect(err).toBeInstanceOf(NetworkRejected);
    expect(err).toMatchObject({ code: 'token_invalid' });
    expect((err as Error).message).not.toContain('test-app-pass-0000');
  });
});
