import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { InboundEvent } from '@parley/contracts/channels';
import { MalformedDelivery } from '../shared/delivery.ts';
import { readFixture } from '../shared/fixtures.ts';
import { hmacSha256 } from '../shared/verify.ts';
import { parseLinkedInDelivery } from './mapper.ts';
import { linkedInChallengeResponse, verifyLinkedInWebhook } from './webhook.ts';

const dir = path.join(import.meta.dirname, 'fixtures');
const vectors = JSON.parse(readFixture(dir, 'validation-vectors.json').toString('utf8')) as {
  challenge: { request: string; client_secret: string; expected_response: { status: number; content_type: string; body: { challengeCode: string; challengeResponse: string } } };
};
const clientSecret = vectors.challenge.client_secret;

// No verbatim LinkedIn delivery exists among the shared payloads (fixtures/SOURCE.md). These batches are CONSTRUCTED from
// the documented envelope and notification fields; the decorated comment/share shapes are assumptions to confirm.
const org = 'urn:li:organization:2414183';
const notification = (id: number | string, action: string, extra: Record<string, unknown> = {}) => ({
  notificationId: id, organizationalEntity: org, action, lastModifiedAt: 1700000000000, subscriber: 'urn:li:person:admin1',
  sourcePost: 'urn:li:share:7001', ...extra,
});
const batch = (...notifications: unknown[]) => Buffer.from(JSON.stringify({ type: 'ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS', notifications }));
const comment = notification(1001, 'COMMENT', {
  generatedActivity: 'urn:li:comment:(urn:li:activity:7001,9001)',
  decoratedGeneratedActivity: { comment: { owner: 'urn:li:person:abc', text: 'Wann kommt die Lieferung? 🚚' } },
});

describe('LinkedIn challenge validation', () => {
  test('answers the derived vector with JSON {challengeCode, challengeResponse}', () => {
    const challengeCode = new URL(vectors.challenge.request.replace(/^GET \{webhook\}/, 'https://example.invalid/')).searchParams.get('challengeCode')!;
    expect(linkedInChallengeResponse(clientSecret, challengeCode)).toBe(vectors.challenge.expected_response.body.challengeResponse);
    const verdict = verifyLinkedInWebhook({ method: 'GET', headers: {}, query: { challengeCode }, rawBody: Buffer.alloc(0) }, { clientSecret });
    expect(verdict).toMatchObject({ outcome: 'challenge', response: { status: 200, contentType: vectors.challenge.expected_response.content_type } });
    if (verdict.outcome !== 'challenge') throw new Error('unreachable');
    expect(JSON.parse(verdict.response.body)).toEqual(vectors.challenge.expected_response.body);
  });

  test('no challengeCode, no secret, another method', () => {
    expect(verifyLinkedInWebhook({ method: 'GET', headers: {}, query: {}, rawBody: Buffer.alloc(0) }, { clientSecret })).toMatchObject({ status: 403 });
    expect(verifyLinkedInWebhook({ method: 'GET', headers: {}, query: { challengeCode: 'x' }, rawBody: Buffer.alloc(0) }, {})).toMatchObject({ status: 503 });
    expect(verifyLinkedInWebhook({ method: 'DELETE', headers: {}, query: {}, rawBody: Buffer.alloc(0) }, { clientSecret })).toMatchObject({ status: 405 });
  });
});

describe('LinkedIn push signature (X-LI-Signature, string-to-sign as documented secondhand)', () => {
  const body = batch(comment);
  const signature = hmacSha256(clientSecret, `hmacsha256=${body.toString('utf8')}`).toString('hex');
  const post = (raw: Buffer, headers: Record<string, string>) => verifyLinkedInWebhook({ method: 'POST', headers, query: {}, rawBody: raw }, { clientSecret });

  test('verifies over the raw body, in any hex case; a flipped byte or a missing header fails', () => {
    expect(post(body, { 'X-LI-Signature': signature })).toEqual({ outcome: 'delivery' });
    expect(post(body, { 'x-li-signature': signature.toUpperCase() })).toEqual({ outcome: 'delivery' });
    const flipped = Buffer.from(body);
    flipped[10]! ^= 0x01;
    expect(post(flipped, { 'x-li-signature': signature })).toMatchObject({ status: 401, code: 'signature_invalid' });
    expect(post(body, {})).toMatchObject({ status: 401, code: 'signature_missing' });
  });
});

describe('LinkedIn notifications', () => {
  test('a comment: public thread under the source post, text, author URN, dedupe key from notificationId', () => {
    const { events } = parseLinkedInDelivery(batch(comment), {});
    expect(events).toHaveLength(1);
    expect(InboundEvent.parse(events[0])).toEqual(events[0]);
    expect(events[0]).toMatchObject({
      network: 'linkedin', kind: 'message', objectType: 'comment', channelExternalId: org, eventKey: 'notification:1001',
      externalId: 'urn:li:comment:(urn:li:activity:7001,9001)', direction: 'inbound',
      thread: { kind: 'public', rootExternalId: 'urn:li:share:7001', parentExternalId: 'urn:li:share:7001' },
      author: { externalId: 'urn:li:person:abc' }, text: 'Wann kommt die Lieferung? 🚚', occurredAt: '2023-11-14T22:13:20.000Z',
    });
  });

  test('a batch: one event per notification, a repeated notificationId once, every action mapped', () => {
    const raw = batch(
      comment,
      notification(1002, 'LIKE', { decoratedGeneratedActivity: { like: {} }, actor: 'urn:li:person:def' }),
      notification(1003, 'SHARE_MENTION', { generatedActivity: 'urn:li:share:7777', decoratedGeneratedActivity: { share: { owner: 'urn:li:person:ghi', text: '@Acme ist toll' } } }),
      notification(1004, 'ADMIN_COMMENT', { generatedActivity: 'urn:li:comment:(urn:li:activity:7001,9002)', decoratedGeneratedActivity: { comment: { owner: org, text: 'Morgen!' } } }),
      notification(1005, 'COMMENT_DELETE', { generatedActivity: 'urn:li:comment:(urn:li:activity:7001,9001)' }),
      notification(1006, 'SHARE', { generatedActivity: 'urn:li:share:8888' }),
      notification(1007, 'SOMETHING_NEW'),
      comment,
    );
    const { deliveryKey, events } = parseLinkedInDelivery(raw, {});
    expect(deliveryKey).toMatch(/^notifications:[0-9a-f]{64}$/);
    expect(events.map((e) => [e.eventKey, e.kind, e.direction])).toEqual([
      ['notification:1001', 'message', 'inbound'],
      ['notification:1002', 'reaction', 'inbound'],
      ['notification:1003', 'message', 'inbound'],
      ['notification:1004', 'message', 'outbound'],
      ['notification:1005', 'delete', 'inbound'],
      ['notification:1006', 'message', 'inbound'],
      ['notification:1007', 'other', 'inbound'],
    ]);
    expect(events[2]).toMatchObject({ mentionsChannel: true, objectType: 'post', thread: { rootExternalId: 'urn:li:share:7777' } });
    expect(events[5]).toMatchObject({ extra: { reshareOf: 'urn:li:share:7001' } });
  });

  test('the delivery key follows the notifications, not the bytes; the pull backfill format maps the same', () => {
    const pushed = parseLinkedInDelivery(batch(comment), {});
    const reformatted = parseLinkedInDelivery(Buffer.from(JSON.stringify({ type: 'ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS', notifications: [comment] }, null, 2)), {});
    const pulled = parseLinkedInDelivery(Buffer.from(JSON.stringify({ elements: [comment], paging: { start: 0, count: 10 } })), {});
    expect(reformatted.deliveryKey).toBe(pushed.deliveryKey);
    expect(pulled.events).toEqual(pushed.events.map((e) => ({ ...e, rawPointer: '/elements/0' })));
  });

  test('a notificationId beyond 2^53 keeps its digits', () => {
    const raw = Buffer.from(`{"notifications":[{"notificationId":9007199254740993123,"organizationalEntity":"${org}","action":"LIKE","sourcePost":"urn:li:share:1"}]}`);
    expect(parseLinkedInDelivery(raw, {}).events[0]!.eventKey).toBe('notification:9007199254740993123');
  });

  test.each([
    ['no list', '{"type":"ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS"}', 'wrong_shape'],
    ['another event type', '{"type":"LEAD_ACTION","notifications":[]}', 'unsupported'],
    ['a notification without id', `{"notifications":[{"action":"LIKE","organizationalEntity":"${org}"}]}`, 'wrong_shape'],
    ['no organization', '{"notifications":[{"notificationId":1,"action":"LIKE"}]}', 'channel_unknown'],
  ])('%s is a MalformedDelivery (%s)', (_name, raw, reason) => {
    expect(() => parseLinkedInDelivery(Buffer.from(raw), {})).toThrow(expect.objectContaining({ reason }));
    expect(() => parseLinkedInDelivery(Buffer.from(raw), {})).toThrow(MalformedDelivery);
  });
});
