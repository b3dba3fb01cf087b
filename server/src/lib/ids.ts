import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

// uuid's v7() asks crypto for 16 fresh bytes per id (one getRandomValues call each, ~14 µs); bulk imports make
// thousands of ids a second, so the random bytes come from a pool refilled 4 KB at a time.
const pool = new Uint8Array(4096);
let poolAt = pool.length;
// The same monotonic state uuid keeps for its own v7(): a new millisecond starts at a random sequence, ids within a
// millisecond count up from it, so ids made by this process are strictly increasing.
const clock = { msecs: -Infinity, seq: 0 };

/** A new time-ordered id (UUID v7): new rows land at the end of indexes. */
export function newId(): string {
  if (poolAt + 16 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const random = pool.subarray(poolAt, (poolAt += 16));
  const now = Date.now();
  if (now > clock.msecs) {
    clock.msecs = now;
    clock.seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
  } else {
    clock.seq = (clock.seq + 1) | 0;
    if (clock.seq === 0) clock.msecs++; // 2^31 ids in one millisecond: borrow the next one
  }
  return v7({ random, msecs: clock.msecs, seq: clock.seq });
}

/** A random token for sessions, API tokens and invites (url-safe). */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of a token, hex; tokens are stored only as this hash. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
