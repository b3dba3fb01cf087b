import { CHANNEL_LIMITS } from '@parley/contracts/channels';
import type { ChannelSecrets, WebhookRequest, WebhookVerdict } from '../types.ts';
import { DELIVERY, header, hmacSha256, reject, safeEqual } from '../shared/verify.ts';

export const API_SIGNATURE_HEADER = 'x-parley-signature';
export const API_TIMESTAMP_HEADER = 'x-parley-timestamp';

/**
 * The signature a sender puts in X-Parley-Signature: `sha256=` + hex HMAC-SHA256(secret, "<timestamp>.<raw body>"), the
 * scheme of Parley's own outbound webhooks (docs/webhooks.md), so one routine serves both directions.
 */
export function apiChannelSignature(secret: string, timestamp: string, rawBody: Buffer): string {
  return `sha256=${hmacSha256(secret, `${timestamp}.`, rawBody).toString('hex')}`;
}

/**
 * The generic API channel (docs/api-channel.md). The timestamp is signed with the body, so a captured request cannot be
 * replayed after the tolerance (5 minutes either way); within it, the delivery id makes a replay a duplicate that is
 * stored once. The header may carry several signatures (`sha256=…, sha256=…`) and the channel two secrets, so either side can
 * rotate without downtime. Secrets: `signingSecret`, optionally `previousSigningSecret`.
 */
export function verifyApiWebhook(req: WebhookRequest, secrets: ChannelSecrets): WebhookVerdict {
  if (req.method !== 'POST') return reject(405, 'method_not_allowed', `${req.method} is not a webhook request`);
  const keys = [secrets.signingSecret, secrets.previousSigningSecret].filter((k): k is string => Boolean(k));
  if (keys.length === 0) return reject(503, 'secret_not_configured', 'no signing secret configured for this channel');
  const timestamp = header(req.headers, API_TIMESTAMP_HEADER);
  const signatures = header(req.headers, API_SIGNATURE_HEADER);
  if (timestamp === null || signatures === null) return reject(401, 'signature_missing', 'X-Parley-Timestamp and X-Parley-Signature are required');
  if (!/^\d{1,12}$/.test(timestamp)) return reject(401, 'signature_invalid', 'X-Parley-Timestamp is not a Unix time in seconds');
  const now = (req.receivedAt ?? new Date()).getTime() / 1000;
  if (Math.abs(now - Number(timestamp)) > CHANNEL_LIMITS.apiSignatureToleranceSeconds) {
    return reject(401, 'signature_expired', 'X-Parley-Timestamp is more than 5 minutes off');
  }
  const received = signatures.split(/[,\s]+/).filter((s) => /^sha256=/i.test(s)).slice(0, 8).map((s) => s.toLowerCase());
  const expected = keys.map((key) => apiChannelSignature(key, timestamp, req.rawBody));
  // Every pair is compared, so the time taken does not tell which secret or which signature matched.
  let ok = false;
  for (const r of received) for (const e of expected) ok = safeEqual(r, e) || ok;
  return ok ? DELIVERY : reject(401, 'signature_invalid', 'X-Parley-Signature does not match the timestamp and body');
}
