/**
 * Estimation of the Fellegi–Sunter parameters, as Splink does it: u from random pairs (nearly all of them are two
 * different people), m by expectation–maximisation on blocked pairs, and everything over comparison patterns: each
 * distinct vector of levels is counted once, so an EM iteration costs the number of patterns, not of pairs.
 */
import type { ComparisonDef } from './comparisons.ts';
import type { RecordFeatures } from './normalize.ts';
import { seededRandom } from '../../../lib/random.ts';

/** Distinct level vectors with their counts: pattern p has level levels[p * width + c] for comparison c. */
export interface PatternTable {
  width: number;
  levels: Uint8Array;
  counts: Float64Array;
  size: number;
}

/** The pattern of each pair and the table of patterns. */
export interface ComparedPairs {
  patternOf: Int32Array;
  table: PatternTable;
}

/**
 * Compares each pair (left[a[i]] with right[b[i]]) on every comparison and counts the patterns. Also used for a
 * random sample (u) and for the pairs of a training rule.
 */
export function comparePairs(
  defs: readonly ComparisonDef[], left: readonly RecordFeatures[], right: readonly RecordFeatures[], a: Int32Array, b: Int32Array, count = a.length,
): ComparedPairs {
  const width = defs.length;
  const radix = defs.map((d) => d.levels.length + 1);
  const ids = new Map<number, number>();
  const patternOf = new Int32Array(count);
  let levels = new Uint8Array(1024 * width);
  let counts = new Float64Array(1024);
  const scratch = new Uint8Array(width);
  const compare = defs.map((d) => d.compare);
  for (let i = 0; i < count; i++) {
    const x = left[a[i]!]!;
    const y = right[b[i]!]!;
    let key = 0;
    for (let c = 0; c < width; c++) {
      const level = compare[c]!(x, y);
      scratch[c] = level;
      key = key * radix[c]! + level;
    }
    let p = ids.get(key);
    if (p === undefined) {
      p = ids.size;
      ids.set(key, p);
      if (p === counts.length) {
        const grownCounts = new Float64Array(counts.length * 2);
        grownCounts.set(counts);
        counts = grownCounts;
        const grownLevels = new Uint8Array(levels.length * 2);
        grownLevels.set(levels);
        levels = grownLevels;
      }
      levels.set(scratch, p * width);
    }
    counts[p]!++;
    patternOf[i] = p;
  }
  return { patternOf, table: { width, levels: levels.subarray(0, ids.size * width), counts: counts.subarray(0, ids.size), size: ids.size } };
}

/** Seeded, so the same seed draws the same sample and training is reproducible. */
export const randomSource = seededRandom;

/** `n` random pairs of left × right (of distinct records when `right` is the same list). */
export function randomPairs(leftSize: number, rightSize: number, sameList: boolean, n: number, seed: number): { a: Int32Array; b: Int32Array } {
  const random = randomSource(seed);
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = Math.floor(random() * leftSize);
    let j = Math.floor(random() * rightSize);
    if (sameList && rightSize > 1) while (j === i) j = Math.floor(random() * rightSize);
    a[k] = i;
    b[k] = j;
  }
  return { a, b };
}

/** Every pair of left × right (i < j when `right` is the same list). */
export function allPairs(leftSize: number, rightSize: number, sameList: boolean): { a: Int32Array; b: Int32Array } {
  const n = sameList ? (leftSize * (leftSize - 1)) / 2 : leftSize * rightSize;
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < leftSize; i++) {
    for (let j = sameList ? i + 1 : 0; j < rightSize; j++) {
      a[k] = i;
      b[k++] = j;
    }
  }
  return { a, b };
}

/**
 * Level probabilities among the pairs of a table, per comparison, ignoring missing values: used for u on random
 * pairs. A level never seen gets half a pair's share, so its weight stays finite.
 */
export function levelShares(table: PatternTable, levelCounts: readonly number[]): number[][] {
  const tallies = levelCounts.map((n) => new Float64Array(n + 1));
  for (let p = 0; p < table.size; p++) {
    for (let c = 0; c < table.width; c++) tallies[c]![table.levels[p * table.width + c]!]! += table.counts[p]!;
  }
  return tallies.map((t) => {
    let seen = 0;
    for (let l = 1; l < t.length; l++) seen += t[l]!;
    return Array.from(t.subarray(1), (x) => Math.max(x, 0.5) / Math.max(seen, 1));
  });
}

/** A starting m for EM: most matches agree exactly, few fall on "else". */
export function initialM(levelCount: number): number[] {
  if (levelCount === 1) return [1];
  const m = Array.from({ length: levelCount }, (_, l) => (l === 0 ? 0.8 : l === levelCount - 1 ? 0.04 : 0.16 / (levelCount - 2)));
  return levelCount === 2 ? [0.95, 0.05] : m;
}

export interface EmResult {
  m: number[][];
  lambda: number;
  iterations: number;
  converged: boolean;
  /** Per comparison: the expected number of matches with a value on both sides (0: EM learnt nothing about it). */
  observed: number[];
}

/**
 * EM for m and the share of matches λ among the pairs of one table, with u fixed. Comparisons in `skip` (those the
 * training rule forced to agree) keep their m and take no part.
 */
export function expectationMaximisation(
  table: PatternTable, mStart: readonly (readonly number[])[], u: readonly (readonly number[])[], skip: ReadonlySet<number>,
  options: { maxIterations: number; tolerance: number; lambda?: number },
): EmResult {
  const width = table.width;
  const m = mStart.map((row) => [...row]);
  let lambda = options.lambda ?? 0.1;
  const posterior = new Float64Array(table.size);
  let iterations = 0;
  let converged = false;
  let observed = m.map(() => 0);
  while (iterations < options.maxIterations && !converged) {
    iterations++;
    // E-step: the probability that each pattern is a match.
    const logRatio = m.map((row, c) => row.map((mv, l) => Math.log(Math.max(mv, 1e-12) / u[c]![l]!)));
    const priorOdds = Math.log(lambda / (1 - lambda));
    for (let p = 0; p < table.size; p++) {
      let w = priorOdds;
      for (let c = 0; c < width; c++) {
        const level = table.levels[p * width + c]!;
        if (level !== 0 && !skip.has(c)) w += logRatio[c]![level - 1]!;
      }
      posterior[p] = w > 30 ? 1 : 1 / (1 + Math.exp(-w));
    }
    // M-step: m from the expected matches, λ as their share.
    const tallies = m.map((row) => new Float64Array(row.length));
    let matches = 0;
    let total = 0;
    for (let p = 0; p < table.size; p++) {
      const expected = table.counts[p]! * posterior[p]!;
      matches += expected;
      total += table.counts[p]!;
      for (let c = 0; c < width; c++) {
        const level = table.levels[p * width + c]!;
        if (level !== 0) tallies[c]![level - 1]! += expected;
      }
    }
    observed = tallies.map((t) => t.reduce((s, x) => s + x, 0));
    let change = Math.abs(matches / total - lambda);
    lambda = Math.min(Math.max(matches / total, 1e-9), 1 - 1e-9);
    for (let c = 0; c < width; c++) {
      if (skip.has(c)) continue;
      const t = tallies[c]!;
      const sum = observed[c]!;
      if (sum <= 0) continue;
      for (let l = 0; l < t.length; l++) {
        const next = t[l]! / sum;
        change = Math.max(change, Math.abs(next - m[c]![l]!));
        m[c]![l] = next;
      }
    }
    converged = change < options.tolerance;
  }
  return { m, lambda, iterations, converged, observed };
}

/** log2 Bayes factors m/u per comparison and level (index level − 1). */
export function levelWeights(m: readonly (readonly number[])[], u: readonly (readonly number[])[]): number[][] {
  return m.map((row, c) => row.map((mv, l) => Math.log2(Math.max(mv, 1e-12) / u[c]![l]!)));
}

/** The log2 Bayes factor of each pattern (prior excluded). */
export function patternWeights(table: PatternTable, weights: readonly (readonly number[])[]): Float64Array {
  const out = new Float64Array(table.size);
  for (let p = 0; p < table.size; p++) {
    let w = 0;
    for (let c = 0; c < table.width; c++) {
      const level = table.levels[p * table.width + c]!;
      if (level !== 0) w += weights[c]![level - 1]!;
    }
    out[p] = w;
  }
  return out;
}

/**
 * The prior λ (two random records are the same person) that makes the expected number of matches among the
 * candidate pairs, with the trained m and u, equal to λ × all possible pairs: blocking keeps nearly every match,
 * and the pairs it leaves out are nearly all non-matches. Takes the pairs' log2 Bayes factors as a histogram
 * (distinct weights and how many pairs have each).
 */
export function fitPrior(weights: ArrayLike<number>, counts: ArrayLike<number>, totalPairs: number, start: number): number {
  let lambda = start;
  for (let iteration = 0; iteration < 500; iteration++) {
    const priorOdds = Math.log2(lambda / (1 - lambda));
    let expected = 0;
    for (let k = 0; k < weights.length; k++) expected += counts[k]! / (1 + 2 ** -(weights[k]! + priorOdds));
    const next = Math.min(Math.max(expected / totalPairs, 1e-12), 0.5);
    if (Math.abs(next - lambda) <= lambda * 1e-7) return next;
    lambda = next;
  }
  return lambda;
}
