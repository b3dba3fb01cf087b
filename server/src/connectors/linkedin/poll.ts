import type { ClientChannel, ClientOptions, HttpFetch } from '../types.ts';
import { createHttp, requireCredential } from '../shared/http.ts';
import { arr, idOf, prop } from '../shared/json.ts';
import { classifyLinkedInError, encodeUrn, LINKEDIN_BASE, LINKEDIN_VERSION } from './client.ts';

// The polling backfill of LinkedIn organization social-action notifications (Community Management API,
// "Organization Social Action Notifications": GET /rest/organizationalEntityNotifications?q=criteria, up to 60 days
// back). It catches what the webhook missed (the URL was down, LinkedIn gave up after its 8 hours of retries) and
// serves channels without webhooks. The pages are read into one list; the backfill stores it as a delivery in the
// pulled format the mapper reads ({"elements": […]}), so a notification pushed and polled is the same event.

export const LINKEDIN_ACTIONS = ['COMMENT', 'ADMIN_COMMENT', 'COMMENT_EDIT', 'COMMENT_DELETE', 'SHARE', 'SHARE_MENTION', 'LIKE'] as const;
/** LinkedIn keeps notifications for 60 days. */
export const LINKEDIN_LOOKBACK_MS = 60 * 86_400_000;
const PAGE = 50;
const MAX_PAGES = 10;

/** Notifications of the organization with lastModifiedAt in [sinceMs, now), oldest first, at most MAX_PAGES pages. */
export async function pollLinkedInNotifications(channel: ClientChannel, fetch: HttpFetch, sinceMs: number, options?: ClientOptions): Promise<unknown[]> {
  const token = requireCredential(channel.credentials, 'accessToken', 'LinkedIn');
  const http = createHttp({
    fetch, service: 'LinkedIn', secrets: [token], options, classify: classifyLinkedInError,
    headers: { authorization: `Bearer ${token}`, 'linkedin-version': LINKEDIN_VERSION, 'x-restli-protocol-version': '2.0.0' },
  });
  const end = (options?.now?.() ?? new Date()).getTime();
  const start = Math.max(sinceMs, end - LINKEDIN_LOOKBACK_MS);
  const out: unknown[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    // Rest.li 2.0 query syntax: List(…) and (start:…,end:…) stay as they are, the URN is encoded.
    const url = `${LINKEDIN_BASE}/organizationalEntityNotifications?q=criteria&actions=List(${LINKEDIN_ACTIONS.join(',')})`
      + `&organizationalEntity=${encodeUrn(channel.externalId)}&timeRange=(start:${start},end:${end})&count=${PAGE}&start=${page * PAGE}`;
    const elements = arr(prop((await http({ method: 'GET', url })).body, 'elements'));
    out.push(...elements);
    if (elements.length < PAGE) break;
  }
  return out.sort((a, b) => Number(prop(a, 'lastModifiedAt') ?? 0) - Number(prop(b, 'lastModifiedAt') ?? 0));
}

/** A notification's id as the mapper keys it. */
export function linkedInNotificationId(n: unknown): string | null {
  return idOf(prop(n, 'notificationId'));
}
