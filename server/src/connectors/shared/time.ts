// Networks give times as seconds, milliseconds, numeric strings, ISO strings or Twitter's "Mon May 19 14:01:46 +0000 2025".
// Every helper answers null for what it cannot read, so a mutilated timestamp falls back instead of throwing a RangeError.

const MIN_MS = Date.UTC(1990, 0, 1);
const MAX_MS = Date.UTC(2200, 0, 1);

function isoOfMs(ms: number): string | null {
  return Number.isFinite(ms) && ms >= MIN_MS && ms <= MAX_MS ? new Date(ms).toISOString() : null;
}

/** Epoch seconds or milliseconds (told apart by size; 1e11 s lies in the year 5138), number or numeric string. */
export function isoFromEpoch(value: unknown): string | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n <= 0) return null;
  return isoOfMs(n < 1e11 ? n * 1000 : n);
}

/** Epoch milliseconds only (X created_timestamp, LinkedIn lastModifiedAt): a small value is not silently seconds. */
export function isoFromEpochMs(value: unknown): string | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  return isoOfMs(n);
}

/** Epoch microseconds (Bluesky Jetstream time_us). */
export function isoFromEpochUs(value: unknown): string | null {
  return typeof value === 'number' ? isoOfMs(Math.floor(value / 1000)) : null;
}

/** An ISO 8601 string with offset or Z (what Mastodon and Bluesky send), normalized to UTC; else null. */
export function isoFromString(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 64) return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) return null;
  return isoOfMs(Date.parse(value));
}

/** Twitter v1.1 created_at ("Mon May 19 14:01:46 +0000 2025"). */
export function isoFromTwitterDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^\w{3} (\w{3}) (\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{4}) (\d{4})$/.exec(value);
  if (!m) return null;
  return isoOfMs(Date.parse(`${m[2]} ${m[1]} ${m[5]} ${m[3]} GMT${m[4]}`));
}

/** The first readable time of the candidates, else the fallback (when the delivery arrived). */
export function firstTime(fallback: Date | undefined, ...candidates: (string | null)[]): string {
  for (const c of candidates) if (c !== null) return c;
  return (fallback ?? new Date()).toISOString();
}
