import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readFixture } from '../shared/fixtures.ts';
import { verifyXWebhook, xCrcResponseToken } from './webhook.ts';

const dir = path.join(import.meta.dirname, 'fixtures');
const vectors = JSON.parse(readFixture(dir, 'crc/crc-and-signature-vectors.json').toString('utf8')) as {
  crc: { request: string; consumer_secret: string; expected_response_json: { response_token: string } };
  signature: { header: string; consumer_secret: string; body_file: string; body_bytes: number; expected_header_value: string; body_sha256: string };
};
const body = readFixture(dir, vectors.signature.body_file.replace(/^x\//, ''));
const secrets = { consumerSecret: vectors.signature.consumer_secret };
const post = (rawBody: Buffer, headers: Record<string, string>) => verifyXWebhook({ method: 'POST', headers, query: {}, rawBody }, secrets);

describe('X CRC challenge', () => {
  const crcToken = new URL(vectors.crc.request.replace(/^GET /, '')).searchParams.get('crc_token')!;

  test('the response token is the base64 HMAC of the crc_token with the consumer secret', () => {
    expect(xCrcResponseToken(vectors.crc.consumer_secret, crcToken)).toBe(vectors.crc.expected_response_json.response_token);
    const verdict = verifyXWebhook({ method: 'GET', headers: {}, query: { crc_token: crcToken }, rawBody: Buffer.alloc(0) }, { consumerSecret: vectors.crc.consumer_secret });
    expect(verdict).toEqual({ outcome: 'challenge', response: { status: 200, contentType: 'application/json', body: JSON.stringify(vectors.crc.expected_response_json) } });
  });

  test('a GET without crc_token is refused; no secret is a 503', () => {
    expect(verifyXWebhook({ method: 'GET', headers: {}, query: {}, rawBody: Buffer.alloc(0) }, secrets)).toMatchObject({ status: 403, code: 'challenge_invalid' });
    expect(verifyXWebhook({ method: 'GET', headers: {}, query: { crc_token: crcToken }, rawBody: Buffer.alloc(0) }, {})).toMatchObject({ status: 503, code: 'secret_not_configured' });
  });
});

describe('X delivery signature (x-twitter-webhooks-signature)', () => {
  test('the fixture is byte-exact and its signature verifies', () => {
    expect(body.length).toBe(vectors.signature.body_bytes);
    expect(createHash('sha256').update(body).digest('hex')).toBe(vectors.signature.body_sha256);
    expect(post(body, { [vectors.signature.header]: vectors.signature.expected_header_value })).toEqual({ outcome: 'delivery' });
  });

  test.each([0, 1, 100, body.length - 1])('flipping byte %i fails', (index) => {
    const flipped = Buffer.from(body);
    flipped[index]! ^= 0x20;
    expect(post(flipped, { [vectors.signature.header]: vectors.signature.expected_header_value })).toMatchObject({ status: 401, code: 'signature_invalid' });
  });

  test('missing, re-cased base64 or foreign-secret signatures fail', () => {
    expect(post(body, {})).toMatchObject({ code: 'signature_missing' });
    expect(post(body, { [vectors.signature.header]: vectors.signature.expected_header_value.toLowerCase() })).toMatchObject({ code: 'signature_invalid' });
    expect(verifyXWebhook({ method: 'POST', headers: { [vectors.signature.header]: vectors.signature.expected_header_value }, query: {}, rawBody: body }, { consumerSecret: 'other' }))
      .toMatchObject({ code: 'signature_invalid' });
    // Re-serialized JSON is a different message.
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
    expect(post(reserialized, { [vectors.signature.header]: vectors.signature.expected_header_value })).toMatchObject({ code: 'signature_invalid' });
  });
});
