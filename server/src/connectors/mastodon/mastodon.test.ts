import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { InboundEvent } from '@parley/contracts/channels';
import { MalformedDelivery } from '../shared/delivery.ts';
import { listFixtures, readFixture } from '../shared/fixtures.ts';
import { hmacSha256 } from '../shared/verify.ts';
import { mapAccountProfile } from './entities.ts';
import { htmlToText } from './html.ts';
import { parseMastodonDelivery } from './mapper.ts';
import { verifyMastodonWebhook } from './webhook.ts';

const dir = path.join(import.meta.dirname, 'fixtures');
const receivedAt = new Date('2025-03-01T12:00:00Z');
const channelExternalId = 'parley@mastodon.social';
const parseRaw = (raw: Buffer | string) => parseMastodonDelivery(Buffer.isBuffer(raw) ? raw : Buffer.from(raw), {}, { receivedAt, channelExternalId });
const only = (raw: Buffer | string) => {
  const { events } = parseRaw(raw);
  expect(events).toHaveLength(1);
  return events[0]!;
};
const fixture = (file: string) => readFixture(dir, file);
const json = (file: string) => JSON.parse(fixture(file).toString('utf8')) as Record<string, unknown>;
const deliveries = listFixtures(dir).filter((f) => !f.startsWith('entity-account-'));

describe('every Mastodon fixture', () => {
  test.each(deliveries)('%s parses into contract-valid events', (file) => {
    const { events } = parseRaw(fixture(file));
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(InboundEvent.parse(event)).toEqual(event);
  });

  test.each(['entity-account-00-example.json', 'entity-account-02-example.json'])('%s is a profile, not a delivery', (file) => {
    expect(() => parseRaw(fixture(file))).toThrow(MalformedDelivery);
    expect(mapAccountProfile(json(file))).toMatchObject({ externalId: 'noiob@awoo.space', handle: 'noiob@awoo.space', profileUrl: 'https://awoo.space/@noiob' });
  });

  test('an account note becomes text; its hashtags and mentions stay readable', () => {
    expect(mapAccountProfile(json('entity-account-00-example.json'))).toMatchObject({
      displayName: 'ikea shark fan account', followers: 547,
      bio: expect.stringContaining('likes video #games and weird/ old electronics'), profile: { localId: '23634', fields: expect.arrayContaining([{ name: 'Website', value: 'http://shork.xyz' }]) },
    });
  });
});

describe('streaming events', () => {
  test('update: the payload is a JSON string holding the status; HTML becomes text', () => {
    expect(only(fixture('streaming-43-events.json'))).toMatchObject({
      network: 'mastodon', kind: 'message', objectType: 'comment', externalId: '108913983692647032', eventKey: 'message:108913983692647032',
      thread: { kind: 'public', rootExternalId: null, parentExternalId: '108913981098896721' },
      author: { externalId: 'tobtobxx@fosstodon.org', handle: 'tobtobxx@fosstodon.org', displayName: 'TobTobXX', followers: 150 },
      text: "And now I can't exit the inner nvim because I mapped escape to the parent vim instance 😂",
      language: 'en', occurredAt: '2022-08-30T21:38:22.000Z', rawPointer: '/payload', url: 'https://fosstodon.org/@tobtobxx/108913983628474640',
    });
  });

  test('delete: the payload is a bare id', () => {
    expect(only(fixture('streaming-44-events.json'))).toMatchObject({ kind: 'delete', externalId: '106692867363994015', eventKey: 'delete:106692867363994015' });
  });

  test('events without payload are kept as `other`', () => {
    expect(only(fixture('streaming-45-events.json'))).toMatchObject({ kind: 'other', other: { type: 'stream:filters_changed' } });
  });

  test('the same event as Server-Sent Events text, with a heartbeat', () => {
    const envelope = json('streaming-43-events.json');
    const sse = `:thump\n\nevent: update\ndata: ${String(envelope.payload)}\n\n`;
    expect(only(sse)).toEqual({ ...only(fixture('streaming-43-events.json')), rawPointer: '/frames/1/payload' });
  });

  test('a payload that is not JSON inside the string is a MalformedDelivery', () => {
    expect(() => parseRaw('{"stream":["user"],"event":"update","payload":"{\\"id\\":"}')).toThrow(expect.objectContaining({ reason: 'invalid_json' }));
    expect(() => parseRaw('{"stream":["user"],"event":"update","payload":{"id":"1"}}')).toThrow(expect.objectContaining({ reason: 'wrong_shape' }));
  });
});

// The documentation has no Notification example; these wrap the real Status example the way the API does (type, account,
// status), with content naming the channel.
describe('notifications (constructed around the real status example)', () => {
  const status = json('entity-status-00-example.json');
  const mentioning = {
    ...status,
    id: '103270115826049000',
    in_reply_to_id: '103270115826048975',
    content: '<p><span class="h-card"><a href="https://mastodon.social/@parley" class="u-url mention">@<span>parley</span></a></span> Grüße 👋🏽 – see <a href="https://example.org/x" rel="nofollow">example.org/x</a> <a href="https://mastodon.social/tags/hilfe" class="mention hashtag">#<span>hilfe</span></a></p>',
    mentions: [{ id: '42', username: 'parley', url: 'https://mastodon.social/@parley', acct: 'parley' }],
    card: null,
  };
  const notification = (type: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ id: '9001', type, created_at: '2025-02-01T10:00:00.000Z', account: status.account, ...extra });

  test('a mention: message under its parent, mention position in the text, hashtag not a mention', () => {
    const event = only(notification('mention', { status: mentioning }));
    expect(event).toMatchObject({
      kind: 'message', objectType: 'comment', externalId: '103270115826049000', mentionsChannel: true,
      thread: { kind: 'public', rootExternalId: null, parentExternalId: '103270115826048975' },
      author: { externalId: 'Gargron@mastodon.social' },
    });
    expect(event.text).toBe('@parley Grüße 👋🏽 – see example.org/x #hilfe');
    expect(event.mentions).toEqual([{ externalId: 'parley@mastodon.social', handle: 'parley@mastodon.social', start: 0, end: 7 }]);
    expect(event.links).toEqual([{ url: 'https://example.org/x', start: 25, end: 38 }]);
    expect(event.text!.slice(25, 38)).toBe('example.org/x');
  });

  test('the same mention from the stream (JSON in a string) is the same event key', () => {
    const streamed = only(JSON.stringify({ stream: ['user'], event: 'notification', payload: notification('mention', { status: mentioning }) }));
    expect(streamed.eventKey).toBe('message:103270115826049000');
  });

  test('favourite and reblog are reactions; follow is other; a direct status is a private message', () => {
    expect(only(notification('favourite', { status }))).toMatchObject({ kind: 'reaction', externalId: '103270115826048975', reaction: { type: 'favourite' }, eventKey: 'notification:9001' });
    expect(only(notification('reblog', { status }))).toMatchObject({ kind: 'reaction', reaction: { type: 'reblog' } });
    expect(only(notification('follow'))).toMatchObject({ kind: 'other', other: { type: 'notification:follow' }, author: { externalId: 'Gargron@mastodon.social' } });
    expect(only(notification('mention', { status: { ...mentioning, visibility: 'direct' } }))).toMatchObject({ objectType: 'message', thread: { kind: 'private' } });
  });

  test('a conversation event threads its last status by the conversation id', () => {
    const payload = JSON.stringify({ id: '418450', unread: true, accounts: [status.account], last_status: { ...mentioning, visibility: 'direct' } });
    expect(only(JSON.stringify({ stream: ['direct'], event: 'conversation', payload }))).toMatchObject({
      kind: 'message', thread: { kind: 'private', rootExternalId: '418450', parentExternalId: '103270115826048975' },
    });
  });

  test('a polled list of notifications maps each', () => {
    const list = `[${notification('mention', { status: mentioning })},${notification('follow').replace('9001', '9002')}]`;
    expect(parseRaw(list).events.map((e) => e.kind)).toEqual(['message', 'other']);
  });
});

describe('admin webhooks', () => {
  test('a report: moderation by a user, reporter from the public account only (no e-mail, no IP)', () => {
    const event = only(fixture('admin-webhook-00-example-payload.json'));
    expect(event).toMatchObject({
      kind: 'moderation', externalId: '8437', moderation: { action: 'report', actor: 'user', subject: 'item', reason: 'violation' },
      author: { externalId: 'bobisaburger@mastodonwebsite', displayName: 'bobisaburger' },
      extra: { targetAccount: 'cheeseperson@someothermastodonsite.com', statusIds: ['12345678987654321'] },
      occurredAt: '2023-10-26T13:34:00.351Z',
    });
    expect(JSON.stringify(event)).not.toMatch(/emailservice|12\.34\.56\.78/);
  });

  test('X-Hub-Signature over the raw body verifies; a flipped byte fails', () => {
    const body = fixture('admin-webhook-00-example-payload.json');
    const secrets = { webhookSecret: 'test-webhook-secret' };
    const signature = `sha256=${hmacSha256(secrets.webhookSecret, body).toString('hex')}`;
    const post = (raw: Buffer, headers: Record<string, string>) => verifyMastodonWebhook({ method: 'POST', headers, query: {}, rawBody: raw }, secrets);
    expect(post(body, { 'X-Hub-Signature': signature })).toEqual({ outcome: 'delivery' });
    const flipped = Buffer.from(body);
    flipped[100]! ^= 0x04;
    expect(post(flipped, { 'x-hub-signature': signature })).toMatchObject({ status: 401, code: 'signature_invalid' });
    expect(post(body, {})).toMatchObject({ code: 'signature_missing' });
    expect(verifyMastodonWebhook({ method: 'POST', headers: { 'x-hub-signature': signature }, query: {}, rawBody: body }, {})).toMatchObject({ status: 503 });
  });
});

describe('htmlToText', () => {
  test.each([
    ['<p>a</p><p>b<br>c</p>', 'a\n\nb\nc'],
    ['<p>Tom &amp; Jerry &lt;3 &#x1F600; &#39;x&#39; &unknown;</p>', "Tom & Jerry <3 😀 'x' &unknown;"],
    ['<ul><li>eins</li><li>zwei</li></ul>', 'eins\nzwei'],
    ['a < b > c', 'a < b > c'],
    ['<p>unclosed <a href="x">link', 'unclosed link'],
  ])('%s', (html, text) => {
    expect(htmlToText(html).text).toBe(text);
  });

  test.each([
    ['"<a" and a long run without ">"', `<a${'x'.repeat(300_000)}`],
    ['long attribute text', `<a ${'x='.repeat(100_000)}>`],
    ['entities without ";"', `&${'a'.repeat(300_000)}`],
    ['100 000 nested anchors with text', '<a>x'.repeat(100_000)],
  ])('stays linear on %s', (_name, html) => {
    const started = performance.now();
    htmlToText(html);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
