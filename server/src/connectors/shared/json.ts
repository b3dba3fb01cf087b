import { CHANNEL_LIMITS } from '@parley/contracts/channels';
import { MalformedDelivery } from './delivery.ts';

/** A parsed JSON object (own properties only are read, see `prop`). */
export type Json = Record<string, unknown>;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes and parses a delivery. Integers beyond 2^53 come back as their exact digits (a string), never as a rounded
 * number: X and Meta send 64-bit ids as JSON numbers next to (or without) a string form. Every failure is a
 * MalformedDelivery.
 */
export function parseJsonBody(rawBody: Buffer): unknown {
  return parseJsonText(decodeBody(rawBody));
}

/** The body as text: within the size limit and valid UTF-8 (JSON requires it), else a MalformedDelivery. */
export function decodeBody(rawBody: Buffer): string {
  if (rawBody.length > CHANNEL_LIMITS.deliveryBytes) {
    throw new MalformedDelivery('too_large', `delivery of ${rawBody.length} bytes exceeds ${CHANNEL_LIMITS.deliveryBytes}`);
  }
  try {
    return utf8.decode(rawBody);
  } catch {
    throw new MalformedDelivery('not_utf8', 'delivery is not valid UTF-8');
  }
}

/** JSON.parse with exact big integers and a depth limit; for JSON nested in JSON (Mastodon streaming payloads) too. */
export function parseJsonText(text: string): unknown {
  // The reviver recurses per level, so a hostile nesting depth would overflow the stack: refuse it before parsing.
  if (nestingDepth(text) > CHANNEL_LIMITS.jsonDepth) {
    throw new MalformedDelivery('too_deep', `JSON nested deeper than ${CHANNEL_LIMITS.jsonDepth} levels`);
  }
  try {
    // A reviver makes JSON.parse several times slower; only a text with 16 digits in a row can hold an unsafe integer.
    return UNSAFE_DIGITS.test(text) ? JSON.parse(text, exactIntegers as (key: string, value: unknown) => unknown) : JSON.parse(text) as unknown;
  } catch (err) {
    throw new MalformedDelivery('invalid_json', `not JSON: ${(err as Error).message.slice(0, 200)}`);
  }
}

const UNSAFE_DIGITS = /\d{16}/;

// Node 24 passes the source text of primitives as a third argument (TC39 "JSON.parse source text access").
function exactIntegers(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value === 'number' && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source)) {
    return context.source;
  }
  return value;
}

function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** The value as a plain object, or null. */
export function obj(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

/** The value as an array, or an empty one. */
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** An own property: payload keys such as "__proto__" or "constructor" must not reach into prototypes. */
export function prop(o: unknown, key: string): unknown {
  const object = obj(o);
  return object !== null && Object.hasOwn(object, key) ? object[key] : undefined;
}

/** A nested own property by path. */
export function at(o: unknown, ...path: string[]): unknown {
  let cur: unknown = o;
  for (const key of path) cur = prop(cur, key);
  return cur;
}

/** A non-empty string, or null. */
export function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** A string (possibly empty), or null. */
export function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A finite number, or null. */
export function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A non-negative safe integer (counts such as followers), or null. */
export function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** A boolean, or null. */
export function bool(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/**
 * An id as a string: strings as they are, integers as their digits. parseJsonBody already turned integers beyond 2^53
 * into exact strings; a fractional or non-finite number is no id.
 */
export function idOf(value: unknown): string | null {
  if (typeof value === 'string') return value.length > 0 ? value : null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return null;
}

/** JSON Pointer (RFC 6901) from path segments. */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
