/**
 * Scoring with a trained model: level weights (log2 m/u), the term-frequency adjustment of exact levels, match
 * probabilities and the per-field explanation. Works on a model fresh from training or parsed back from JSON.
 */
import { comparisonDef, type ComparisonDef } from './comparisons.ts';
import type { RecordFeatures } from './normalize.ts';
import type { ComparisonName, FieldExplanation, PairExplanation, TermFrequencyTable, TrainedModel } from './types.ts';

/** What scoring needs of a model, computed once per model. */
export interface Scorer {
  defs: ComparisonDef[];
  /** log2(m/u) per comparison and level (index level − 1). */
  weights: number[][];
  priorWeight: number;
  /** Per comparison: the term-frequency table when its exact level is adjusted. */
  tf: (TermFrequencyTable | undefined)[];
}

/** log2 odds → probability. */
export function probabilityOf(matchWeight: number): number {
  return 1 / (1 + 2 ** -matchWeight);
}

/** The scorer of a model. */
export function scorerOf(model: TrainedModel): Scorer {
  const defs = model.comparisons.map((c) => comparisonDef(c.name));
  const weights = model.comparisons.map((c) => c.levels.map((l) => Math.log2(Math.max(l.m, 1e-12) / l.u)));
  const tf = model.comparisons.map((c) => (comparisonDef(c.name).value ? model.termFrequencies[c.name] : undefined));
  return { defs, weights, priorWeight: Math.log2(model.lambda / (1 - model.lambda)), tf };
}

/** The share of records with a value (at least one record: the one that has it). */
export function valueShare(table: TermFrequencyTable, value: string): number {
  return Math.max(table.counts[value] ?? 1, 1) / Math.max(table.total, 1);
}

/**
 * The term-frequency adjustment of an exact agreement on `value`: log2(u_exact / share of the value). Positive for
 * a value rarer than the average agreement, negative for a common one.
 */
export function termFrequencyWeight(model: TrainedModel, comparison: number, table: TermFrequencyTable, value: string): number {
  return Math.log2(model.comparisons[comparison]!.levels[0]!.u / valueShare(table, value));
}

/** Counts the values of the comparisons that take a term-frequency adjustment, over all given records. */
export function countTermFrequencies(
  names: readonly ComparisonName[], records: readonly (readonly RecordFeatures[])[],
): Partial<Record<ComparisonName, TermFrequencyTable>> {
  const out: Partial<Record<ComparisonName, TermFrequencyTable>> = {};
  for (const name of names) {
    const value = comparisonDef(name).value;
    if (!value) continue;
    const counts = new Map<string, number>();
    let total = 0;
    for (const list of records) {
      for (const f of list) {
        const v = value(f);
        if (v === '') continue;
        total++;
        counts.set(v, (counts.get(v) ?? 0) + 1);
      }
    }
    // Values seen once are left out: they are most values, and `valueShare` assumes 1 for them anyway.
    const kept: Record<string, number> = {};
    for (const [v, n] of counts) if (n > 1) kept[v] = n;
    out[name] = { total, counts: kept };
  }
  return out;
}

/** Per record, per comparison with an adjustment: the adjustment if that record's value is agreed on exactly. */
export function termFrequencyColumns(model: TrainedModel, scorer: Scorer, records: readonly RecordFeatures[]): (Float64Array | undefined)[] {
  return scorer.tf.map((table, c) => {
    const value = scorer.defs[c]!.value;
    if (!table || !value) return undefined;
    const column = new Float64Array(records.length);
    const cache = new Map<string, number>();
    for (const [i, f] of records.entries()) {
      const v = value(f);
      let w = cache.get(v);
      if (w === undefined) cache.set(v, (w = v === '' ? 0 : termFrequencyWeight(model, c, table, v)));
      column[i] = w;
    }
    return column;
  });
}

/** The levels of a pair of prepared records. */
export function levelsOf(scorer: Scorer, a: RecordFeatures, b: RecordFeatures): number[] {
  return scorer.defs.map((d) => d.compare(a, b));
}

/** The full explanation of a pair of prepared records. */
export function explainFeatures(model: TrainedModel, scorer: Scorer, a: RecordFeatures, b: RecordFeatures): PairExplanation {
  const levels = levelsOf(scorer, a, b);
  const fields: FieldExplanation[] = levels.map((level, c) => {
    const def = scorer.defs[c]!;
    const values: [string, string] = [def.show(a), def.show(b)];
    if (level === 0) {
      return { comparison: def.name, level: 'missing', weight: 0, bayesFactor: 1, m: null, u: null, termFrequencyWeight: 0, values };
    }
    const trained = model.comparisons[c]!.levels[level - 1]!;
    const table = scorer.tf[c];
    const tfWeight = level === 1 && table && def.value ? termFrequencyWeight(model, c, table, def.value(a)) : 0;
    const weight = scorer.weights[c]![level - 1]! + tfWeight;
    return { comparison: def.name, level: trained.label, weight, bayesFactor: 2 ** weight, m: trained.m, u: trained.u, termFrequencyWeight: tfWeight, values };
  });
  const matchWeight = scorer.priorWeight + fields.reduce((s, f) => s + f.weight, 0);
  return { probability: probabilityOf(matchWeight), matchWeight, priorWeight: scorer.priorWeight, fields };
}

/** The level label of each compared field, for a scored pair. */
export function levelLabels(scorer: Scorer, levels: ArrayLike<number>): Partial<Record<ComparisonName, string>> {
  const out: Partial<Record<ComparisonName, string>> = {};
  for (const [c, def] of scorer.defs.entries()) {
    const level = levels[c]!;
    out[def.name] = level === 0 ? 'missing' : def.levels[level - 1]!;
  }
  return out;
}
