import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { InboundEvent } from '@parley/contracts/channels';
import { MalformedDelivery } from '../shared/delivery.ts';
import { listFixtures, readFixture } from '../shared/fixtures.ts';
import { parseXDelivery } from './mapper.ts';
import { dmConversationKey, unescapeXText } from './text.ts';
import { mapV2UserProfile } from './v2.ts';

const dir = path.join(import.meta.dirname, 'fixtures');
const receivedAt = new Date('2025-03-01T12:00:00Z');
// v2 responses come from polling the channel's account; Account Activity bodies name it themselves.
const channelExternalId = '2244994945';
const parse = (file: string) => parseXDelivery(readFixture(dir, file), {}, { receivedAt, channelExternalId });
const only = (file: string) => {
  const { events } = parse(file);
  expect(events).toHaveLength(1);
  return events[0]!;
};
const deliveries = listFixtures(dir).filter((f) => !f.startsWith('crc/') && f !== 'v2/data-dictionary-03-user.REPAIRED.json');

describe('every X fixture', () => {
  test.each(deliveries)('%s parses into contract-valid events with string ids', (file) => {
    const { events } = parse(file);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(InboundEvent.parse(event)).toEqual(event);
      expect(event.network).toBe('x');
      for (const id of [event.externalId, event.author?.externalId, ...event.mentions.map((m) => m.externalId)]) {
        if (id !== null && id !== undefined) expect(id).toMatch(/^\d+$/);
      }
    }
  });

  test('the longform example as published ("user": { ... }) is a MalformedDelivery, not a crash', () => {
    expect(() => parse('account-activity/14-longform-post.AS-PUBLISHED.txt')).toThrow(MalformedDelivery);
  });

  test('a users response is a profile, not a delivery', () => {
    expect(() => parse('v2/data-dictionary-03-user.REPAIRED.json')).toThrow(MalformedDelivery);
    const body = JSON.parse(readFixture(dir, 'v2/data-dictionary-03-user.REPAIRED.json').toString('utf8')) as unknown;
    expect(mapV2UserProfile(body)).toMatchObject({
      externalId: '2244994945', handle: 'TwitterDev', displayName: 'Twitter Dev', verified: true, profileUrl: 'https://x.com/TwitterDev',
      location: '127.0.0.1', profile: { createdAt: '2013-12-14T04:35:55.000Z' },
    });
  });
});

describe('Account Activity', () => {
  test('a direct message: private thread of the pair, sender from the users map', () => {
    expect(only('account-activity/10-direct-message-events.json')).toMatchObject({
      kind: 'message', objectType: 'message', channelExternalId: '4337869213', externalId: '954491830116155396',
      eventKey: 'message:954491830116155396', direction: 'inbound',
      thread: { kind: 'private', rootExternalId: '3001969357-4337869213', parentExternalId: null },
      author: {
        externalId: '3001969357', handle: 'furiouscamper', displayName: 'Jordan Brinks', followers: 22, verified: false,
        profileUrl: 'https://x.com/furiouscamper', avatarUrl: 'https://pbs.twimg.com/profile_images/851526626785480705/cW4WTi7C_normal.jpg',
      },
      text: 'Hello World!', occurredAt: '2018-01-19T23:12:40.557Z', extra: { sourceAppId: '13090192' },
    });
  });

  test('typing and read signals belong to the DM thread of their pair', () => {
    expect(only('account-activity/11-direct-message-indicate-typing-events.json')).toMatchObject({
      kind: 'typing', thread: { kind: 'private', rootExternalId: '3001969357-3284025577' }, author: { handle: 'bogusbogart' },
      occurredAt: '2018-02-08T21:59:43.443Z',
    });
    expect(only('account-activity/12-direct-message-mark-read-events.json')).toMatchObject({
      kind: 'read', read: { upToExternalId: '963085315333238788' }, thread: { rootExternalId: '199566737-3001969357' },
    });
  });

  test('a deleted post, by the channel itself', () => {
    expect(only('account-activity/13-tweet-delete-events.json')).toMatchObject({
      kind: 'delete', externalId: '1045405559317569537', channelExternalId: '930524282358325248', direction: 'outbound',
      author: { externalId: '930524282358325248' }, occurredAt: '2015-05-21T17:09:15.593Z',
    });
  });

  test('a revoked authorization is kept as such; the revoking user is the channel', () => {
    expect(only('account-activity/09-user-event.json')).toMatchObject({
      kind: 'other', other: { type: 'authorization_revoked' }, channelExternalId: '63046977', occurredAt: '2018-05-24T09:48:12.000Z',
    });
  });

  test('a longform post: id_str, never the rounded number; mention ids beyond 2^53 exact; full text', () => {
    const event = only('account-activity/14-longform-post.REPAIRED.json');
    expect(event).toMatchObject({
      kind: 'message', objectType: 'post', externalId: '1924465506158878979', channelExternalId: '1603419180975409153',
      thread: { kind: 'public', rootExternalId: '1924465506158878979', parentExternalId: null },
      occurredAt: '2025-05-19T14:01:46.000Z', url: 'https://x.com/i/web/status/1924465506158878979',
    });
    expect(event.text).toMatch(/^The Antikythera Mechanism: .* off the Greek island of Antikythera\.\.\.$/);
    // The published full_text is shortened ("..."), so the mentions' positions (2032–2051) lie outside it: kept without.
    expect(event.mentions).toEqual([
      { externalId: '1661523610111193088', handle: 'xai', start: null, end: null },
      { externalId: '1582853809', handle: 'HistoryInPics', start: null, end: null },
    ]);
  });

  test('a 64-bit id sent only as a JSON number keeps every digit', () => {
    const body = readFixture(dir, 'account-activity/14-longform-post.REPAIRED.json').toString('utf8')
      .replace('"id": 1924465506158879000,', '"id": 1924465506158878979,').replace('"id_str": "1924465506158878979",', '');
    expect(body).not.toContain('id_str": "1924465506158878979"');
    const { events } = parseXDelivery(Buffer.from(body), {}, { receivedAt });
    expect(events[0]!.externalId).toBe('1924465506158878979');
    // What a plain JSON.parse would have made of it:
    expect(String(Number('1924465506158878979'))).not.toBe('1924465506158878979');
  });
});

describe('API v2 (polling)', () => {
  test('a reply: conversation root and parent, code point entity offsets as string indices', () => {
    const event = only('v2/fields-expansions-08-tweet-reply.json');
    expect(event).toMatchObject({
      kind: 'message', objectType: 'comment', externalId: '1296887316556980230', language: 'en',
      thread: { kind: 'public', rootExternalId: '1296887091901718529', parentExternalId: '1296887091901718529' },
      author: { externalId: '2244994945', handle: 'TwitterDev', followers: 513962, verified: true },
      direction: 'outbound', url: 'https://x.com/TwitterDev/status/1296887316556980230',
    });
    expect(event.mentions).toEqual([{ externalId: null, handle: 'PennMedCDH', start: 8, end: 19 }]);
    expect(event.text!.slice(8, 19)).toBe('@PennMedCDH');
    // 📊 before the link is one code point and two UTF-16 units: X says 87, JavaScript needs 88.
    expect(event.links).toEqual([{ url: 'https://developer.x.com/en/use-cases/success-stories/penn', start: 88, end: 111 }]);
    expect(event.text!.slice(88, 111)).toBe('https://t.co/1tdA8uDWes');
  });

  test('a reply without conversation_id names only its parent', () => {
    expect(only('v2/data-dictionary-01-all-post-fields.REPAIRED.json')).toMatchObject({
      objectType: 'comment', thread: { rootExternalId: null, parentExternalId: '1212092627178287104' },
      attachments: [expect.objectContaining({ externalId: '16_1211797899316740096' })],
    });
  });

  test('an edited post is an edit of the first id of its history', () => {
    expect(only('v2/edit-posts-04-getting-edit-history.json')).toMatchObject({
      kind: 'edit', externalId: '1234567890', eventKey: 'edit:1234567890:1234567891', text: 'Updated text (edited)',
      extra: { versionExternalId: '1234567891' },
    });
  });

  test('a repost is a reaction to the reposted post', () => {
    expect(only('v2/fields-expansions-11-retweeted-quote-tweet.json')).toMatchObject({
      kind: 'reaction', externalId: '1224709550214873090', reaction: { type: 'repost', removed: false },
    });
  });

  test('video media from includes', () => {
    expect(only('v2/data-dictionary-09-media.json').attachments).toEqual([
      expect.objectContaining({ type: 'video', externalId: '13_1263145212760805376', url: 'https://pbs.twimg.com/media/EYeX7akWsAIP1_1.jpg' }),
    ]);
  });

  test('DM events: one private thread keyed like Account Activity, senders from includes', () => {
    const { events } = parse('v2/data-dictionary-15-direct-message-events.json');
    expect(events.map((e) => e.externalId)).toEqual(['1585047616894574596', '1581048670673260549', '1580705121553420292']);
    for (const e of events) {
      expect(e).toMatchObject({ kind: 'message', thread: { kind: 'private', rootExternalId: '944480690-906948460078698496' }, author: { handle: 'FloodSocial' } });
    }
    expect(events[1]!.extra).toEqual({ sharedPost: '1578900353814519810' });
  });

  test('a v2 response without a channel to file it under is refused', () => {
    expect(() => parseXDelivery(readFixture(dir, 'v2/data-dictionary-09-media.json'), {})).toThrow(MalformedDelivery);
  });
});

describe('X text helpers', () => {
  test.each([
    ['4337869213', '3001969357', '3001969357-4337869213'],
    // Numeric order, not string order: "906…" sorts before "944…" as text but is the larger number.
    ['906948460078698496', '944480690', '944480690-906948460078698496'],
    ['a', 'b', 'a-b'],
  ])('dmConversationKey(%s, %s) = %s', (a, b, key) => {
    expect(dmConversationKey(a, b)).toBe(key);
    expect(dmConversationKey(b, a)).toBe(key);
  });

  test.each([
    ['no entities', 'hi @you', [{ start: 3, end: 7 }], 'hi @you', [{ start: 3, end: 7 }]],
    ['an entity before the span', 'A &amp; B @you', [{ start: 10, end: 14 }], 'A & B @you', [{ start: 6, end: 10 }]],
    ['entities on both sides', '&lt;3 @you &gt;', [{ start: 6, end: 10 }], '<3 @you >', [{ start: 3, end: 7 }]],
    ['a span from inside an entity', 'x &amp; y', [{ start: 4, end: 9 }], 'x & y', [{ start: 3, end: 5 }]],
  ])('unescaping with %s moves spans along', (_name, escaped, spans, text, moved) => {
    const out = unescapeXText(escaped, spans);
    expect(out.text).toBe(text);
    expect(out.spans).toEqual(moved);
  });
});
