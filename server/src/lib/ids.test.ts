import { validate, version } from 'uuid';
import { describe, expect, test } from 'vitest';
import { newId } from './ids.ts';

describe('newId', () => {
  test('makes valid, unique, strictly increasing UUID v7s, also many within one millisecond', () => {
    const ids = Array.from({ length: 20_000 }, () => newId());
    for (const id of ids.slice(0, 100)) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i++) if (!(ids[i - 1]! < ids[i]!)) expect.fail(`${ids[i - 1]} is not before ${ids[i]}`);
  });

  test('carries the current time in its first 48 bits', () => {
    const before = Date.now();
    const ms = parseInt(newId().replaceAll('-', '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now() + 1);
  });

  test('draws different random bits for each id (the pool is not reused)', () => {
    const tails = new Set(Array.from({ length: 1000 }, () => newId().slice(-12)));
    expect(tails.size).toBe(1000);
  });
});
