import type { ChannelSecrets, WebhookRequest, WebhookVerdict } from '../types.ts';
import { challenge, DELIVERY, header, hmacSha256, queryParam, reject, safeEqual } from '../shared/verify.ts';

/** The CRC answer: `sha256=` + base64 HMAC-SHA256(consumer secret, crc_token). */
export function xCrcResponseToken(consumerSecret: string, crcToken: string): string {
  return `sha256=${hmacSha256(consumerSecret, crcToken).toString('base64')}`;
}

/**
 * X Account Activity / v2 webhooks. X checks the endpoint with `GET ?crc_token=…` (on registration, hourly, and on
 * demand) and expects `{"response_token": "sha256=<base64 HMAC>"}`; a failed check disables the webhook. Deliveries
 * carry `x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256(consumer secret, raw body)>`.
 * Secret: `consumerSecret`.
 */
export function verifyXWebhook(req: WebhookRequest, secrets: ChannelSecrets): WebhookVerdict {
  const consumerSecret = secrets.consumerSecret;
  if (req.method === 'GET') {
    const crcToken = queryParam(req.query, 'crc_token');
    if (crcToken === null || crcToken.length === 0 || crcToken.length > 1000) return reject(403, 'challenge_invalid', 'no crc_token');
    if (!consumerSecret) return reject(503, 'secret_not_configured', 'no consumer secret configured for this channel');
    return challenge('application/json', JSON.stringify({ response_token: xCrcResponseToken(consumerSecret, crcToken) }));
  }
  if (req.method !== 'POST') return reject(405, 'method_not_allowed', `${req.method} is not a webhook request`);
  if (!consumerSecret) return reject(503, 'secret_not_configured', 'no consumer secret configured for this channel');
  const signature = header(req.headers, 'x-twitter-webhooks-signature');
  if (signature === null) return reject(401, 'signature_missing', 'x-twitter-webhooks-signature is missing');
  const expected = `sha256=${hmacSha256(consumerSecret, req.rawBody).toString('base64')}`;
  // Base64 is case-sensitive: compare exactly.
  return safeEqual(signature.trim(), expected) ? DELIVERY : reject(401, 'signature_invalid', 'x-twitter-webhooks-signature does not match the body');
}
