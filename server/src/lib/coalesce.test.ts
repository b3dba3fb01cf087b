import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce.ts';

describe('coalesce', () => {
  it('sends a call alone when nothing is in flight, and what arrives meanwhile as one batch, answers in order', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => { release = r; });
    const double = coalesce(async (items: number[]) => {
      batches.push(items);
      if (batches.length === 1) await gate;
      return items.map((i) => i * 2);
    }, { inFlight: 1, maxBatch: 3 });
    const first = double(1);
    const rest = [2, 3, 4, 5, 6].map((n) => double(n));
    expect(batches).toEqual([[1]]);
    release();
    expect(await first).toBe(2);
    expect(await Promise.all(rest)).toEqual([4, 6, 8, 10, 12]);
    expect(batches).toEqual([[1], [2, 3, 4], [5, 6]]);
  });

  it('when a batch fails, tries each item alone: only the bad one fails', async () => {
    const calls: string[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => { release = r; });
    const upper = coalesce(async (items: string[]) => {
      calls.push(items);
      if (calls.length === 1) await gate;
      if (items.includes('bad')) throw new Error('bad item');
      return items.map((s) => s.toUpperCase());
    }, { inFlight: 1, maxBatch: 10 });
    const first = upper('a');
    const others = ['b', 'bad', 'c'].map((s) => upper(s).catch((e: Error) => e.message));
    release();
    expect(await first).toBe('A');
    expect(await Promise.all(others)).toEqual(['B', 'bad item', 'C']);
    expect(calls).toEqual([['a'], ['b', 'bad', 'c'], ['b'], ['bad'], ['c']]);
  });
});
