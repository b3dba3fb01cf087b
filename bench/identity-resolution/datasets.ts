// Loaders for the labelled record-linkage data sets of ../shared/data (FEBRL, Splink's fake_1000), mapped to the
// engine's IdentityRecord, and pairwise precision / recall / F1 against their ground truth.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { sharedData } from '../../server/src/testing/shared-data.ts';
import type { IdentityRecord } from '../../server/src/domains/identities/resolution/types.ts';

/** A record and the entity it belongs to (ground truth). */
export interface Labelled {
  record: IdentityRecord;
  entity: string;
}

function readCsv(rel: string): Record<string, string>[] {
  // FEBRL separates with ", ": trimming the leading space keeps "0412" a string with its zero (every value is a string).
  return parse(readFileSync(sharedData(rel), 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
}

const orNull = (s: string | undefined) => (s && s.trim() !== '' ? s.trim() : null);

/** A FEBRL file (dataset3.csv, dataset4a.csv, …): soc_sec_id as the external id, suburb as the city. */
export function loadFebrl(file: string): Labelled[] {
  return readCsv(`febrl/${file}`).map((row) => ({
    entity: /^rec-(\d+)-/.exec(row.rec_id!)![1]!,
    record: {
      id: row.rec_id!,
      firstName: orNull(row.given_name),
      lastName: orNull(row.surname),
      houseNumber: orNull(row.street_number),
      street: orNull(row.address_1),
      city: orNull(row.suburb),
      postcode: orNull(row.postcode),
      birthDate: orNull(row.date_of_birth),
      externalId: orNull(row.soc_sec_id),
    },
  }));
}

/** Splink's fake_1000: first name, surname, date of birth, city, e-mail; `cluster` is the entity. */
export function loadFake1000(): Labelled[] {
  return readCsv('splink/fake_1000.csv').map((row) => ({
    entity: row.cluster!,
    record: {
      id: row.unique_id!,
      firstName: orNull(row.first_name),
      lastName: orNull(row.surname),
      birthDate: orNull(row.dob),
      city: orNull(row.city),
      emails: orNull(row.email) ? [row.email!] : [],
    },
  }));
}

/** The number of true pairs: within one list (dedupe) or across two (link). */
export function truePairCount(left: readonly Labelled[], right?: readonly Labelled[]): number {
  const count = (xs: readonly Labelled[]) => {
    const m = new Map<string, number>();
    for (const x of xs) m.set(x.entity, (m.get(x.entity) ?? 0) + 1);
    return m;
  };
  const l = count(left);
  if (!right) return [...l.values()].reduce((s, n) => s + (n * (n - 1)) / 2, 0);
  const r = count(right);
  let n = 0;
  for (const [e, k] of l) n += k * (r.get(e) ?? 0);
  return n;
}

export interface Quality {
  threshold: number;
  truePositives: number;
  falsePositives: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Pairwise precision, recall and F1 of the scored candidate pairs at `threshold`, and at the threshold that gives
 * the best F1 (found by sorting the pairs by probability). Pairs blocking never made count as misses.
 */
export function pairwiseQuality(probabilities: ArrayLike<number>, isMatch: ArrayLike<boolean | number>, truePairs: number, threshold: number): { at: Quality; best: Quality } {
  const quality = (t: number, tp: number, fp: number): Quality => {
    const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
    const recall = truePairs === 0 ? 1 : tp / truePairs;
    return { threshold: t, truePositives: tp, falsePositives: fp, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
  };
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < probabilities.length; i++) {
    if (probabilities[i]! < threshold) continue;
    if (isMatch[i]) tp++;
    else fp++;
  }
  const at = quality(threshold, tp, fp);
  const order = Array.from({ length: probabilities.length }, (_, i) => i).sort((x, y) => probabilities[y]! - probabilities[x]!);
  let best = quality(1, 0, 0);
  tp = 0;
  fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (isMatch[i]) tp++;
    else fp++;
    // Only where the next pair scores lower can the threshold sit.
    const next = order[k + 1];
    if (next !== undefined && probabilities[next] === probabilities[i]) continue;
    const q = quality(probabilities[i]!, tp, fp);
    if (q.f1 > best.f1) best = q;
  }
  return { at, best };
}
