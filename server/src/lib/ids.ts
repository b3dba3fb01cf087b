import { createHash, randomBytes } from 'node:crypto';
import { v7 } from 'uuid';

/** A new time-ordered id (UUID v7): new rows land at the end of indexes. */
export function newId(): string {
  return v7();
}

/** A random token for sessions, API tokens and invites (url-safe). */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of a token, hex; tokens are stored only as this hash. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
