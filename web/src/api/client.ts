import type { ErrorBody } from '@parley/contracts/common';

/** An error answered by the API (`{ error: { code, message, details } }`), or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The field an error concerns, when the server named one (`details.field` or the first `details.path`). */
  get field(): string | undefined {
    return fieldOf(this.details);
  }
}

function fieldOf(details: unknown): string | undefined {
  if (!details || typeof details !== 'object') return undefined;
  const d = details as { field?: unknown; path?: unknown; issues?: unknown };
  if (typeof d.field === 'string') return d.field;
  if (Array.isArray(d.path)) return d.path.map(String).join('.');
  if (typeof d.path === 'string') return d.path;
  if (Array.isArray(d.issues) && d.issues[0]) return fieldOf(d.issues[0]);
  if (Array.isArray(details) && details[0]) return fieldOf(details[0]);
  return undefined;
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Remembers the CSRF token of the session; every write sends it as `x-csrf-token`. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF token of the session, for writes that cannot go through request() (uploads with progress over XHR). */
export function currentCsrfToken(): string | null {
  return csrfToken;
}

/** Called when a request answers 401 (the session ended): the app shows the login page. */
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn;
}

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];

/** Builds a query string; arrays repeat the key, empty values are left out. */
export function toQuery(params: Record<string, QueryValue> | URLSearchParams | undefined): string {
  if (!params) return '';
  const sp = params instanceof URLSearchParams ? params : new URLSearchParams();
  if (!(params instanceof URLSearchParams)) {
    for (const [k, v] of Object.entries(params)) {
      if (v === undefined || v === null || v === '') continue;
      if (Array.isArray(v)) for (const item of v) sp.append(k, String(item));
      else sp.set(k, String(v));
    }
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

interface RequestOptions {
  query?: Record<string, QueryValue> | URLSearchParams;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not treat a 401 as the end of the session (the login call itself). */
  quiet401?: boolean;
}

/** Sends a request to the API and returns the parsed JSON body (undefined for 204). Throws ApiError. */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`${path}${toQuery(opts.query)}`, { method, headers, body, signal: opts.signal, credentials: 'same-origin' });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', 'network_error');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!res.ok) {
    const e = (json as Partial<ErrorBody> | undefined)?.error;
    if (res.status === 401 && !opts.quiet401) onUnauthorized?.();
    throw new ApiError(res.status, e?.code ?? `http_${res.status}`, e?.message ?? res.statusText, e?.details);
  }
  return json as T;
}

/** Shorthands of request(). */
export const api = {
  get: <T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  del: <T = void>(path: string) => request<T>('DELETE', path),
};

/** True when the error says the endpoint does not exist on this server (yet). */
export function isMissingRoute(err: unknown): boolean {
  return err instanceof ApiError && err.status === 404 && err.code === 'route_not_found';
}

/** Field-level messages of a validation error, keyed by field path (e.g. `emails.0.value`). */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  const list = Array.isArray(err.details) ? err.details : err.details ? [err.details] : [];
  for (const d of list) {
    const f = fieldOf(d);
    if (f && !out[f]) out[f] = typeof (d as { message?: unknown }).message === 'string' ? (d as { message: string }).message : err.message;
  }
  return out;
}
