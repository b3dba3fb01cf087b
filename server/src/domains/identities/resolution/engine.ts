/**
 * The identity-resolution engine: trains a Fellegi–Sunter model on the data itself (u from random pairs, m by EM,
 * the prior from the candidate pairs), scores the blocked candidate pairs, explains them and clusters the matches.
 * Pure: records in, pairs and a JSON-serialisable model out.
 */
import { candidatePairs, fixedComparisons, type CandidatePairs } from './blocking.ts';
import { clusterPairs } from './cluster.ts';
import { comparisonDef, type ComparisonDef } from './comparisons.ts';
import { findDeterministicMatches } from './deterministic.ts';
import { allPairs, comparePairs, expectationMaximisation, fitPrior, initialM, levelShares, levelWeights, patternWeights, randomPairs, type ComparedPairs } from './em.ts';
import {
  countTermFrequencies, explainFeatures, levelLabels, probabilityOf, scorerOf, termFrequencyColumns, type Scorer,
} from './model.ts';
import { prepareRecord, prepareRecords, type RecordFeatures } from './normalize.ts';
import { resolutionSettings } from './settings.ts';
import type {
  ComparisonName, DeterministicMatch, IdentityRecord, PairExplanation, ResolutionSettings, ScoredPair, TrainedModel, TrainingReport,
} from './types.ts';

// An EM session on fewer pairs than this learns noise; its rule is skipped (and reported with 0 iterations).
const MIN_SESSION_PAIRS = 20;

/**
 * m with no level at 0: a level EM never saw among the matches gets half an expected match, so that a pair on it
 * (a day/month swap the training data did not have) weighs little instead of ruling the match out.
 */
function withFloor(m: readonly number[], observed: number): number[] {
  const floor = 0.5 / Math.max(observed, 1);
  const raised = m.map((v) => Math.max(v, floor));
  const sum = raised.reduce((s, v) => s + v, 0);
  return raised.map((v) => v / sum);
}

interface Prepared {
  left: RecordFeatures[];
  /** null: deduplicating `left` against itself. */
  right: RecordFeatures[] | null;
}

const others = (p: Prepared) => p.right ?? p.left;
const possiblePairs = (p: Prepared) => (p.right ? p.left.length * p.right.length : (p.left.length * (p.left.length - 1)) / 2);

/** The blocked candidate pairs with their comparison patterns and match weights (log2 odds), for bulk use. */
export interface ResolvedCandidates {
  model: TrainedModel;
  left: RecordFeatures[];
  right: RecordFeatures[] | null;
  candidates: CandidatePairs;
  compared: ComparedPairs;
  /** Per candidate pair: log2 odds of a match (prior included); `probabilityOf` turns it into a probability. */
  matchWeight: Float64Array;
  /** Milliseconds: features; u and m (EM); the candidate pairs; comparing and weighing them, and the prior. */
  timings: { prepare: number; training: number; blocking: number; scoring: number };
}

interface Fitted {
  model: TrainedModel;
  candidates: CandidatePairs;
  compared: ComparedPairs;
  /** Per candidate pair, without the prior. */
  pairWeight: Float64Array;
  timings: { blocking: number; training: number; scoring: number };
}

/** u: how often two random records agree at each level; every pair when there are no more than the sample size. */
function estimateU(prepared: Prepared, settings: ResolutionSettings, defs: ComparisonDef[]): { u: number[][]; sampleSize: number } {
  const right = others(prepared);
  const total = possiblePairs(prepared);
  const sampleSize = Math.min(settings.uSamplePairs, total);
  const sample = total <= settings.uSamplePairs
    ? allPairs(prepared.left.length, right.length, prepared.right === null)
    : randomPairs(prepared.left.length, right.length, prepared.right === null, sampleSize, settings.seed);
  const { table } = comparePairs(defs, prepared.left, right, sample.a, sample.b);
  return { u: levelShares(table, defs.map((d) => d.levels.length)), sampleSize };
}

/**
 * m: one EM session per training rule, each learning the fields its rule leaves free, averaged over the sessions
 * (weighted by the matches each saw with the field). Fields no session learnt keep the starting guess.
 */
function estimateM(prepared: Prepared, settings: ResolutionSettings, defs: ComparisonDef[], u: number[][]) {
  const levelCounts = defs.map((d) => d.levels.length);
  const sums = levelCounts.map((n) => new Array<number>(n).fill(0));
  const observed = levelCounts.map(() => 0);
  const sessions: TrainingReport['sessions'] = [];
  for (const rule of settings.training) {
    const pairs = candidatePairs(prepared.left, prepared.right, [rule], settings.maxBlockPairs);
    if (pairs.count < MIN_SESSION_PAIRS) {
      sessions.push({ rule, pairs: pairs.count, patterns: 0, iterations: 0, lambda: 0, converged: false });
      continue;
    }
    const { table } = comparePairs(defs, prepared.left, others(prepared), pairs.a, pairs.b, pairs.count);
    const fixed = fixedComparisons(rule);
    const skip = new Set(defs.flatMap((d, c) => (fixed.has(d.name) ? [c] : [])));
    const em = expectationMaximisation(table, levelCounts.map(initialM), u, skip, { ...settings.em, lambda: 0.1 });
    sessions.push({ rule, pairs: pairs.count, patterns: table.size, iterations: em.iterations, lambda: em.lambda, converged: em.converged });
    for (let c = 0; c < defs.length; c++) {
      // A field EM saw on less than one expected match has learnt nothing there.
      if (skip.has(c) || em.observed[c]! < 1) continue;
      observed[c]! += em.observed[c]!;
      em.m[c]!.forEach((v, l) => (sums[c]![l]! += v * em.observed[c]!));
    }
  }
  const m = sums.map((row, c) => (observed[c]! > 0 ? withFloor(row.map((v) => v / observed[c]!), observed[c]!) : initialM(levelCounts[c]!)));
  return { m, trained: observed.map((o) => o > 0), sessions };
}

function fit(prepared: Prepared, settings: ResolutionSettings): Fitted {
  const defs = settings.comparisons.map(comparisonDef);
  const start = performance.now();
  const { u, sampleSize } = estimateU(prepared, settings, defs);
  const { m, trained, sessions } = estimateM(prepared, settings, defs, u);
  const termFrequency = settings.termFrequency.filter((n) => settings.comparisons.includes(n));
  const model: TrainedModel = {
    version: 1,
    settings,
    lambda: 0.5,
    comparisons: defs.map((d, c) => ({ name: d.name, levels: d.levels.map((label, l) => ({ label, m: m[c]![l]!, u: u[c]![l]! })), trained: trained[c]! })),
    termFrequencies: countTermFrequencies(termFrequency, prepared.right ? [prepared.left, prepared.right] : [prepared.left]),
    training: { records: prepared.left.length + (prepared.right?.length ?? 0), uSamplePairs: sampleSize, sessions, candidatePairs: 0, patterns: 0 },
  };
  const blockingStart = performance.now();
  const candidates = candidatePairs(prepared.left, prepared.right, settings.blocking, settings.maxBlockPairs);
  const scoringStart = performance.now();
  const compared = comparePairs(defs, prepared.left, others(prepared), candidates.a, candidates.b, candidates.count);
  const pairWeight = weighPairs(model, scorerOf(model), prepared, candidates, compared, levelWeights(m, u));

  // The prior: the share of matches among all pairs that the candidates (nearly all matches among them) imply.
  const histogram = new Map<number, number>();
  for (const w of pairWeight) {
    const key = Math.round(w * 100) / 100;
    histogram.set(key, (histogram.get(key) ?? 0) + 1);
  }
  const total = possiblePairs(prepared);
  const expectedMatches = Math.min(prepared.left.length, others(prepared).length);
  // No pairs at all (fewer than two records): any prior will do, there is nothing to score.
  model.lambda = total > 0 ? fitPrior([...histogram.keys()], [...histogram.values()], total, Math.min(0.5, Math.max(1e-12, expectedMatches / total))) : 1e-6;
  model.training.candidatePairs = candidates.count;
  model.training.patterns = compared.table.size;
  const end = performance.now();
  return {
    model, candidates, compared, pairWeight,
    timings: { training: blockingStart - start, blocking: scoringStart - blockingStart, scoring: end - scoringStart },
  };
}

/** Per candidate pair: the Bayes factors of its pattern plus the term-frequency adjustments (log2, prior excluded). */
function weighPairs(
  model: TrainedModel, scorer: Scorer, prepared: Prepared, candidates: CandidatePairs, compared: ComparedPairs, weights: number[][],
): Float64Array {
  const { table, patternOf } = compared;
  const byPattern = patternWeights(table, weights);
  const tfLeft = termFrequencyColumns(model, scorer, prepared.left);
  const adjusted = tfLeft.flatMap((col, c) => (col ? [c] : []));
  const out = new Float64Array(candidates.count);
  for (let i = 0; i < candidates.count; i++) {
    const p = patternOf[i]!;
    let w = byPattern[p]!;
    for (const c of adjusted) if (table.levels[p * table.width + c] === 1) w += tfLeft[c]![candidates.a[i]!]!;
    out[i] = w;
  }
  return out;
}

function resolve(prepared: Prepared, settings: ResolutionSettings, prepareMs: number): ResolvedCandidates {
  const fitted = fit(prepared, settings);
  const prior = Math.log2(fitted.model.lambda / (1 - fitted.model.lambda));
  return {
    model: fitted.model, left: prepared.left, right: prepared.right, candidates: fitted.candidates, compared: fitted.compared,
    matchWeight: fitted.pairWeight.map((w) => w + prior),
    timings: { prepare: prepareMs, ...fitted.timings },
  };
}

/**
 * Trains on the data and scores every blocked candidate pair, in columns (no object per pair): the bulk form behind
 * `linkTables` and `dedupe`. `right` null deduplicates `left`.
 */
export function resolveCandidates(left: readonly IdentityRecord[], right: readonly IdentityRecord[] | null, settings = resolutionSettings()): ResolvedCandidates {
  const t = performance.now();
  const prepared = { left: prepareRecords(left), right: right ? prepareRecords(right) : null };
  return resolve(prepared, settings, performance.now() - t);
}

/** Trains a model on `records` (deduplication) or on `records` × `right` (linking): u by random sampling, m by EM. */
export function trainModel(records: readonly IdentityRecord[], settings = resolutionSettings(), right?: readonly IdentityRecord[]): TrainedModel {
  return fit({ left: prepareRecords(records), right: right ? prepareRecords(right) : null }, settings).model;
}

/** Scores given pairs of records with a trained model (e.g. one new identity against a few candidate people). */
export function scorePairs(model: TrainedModel, pairs: readonly (readonly [IdentityRecord, IdentityRecord])[]): ScoredPair[] {
  const scorer = scorerOf(model);
  const features = new Map<IdentityRecord, RecordFeatures>();
  const prepare = (r: IdentityRecord) => features.get(r) ?? features.set(r, prepareRecord(r, features.size)).get(r)!;
  return pairs.map(([a, b]) => {
    const e = explainFeatures(model, scorer, prepare(a), prepare(b));
    const levels: Partial<Record<ComparisonName, string>> = {};
    for (const f of e.fields) levels[f.comparison] = f.level;
    return { a: a.id, b: b.id, probability: e.probability, matchWeight: e.matchWeight, levels };
  });
}

/** Why two records score as they do: the prior and, per field, the level reached and its weight (log2 Bayes factor). */
export function explainPair(model: TrainedModel, a: IdentityRecord, b: IdentityRecord): PairExplanation {
  return explainFeatures(model, scorerOf(model), prepareRecord(a, 0), prepareRecord(b, 1));
}

export interface ResolutionResult {
  model: TrainedModel;
  /** Pairs at or above the review threshold, most probable first; deterministic links with probability 1. */
  pairs: ScoredPair[];
  /** Ids connected by pairs at or above the match threshold (for a link: records of both tables together). */
  clusters: string[][];
  deterministic: DeterministicMatch[];
  stats: {
    candidatePairs: number;
    patterns: number;
    skippedBlocks: number;
    timings: ResolvedCandidates['timings'];
  };
}

function finish(resolved: ResolvedCandidates, deterministic: DeterministicMatch[], ids: string[]): ResolutionResult {
  const { model, candidates, compared, matchWeight } = resolved;
  const scorer = scorerOf(model);
  const right = resolved.right ?? resolved.left;
  const labels = new Map<number, Partial<Record<ComparisonName, string>>>();
  const width = compared.table.width;
  const byKey = new Map<string, ScoredPair>();
  for (let i = 0; i < candidates.count; i++) {
    const probability = probabilityOf(matchWeight[i]!);
    if (probability < model.settings.thresholds.review) continue;
    const p = compared.patternOf[i]!;
    let levels = labels.get(p);
    if (!levels) labels.set(p, (levels = levelLabels(scorer, compared.table.levels.subarray(p * width, (p + 1) * width))));
    const a = resolved.left[candidates.a[i]!]!.id;
    const b = right[candidates.b[i]!]!.id;
    byKey.set(`${a}\u0000${b}`, { a, b, probability, matchWeight: matchWeight[i]!, levels });
  }
  for (const d of deterministic) {
    const key = `${d.a}\u0000${d.b}`;
    const found = byKey.get(key) ?? byKey.get(`${d.b}\u0000${d.a}`);
    if (found) Object.assign(found, { probability: 1, rule: d.rule });
    else byKey.set(key, { a: d.a, b: d.b, probability: 1, matchWeight: Infinity, levels: {}, rule: d.rule });
  }
  const pairs = [...byKey.values()].sort((x, y) => y.probability - x.probability || y.matchWeight - x.matchWeight);
  return {
    model,
    pairs,
    clusters: clusterPairs(ids, pairs, model.settings.thresholds.match),
    deterministic,
    stats: { candidatePairs: candidates.count, patterns: compared.table.size, skippedBlocks: candidates.skippedBlocks, timings: resolved.timings },
  };
}

/** Links two tables (each assumed free of duplicates): deterministic rules first, then a model trained on both. */
export function linkTables(left: readonly IdentityRecord[], right: readonly IdentityRecord[], settings = resolutionSettings()): ResolutionResult {
  const resolved = resolveCandidates(left, right, settings);
  return finish(resolved, findDeterministicMatches(left, right), [...left.map((r) => r.id), ...right.map((r) => r.id)]);
}

/** Finds duplicates within one table: deterministic rules first, then a model trained on the table; clusters of matches. */
export function dedupe(records: readonly IdentityRecord[], settings = resolutionSettings()): ResolutionResult {
  const resolved = resolveCandidates(records, null, settings);
  return finish(resolved, findDeterministicMatches(records), records.map((r) => r.id));
}
