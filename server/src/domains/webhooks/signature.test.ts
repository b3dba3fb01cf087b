import { describe, expect, test } from 'vitest';
import { signWebhook, verifyWebhook } from './signature.ts';

// Expected values computed independently: printf '%s' '<ts>.<body>' | openssl dgst -sha256 -hmac '<secret>'
describe('webhook signatures', () => {
  test.each([
    ['whsec_test', 1700000000, '{"id":"1","type":"ping"}', 'sha256=8c5e503e276b2a76ff06596bdfeb2163303d10dedbb7c2a26dc24bb7bc67365e'],
    ['whsec_test', '1700000000', '{"name":"Jürgen"}', 'sha256=75191b4b07131829cbadb38ef0641c5fa7e60edd1c41e414a0dbb7034f90d19e'],
  ])('signs "%s" / %s / %s', (secret, ts, body, expected) => {
    expect(signWebhook(secret, ts, body)).toBe(expected);
  });

  const secret = 'whsec_abc';
  const body = '{"id":"e1","type":"contact.created"}';
  const now = new Date('2025-03-01T12:00:00Z');
  const ts = String(Math.floor(now.getTime() / 1000));
  const good = { signature: signWebhook(secret, ts, body), timestamp: ts };

  test.each([
    ['the genuine request', good, body, secret, true],
    ['a changed body', good, body.replace('e1', 'e2'), secret, false],
    ['another secret', good, body, 'whsec_other', false],
    ['a changed timestamp', { ...good, timestamp: String(Number(ts) + 1) }, body, secret, false],
    ['no signature', { timestamp: ts }, body, secret, false],
    ['a malformed timestamp', { ...good, timestamp: 'yesterday' }, body, secret, false],
    ['a truncated signature', { ...good, signature: good.signature.slice(0, -2) }, body, secret, false],
  ])('verify: %s', (_name, headers, b, s, ok) => {
    expect(verifyWebhook(s, headers, b, { now })).toBe(ok);
  });

  test('verify refuses a request older than the tolerance (replay)', () => {
    const later = new Date(now.getTime() + 301_000);
    expect(verifyWebhook(secret, good, body, { now: later })).toBe(false);
    expect(verifyWebhook(secret, good, body, { now: later, toleranceSeconds: 600 })).toBe(true);
  });
});
