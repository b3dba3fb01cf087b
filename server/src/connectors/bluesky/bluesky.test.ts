import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { InboundEvent } from '@parley/contracts/channels';
import { MalformedDelivery } from '../shared/delivery.ts';
import { listFixtures, readFixture } from '../shared/fixtures.ts';
import { mapFacets, mapPostRecord, parseAtUri, parseBlueskyDelivery } from './mapper.ts';

const dir = path.join(import.meta.dirname, 'fixtures');
const json = (file: string) => JSON.parse(readFixture(dir, file).toString('utf8')) as Record<string, unknown>;
const receivedAt = new Date('2025-03-01T12:00:00Z');
const channel = 'did:plc:ewvi7nxzyoun6zhxrhs64oiz';
// The docs' strongRef example: where a post lives (fixture 02) — used as the location of the record examples.
const strongRef = json('posts-guide-02-post-record-structure.json') as { uri: string; cid: string };
const authorDid = parseAtUri(strongRef.uri)!.did;
const records = listFixtures(dir).filter((f) => f.startsWith('posts-guide-') && json(f).$type === 'app.bsky.feed.post');
const map = (file: string) => mapPostRecord(json(file), { uri: strongRef.uri, authorDid }, channel, '', receivedAt);

describe('every Bluesky post record example', () => {
  test('seven of the nine guide examples are post records; the other two are a strongRef and a blob', () => {
    expect(records).toHaveLength(7);
    for (const other of ['posts-guide-02-post-record-structure.json', 'posts-guide-16-images-embeds.json']) {
      expect(() => mapPostRecord(json(other), { uri: strongRef.uri, authorDid }, channel, '')).toThrow(MalformedDelivery);
    }
  });

  test.each(records)('%s maps into a contract-valid event', (file) => {
    const event = map(file);
    expect(InboundEvent.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      network: 'bluesky', kind: 'message', externalId: strongRef.uri, author: { externalId: authorDid },
      url: 'https://bsky.app/profile/did:plc:u5cwb2mwiv2bfq53cjufe6yn/post/3k4duaz5vfs2b',
    });
  });

  // The notification and Jetstream envelopes are constructed around the real records (the guide has no envelope examples).
  test.each(records)('%s arrives the same way in a notification page and in a Jetstream commit', (file) => {
    const record = json(file);
    const notification = { uri: strongRef.uri, cid: strongRef.cid, author: { did: authorDid, handle: 'docs.bsky.social' }, reason: 'reply', record, isRead: false, indexedAt: '2023-08-08T01:03:42.000Z' };
    const page = parseBlueskyDelivery(Buffer.from(JSON.stringify({ notifications: [notification], cursor: 'x' })), {}, { channelExternalId: channel, receivedAt });
    const [did, , rkey] = strongRef.uri.replace('at://', '').split('/');
    const commit = { did, time_us: 1691456622000000, kind: 'commit', commit: { rev: 'r', operation: 'create', collection: 'app.bsky.feed.post', rkey, record, cid: strongRef.cid } };
    const streamed = parseBlueskyDelivery(Buffer.from(JSON.stringify(commit)), {}, { channelExternalId: channel, receivedAt });
    expect(page.events[0]).toMatchObject({ externalId: strongRef.uri, eventKey: `message:${strongRef.uri}`, author: { handle: 'docs.bsky.social' } });
    expect(streamed.events[0]).toMatchObject({ externalId: strongRef.uri, eventKey: `message:${strongRef.uri}`, text: record.text });
  });
});

describe('facets: UTF-8 byte offsets become string indices', () => {
  test('the guide example: emoji and a ZWJ sequence before the link', () => {
    const event = map('posts-guide-07-mentions-and-links.json');
    // Bytes 23–35 are string indices 21–33; bytes 74–108 are indices 60–94 (SOURCE.md).
    expect(event.mentions).toEqual([{ externalId: 'did:plc:ewvi7nxzyoun6zhxrhs64oiz', handle: 'atproto.com', start: 21, end: 33 }]);
    expect(event.text!.slice(21, 33)).toBe('@atproto.com');
    expect(event.links).toEqual([{ url: 'https://en.wikipedia.org/wiki/CBOR', start: 60, end: 94 }]);
    expect(event.text!.slice(60, 94)).toBe('https://en.wikipedia.org/wiki/CBOR');
    // The mention names the channel's DID.
    expect(event.mentionsChannel).toBe(true);
  });

  test('umlauts (2 bytes), emoji with skin tone (8 bytes) and CJK (3 bytes) before a mention', () => {
    const text = 'Grüße 👋🏽 an 東京 @jörg.bsky.social!';
    const byteStart = Buffer.byteLength(text.slice(0, text.indexOf('@')));
    const byteEnd = byteStart + Buffer.byteLength('@jörg.bsky.social');
    expect([byteStart, byteEnd]).toEqual([27, 45]);
    const { mentions } = mapFacets(text, [{ index: { byteStart, byteEnd }, features: [{ $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:joerg' }] }]);
    expect(mentions).toEqual([{ externalId: 'did:plc:joerg', handle: 'jörg.bsky.social', start: 17, end: 34 }]);
    expect(text.slice(17, 34)).toBe('@jörg.bsky.social');
  });

  test.each([
    ['past the end', 74, 500],
    ['inside a multi-byte character', 1, 5],
    ['reversed', 35, 23],
    ['not numbers', '23', 35],
  ])('a range %s has no position but keeps the mention', (_name, byteStart, byteEnd) => {
    const record = json('posts-guide-07-mentions-and-links.json');
    const { mentions } = mapFacets(record.text as string, [{ index: { byteStart, byteEnd }, features: [{ $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:x' }] }]);
    expect(mentions).toEqual([{ externalId: 'did:plc:x', handle: null, start: null, end: null }]);
  });

  test('the feature types are the lexicon\'s', () => {
    const lexicon = json('lexicon-app.bsky.richtext.facet.json') as { id: string; defs: Record<string, unknown> };
    expect(lexicon.id).toBe('app.bsky.richtext.facet');
    expect(Object.keys(lexicon.defs)).toEqual(expect.arrayContaining(['mention', 'link', 'byteSlice']));
  });
});

describe('records', () => {
  test('a reply is threaded by its root and parent', () => {
    expect(map('posts-guide-11-replies.json')).toMatchObject({
      objectType: 'comment',
      thread: { kind: 'public', rootExternalId: 'at://did:plc:u5cwb2mwiv2bfq53cjufe6yn/app.bsky.feed.post/3k43tv4rft22g', parentExternalId: 'at://did:plc:u5cwb2mwiv2bfq53cjufe6yn/app.bsky.feed.post/3k43tv4rft22g' },
      occurredAt: '2023-08-07T05:49:40.501Z',
    });
    expect(map('posts-guide-00-post-record-structure.json')).toMatchObject({ objectType: 'post', thread: { rootExternalId: strongRef.uri, parentExternalId: null }, text: 'Hello World!' });
  });

  test('language, quotes, images with alt text, website cards', () => {
    expect(map('posts-guide-04-setting-the-language.json').language).toBe('th');
    expect(map('posts-guide-14-quote-posts.json').extra).toEqual({ quotes: 'at://did:plc:u5cwb2mwiv2bfq53cjufe6yn/app.bsky.feed.post/3k44deefqdk2g' });
    expect(map('posts-guide-18-images-embeds.json').attachments).toEqual([
      expect.objectContaining({ type: 'image', externalId: 'bafkreibabalobzn6cd366ukcsjycp4yymjymgfxcv6xczmlgpemzkz3cfa', mimeType: 'image/webp', altText: 'brief alt text description of the first image', url: `https://cdn.bsky.app/img/feed_fullsize/plain/${authorDid}/bafkreibabalobzn6cd366ukcsjycp4yymjymgfxcv6xczmlgpemzkz3cfa@jpeg` }),
      expect.objectContaining({ type: 'image', mimeType: 'image/png' }),
    ]);
    expect(map('posts-guide-19-website-card-embeds.json').attachments).toEqual([expect.objectContaining({ type: 'link', url: 'https://bsky.app', title: 'Bluesky Social' })]);
  });
});

describe('notifications and Jetstream events', () => {
  const author = { did: 'did:plc:fan', handle: 'fan.bsky.social', displayName: 'Fan', avatar: 'https://cdn.bsky.app/img/avatar/plain/did:plc:fan/abc@jpeg' };
  const parse = (body: unknown) => parseBlueskyDelivery(Buffer.from(JSON.stringify(body)), {}, { channelExternalId: channel, receivedAt });

  test('likes, reposts and follows', () => {
    const { events } = parse({
      notifications: [
        { uri: 'at://did:plc:fan/app.bsky.feed.like/3l1', reason: 'like', reasonSubject: strongRef.uri, author, record: {}, indexedAt: '2024-01-01T00:00:00.000Z' },
        { uri: 'at://did:plc:fan/app.bsky.feed.repost/3l2', reason: 'repost', reasonSubject: strongRef.uri, author, record: {}, indexedAt: '2024-01-01T00:00:01.000Z' },
        { uri: 'at://did:plc:fan/app.bsky.graph.follow/3l3', reason: 'follow', author, record: {}, indexedAt: '2024-01-01T00:00:02.000Z' },
      ],
    });
    expect(events.map((e) => [e.kind, e.externalId, e.kind === 'reaction' ? e.reaction.type : e.kind === 'other' ? e.other.type : null])).toEqual([
      ['reaction', strongRef.uri, 'like'], ['reaction', strongRef.uri, 'repost'], ['other', null, 'follow'],
    ]);
    expect(events[0]!.author).toMatchObject({ externalId: 'did:plc:fan', handle: 'fan.bsky.social', displayName: 'Fan', profileUrl: 'https://bsky.app/profile/fan.bsky.social' });
  });

  test('a mention notification mentions the channel; deletes and unlikes from Jetstream', () => {
    const record = json('posts-guide-00-post-record-structure.json');
    expect(parse({ uri: strongRef.uri, reason: 'mention', author, record, indexedAt: '2024-01-01T00:00:00.000Z' }).events[0]).toMatchObject({ mentionsChannel: true });
    expect(parse({ did: 'did:plc:fan', time_us: 1725911162329308, kind: 'commit', commit: { operation: 'delete', collection: 'app.bsky.feed.post', rkey: '3l4' } }).events[0])
      .toMatchObject({ kind: 'delete', externalId: 'at://did:plc:fan/app.bsky.feed.post/3l4', occurredAt: '2024-09-09T19:46:02.329Z' });
    expect(parse({ did: 'did:plc:fan', time_us: 1725911162329308, kind: 'commit', commit: { operation: 'delete', collection: 'app.bsky.feed.like', rkey: '3l1' } }).events[0])
      .toMatchObject({ kind: 'reaction', reaction: { type: 'like', removed: true }, externalId: null });
    expect(parse({ did: 'did:plc:fan', time_us: 1725911162329308, kind: 'identity', identity: {} }).events[0]).toMatchObject({ kind: 'other', other: { type: 'jetstream:identity' } });
  });

  test.each([
    ['no channel', '{"notifications":[]}', {}, 'channel_unknown'],
    ['neither shape', '{"hello":"world"}', { channelExternalId: channel }, 'unsupported'],
    ['a notification without author', `{"notifications":[{"uri":"${strongRef.uri}","reason":"mention"}]}`, { channelExternalId: channel }, 'wrong_shape'],
    ['a post record without text', `{"notifications":[{"uri":"${strongRef.uri}","reason":"reply","author":{"did":"did:plc:a"},"record":{"$type":"app.bsky.feed.post"}}]}`, { channelExternalId: channel }, 'wrong_shape'],
    ['a bad at:// URI', '{"notifications":[{"uri":"https://x","reason":"reply","author":{"did":"did:plc:a"},"record":{"$type":"app.bsky.feed.post","text":"x"}}]}', { channelExternalId: channel }, 'wrong_shape'],
  ])('%s is a MalformedDelivery (%s)', (_name, raw, context, reason) => {
    expect(() => parseBlueskyDelivery(Buffer.from(raw), {}, context)).toThrow(expect.objectContaining({ reason }));
  });
});
