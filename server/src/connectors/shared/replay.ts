import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { HttpFetch } from '../types.ts';

// For tests: a fetch that answers from recorded exchanges (fixtures/http/*.json) and refuses everything else loudly,
// so no test ever reaches a network. An exchange matches on method and URL (query order aside), on the headers it
// names and on the body shape it names (every recorded key present with an equal value; arrays element by element).
// Each exchange answers once unless it says `"repeat": true`, so a 429 followed by a 200 replays a retry.

export interface RecordedRequest {
  method: string;
  url: string;
  /** Headers that must be sent with these values (names case-insensitive). */
  headers?: Record<string, string>;
  /** Headers that must not be sent at all. */
  absentHeaders?: string[];
  /** The JSON or form body's expected shape (a form body is compared as an object of strings). */
  body?: unknown;
}

export interface RecordedResponse {
  status: number;
  headers?: Record<string, string>;
  /** The body as JSON. */
  body?: unknown;
  /** The body as a file, relative to the recording (a real response kept verbatim elsewhere in fixtures/). */
  bodyFile?: string;
  /** The body as raw text (an HTML error page). */
  bodyText?: string;
}

export interface RecordedExchange {
  name: string;
  request: RecordedRequest;
  response: RecordedResponse;
  repeat?: boolean;
}

export interface Recording {
  /** Where the exchanges come from: a documented example, a documented shape, a real response body. */
  origin: string;
  exchanges: RecordedExchange[];
}

export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A request no recording answers; thrown (never turned into a network error) so a test fails where it happened. */
export class UnrecordedRequest extends Error {}

export interface Replayer {
  fetch: HttpFetch;
  /** Every request sent, in order, with lower-case header names. */
  sent: SentRequest[];
  /** Exchanges not yet used (repeatable ones excepted). */
  unused(): string[];
}

/** The exchanges of recordings in a fixtures/http folder, bodies from `bodyFile` read in. */
export function loadRecording(dir: string, file: string): RecordedExchange[] {
  const recording = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Recording;
  if (typeof recording.origin !== 'string' || !Array.isArray(recording.exchanges)) throw new Error(`${file}: not a recording`);
  return recording.exchanges.map((e) => e.response.bodyFile === undefined ? e : {
    ...e,
    response: { ...e.response, bodyText: readFileSync(path.join(dir, e.response.bodyFile), 'utf8'), bodyFile: undefined },
  });
}

/** A fetch replaying `exchanges`; any other request throws UnrecordedRequest. */
export function replayer(exchanges: readonly RecordedExchange[]): Replayer {
  const used = new Set<number>();
  const sent: SentRequest[] = [];
  const fetch: HttpFetch = async (input, init = {}) => {
    const request: SentRequest = {
      method: (init.method ?? 'GET').toUpperCase(),
      url: input,
      headers: Object.fromEntries(Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
      body: init.body,
    };
    sent.push(request);
    const misses: string[] = [];
    const index = exchanges.findIndex((e, i) => {
      if (used.has(i) && !e.repeat) return false;
      const miss = mismatch(e.request, request);
      if (miss !== null) misses.push(`${e.name}: ${miss}`);
      return miss === null;
    });
    if (index < 0) {
      throw new UnrecordedRequest(`unrecorded request ${request.method} ${request.url}\n  body: ${request.body ?? '(none)'}\n  ${misses.join('\n  ')}`);
    }
    used.add(index);
    const { response } = exchanges[index]!;
    const headers = new Map(Object.entries(response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const text = response.bodyText ?? (response.body === undefined ? '' : JSON.stringify(response.body));
    return { status: response.status, headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null }, text: async () => text };
  };
  return { fetch, sent, unused: () => exchanges.filter((e, i) => !used.has(i) && !e.repeat).map((e) => e.name) };
}

function mismatch(recorded: RecordedRequest, sent: SentRequest): string | null {
  if (recorded.method.toUpperCase() !== sent.method) return `method ${sent.method} ≠ ${recorded.method}`;
  if (normalizeUrl(recorded.url) !== normalizeUrl(sent.url)) return `url ≠ ${recorded.url}`;
  for (const [name, value] of Object.entries(recorded.headers ?? {})) {
    if (sent.headers[name.toLowerCase()] !== value) return `header ${name} is ${sent.headers[name.toLowerCase()] ?? '(absent)'}, not ${value}`;
  }
  for (const name of recorded.absentHeaders ?? []) {
    if (sent.headers[name.toLowerCase()] !== undefined) return `header ${name} must not be sent`;
  }
  if (recorded.body !== undefined) {
    const body = decodeBody(sent);
    if (!matches(recorded.body, body)) return `body does not match ${JSON.stringify(recorded.body)}`;
  }
  return null;
}

function normalizeUrl(url: string): string {
  const u = new URL(url);
  u.searchParams.sort();
  return u.toString();
}

function decodeBody(sent: SentRequest): unknown {
  if (sent.body === undefined) return undefined;
  if ((sent.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(sent.body));
  }
  try {
    return JSON.parse(sent.body) as unknown;
  } catch {
    return sent.body;
  }
}

/** True when `actual` has everything `expected` names (objects: a subset of keys; arrays and scalars: equal). */
export function matches(expected: unknown, actual: unknown): boolean {
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => matches(e, actual[i]));
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    return Object.entries(expected).every(([k, v]) => Object.hasOwn(actual, k) && matches(v, (actual as Record<string, unknown>)[k]));
  }
  return Object.is(expected, actual);
}
