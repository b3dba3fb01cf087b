import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readFixture } from '../shared/fixtures.ts';
import { hmacSha256 } from '../shared/verify.ts';
import { verifyMetaWebhook } from './webhook.ts';

const dir = path.join(import.meta.dirname, 'fixtures');
const vectors = JSON.parse(readFixture(dir, 'verification/signature-vectors.json').toString('utf8')) as {
  known_answer_vector: { key: string; message: string; hmac_sha256_hex: string };
  vectors: { body_file: string; body_bytes: number; app_secret: string; expected_header_value: string; expected_legacy_value: string; body_sha256: string }[];
  unicode_escaping_illustration: { app_secret: string; body_utf8: string; sig_over_utf8: string; body_escaped_unicode: string; sig_over_escaped: string };
};
const handshake = JSON.parse(readFixture(dir, 'verification/handshake.json').toString('utf8')) as {
  verification_request: { query: Record<string, string>; expected_response: { status: number; content_type: string; body: string } };
};
const secrets = { appSecret: 'test-app-secret', verifyToken: 'my-verify-token' };
const post = (rawBody: Buffer, headers: Record<string, string>) => verifyMetaWebhook({ method: 'POST', headers, query: {}, rawBody }, secrets);
// The vectors name files by their path in the shared folder (meta/…); here they live in fixtures/.
const bodyOf = (file: string) => readFixture(dir, file.replace(/^meta\//, ''));

describe('Meta signature (X-Hub-Signature-256 over the raw body)', () => {
  test('the HMAC primitive gives the published known answer', () => {
    const { key, message, hmac_sha256_hex } = vectors.known_answer_vector;
    expect(hmacSha256(key, message).toString('hex')).toBe(hmac_sha256_hex);
  });

  test.each(vectors.vectors)('$body_file: fixture bytes unchanged and its signature verifies', (v) => {
    const body = bodyOf(v.body_file);
    expect(body.length).toBe(v.body_bytes);
    expect(createHash('sha256').update(body).digest('hex')).toBe(v.body_sha256);
    expect(post(body, { 'x-hub-signature-256': v.expected_header_value })).toEqual({ outcome: 'delivery' });
    // Header names arrive in any case from other servers and tests; hex digits too.
    expect(post(body, { 'X-Hub-Signature-256': v.expected_header_value.toUpperCase().replace('SHA256=', 'sha256=') })).toEqual({ outcome: 'delivery' });
  });

  test.each(vectors.vectors)('$body_file: one flipped byte of the body fails', (v) => {
    const body = Buffer.from(bodyOf(v.body_file));
    body[Math.floor(body.length / 2)]! ^= 0x01;
    expect(post(body, { 'x-hub-signature-256': v.expected_header_value })).toMatchObject({ outcome: 'rejected', status: 401, code: 'signature_invalid' });
  });

  test.each(vectors.vectors)('$body_file: a wrong secret, a truncated signature and the legacy SHA-1 header alone fail', (v) => {
    const body = bodyOf(v.body_file);
    expect(verifyMetaWebhook({ method: 'POST', headers: { 'x-hub-signature-256': v.expected_header_value }, query: {}, rawBody: body }, { appSecret: 'other' }))
      .toMatchObject({ code: 'signature_invalid' });
    expect(post(body, { 'x-hub-signature-256': v.expected_header_value.slice(0, -1) })).toMatchObject({ code: 'signature_invalid' });
    expect(post(body, { 'x-hub-signature': v.expected_legacy_value })).toMatchObject({ status: 401, code: 'signature_missing' });
  });

  test('only the bytes as sent verify: the escaped-Unicode body and its UTF-8 re-serialization are different messages', () => {
    const u = vectors.unicode_escaping_illustration;
    const escaped = Buffer.from(u.body_escaped_unicode, 'utf8');
    const reserialized = Buffer.from(u.body_utf8, 'utf8');
    expect(post(escaped, { 'x-hub-signature-256': u.sig_over_escaped })).toEqual({ outcome: 'delivery' });
    expect(post(reserialized, { 'x-hub-signature-256': u.sig_over_escaped })).toMatchObject({ code: 'signature_invalid' });
    expect(post(reserialized, { 'x-hub-signature-256': u.sig_over_utf8 })).toEqual({ outcome: 'delivery' });
  });

  test('no app secret configured is a server-side problem (503), not a forged request', () => {
    expect(verifyMetaWebhook({ method: 'POST', headers: { 'x-hub-signature-256': 'sha256=00' }, query: {}, rawBody: Buffer.from('{}') }, {}))
      .toMatchObject({ status: 503, code: 'secret_not_configured' });
  });
});

describe('Meta subscription handshake (hub.challenge)', () => {
  const { query, expected_response } = handshake.verification_request;
  const get = (q: Record<string, string | string[]>) => verifyMetaWebhook({ method: 'GET', headers: {}, query: q, rawBody: Buffer.alloc(0) }, secrets);

  test('the challenge is echoed as text/plain when the verify token is ours', () => {
    expect(get({ ...query, 'hub.verify_token': secrets.verifyToken })).toEqual({
      outcome: 'challenge',
      response: { status: expected_response.status, contentType: expected_response.content_type, body: expected_response.body },
    });
  });

  test.each([
    ['a foreign verify token', { ...query, 'hub.verify_token': 'guess' }],
    ['no verify token', { 'hub.mode': 'subscribe', 'hub.challenge': '1158201444' }],
    ['another mode', { ...query, 'hub.mode': 'unsubscribe', 'hub.verify_token': secrets.verifyToken }],
    ['no challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': secrets.verifyToken }],
  ])('%s is refused with 403', (_name, q) => {
    expect(get(q)).toMatchObject({ outcome: 'rejected', status: 403, code: 'challenge_invalid' });
  });

  test('repeated parameters use the first value; other methods are refused', () => {
    expect(get({ ...query, 'hub.verify_token': [secrets.verifyToken, 'x'] })).toMatchObject({ outcome: 'challenge' });
    expect(verifyMetaWebhook({ method: 'PUT', headers: {}, query: {}, rawBody: Buffer.alloc(0) }, secrets)).toMatchObject({ status: 405 });
  });
});
