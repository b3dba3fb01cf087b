import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { InboundEvent } from '@parley/contracts/channels';
import { MalformedDelivery } from '../shared/delivery.ts';
import { readFixture } from '../shared/fixtures.ts';
import { parseApiDelivery } from './mapper.ts';
import { apiChannelSignature, verifyApiWebhook } from './webhook.ts';

const dir = path.join(import.meta.dirname, 'fixtures');
const doc = readFileSync(path.join(import.meta.dirname, '../../../../docs/api-channel.md'), 'utf8');
const channelExternalId = 'api-channel-1';
const parse = (raw: Buffer | string) => parseApiDelivery(Buffer.isBuffer(raw) ? raw : Buffer.from(raw), {}, { channelExternalId });
const secrets = { signingSecret: 'whsec_test_parley' };
const at = new Date('2025-01-01T12:00:00Z');

describe('docs/api-channel.md stays true', () => {
  const jsonBlocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!) as unknown);

  test('its examples are the fixtures', () => {
    expect(jsonBlocks).toEqual([
      JSON.parse(readFixture(dir, 'chat-message.json').toString('utf8')),
      JSON.parse(readFixture(dir, 'shop-batch.json').toString('utf8')),
    ]);
  });

  test('its signed request verifies (and fails a minute past the tolerance)', () => {
    const http = /```http\n([\s\S]*?)```/.exec(doc)![1]!;
    const timestamp = /X-Parley-Timestamp: (\d+)/.exec(http)![1]!;
    const signature = /X-Parley-Signature: (\S+)/.exec(http)![1]!;
    const body = Buffer.from(http.trim().split('\n').at(-1)!);
    expect(apiChannelSignature(secrets.signingSecret, timestamp, body)).toBe(signature);
    const request = (receivedAt: Date) => ({ method: 'POST', headers: { 'X-Parley-Timestamp': timestamp, 'X-Parley-Signature': signature }, query: {}, rawBody: body, receivedAt });
    expect(verifyApiWebhook(request(at), secrets)).toEqual({ outcome: 'delivery' });
    expect(verifyApiWebhook(request(new Date(at.getTime() + 301_000)), secrets)).toMatchObject({ status: 401, code: 'signature_expired' });
    expect(parse(body).events[0]).toMatchObject({ kind: 'typing', thread: { rootExternalId: 'chat-8812' } });
  });
});

describe('API channel signature', () => {
  const body = readFixture(dir, 'chat-message.json');
  const timestamp = String(at.getTime() / 1000);
  const headers = (signature: string, ts = timestamp) => ({ 'x-parley-timestamp': ts, 'x-parley-signature': signature });
  const verify = (h: Record<string, string>, raw = body, s: Record<string, string> = secrets) =>
    verifyApiWebhook({ method: 'POST', headers: h, query: {}, rawBody: raw, receivedAt: at }, s);
  const good = apiChannelSignature(secrets.signingSecret, timestamp, body);

  test('a valid signature, also among others and in upper case hex', () => {
    expect(verify(headers(good))).toEqual({ outcome: 'delivery' });
    expect(verify(headers(`sha256=${'0'.repeat(64)}, ${good.toUpperCase().replace('SHA256=', 'sha256=')}`))).toEqual({ outcome: 'delivery' });
  });

  test('rotation: the previous secret still verifies while configured', () => {
    const old = apiChannelSignature('whsec_old', timestamp, body);
    expect(verify(headers(old))).toMatchObject({ code: 'signature_invalid' });
    expect(verify(headers(old), body, { ...secrets, previousSigningSecret: 'whsec_old' })).toEqual({ outcome: 'delivery' });
  });

  test('a flipped body byte, a changed timestamp, a stale or future timestamp, missing headers', () => {
    const flipped = Buffer.from(body);
    flipped[40]! ^= 0x01;
    expect(verify(headers(good), flipped)).toMatchObject({ status: 401, code: 'signature_invalid' });
    expect(verify(headers(good, String(Number(timestamp) + 1)))).toMatchObject({ code: 'signature_invalid' });
    for (const ts of [Number(timestamp) - 301, Number(timestamp) + 301]) {
      expect(verify(headers(apiChannelSignature(secrets.signingSecret, String(ts), body), String(ts)))).toMatchObject({ code: 'signature_expired' });
    }
    expect(verify(headers(good, '1735732800.5'))).toMatchObject({ code: 'signature_invalid' });
    expect(verify({ 'x-parley-signature': good })).toMatchObject({ code: 'signature_missing' });
    expect(verify(headers(good), body, {})).toMatchObject({ status: 503 });
  });
});

describe('API channel deliveries', () => {
  test('a chat message: private thread, identity with e-mail, mention converted from code points', () => {
    const { deliveryKey, events } = parse(readFixture(dir, 'chat-message.json'));
    expect(deliveryKey).toBe('api:dlv_01JH5Q4ZK9S0T1V2W3X4Y5Z6A7');
    const event = events[0]!;
    expect(InboundEvent.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      network: 'api', channelExternalId, kind: 'message', objectType: 'message', externalId: 'msg-20250101-0001',
      eventKey: 'message:msg-20250101-0001', direction: 'inbound',
      thread: { kind: 'private', rootExternalId: 'chat-8812', parentExternalId: null },
      author: { externalId: 'visitor-4711', displayName: 'Jörg Müller', email: 'joerg.mueller@example.org' },
      language: 'de', occurredAt: '2025-01-01T12:00:00.000Z',
      attachments: [{ type: 'image', url: 'https://shop.example.org/uploads/parcel.jpg', title: 'parcel.jpg', mimeType: 'image/jpeg' }],
      extra: { metadata: { orderNumber: '10023' } },
    });
    // 👋 is one code point (54 as sent) and two UTF-16 units (55 in JavaScript).
    expect(event.mentions).toEqual([{ externalId: null, handle: 'support', start: 55, end: 63 }]);
    expect(event.text!.slice(55, 63)).toBe('@support');
  });

  test('a shop batch: public thread, an outgoing answer, a reaction, typing', () => {
    const { events } = parse(readFixture(dir, 'shop-batch.json'));
    expect(events.map((e) => [e.kind, e.direction, e.thread?.kind, e.thread?.parentExternalId ?? null])).toEqual([
      ['message', 'inbound', 'public', null],
      ['message', 'outbound', 'public', 'review-551'],
      ['reaction', 'inbound', 'public', null],
      ['typing', 'inbound', 'private', null],
    ]);
    expect(events[0]!.occurredAt).toBe('2025-01-01T11:01:00.000Z');
    expect(events[2]).toMatchObject({ externalId: 'review-551', reaction: { type: 'helpful', removed: false } });
  });

  test.each([
    ['no id', '{"events":[]}', '/id'],
    ['a reaction without reaction', '{"id":"d","events":[{"type":"reaction","id":"m","conversation":{"id":"c"},"author":{"id":"a"},"occurredAt":"2025-01-01T00:00:00Z"}]}', '/events/0/reaction'],
    ['a message without id', '{"id":"d","events":[{"type":"message","conversation":{"id":"c"},"author":{"id":"a"},"occurredAt":"2025-01-01T00:00:00Z"}]}', '/events/0/id'],
    ['a time without offset', '{"id":"d","events":[{"type":"typing","conversation":{"id":"c"},"author":{"id":"a"},"occurredAt":"2025-01-01T00:00:00"}]}', '/events/0/occurredAt'],
    ['an author id too long', `{"id":"d","events":[{"type":"typing","conversation":{"id":"c"},"author":{"id":"${'a'.repeat(513)}"},"occurredAt":"2025-01-01T00:00:00Z"}]}`, '/events/0/author/id'],
  ])('%s is a MalformedDelivery pointing at %s', (_name, raw, where) => {
    expect(() => parse(raw)).toThrow(MalformedDelivery);
    expect(() => parse(raw)).toThrow(expect.objectContaining({ reason: 'wrong_shape', pointer: where }));
  });
});
