import type { ChannelSecrets, WebhookRequest, WebhookVerdict } from '../types.ts';
import { challenge, DELIVERY, header, hmacSha256, queryParam, reject, safeEqual } from '../shared/verify.ts';

/** The validation answer: lowercase hex HMAC-SHA256(client secret, challengeCode). */
export function linkedInChallengeResponse(clientSecret: string, challengeCode: string): string {
  return hmacSha256(clientSecret, challengeCode).toString('hex');
}

/**
 * LinkedIn webhooks. Validation is `GET ?challengeCode=<uuid>`, answered within 3 s with JSON
 * `{challengeCode, challengeResponse}`; LinkedIn re-validates about every 2 hours and blocks the URL after 3 failures.
 * Pushes carry `X-LI-Signature`: hex HMAC-SHA256(client secret, "hmacsha256=" + raw body). That string-to-sign comes
 * from a secondary source quoting LinkedIn's page (see fixtures/SOURCE.md); confirm it with a recorded delivery.
 * Secret: `clientSecret`.
 */
export function verifyLinkedInWebhook(req: WebhookRequest, secrets: ChannelSecrets): WebhookVerdict {
  const clientSecret = secrets.clientSecret;
  if (req.method === 'GET') {
    const challengeCode = queryParam(req.query, 'challengeCode');
    if (challengeCode === null || challengeCode.length === 0 || challengeCode.length > 200) return reject(403, 'challenge_invalid', 'no challengeCode');
    if (!clientSecret) return reject(503, 'secret_not_configured', 'no client secret configured for this channel');
    return challenge('application/json', JSON.stringify({ challengeCode, challengeResponse: linkedInChallengeResponse(clientSecret, challengeCode) }));
  }
  if (req.method !== 'POST') return reject(405, 'method_not_allowed', `${req.method} is not a webhook request`);
  if (!clientSecret) return reject(503, 'secret_not_configured', 'no client secret configured for this channel');
  const signature = header(req.headers, 'x-li-signature');
  if (signature === null) return reject(401, 'signature_missing', 'X-LI-Signature is missing');
  const expected = hmacSha256(clientSecret, 'hmacsha256=', req.rawBody).toString('hex');
  return safeEqual(signature.trim().toLowerCase(), expected) ? DELIVERY : reject(401, 'signature_invalid', 'X-LI-Signature does not match the body');
}
