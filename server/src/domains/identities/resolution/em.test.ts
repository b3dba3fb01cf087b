import { describe, expect, test } from 'vitest';
import { allPairs, expectationMaximisation, fitPrior, initialM, levelShares, randomPairs, randomSource, type PatternTable } from './em.ts';

const M = [[0.85, 0.1, 0.05], [0.9, 0.1], [0.6, 0.2, 0.15, 0.05]];
const U = [[0.01, 0.04, 0.95], [0.05, 0.95], [0.005, 0.015, 0.08, 0.9]];

/** Pairs drawn from known m, u and λ (10 % of values missing), counted into a pattern table. */
function simulate(n: number, lambda: number, seed: number): PatternTable {
  const random = randomSource(seed);
  const draw = (probs: number[]) => {
    let r = random();
    for (let l = 0; l < probs.length; l++) if ((r -= probs[l]!) < 0) return l + 1;
    return probs.length;
  };
  const counts = new Map<string, number>();
  for (let k = 0; k < n; k++) {
    const match = random() < lambda;
    const levels = (match ? M : U).map((probs) => (random() < 0.1 ? 0 : draw(probs)));
    const key = levels.join(',');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const keys = [...counts.keys()];
  return {
    width: 3,
    size: keys.length,
    levels: Uint8Array.from(keys.flatMap((k) => k.split(',').map(Number))),
    counts: Float64Array.from(keys.map((k) => counts.get(k)!)),
  };
}

describe('expectationMaximisation', () => {
  test('recovers m and λ from pairs with a known truth (u fixed)', () => {
    const table = simulate(60_000, 0.2, 11);
    const em = expectationMaximisation(table, M.map((row) => initialM(row.length)), U, new Set(), { maxIterations: 200, tolerance: 1e-6 });
    expect(em.converged).toBe(true);
    expect(em.lambda).toBeCloseTo(0.2, 2);
    em.m.forEach((row, c) => row.forEach((m, l) => expect(Math.abs(m - M[c]![l]!)).toBeLessThan(0.02)));
    expect(em.observed[0]).toBeGreaterThan(0.85 * 0.2 * 60_000);
  });

  test('a comparison the training rule fixes keeps its starting m', () => {
    const table = simulate(20_000, 0.3, 12);
    const start = M.map((row) => initialM(row.length));
    const em = expectationMaximisation(table, start, U, new Set([1]), { maxIterations: 200, tolerance: 1e-6 });
    expect(em.m[1]).toEqual(start[1]);
    em.m[0]!.forEach((m, l) => expect(Math.abs(m - M[0]![l]!)).toBeLessThan(0.03));
  });
});

describe('levelShares (u from random pairs)', () => {
  test('estimates u from pairs that are nearly all non-matches; an unseen level gets half a pair', () => {
    const table = simulate(200_000, 0.0001, 13);
    const u = levelShares(table, [3, 2, 4]);
    u.forEach((row, c) => row.forEach((v, l) => expect(Math.abs(v - U[c]![l]!)).toBeLessThan(0.005)));
    const empty: PatternTable = { width: 1, size: 1, levels: Uint8Array.of(2), counts: Float64Array.of(1000) };
    expect(levelShares(empty, [2])[0]).toEqual([0.0005, 1]);
  });
});

describe('randomPairs', () => {
  test('is reproducible and never pairs a record with itself when deduplicating', () => {
    const x = randomPairs(5, 5, true, 1000, 3);
    const y = randomPairs(5, 5, true, 1000, 3);
    expect(x.a).toEqual(y.a);
    expect(x.b).toEqual(y.b);
    expect(x.a.some((a, i) => a === x.b[i])).toBe(false);
  });
});

describe('fitPrior', () => {
  test('λ is the expected share of matches among all pairs', () => {
    // 100 certain matches and 10,000 certain non-matches among the candidates of 1,000,000 possible pairs.
    expect(fitPrior([40, -40], [100, 10_000], 1_000_000, 0.5)).toBeCloseTo(1e-4, 6);
  });
});

describe('allPairs', () => {
  test.each([
    [3, 3, true, ['0-1', '0-2', '1-2']],
    [2, 2, false, ['0-0', '0-1', '1-0', '1-1']],
    [0, 0, true, []],
  ])('%i × %i (same list: %s)', (l, r, same, expected) => {
    const { a, b } = allPairs(l, r, same);
    expect(Array.from(a, (x, i) => `${x}-${b[i]}`)).toEqual(expected);
  });
});
