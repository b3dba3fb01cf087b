import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { Upstream, Validation } from '../../lib/errors.ts';
import { NetworkRejected, Unsupported } from '../shared/http.ts';
import { loadRecording, replayer, UnrecordedRequest } from '../shared/replay.ts';
import type { Thread } from '@parley/contracts/channels';
import { appSecretProof, businessUseCaseWait } from './client.ts';
import { metaConnector } from './connector.ts';

const dir = path.join(import.meta.dirname, 'fixtures', 'http');
const credentials = { accessToken: 'EAAtestPageToken0000', appSecret: 'test-app-secret' };
const page = { network: 'facebook' as const, externalId: '1067280970047460', credentials };
const ig = { network: 'instagram' as const, externalId: '17841400000000000', credentials };
const comment = '1809938745705498_1810399758992730';
const publicThread: Thread = { kind: 'public', rootExternalId: '1809938745705498', parentExternalId: comment };
const dmThread: Thread = { kind: 'private', rootExternalId: '1254477777772919', parentExternalId: null };

const setup = (file: string, channel: typeof page | typeof ig = page) => {
  const replay = replayer(loadRecording(dir, file));
  return { replay, client: metaConnector.createClient(channel, replay.fetch) };
};

describe('Graph API requests', () => {
  test('appsecret_proof is the hex HMAC-SHA256 of the token keyed with the app secret', () => {
    expect(appSecretProof('EAAtestPageToken0000', 'test-app-secret')).toBe('d2cd31f9885cf0b288723c426b733882ad85d4a0319fe65d5e8d8d0e20de9a84');
  });

  test('a public reply is a comment under the comment; the token only in the header, the proof in the URL', async () => {
    const { client, replay } = setup('graph-facebook.json');
    const sent = await client.sendReply({ thread: publicThread, parentExternalId: comment, text: 'Danke für den Hinweis – wir melden uns per Nachricht.' });
    expect(sent).toEqual({ externalId: '1809938745705498_1810412345678901', url: null });
    const [request] = replay.sent;
    expect(request!.url).not.toContain('EAAtestPageToken0000');
    expect(request!.url).toContain('appsecret_proof=d2cd31f9');
    expect(request!.headers.authorization).toBe('Bearer EAAtestPageToken0000');
  });

  test('a direct message goes through the Send API as a RESPONSE, attachments as their own messages after the text', async () => {
    const { client, replay } = setup('graph-facebook.json');
    const sent = await client.sendReply({
      thread: dmThread, parentExternalId: null, text: 'Hallo! Wie können wir helfen?',
      attachments: [{ type: 'image', url: 'https://cdn.example.com/manual.png' }],
    });
    expect(sent.externalId).toMatch(/^m_AG5Hz2/);
    expect(replay.sent.map((r) => JSON.parse(r.body!).message)).toEqual([
      { text: 'Hallo! Wie können wir helfen?' },
      { attachment: { type: 'image', payload: { url: 'https://cdn.example.com/manual.png', is_reusable: false } } },
    ]);
  });

  test('a private reply is addressed to the comment and returns the private thread of the commenter', async () => {
    const { client } = setup('graph-facebook.json');
    const sent = await client.sendPrivateReply!({ commentExternalId: comment, text: 'Wir schreiben Ihnen privat, damit Ihre Bestellnummer nicht öffentlich steht.' });
    expect(sent).toEqual({ externalId: 'm_private_reply_1', url: null, thread: { kind: 'private', rootExternalId: '1254477777772920', parentExternalId: null } });
  });

  test.each([
    ['hide', { itemExternalId: comment }],
    ['unhide', { itemExternalId: comment }],
    ['delete', { itemExternalId: comment }],
    ['block', { authorExternalId: '1254477777772919' }],
    ['unblock', { authorExternalId: '1254477777772919' }],
  ] as const)('moderation: %s', async (action, target) => {
    const { client, replay } = setup('graph-facebook.json');
    await expect(client.moderate(action, target)).resolves.toBeUndefined();
    expect(replay.sent).toHaveLength(1);
  });

  test('moderation the page cannot do is Unsupported with a stable code, and sends nothing', async () => {
    const { client, replay } = setup('graph-facebook.json');
    await expect(client.moderate('mute', { authorExternalId: '1' })).rejects.toMatchObject({ code: 'moderation_unsupported' });
    await expect(client.moderate('report', { itemExternalId: comment })).rejects.toBeInstanceOf(Unsupported);
    expect(replay.sent).toHaveLength(0);
  });

  test('moderation without its target is our mistake (Validation), not a request', async () => {
    const { client, replay } = setup('graph-facebook.json');
    await expect(client.moderate('hide', {})).rejects.toBeInstanceOf(Validation);
    expect(replay.sent).toHaveLength(0);
  });

  test('a Messenger profile by PSID', async () => {
    const { client } = setup('graph-facebook.json');
    expect(await client.fetchProfile('1254477777772919')).toEqual({
      externalId: '1254477777772919', handle: null, displayName: 'Peter Chang', profileUrl: null,
      avatarUrl: 'https://platform-lookaside.fbsbx.com/platform/profilepic/?psid=1254477777772919', followers: null, verified: null,
      bio: null, location: null, language: null, employer: null, profile: { firstName: 'Peter', lastName: 'Chang' },
    });
  });
});

describe('Instagram', () => {
  test('a reply to a comment goes to /replies, a comment on the media to /comments', async () => {
    const { client } = setup('graph-instagram.json', ig);
    const thread: Thread = { kind: 'public', rootExternalId: '17895695668004550', parentExternalId: '17870913679156914' };
    expect(await client.sendReply({ thread, parentExternalId: '17870913679156914', text: 'Thanks! Check your DMs.' })).toEqual({ externalId: '17873440459141021', url: null });
    expect(await client.sendReply({ thread, parentExternalId: null, text: 'Hello everyone' })).toEqual({ externalId: '17873440459141022', url: null });
  });

  test('hide uses Instagram\'s `hide` field; blocking does not exist', async () => {
    const { client, replay } = setup('graph-instagram.json', ig);
    await client.moderate('hide', { itemExternalId: '17870913679156914' });
    expect(JSON.parse(replay.sent[0]!.body!)).toEqual({ hide: true });
    await expect(client.moderate('block', { authorExternalId: '1' })).rejects.toBeInstanceOf(Unsupported);
  });

  test('an Instagram profile has a handle, a profile URL and followers', async () => {
    const { client } = setup('graph-instagram.json', ig);
    expect(await client.fetchProfile('526401200000000')).toMatchObject({
      externalId: '526401200000000', handle: 'peter_chang_live', displayName: 'Peter Chang',
      profileUrl: 'https://www.instagram.com/peter_chang_live', followers: 1234, verified: false,
    });
  });
});

describe('Graph API errors', () => {
  const fail = async (run: (c: ReturnType<typeof setup>['client']) => Promise<unknown>) => {
    const { client } = setup('graph-errors.json');
    return run(client).then(() => { throw new Error('expected a failure'); }, (err: unknown) => err);
  };

  test('190 is token_expired, not retryable, with Meta\'s message', async () => {
    const err = await fail((c) => c.sendReply({ thread: dmThread, parentExternalId: null, text: 'token test' }));
    expect(err).toBeInstanceOf(NetworkRejected);
    expect(err).toMatchObject({ code: 'token_expired', upstreamStatus: 400 });
    expect((err as Error).message).toContain('Session has expired');
  });

  test('10/2018278 is outside_messaging_window', async () => {
    const err = await fail((c) => c.sendReply({ thread: dmThread, parentExternalId: null, text: 'late answer' }));
    expect(err).toMatchObject({ code: 'outside_messaging_window' });
  });

  test('80001 is a retryable rate limit; the wait comes from X-Business-Use-Case-Usage (minutes)', async () => {
    const err = await fail((c) => c.sendReply({ thread: publicThread, parentExternalId: comment, text: 'busy' }));
    expect(err).toBeInstanceOf(Upstream);
    expect(err).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 19 * 60 });
  });

  test('100/33 is not_found', async () => {
    const err = await fail((c) => c.moderate('delete', { itemExternalId: '999_404' }));
    expect(err).toMatchObject({ code: 'not_found' });
  });

  test('a 503 with an HTML body is retryable after Retry-After', async () => {
    const err = await fail((c) => c.fetchProfile('1254477777772919'));
    expect(err).toBeInstanceOf(Upstream);
    expect(err).toMatchObject({ code: 'upstream_unavailable', retryAfterSeconds: 30 });
  });

  test('a token the network echoes never reaches the message', async () => {
    const err = await fail((c) => c.moderate('hide', { itemExternalId: comment }));
    expect((err as Error).message).not.toContain('EAAtestPageToken0000');
    expect((err as Error).message).toContain('[redacted]');
  });

  test('usage headers without a wait, or unreadable, give no wait', () => {
    const headers = (value: string | null) => ({ get: () => value });
    expect(businessUseCaseWait(headers(null))).toBeUndefined();
    expect(businessUseCaseWait(headers('not json'))).toBeUndefined();
    expect(businessUseCaseWait(headers('{"1":[{"type":"pages","estimated_time_to_regain_access":0}]}'))).toBe(0);
  });

  test('a request nobody recorded fails loudly instead of reaching the network', async () => {
    const { client } = setup('graph-facebook.json');
    await expect(client.fetchProfile('42')).rejects.toBeInstanceOf(UnrecordedRequest);
  });

  test('a channel without a page token cannot make a client', () => {
    expect(() => metaConnector.createClient({ ...page, credentials: { appSecret: 'x' } }, replayer([]).fetch)).toThrow(/accessToken/);
  });
});
