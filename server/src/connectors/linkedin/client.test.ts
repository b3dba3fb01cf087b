import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Thread } from '@parley/contracts/channels';
import { Upstream } from '../../lib/errors.ts';
import { Unsupported } from '../shared/http.ts';
import { loadRecording, replayer } from '../shared/replay.ts';
import { linkedInConnector } from './connector.ts';

const dir = path.join(import.meta.dirname, 'fixtures', 'http');
const channel = { network: 'linkedin' as const, externalId: 'urn:li:organization:2414183', credentials: { accessToken: 'li-test-token-000' } };
const setup = (file: string) => {
  const replay = replayer(loadRecording(dir, file));
  return { replay, client: linkedInConnector.createClient(channel, replay.fetch) };
};
const share = 'urn:li:share:6916072712345678901';
const comment = 'urn:li:comment:(urn:li:activity:6916072712345678901,6916089598765432109)';
const thread: Thread = { kind: 'public', rootExternalId: share, parentExternalId: share };

describe('LinkedIn requests', () => {
  test('a comment on the post as the organization, with the versioned Rest.li headers', async () => {
    const { client, replay } = setup('linkedin-api.json');
    expect(await client.sendReply({ thread, parentExternalId: share, text: 'Danke für Ihr Feedback!' }))
      .toEqual({ externalId: 'urn:li:comment:(urn:li:activity:6916072712345678901,6916100000000000001)', url: null });
    expect(replay.sent[0]!.url).toBe('https://api.linkedin.com/rest/socialActions/urn%3Ali%3Ashare%3A6916072712345678901/comments');
  });

  test('a reply to a comment is created on the comment with parentComment', async () => {
    const { client } = setup('linkedin-api.json');
    expect(await client.sendReply({ thread: { ...thread, parentExternalId: comment }, parentExternalId: comment, text: 'Gern geschehen.' }))
      .toMatchObject({ externalId: expect.stringContaining('6916100000000000002') });
  });

  test('delete addresses the comment by its id under the post, acting as the organization', async () => {
    const { client, replay } = setup('linkedin-api.json');
    await client.moderate('delete', { itemExternalId: comment, thread });
    expect(replay.sent).toHaveLength(1);
  });

  test.each(['hide', 'block', 'report'] as const)('%s is Unsupported', async (action) => {
    const { client } = setup('linkedin-api.json');
    await expect(client.moderate(action, { itemExternalId: comment, authorExternalId: 'urn:li:person:x' })).rejects.toBeInstanceOf(Unsupported);
  });

  test('direct messages are Unsupported', async () => {
    const { client } = setup('linkedin-api.json');
    await expect(client.sendReply({ thread: { kind: 'private', rootExternalId: 'x', parentExternalId: null }, parentExternalId: null, text: 'x' }))
      .rejects.toMatchObject({ code: 'direct_messages_unsupported' });
  });

  test('a member profile: headline as bio, vanity URL, no guessed employer', async () => {
    const { client } = setup('linkedin-api.json');
    expect(await client.fetchProfile('urn:li:person:yrZCpj2Z12')).toMatchObject({
      displayName: 'Anna Schmidt', handle: 'anna-schmidt', profileUrl: 'https://www.linkedin.com/in/anna-schmidt', bio: 'Einkauf bei Beispiel GmbH', employer: null,
    });
    expect(await client.fetchProfile('urn:li:organization:2414183')).toMatchObject({ displayName: 'DevTestCo', profileUrl: 'https://www.linkedin.com/company/devtestco' });
    await expect(client.fetchProfile('urn:li:group:1')).rejects.toMatchObject({ code: 'profile_unsupported' });
  });
});

describe('LinkedIn errors', () => {
  const fail = async (run: (c: ReturnType<typeof setup>['client']) => Promise<unknown>) =>
    run(setup('linkedin-errors.json').client).then(() => { throw new Error('expected a failure'); }, (err: unknown) => err);

  test('EXPIRED_ACCESS_TOKEN is token_expired', async () => {
    expect(await fail((c) => c.sendReply({ thread, parentExternalId: share, text: 'token test' }))).toMatchObject({ code: 'token_expired' });
  });

  test('429 without Retry-After is retryable with no wait given (the outbox backs off)', async () => {
    const err = await fail((c) => c.sendReply({ thread, parentExternalId: share, text: 'busy' }));
    expect(err).toBeInstanceOf(Upstream);
    expect(err).toMatchObject({ code: 'rate_limited', retryAfterSeconds: undefined });
  });

  test('403 is permission_denied with LinkedIn\'s message', async () => {
    expect(await fail((c) => c.fetchProfile('urn:li:person:secret'))).toMatchObject({ code: 'permission_denied', message: expect.stringContaining('Not enough permissions') });
  });
});
