import { AppError, Upstream, Validation } from '../../lib/errors.ts';
import type { ClientOptions, HttpFetch } from '../types.ts';
import { parseJsonText } from './json.ts';

// One HTTP path for every connector client: a timeout, credentials kept out of error messages, and one mapping of
// failures to typed errors. Retryable failures are `Upstream` (rate limits, 5xx, timeouts, unreachable hosts) with
// retryAfterSeconds when the network said how long to wait; refusals are `NetworkRejected` with a stable code and
// the network's own message; what a network cannot do at all is `Unsupported`. Each network adds its error body
// reading (Meta's error codes come with status 400 even for rate limits) through `classify`.

/** Stable codes of requests the network refused; sending the same request again will not help. */
export const REJECTED_CODES = [
  'token_expired', 'token_invalid', 'permission_denied', 'not_found', 'invalid_request', 'duplicate_content',
  'outside_messaging_window', 'recipient_unavailable', 'invalid_response', 'upstream_rejected',
] as const;
export type RejectedCode = (typeof REJECTED_CODES)[number];

/** Stable codes of retryable failures (thrown as `Upstream`). */
export const RETRYABLE_CODES = ['rate_limited', 'upstream_unavailable', 'upstream_timeout', 'upstream_unreachable'] as const;
export type RetryableCode = (typeof RETRYABLE_CODES)[number];

/** The network refused the request; the outbox marks the item failed with this code and message. */
export class NetworkRejected extends AppError {
  constructor(
    code: RejectedCode,
    message: string,
    /** The HTTP status the network answered, 0 when the answer was unreadable. */
    readonly upstreamStatus: number,
  ) {
    super(502, code, message);
  }
}

/** The network (or Parley's connector for it) cannot do this at all; the capabilities say so up front. */
export class Unsupported extends AppError {
  constructor(code: string, message: string) { super(422, code, message); }
}

export type ErrorVerdict =
  | { retryable: true; code: RetryableCode; message: string; retryAfterSeconds?: number }
  | { retryable: false; code: RejectedCode; message: string };

/** What a network's `classify` reads to decide on an error. */
export interface ErrorContext {
  status: number;
  body: unknown;
  headers: { get(name: string): string | null };
  /** For rate-limit resets given as a time. */
  now: Date;
}

export interface HttpClientConfig {
  fetch: HttpFetch;
  /** The network's name in messages ("Graph API", "X API"). */
  service: string;
  /** Credential values that must never appear in an error message, even when the network echoes them (read at each use). */
  secrets: readonly (string | undefined)[];
  /** Headers on every request (authorization, API version). */
  headers?: Record<string, string>;
  /** The network's own reading of an error answer; null falls back to the status. */
  classify?: (ctx: ErrorContext) => ErrorVerdict | null;
  options?: ClientOptions;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Already serialized JSON, sent byte for byte (a body that is signed). */
  rawJson?: string;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string | number | boolean | undefined>;
}

export interface HttpResult {
  status: number;
  headers: { get(name: string): string | null };
  /** The parsed JSON body (big integers as exact strings), or null for an empty body. */
  body: unknown;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

/** A request function bound to one network and channel: every answer below 300 is returned, anything else thrown typed. */
export function createHttp(config: HttpClientConfig): (req: HttpRequest) => Promise<HttpResult> {
  const timeoutMs = config.options?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const redact = redactor(config.secrets);
  const now = () => config.options?.now?.() ?? new Date();
  return async (req) => {
    const url = withQuery(req.url, req.query);
    const headers: Record<string, string> = { accept: 'application/json', ...config.headers, ...req.headers };
    let body: string | undefined;
    if (req.rawJson !== undefined) {
      headers['content-type'] = 'application/json';
      body = req.rawJson;
    } else if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = encodeForm(req.form);
    }
    const where = `${config.service} ${req.method} ${redact(new URL(url).pathname)}`;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Raced as well as aborted: a fetch that ignores its signal must not hold the outbox worker.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Upstream('upstream_timeout', `${where}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    let text: string;
    let response: Awaited<ReturnType<HttpFetch>>;
    try {
      response = await Promise.race([config.fetch(url, { method: req.method, headers, body, signal: controller.signal }), timeout]);
      text = await Promise.race([response.text(), timeout]);
    } catch (err) {
      if (err instanceof Upstream) throw err;
      // Node's fetch rejects with a TypeError for DNS, connection and TLS failures; anything else is a bug (or a
      // replayer refusing an unrecorded request) and must surface as itself.
      if (err instanceof TypeError || (err as Error | null)?.name === 'AbortError') {
        throw new Upstream('upstream_unreachable', `${where}: ${redact((err as Error).message)}`);
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
    const parsed = parseBody(text);
    if (response.status >= 200 && response.status < 300 && parsed.ok) {
      // Some networks answer 200 with an error object (Graph API batch, XRPC); classify gets a say on those too.
      const verdict = config.classify?.({ status: response.status, body: parsed.value, headers: response.headers, now: now() });
      if (!verdict) return { status: response.status, headers: response.headers, body: parsed.value };
      throw toError(verdict, response.status, where, redact);
    }
    if (response.status >= 200 && response.status < 300) {
      throw new NetworkRejected('invalid_response', `${where}: answer is not JSON`, response.status);
    }
    const ctx = { status: response.status, body: parsed.ok ? parsed.value : text.slice(0, 500), headers: response.headers, now: now() };
    throw toError(config.classify?.(ctx) ?? classifyByStatus(ctx, messageOf(ctx.body)), response.status, where, redact);
  };
}

function toError(verdict: ErrorVerdict, status: number, where: string, redact: (s: string) => string): AppError {
  const message = `${where}: ${redact(verdict.message).slice(0, 1000)}`;
  return verdict.retryable
    ? new Upstream(verdict.code, message, verdict.retryAfterSeconds)
    : new NetworkRejected(verdict.code, message, status);
}

/** The verdict on an error answer from its status alone; networks refine it from their error bodies. */
export function classifyByStatus(ctx: ErrorContext, message: string): ErrorVerdict {
  const { status } = ctx;
  if (status === 429) return { retryable: true, code: 'rate_limited', message, retryAfterSeconds: retryAfterFromHeaders(ctx.headers, ctx.now) };
  if (status >= 500 || status === 408) return { retryable: true, code: 'upstream_unavailable', message, retryAfterSeconds: retryAfterFromHeaders(ctx.headers, ctx.now) };
  if (status === 401) return { retryable: false, code: 'token_invalid', message };
  if (status === 403) return { retryable: false, code: 'permission_denied', message };
  if (status === 404 || status === 410) return { retryable: false, code: 'not_found', message };
  if (status === 400 || status === 409 || status === 413 || status === 422) return { retryable: false, code: 'invalid_request', message };
  return { retryable: false, code: 'upstream_rejected', message: `HTTP ${status}: ${message}` };
}

/**
 * Seconds to wait from the rate-limit headers networks send: Retry-After (seconds or an HTTP date), X's
 * x-rate-limit-reset and Bluesky's ratelimit-reset (Unix seconds), Mastodon's x-ratelimit-reset (an ISO time).
 */
export function retryAfterFromHeaders(headers: { get(name: string): string | null }, now: Date = new Date()): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    if (/^\d+$/.test(retryAfter.trim())) return Number(retryAfter.trim());
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return secondsUntil(at, now);
  }
  for (const name of ['x-rate-limit-reset', 'ratelimit-reset', 'x-ratelimit-reset']) {
    const value = headers.get(name)?.trim();
    if (!value) continue;
    if (/^\d{9,}$/.test(value)) return secondsUntil(Number(value) * 1000, now);
    // RateLimit-Reset of the IETF draft is a delta in seconds, not a time.
    if (/^\d{1,8}$/.test(value)) return Number(value);
    const at = Date.parse(value);
    if (!Number.isNaN(at)) return secondsUntil(at, now);
  }
  return undefined;
}

function secondsUntil(ms: number, now: Date): number {
  return Math.max(0, Math.ceil((ms - now.getTime()) / 1000));
}

/** The message an error body carries under the usual names (`message`, `detail`, `error`, `error_description`). */
export function messageOf(body: unknown): string {
  if (typeof body === 'string') return body || 'no message';
  if (typeof body !== 'object' || body === null) return 'no message';
  const b = body as Record<string, unknown>;
  for (const key of ['message', 'detail', 'error_description', 'error', 'title']) {
    const value = b[key];
    if (typeof value === 'string' && value) return value;
    if (typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>).message === 'string') {
      return (value as Record<string, string>).message!;
    }
  }
  return 'no message';
}

/**
 * How long the outbox waits before attempt `attempt` (1-based) after `err`: what the network asked for when it said,
 * else exponential backoff from 5 s, capped at 15 minutes, with jitter so retries of many items do not arrive together.
 * Null when the error is not worth retrying.
 */
export function retryDelaySeconds(err: unknown, attempt: number, random: () => number = Math.random): number | null {
  if (!(err instanceof Upstream)) return null;
  if (err.retryAfterSeconds !== undefined) return Math.min(err.retryAfterSeconds, 24 * 3600);
  const base = Math.min(5 * 2 ** Math.max(0, attempt - 1), 900);
  return Math.round(base * (0.5 + random() / 2));
}

function parseBody(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: null };
  try {
    return { ok: true, value: parseJsonText(text) };
  } catch {
    return { ok: false };
  }
}

function withQuery(url: string, query: HttpRequest['query']): string {
  if (!query) return url;
  const u = new URL(url);
  for (const [key, value] of Object.entries(query)) if (value !== undefined) u.searchParams.set(key, String(value));
  return u.toString();
}

function encodeForm(form: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) if (value !== undefined) params.set(key, String(value));
  return params.toString();
}

function redactor(secrets: readonly (string | undefined)[]): (s: string) => string {
  // Read at each use: a session token obtained later (Bluesky) joins the list. Short values would redact ordinary
  // words; real tokens are long.
  return (s) => secrets.filter((v): v is string => typeof v === 'string' && v.length >= 8).reduce((out, secret) => out.split(secret).join('[redacted]').split(encodeURIComponent(secret)).join('[redacted]'), s);
}

/** A required credential, or a clear refusal naming what is missing (never its value). */
export function requireCredential(credentials: Readonly<Record<string, string | undefined>>, name: string, service: string): string {
  const value = credentials[name];
  if (!value) throw new NetworkRejected('token_invalid', `${service}: the channel has no ${name} configured`, 0);
  return value;
}

/** A value the request needs from Parley's side (the item to hide, the person to block); its absence is our mistake. */
export function required(value: string | null | undefined, service: string, what: string): string {
  if (!value) throw new Validation('target_missing', `${service}: ${what} is missing`);
  return value;
}

/** The end of a switch over every case: a case the code does not handle fails to compile. */
export function exhaustive(value: never): never {
  throw new Error(`unhandled case ${String(value)}`);
}
