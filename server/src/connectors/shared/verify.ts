import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Headers, WebhookErrorCode, WebhookVerdict } from '../types.ts';

/** A header by name, case-insensitively; the first value when repeated. */
export function header(headers: Headers, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const first = typeof value === 'string' ? value : value?.[0];
    return typeof first === 'string' ? first : null;
  }
  return null;
}

/** A query parameter as one string (the first when repeated), or null. */
export function queryParam(query: Readonly<Record<string, string | readonly string[] | undefined>>, name: string): string | null {
  if (!Object.hasOwn(query, name)) return null;
  const value = query[name];
  const first = typeof value === 'string' ? value : value?.[0];
  return typeof first === 'string' ? first : null;
}

/** HMAC-SHA256 of the data (raw bytes or a string as UTF-8). */
export function hmacSha256(key: string, ...data: (Buffer | string)[]): Buffer {
  const mac = createHmac('sha256', key);
  for (const d of data) mac.update(d);
  return mac.digest();
}

/**
 * Compares a received signature with the expected one in constant time. Different lengths are unequal at once: the
 * length of a digest is no secret.
 */
export function safeEqual(received: string, expected: string): boolean {
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export const DELIVERY: WebhookVerdict = { outcome: 'delivery' };

/** A refused request with its stable code. */
export function reject(status: 401 | 403 | 405 | 503, code: WebhookErrorCode, message: string): WebhookVerdict {
  return { outcome: 'rejected', status, code, message };
}

/** The answer to a handshake. */
export function challenge(contentType: string, body: string): WebhookVerdict {
  return { outcome: 'challenge', response: { status: 200, contentType, body } };
}
