import { createHmac, timingSafeEqual } from 'node:crypto';

// Webhook signatures: `X-Parley-Signature: sha256=<hex>` where hex is HMAC-SHA256, keyed with the webhook's secret
// (the whole `whsec_…` string, UTF-8), of `<X-Parley-Timestamp>.<raw request body>`. The timestamp (unix seconds)
// is signed too, so a captured request cannot be replayed later with a fresh timestamp.

/** The X-Parley-Signature header value for a body sent at `timestamp` (unix seconds). */
export function signWebhook(secret: string, timestamp: number | string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/**
 * Checks a received webhook as a receiver should: the signature matches (compared in constant time) and the
 * timestamp is within `toleranceSeconds` of now.
 */
export function verifyWebhook(secret: string, headers: { signature?: string; timestamp?: string }, body: string, opts: { toleranceSeconds?: number; now?: Date } = {}): boolean {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  const now = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - Number(timestamp)) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
