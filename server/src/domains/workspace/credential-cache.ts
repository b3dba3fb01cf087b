import { LRUCache } from 'lru-cache';

/**
 * Resolved credentials for a few seconds: an API token or session (by the hash of its secret) → what it resolved to.
 * Every authenticated request used to cost one or two database round trips before its own work; a list request at
 * 2,000/s cannot afford them (bench/RESULTS.md). Whatever can end or change a credential — logout, revoking a token,
 * deactivating or changing a user, a password — calls `forgetCredentials()` after its transaction committed, so in
 * this process the change is effective at once; other API processes see it within `CREDENTIAL_TTL_MS`.
 * Unknown credentials are never cached, so a new token works at once everywhere.
 */
export const CREDENTIAL_TTL_MS = 5_000;

const cache = new LRUCache<string, { value: unknown; expiresAt: number }>({ max: 10_000, ttl: CREDENTIAL_TTL_MS });

/** The cached value for a credential hash, unless it expired (the credential's own expiry counts too). */
export function cachedCredential<T>(hash: string): T | undefined {
  const hit = cache.get(hash);
  if (!hit) return undefined;
  if (hit.expiresAt <= Date.now()) {
    cache.delete(hash);
    return undefined;
  }
  return hit.value as T;
}

/** Remembers what a credential resolved to; `expiresAt` is the credential's own end (sessions), if any. */
export function rememberCredential(hash: string, value: unknown, expiresAt = Number.POSITIVE_INFINITY): void {
  cache.set(hash, { value, expiresAt });
}

/** Drops every cached credential of this process: called after anything that ends or changes credentials. */
export function forgetCredentials(): void {
  cache.clear();
}
