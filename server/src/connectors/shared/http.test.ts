import { describe, expect, test } from 'vitest';
import { Upstream } from '../../lib/errors.ts';
import type { HttpFetch } from '../types.ts';
import { classifyByStatus, createHttp, NetworkRejected, retryAfterFromHeaders, retryDelaySeconds } from './http.ts';
import { UnrecordedRequest } from './replay.ts';

const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name.toLowerCase()] ?? null });
const now = new Date('2025-01-01T12:00:00.000Z');

describe('retryAfterFromHeaders', () => {
  test.each([
    ['Retry-After in seconds', { 'retry-after': '120' }, 120],
    ['Retry-After as an HTTP date', { 'retry-after': 'Wed, 01 Jan 2025 12:01:00 GMT' }, 60],
    ['X x-rate-limit-reset (Unix seconds)', { 'x-rate-limit-reset': String(now.getTime() / 1000 + 900) }, 900],
    ['Bluesky ratelimit-reset (Unix seconds)', { 'ratelimit-reset': String(now.getTime() / 1000 + 30) }, 30],
    ['IETF draft RateLimit-Reset (a delta)', { 'ratelimit-reset': '45' }, 45],
    ['Mastodon x-ratelimit-reset (ISO time)', { 'x-ratelimit-reset': '2025-01-01T12:05:00.000Z' }, 300],
    ['a reset in the past', { 'x-rate-limit-reset': String(now.getTime() / 1000 - 10) }, 0],
    ['nothing', {}, undefined],
    ['garbage', { 'retry-after': 'soon' }, undefined],
  ])('%s', (_name, h, expected) => {
    expect(retryAfterFromHeaders(headers(h), now)).toBe(expected);
  });
});

describe('classifyByStatus', () => {
  test.each([
    [429, true, 'rate_limited'], [500, true, 'upstream_unavailable'], [503, true, 'upstream_unavailable'], [408, true, 'upstream_unavailable'],
    [400, false, 'invalid_request'], [401, false, 'token_invalid'], [403, false, 'permission_denied'], [404, false, 'not_found'],
    [410, false, 'not_found'], [422, false, 'invalid_request'], [418, false, 'upstream_rejected'],
  ])('%i → retryable %s, %s', (status, retryable, code) => {
    expect(classifyByStatus({ status, body: null, headers: headers({}), now }, 'm')).toMatchObject({ retryable, code });
  });
});

describe('retryDelaySeconds', () => {
  test('the network\'s wait wins; else exponential from 5 s with jitter, capped at 15 minutes; refusals are not retried', () => {
    expect(retryDelaySeconds(new Upstream('rate_limited', 'x', 120), 1)).toBe(120);
    expect(retryDelaySeconds(new Upstream('upstream_unavailable', 'x'), 1, () => 1)).toBe(5);
    expect(retryDelaySeconds(new Upstream('upstream_unavailable', 'x'), 4, () => 1)).toBe(40);
    expect(retryDelaySeconds(new Upstream('upstream_unavailable', 'x'), 4, () => 0)).toBe(20);
    expect(retryDelaySeconds(new Upstream('upstream_unavailable', 'x'), 30, () => 1)).toBe(900);
    expect(retryDelaySeconds(new NetworkRejected('token_expired', 'x', 400), 1)).toBeNull();
    expect(retryDelaySeconds(new Error('bug'), 1)).toBeNull();
  });
});

describe('createHttp', () => {
  const ok = (text: string, status = 200): ReturnType<HttpFetch> =>
    Promise.resolve({ status, headers: headers({}), text: async () => text });

  test('a request without an answer times out as a retryable upstream_timeout, and its signal is aborted', async () => {
    let signal: AbortSignal | undefined;
    const http = createHttp({
      service: 'Test', secrets: [], options: { timeoutMs: 20 },
      fetch: (_url, init) => { signal = init?.signal; return new Promise(() => {}); },
    });
    const err = await http({ method: 'GET', url: 'https://api.example.com/x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Upstream);
    expect(err).toMatchObject({ code: 'upstream_timeout' });
    expect(signal?.aborted).toBe(true);
  });

  test('a connection failure (TypeError from fetch) is retryable upstream_unreachable, the token not in the message', async () => {
    const http = createHttp({ service: 'Test', secrets: ['secret-token-1234'], fetch: () => Promise.reject(new TypeError('fetch failed for secret-token-1234')) });
    const err = await http({ method: 'GET', url: 'https://api.example.com/x' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'upstream_unreachable' });
    expect((err as Error).message).not.toContain('secret-token-1234');
  });

  test('anything else a fetch throws (a replayer refusing) surfaces as itself', async () => {
    const http = createHttp({ service: 'Test', secrets: [], fetch: () => Promise.reject(new UnrecordedRequest('no')) });
    await expect(http({ method: 'GET', url: 'https://api.example.com/x' })).rejects.toBeInstanceOf(UnrecordedRequest);
  });

  test('a 2xx that is not JSON is invalid_response; big integers stay exact', async () => {
    await expect(createHttp({ service: 'Test', secrets: [], fetch: () => ok('<html>') })({ method: 'GET', url: 'https://a.example/' }))
      .rejects.toMatchObject({ code: 'invalid_response' });
    const result = await createHttp({ service: 'Test', secrets: [], fetch: () => ok('{"id":1924465506158878979}') })({ method: 'GET', url: 'https://a.example/' });
    expect(result.body).toEqual({ id: '1924465506158878979' });
  });

  test('query values and form bodies are encoded; the JSON body is sent with its content type', async () => {
    const calls: { url: string; body?: string; headers?: Record<string, string> }[] = [];
    const http = createHttp({ service: 'Test', secrets: [], fetch: (url, init) => { calls.push({ url, body: init?.body, headers: init?.headers }); return ok('{}'); } });
    await http({ method: 'POST', url: 'https://a.example/p', query: { q: 'ä b', skip: undefined }, form: { text: 'Grüße & mehr' } });
    expect(calls[0]!.url).toBe('https://a.example/p?q=%C3%A4+b');
    expect(calls[0]!.body).toBe('text=Gr%C3%BC%C3%9Fe+%26+mehr');
    expect(calls[0]!.headers!['content-type']).toBe('application/x-www-form-urlencoded');
  });
});
