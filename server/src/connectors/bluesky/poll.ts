import type { ClientChannel, ClientOptions, HttpFetch } from '../types.ts';
import { createHttp, NetworkRejected, requireCredential } from '../shared/http.ts';
import { arr, prop, str } from '../shared/json.ts';
import { BLUESKY_SERVICE, classifyXrpcError } from './client.ts';

// Bluesky has no webhooks: polling app.bsky.notification.listNotifications is its inbound path. The list comes newest
// first, in pages linked by `cursor`; the poll reads pages until it reaches what the last poll saw (indexedAt at or
// before `seenUntil`), so a poll after a long pause catches up, bounded by MAX_PAGES. Mentions, replies and quotes
// carry their post record in the notification; likes, reposts and follows name their subject.

const PAGE = 50;
const MAX_PAGES = 10;

/** What a poll found: the notifications newer than `seenUntil`, oldest first, and the newest indexedAt among them. */
export interface BlueskyPoll { notifications: unknown[]; newest: string | null }

/** Signs in with the app password and reads the notifications newer than `seenUntil` (ISO; null: the first page only). */
export async function pollBlueskyNotifications(channel: ClientChannel, fetch: HttpFetch, seenUntil: string | null, options?: ClientOptions): Promise<BlueskyPoll> {
  const identifier = requireCredential(channel.credentials, 'identifier', 'Bluesky');
  const password = requireCredential(channel.credentials, 'appPassword', 'Bluesky');
  const service = new URL(channel.credentials.serviceUrl ?? BLUESKY_SERVICE).origin;
  const secrets: (string | undefined)[] = [password];
  const http = createHttp({ fetch, service: 'Bluesky', secrets, options, classify: classifyXrpcError });
  const session = (await http({ method: 'POST', url: `${service}/xrpc/com.atproto.server.createSession`, json: { identifier, password } })).body;
  const jwt = str(prop(session, 'accessJwt'));
  if (jwt === null) throw new NetworkRejected('invalid_response', 'Bluesky: createSession gave no accessJwt', 200);
  secrets.push(jwt, str(prop(session, 'refreshJwt')) ?? undefined);
  const seen = seenUntil ? Date.parse(seenUntil) : null;
  const found: unknown[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const body = (await http({
      method: 'GET', url: `${service}/xrpc/app.bsky.notification.listNotifications`, headers: { authorization: `Bearer ${jwt}` },
      query: { limit: PAGE, ...(cursor ? { cursor } : {}) },
    })).body;
    const items = arr(prop(body, 'notifications'));
    let reachedSeen = false;
    for (const n of items) {
      const at = Date.parse(str(prop(n, 'indexedAt')) ?? '');
      if (seen !== null && Number.isFinite(at) && at <= seen) { reachedSeen = true; continue; }
      found.push(n);
    }
    cursor = str(prop(body, 'cursor'));
    // The first poll of a channel reads one page: the channel starts from now, not from the account's whole history.
    if (reachedSeen || cursor === null || items.length === 0 || seen === null) break;
  }
  const newest = found.map((n) => str(prop(n, 'indexedAt'))).filter((s): s is string => s !== null).sort().at(-1) ?? null;
  return { notifications: found.reverse(), newest: newest ?? seenUntil };
}
