import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { InboundEvent } from '@parley/contracts/channels';
import { MalformedDelivery } from '../shared/delivery.ts';
import { listFixtures, readFixture } from '../shared/fixtures.ts';
import { parseMetaDelivery } from './mapper.ts';

const dir = path.join(import.meta.dirname, 'fixtures');
const deliveries = listFixtures(dir).filter((f) => !f.startsWith('verification/'));
const receivedAt = new Date('2025-03-01T12:00:00Z');
const parse = (file: string) => parseMetaDelivery(readFixture(dir, file), {}, { receivedAt });
const only = (file: string) => {
  const { events } = parse(file);
  expect(events).toHaveLength(1);
  return events[0]!;
};

describe('every Meta fixture', () => {
  test('there are fixtures of all three kinds', () => {
    expect(deliveries.filter((f) => f.startsWith('facebook-page/')).length).toBeGreaterThanOrEqual(60);
    expect(deliveries.filter((f) => f.startsWith('messenger/')).length).toBeGreaterThanOrEqual(30);
    expect(deliveries.filter((f) => f.startsWith('instagram/')).length).toBeGreaterThanOrEqual(7);
  });

  test.each(deliveries)('%s parses into contract-valid events with string ids', (file) => {
    const { deliveryKey, events } = parse(file);
    expect(deliveryKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(InboundEvent.parse(event)).toEqual(event);
      expect(event.network).toBe(file.startsWith('instagram/') ? 'instagram' : 'facebook');
      for (const id of [event.externalId, event.author?.externalId, event.thread?.rootExternalId, event.thread?.parentExternalId]) {
        if (id !== null && id !== undefined) expect(typeof id).toBe('string');
      }
    }
  });
});

describe('Facebook page feed', () => {
  test('a visitor comment is a public message under its post, by its author', () => {
    expect(only('facebook-page/feed-comment-add-25.json')).toMatchObject({
      kind: 'message', objectType: 'comment', channelExternalId: '1234567890321',
      externalId: '901097836652708_903438993085259', eventKey: 'message:901097836652708_903438993085259',
      thread: { kind: 'public', rootExternalId: '1234567890321_901097836652708', parentExternalId: '1234567890321_901097836652708' },
      // sender_id is a JSON number in this version of the payload; it must arrive as a string.
      author: { externalId: '1234567890321', displayName: 'Tester' },
      // The page commenting on its own post is outbound.
      direction: 'outbound',
      text: 'and the next one', occurredAt: '2015-12-03T09:30:03.000Z', rawPointer: '/entry/0/changes/0',
    });
  });

  test('a reply to a comment keeps the post as root and the comment as parent', () => {
    expect(only('facebook-page/feed-reaction-add-reply.json')).toMatchObject({
      kind: 'reaction', externalId: '1234567890321_1357555177673636', objectType: 'comment',
      reaction: { type: 'like', removed: false },
      thread: { rootExternalId: '1234567890321_98735342324352', parentExternalId: '1234567890321_1264545546974600' },
    });
  });

  test('a comment with a photo carries the photo', () => {
    expect(only('facebook-page/feed-comment-add-with-photo.json').attachments).toEqual([
      expect.objectContaining({ type: 'image', url: expect.stringMatching(/^https:\/\/scontent-fra3-1\.xx\.fbcdn\.net\//) }),
    ]);
  });

  test('a visitor post is a public thread of its own; `from.id` as a number still becomes a string', () => {
    expect(only('facebook-page/feed-post-add-25.json')).toMatchObject({
      kind: 'message', objectType: 'post', externalId: '1234567890321_7293787835232', direction: 'inbound',
      thread: { kind: 'public', rootExternalId: '1234567890321_7293787835232', parentExternalId: null },
      author: { externalId: '8423678347823', displayName: 'John Doe' }, text: "Let's check this",
    });
    expect(only('facebook-page/feed-post-edit.json')).toMatchObject({ kind: 'edit', author: { externalId: '8423678347823' } });
  });

  test.each([
    ['facebook-page/feed-comment-edited-25.json', 'edit'],
    ['facebook-page/feed-comment-remove-25.json', 'delete'],
    ['facebook-page/feed-post-remove-25.json', 'delete'],
    ['facebook-page/feed-status-add-photos.json', 'message'],
  ] as const)('%s is a %s event', (file, kind) => {
    expect(only(file).kind).toBe(kind);
  });

  test('hide and unhide are moderation by the page; a flagged video is moderation by the network', () => {
    expect(only('facebook-page/feed-comment-hide.json')).toMatchObject({
      kind: 'moderation', externalId: '900728623356296_900744590021366',
      moderation: { action: 'hide', actor: 'channel', subject: 'item' },
    });
    expect(only('facebook-page/feed-comment-unhide.json')).toMatchObject({ moderation: { action: 'unhide' } });
    expect(only('facebook-page/feed-video-block.json')).toMatchObject({
      kind: 'moderation', externalId: '900767076685784', moderation: { action: 'block', actor: 'network' },
    });
  });

  test('reactions name their type and whether they were taken back', () => {
    expect(only('facebook-page/feed-reaction-add.json')).toMatchObject({ kind: 'reaction', reaction: { type: 'love', removed: false }, externalId: '1234567890321_98735342324352' });
    expect(only('facebook-page/feed-reaction-remove.json')).toMatchObject({ reaction: { type: 'wow', removed: true } });
  });

  test('a like of the page itself is a follow, with the 17-digit user id exact', () => {
    expect(only('facebook-page/feed-like-add-page-25.json')).toMatchObject({
      kind: 'other', other: { type: 'page_like' }, author: { externalId: '10201978818232600' },
    });
  });

  test('a change of a field nobody maps is kept as `other`, one per change of a batch', () => {
    const { events } = parse('facebook-page/feed-two-entries-25.json');
    expect(events.map((e) => [e.kind, e.kind === 'other' && e.other.type, e.rawPointer])).toEqual([
      ['other', 'field:parking', '/entry/0/changes/0'],
      ['other', 'field:payment_options', '/entry/1/changes/0'],
    ]);
    expect(only('facebook-page/unknown-change-value.json')).toMatchObject({ kind: 'other', other: { type: 'field:foo' } });
  });
});

describe('Facebook page mentions, ratings and lead ads', () => {
  test('a mention in a comment elsewhere is a message that mentions the channel', () => {
    expect(only('facebook-page/mention-comment-add.json')).toMatchObject({
      kind: 'message', objectType: 'comment', mentionsChannel: true, externalId: '7363534231324_3754798971271444',
      thread: { rootExternalId: '1234567890321_7363534231324' }, text: 'Just a test message', author: null,
    });
    expect(only('facebook-page/mention-post-add.json')).toMatchObject({ objectType: 'post', mentionsChannel: true, author: { externalId: '44444444', displayName: 'Example Name' } });
  });

  test('a rating is a review with its stars, recommendation and text', () => {
    expect(only('facebook-page/ratings-rating-add-31.json')).toMatchObject({
      kind: 'rating', objectType: 'review', externalId: '904801129604590', rating: { value: 3, recommends: true },
      author: { externalId: '705955836155788', displayName: 'Tester' }, text: 'Ja ziemlich coole Sache',
      occurredAt: '2018-09-19T15:05:12.000Z',
    });
    expect(only('facebook-page/ratings-rating-remove-25.json')).toMatchObject({ kind: 'delete', objectType: 'review', externalId: '904801129604590' });
    expect(only('facebook-page/ratings-comment-add-25.json')).toMatchObject({ kind: 'message', objectType: 'comment', extra: { onReview: true } });
  });

  test('a lead announces the lead id and form; ad id 0 means none', () => {
    expect(only('facebook-page/leadgen.json')).toMatchObject({
      kind: 'lead', objectType: 'lead', externalId: '1636129430026801', eventKey: 'lead:1636129430026801', author: null,
      lead: { formExternalId: '12345', adExternalId: null }, occurredAt: '2017-02-01T16:00:25.000Z',
    });
  });
});

describe('Messenger', () => {
  test('a message is private, threaded by the person, keyed by its mid', () => {
    expect(only('messenger/messaging-message-basic.json')).toMatchObject({
      kind: 'message', objectType: 'message', channelExternalId: '12345654332', externalId: 'mid.1457764197618:41d102a3e1ae206a38',
      eventKey: 'message:mid.1457764197618:41d102a3e1ae206a38', direction: 'inbound',
      thread: { kind: 'private', rootExternalId: '987654321432', parentExternalId: null },
      author: { externalId: '987654321432' }, text: 'hello, world!', occurredAt: '2016-03-12T06:29:57.627Z',
    });
  });

  test('an echo is the page speaking in the same thread', () => {
    expect(only('messenger/messaging-message-basic-echo.json')).toMatchObject({
      direction: 'outbound', author: { externalId: '12345654332' }, thread: { rootExternalId: '987654321432' }, extra: { echo: true },
    });
    expect(only('messenger/standby-message-basic-echo.json').extra).toMatchObject({ standby: true });
  });

  test('a reply names the message it answers; edits, deletes and reactions point at their message', () => {
    expect(only('messenger/messaging-message-reply-1.json').thread).toMatchObject({ parentExternalId: 'very_long_id_representing_the_original_message' });
    expect(only('messenger/messaging-message-edits.json')).toMatchObject({ kind: 'edit', eventKey: 'edit:mid.1457764197618:41d102a3e1ae206a38:37', text: 'hello, world!' });
    expect(only('messenger/messaging-message-isdeleted.json')).toMatchObject({ kind: 'delete', externalId: 'message_id' });
    expect(only('messenger/messaging-reaction-1.json')).toMatchObject({ kind: 'reaction', externalId: 'original_message_id', reaction: { type: 'sad', emoji: '😢', removed: false } });
    expect(only('messenger/messaging-reaction-2.json')).toMatchObject({ reaction: { removed: true } });
  });

  test('attachments: media, stickers, locations, fallbacks, products', () => {
    expect(only('messenger/messaging-message-sticker.json').attachments).toEqual([
      expect.objectContaining({ type: 'sticker', url: 'https://scontent.xx.fbcdn.net/sticker.png', externalId: '56789012345678' }),
    ]);
    expect(only('messenger/messaging-message-location-attachment.json').attachments).toEqual([expect.objectContaining({ type: 'location', title: '12.34,43.21' })]);
    expect(only('messenger/messaging-message-fallback-attachment.json').attachments).toEqual([
      expect.objectContaining({ type: 'link', url: 'https://www.messenger.com/', title: 'Legacy Attachment' }),
    ]);
    // A placeholder where the URL goes ("IMAGE_URL") is no URL.
    expect(only('messenger/messaging-message-media-attachment.json').attachments).toEqual([expect.objectContaining({ type: 'image', url: null })]);
    expect(only('messenger/messaging-message-product-template-2.json').attachments).toEqual([
      expect.objectContaining({ type: 'template', title: 'product name', externalId: '12345678910' }),
    ]);
  });

  test('quick replies and postbacks keep their payload; a plugin guest is keyed by user_ref', () => {
    expect(only('messenger/messaging-message-quickreply.json')).toMatchObject({ text: 'quick reply text', extra: { quickReplyPayload: 'PAYLOAD_QUICK_REPLY' } });
    expect(only('messenger/messaging-postback-chat.json')).toMatchObject({
      kind: 'message', text: null, author: { externalId: 'user_ref:987654321432' },
      extra: { postback: { payload: 'hey' }, referral: { source: 'CUSTOMER_CHAT_PLUGIN' } },
    });
  });

  test('read and delivery receipts, typing-free housekeeping and policy enforcement', () => {
    expect(only('messenger/messaging-read-basic.json')).toMatchObject({ kind: 'read', read: { watermark: '2016-03-22T17:47:36.253Z' } });
    expect(only('messenger/messaging-delivery-basic.json')).toMatchObject({ kind: 'delivery', delivery: { externalIds: ['mid.1458668856218:ed81099e15d3f4f233'] } });
    expect(only('messenger/messaging-take-thread-control.json')).toMatchObject({ kind: 'other', other: { type: 'handover:take_thread_control' } });
    expect(only('messenger/messaging-policy-callback-block.json')).toMatchObject({
      kind: 'moderation', moderation: { action: 'block', actor: 'network', subject: 'channel', reason: expect.stringContaining('Platform Policies') },
    });
  });
});

describe('Instagram', () => {
  test('a comment reply is threaded under the media with the comment as parent', () => {
    expect(only('instagram/wh-comments-2021.json')).toMatchObject({
      network: 'instagram', kind: 'message', objectType: 'comment', externalId: '123456789',
      thread: { kind: 'public', rootExternalId: '76543987', parentExternalId: '987654321' },
      author: { externalId: '1234536447', handle: 'testuser', profileUrl: 'https://www.instagram.com/testuser' },
      text: 'This is an example.', occurredAt: '2018-02-23T15:21:47.000Z', extra: { mediaProductType: 'FEED' },
    });
  });

  test('a mention names only ids; a seen receipt names the message read', () => {
    expect(only('instagram/wh-mentions.json')).toMatchObject({ kind: 'message', mentionsChannel: true, externalId: '17887498072083520', author: null, text: null });
    expect(only('instagram/messaging-seen.json')).toMatchObject({
      kind: 'read', read: { upToExternalId: 'MESSAGE-ID' }, thread: { kind: 'private', rootExternalId: '5614879045272581' },
    });
    expect(only('instagram/messaging-attachment-unsupported.json').attachments[0]).toMatchObject({ type: 'other', title: 'unsupported_type' });
  });
});

describe('malformed Meta deliveries', () => {
  test.each([
    ['not JSON', '{"object":"page",', 'invalid_json'],
    ['an array', '[]', 'wrong_shape'],
    ['another object', '{"object":"whatsapp_business_account","entry":[]}', 'unsupported'],
    ['entry not an array', '{"object":"page","entry":{}}', 'wrong_shape'],
    ['entry without id', '{"object":"page","entry":[{"changes":[]}]}', 'wrong_shape'],
    ['a message without mid', '{"object":"page","entry":[{"id":"1","messaging":[{"sender":{"id":"2"},"message":{"text":"hi"}}]}]}', 'wrong_shape'],
    ['a comment id too long for the contract', `{"object":"page","entry":[{"id":"1","changes":[{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"${'9'.repeat(600)}"}}]}]}`, 'invalid_event'],
  ])('%s is a MalformedDelivery (%s)', (_name, body, reason) => {
    const run = () => parseMetaDelivery(Buffer.from(body), {});
    expect(run).toThrow(MalformedDelivery);
    try { run(); } catch (err) { expect((err as MalformedDelivery).reason).toBe(reason); }
  });

  test('an empty batch is a valid delivery with no events', () => {
    expect(parseMetaDelivery(Buffer.from('{"object":"page","entry":[]}'), {}).events).toEqual([]);
  });
});
