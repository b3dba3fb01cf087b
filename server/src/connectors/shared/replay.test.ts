import { describe, expect, test } from 'vitest';
import { matches, replayer, UnrecordedRequest } from './replay.ts';

describe('matches', () => {
  test.each([
    [{ a: 1 }, { a: 1, b: 2 }, true],
    [{ a: { b: [1, 2] } }, { a: { b: [1, 2], c: 3 } }, true],
    [{ a: [1, 2] }, { a: [1, 2, 3] }, false],
    [{ a: 1 }, { a: '1' }, false],
    [{ a: null }, {}, false],
    ['x', 'x', true],
  ])('%j in %j: %s', (expected, actual, result) => {
    expect(matches(expected, actual)).toBe(result);
  });
});

describe('replayer', () => {
  const exchanges = [
    { name: 'first try', request: { method: 'POST', url: 'https://a.example/p?b=2&a=1', body: { text: 'hi' } }, response: { status: 429, headers: { 'Retry-After': '1' } } },
    { name: 'retry', request: { method: 'POST', url: 'https://a.example/p?a=1&b=2', body: { text: 'hi' } }, response: { status: 200, body: { id: '1' } } },
  ];

  test('answers each exchange once, in order, whatever the query order; headers are read case-insensitively', async () => {
    const replay = replayer(exchanges);
    const send = () => replay.fetch('https://a.example/p?a=1&b=2', { method: 'POST', body: '{"text":"hi","extra":true}' });
    const first = await send();
    expect([first.status, first.headers.get('retry-after')]).toEqual([429, '1']);
    expect(await (await send()).text()).toBe('{"id":"1"}');
    expect(replay.unused()).toEqual([]);
    await expect(send()).rejects.toBeInstanceOf(UnrecordedRequest);
  });

  test('a request with another body, method or header is refused, naming why', async () => {
    const replay = replayer([{ ...exchanges[1]!, request: { ...exchanges[1]!.request, headers: { Authorization: 'Bearer t' } } }]);
    await expect(replay.fetch('https://a.example/p?a=1&b=2', { method: 'POST', body: '{"text":"hi"}' })).rejects.toThrow(/header Authorization/);
    await expect(replay.fetch('https://a.example/p?a=1&b=2', { method: 'PUT' })).rejects.toThrow(/method PUT/);
    expect(replay.unused()).toEqual(['retry']);
  });
});
