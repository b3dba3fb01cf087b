import type { ChannelSecrets, WebhookRequest, WebhookVerdict } from '../types.ts';
import { challenge, DELIVERY, header, hmacSha256, queryParam, reject, safeEqual } from '../shared/verify.ts';

/**
 * Meta webhooks (Facebook pages, Messenger, Instagram). Subscribing sends
 * `GET ?hub.mode=subscribe&hub.challenge=…&hub.verify_token=…`: echo the challenge when the token is ours. Deliveries
 * carry `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`. Meta hashes its own escaped-Unicode
 * bytes, so only the bytes as received verify; the legacy SHA-1 header alone is not accepted.
 * Secrets: `appSecret`, `verifyToken`.
 */
export function verifyMetaWebhook(req: WebhookRequest, secrets: ChannelSecrets): WebhookVerdict {
  if (req.method === 'GET') {
    const verifyToken = secrets.verifyToken;
    if (!verifyToken) return reject(503, 'secret_not_configured', 'no verify token configured for this channel');
    const mode = queryParam(req.query, 'hub.mode');
    const token = queryParam(req.query, 'hub.verify_token');
    const hubChallenge = queryParam(req.query, 'hub.challenge');
    if (mode !== 'subscribe' || token === null || hubChallenge === null || hubChallenge.length > 1000) {
      return reject(403, 'challenge_invalid', 'not a Meta subscription request');
    }
    if (!safeEqual(token, verifyToken)) return reject(403, 'challenge_invalid', 'verify token does not match');
    return challenge('text/plain', hubChallenge);
  }
  if (req.method !== 'POST') return reject(405, 'method_not_allowed', `${req.method} is not a webhook request`);
  const appSecret = secrets.appSecret;
  if (!appSecret) return reject(503, 'secret_not_configured', 'no app secret configured for this channel');
  const signature = header(req.headers, 'x-hub-signature-256');
  if (signature === null) return reject(401, 'signature_missing', 'X-Hub-Signature-256 is missing');
  const expected = `sha256=${hmacSha256(appSecret, req.rawBody).toString('hex')}`;
  // Hex digits in either case are the same digest.
  const received = signature.trim().replace(/^sha256=/i, 'sha256=').replace(/[A-F]/g, (c) => c.toLowerCase());
  return safeEqual(received, expected) ? DELIVERY : reject(401, 'signature_invalid', 'X-Hub-Signature-256 does not match the body');
}
