import type { ChannelSecrets, WebhookRequest, WebhookVerdict } from '../types.ts';
import { DELIVERY, header, hmacSha256, reject, safeEqual } from '../shared/verify.ts';

/**
 * Mastodon server-admin webhooks (report.created, status.created…), signed WebSub-style:
 * `X-Hub-Signature: sha256=<hex HMAC-SHA256(webhook secret, raw body)>`. Mastodon has no subscription handshake; the
 * channel's own timeline and notifications come by streaming and polling, which need no verification.
 * Secret: `webhookSecret`.
 */
export function verifyMastodonWebhook(req: WebhookRequest, secrets: ChannelSecrets): WebhookVerdict {
  if (req.method !== 'POST') return reject(405, 'method_not_allowed', `${req.method} is not a webhook request`);
  const secret = secrets.webhookSecret;
  if (!secret) return reject(503, 'secret_not_configured', 'no webhook secret configured for this channel');
  const signature = header(req.headers, 'x-hub-signature');
  if (signature === null) return reject(401, 'signature_missing', 'X-Hub-Signature is missing');
  const expected = `sha256=${hmacSha256(secret, req.rawBody).toString('hex')}`;
  const received = signature.trim().replace(/^sha256=/i, 'sha256=').replace(/[A-F]/g, (c) => c.toLowerCase());
  return safeEqual(received, expected) ? DELIVERY : reject(401, 'signature_invalid', 'X-Hub-Signature does not match the body');
}
