import { describe, expect, test } from 'vitest';
import { ApiChannelEvent, InboundEvent } from '@parley/contracts/channels';

const base = {
  network: 'facebook', channelExternalId: '1', eventKey: 'message:1', externalId: '1', objectType: 'comment', direction: 'inbound',
  thread: { kind: 'public', rootExternalId: 'p', parentExternalId: 'p' }, author: null, text: 'hi', language: null,
  attachments: [], mentions: [], links: [], mentionsChannel: false, url: null, occurredAt: '2025-01-01T00:00:00.000Z',
  rawPointer: '/entry/0/changes/0', extra: {},
};

describe('InboundEvent', () => {
  test('kinds carry their own block', () => {
    expect(InboundEvent.safeParse({ ...base, kind: 'message' }).success).toBe(true);
    expect(InboundEvent.safeParse({ ...base, kind: 'reaction' }).success).toBe(false);
    expect(InboundEvent.safeParse({ ...base, kind: 'reaction', reaction: { type: 'like', emoji: null, removed: false } }).success).toBe(true);
    expect(InboundEvent.safeParse({ ...base, kind: 'shout' }).success).toBe(false);
  });

  test.each([
    ['a network Parley does not know', { network: 'myspace' }],
    ['a numeric id', { externalId: 1 }],
    ['an id past the identity limit', { externalId: 'x'.repeat(513) }],
    ['a time without offset', { occurredAt: '2025-01-01T00:00:00' }],
    ['a negative mention position', { mentions: [{ externalId: null, handle: 'a', start: -1, end: 2 }] }],
  ])('refuses %s', (_name, patch) => {
    expect(InboundEvent.safeParse({ ...base, kind: 'message', ...patch }).success).toBe(false);
  });
});

describe('ApiChannelEvent', () => {
  const event = { type: 'message', id: 'm1', conversation: { id: 'c1' }, author: { id: 'a1' }, occurredAt: '2025-01-01T00:00:00Z' };

  test('defaults: private conversation, inbound, no attachments or mentions', () => {
    expect(ApiChannelEvent.parse(event)).toMatchObject({ conversation: { visibility: 'private' }, fromChannel: false, attachments: [], mentions: [] });
  });

  test('a reaction needs `reaction`; typing needs no id; a message does', () => {
    expect(ApiChannelEvent.safeParse({ ...event, type: 'reaction' }).success).toBe(false);
    expect(ApiChannelEvent.safeParse({ ...event, type: 'typing', id: undefined }).success).toBe(true);
    expect(ApiChannelEvent.safeParse({ ...event, id: undefined }).success).toBe(false);
  });

  test('metadata is small and flat', () => {
    expect(ApiChannelEvent.safeParse({ ...event, metadata: { order: '1', total: 9.5, paid: true } }).success).toBe(true);
    expect(ApiChannelEvent.safeParse({ ...event, metadata: { nested: { a: 1 } } }).success).toBe(false);
    expect(ApiChannelEvent.safeParse({ ...event, metadata: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, i])) }).success).toBe(false);
  });
});
