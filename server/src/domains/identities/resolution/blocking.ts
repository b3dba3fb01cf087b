/**
 * Blocking: which pairs are compared at all. Each rule combines keys (records agree on every key of the rule); the
 * candidate pairs are the union over the rules, each pair once. Keys may have several values (several e-mails); a
 * record with no value for a key is in no block of that rule.
 */
import type { RecordFeatures } from './normalize.ts';
import type { BlockingKey, BlockingRule, ComparisonName } from './types.ts';

interface KeyDef {
  values(f: RecordFeatures): readonly string[];
  /** The comparisons whose agreement the key forces: an EM session blocked on it cannot learn their m. */
  fixes: readonly ComparisonName[];
}

const one = (s: string): readonly string[] => (s === '' ? [] : [s]);
const NONE: readonly string[] = [];

/** The words an identifier-only record offers for its missing name, folded like last names. */
function identifierKeys(f: RecordFeatures): readonly string[] {
  const keys = new Set<string>();
  if (f.last.text !== '') for (const t of f.last.fold.split(' ')) if (t.length > 1) keys.add(t);
  if ((f.needsFirst || f.needsLast) && f.identifiers.length > 0) {
    for (const words of f.identifiers) {
      for (const w of words) if (w.length >= 3) keys.add(w.replace(/(?<![aeiouyq])([aou])e/g, '$1'));
      const joined = words.join('');
      // "rsmith": the last name after an initial.
      if (words.length === 1 && joined.length >= 5) keys.add(joined.slice(1).replace(/(?<![aeiouyq])([aou])e/g, '$1'));
    }
  }
  return [...keys];
}

const KEYS: Record<BlockingKey, KeyDef> = {
  firstName: { values: (f) => one(f.first.fold), fixes: ['firstName'] },
  lastName: { values: (f) => one(f.last.fold), fixes: ['lastName'] },
  firstNameSound: { values: (f) => one(f.first.text.length > 1 ? f.first.meta1 : ''), fixes: ['firstName'] },
  lastNameSound: { values: (f) => one(f.last.meta1), fixes: ['lastName'] },
  firstInitial: { values: (f) => one(f.first.initial), fixes: ['firstName'] },
  // Bill and William, Sepp and Josef: the nickname groups of the name, or the name itself when it is in none.
  firstNameGroup: {
    values: (f) => (f.first.nicknames.length > 0 ? f.first.nicknames.map((g) => `#${g}`) : one(f.first.fold)),
    fixes: ['firstName'],
  },
  nameSorted: {
    values: (f) => (f.first.fold && f.last.fold ? [[f.first.fold, f.last.fold].sort().join('|')] : NONE),
    fixes: ['firstName', 'lastName'],
  },
  birthDate: { values: (f) => one(f.birth), fixes: ['birthDate'] },
  birthYear: { values: (f) => (f.birthYear ? [String(f.birthYear)] : NONE), fixes: ['birthDate'] },
  postcode: { values: (f) => one(f.postcode), fixes: ['postcode', 'address'] },
  city: { values: (f) => one(f.city), fixes: ['city', 'address'] },
  houseNumber: { values: (f) => one(f.houseNumber), fixes: ['houseNumber', 'address'] },
  email: { values: (f) => f.emails, fixes: ['email'] },
  emailLocal: { values: (f) => f.emailLocals.filter((l) => l.length >= 3), fixes: ['email'] },
  phone: { values: (f) => f.phones, fixes: ['phone'] },
  externalId: { values: (f) => one(f.externalId), fixes: ['externalId'] },
  handle: { values: (f) => one(f.handle), fixes: ['handle'] },
  identifierName: { values: identifierKeys, fixes: ['identifierName', 'lastName'] },
};

/** The comparisons a rule's keys force to agree (not trainable in an EM session blocked on that rule). */
export function fixedComparisons(rule: BlockingRule): Set<ComparisonName> {
  return new Set(rule.flatMap((k) => KEYS[k].fixes));
}

/**
 * The block keys of a record under a rule: one per combination of the keys' values; none when a key has no value.
 * `identifierName` rules only pair a record that lacks a name but has an e-mail or handle (a probe) with another.
 */
export function ruleKeys(rule: BlockingRule, f: RecordFeatures): string[] {
  // Most keys have one value: build the one block key by concatenation, without the combinations.
  let single = '';
  let k = 0;
  for (; k < rule.length; k++) {
    const values = KEYS[rule[k]!].values(f);
    if (values.length === 0) return [];
    if (values.length > 1) break;
    single = k === 0 ? values[0]! : `${single}\u0001${values[0]}`;
  }
  if (k === rule.length) return [single];
  let keys = [single];
  for (; k < rule.length; k++) {
    const values = KEYS[rule[k]!].values(f);
    if (values.length === 0) return [];
    keys = keys.flatMap((p) => values.map((v) => (p === '' && k === 0 ? v : `${p}\u0001${v}`)));
  }
  return keys;
}

const isProbeRule = (rule: BlockingRule) => rule.includes('identifierName');
const isProbe = (f: RecordFeatures) => (f.needsFirst || f.needsLast) && f.identifiers.length > 0;

/** Key ids per record, CSR: record i has ids[offsets[i] .. offsets[i + 1]). */
interface KeyIndex {
  offsets: Int32Array;
  ids: Int32Array;
  probe: Uint8Array;
}

function indexKeys(rule: BlockingRule, records: readonly RecordFeatures[], dict: Map<string, number>): KeyIndex {
  const offsets = new Int32Array(records.length + 1);
  const ids: number[] = [];
  const probe = new Uint8Array(records.length);
  const probeRule = isProbeRule(rule);
  for (let i = 0; i < records.length; i++) {
    const first = ids.length;
    for (const k of ruleKeys(rule, records[i]!)) {
      let id = dict.get(k);
      if (id === undefined) dict.set(k, (id = dict.size));
      // A record is in a block once, even with two values that make the same key.
      if (ids.indexOf(id, first) < 0) ids.push(id);
    }
    offsets[i + 1] = ids.length;
    if (probeRule && isProbe(records[i]!)) probe[i] = 1;
  }
  return { offsets, ids: Int32Array.from(ids), probe };
}

/** Records per key id, CSR, with each bucket's probes first (for `identifierName` rules). */
interface Buckets {
  start: Int32Array;
  members: Int32Array;
  probes: Int32Array;
}

function bucketize(index: KeyIndex, keyCount: number): Buckets {
  const start = new Int32Array(keyCount + 1);
  for (const id of index.ids) start[id + 1]!++;
  for (let k = 0; k < keyCount; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, keyCount);
  const members = new Int32Array(index.ids.length);
  const probes = new Int32Array(keyCount);
  const n = index.offsets.length - 1;
  // Probes first in each bucket, then the rest; both in record order.
  for (const pass of [1, 0]) {
    for (let i = 0; i < n; i++) {
      if (index.probe[i] !== pass) continue;
      for (let p = index.offsets[i]!; p < index.offsets[i + 1]!; p++) {
        const k = index.ids[p]!;
        members[fill[k]!++] = i;
        if (pass === 1) probes[k]!++;
      }
    }
  }
  return { start, members, probes };
}

/** Candidate pairs: record a of the left list with record b of the right list (of the same list when deduplicating). */
export interface CandidatePairs {
  a: Int32Array;
  b: Int32Array;
  count: number;
  /** Blocks left out for having more than `maxBlockPairs` pairs, and the pairs they would have made. */
  skippedBlocks: number;
  skippedPairs: number;
}

/** A growing list of pair codes (left index × right size + right index). */
class CodeBuffer {
  codes = new Float64Array(1 << 16);
  count = 0;
  push(code: number): void {
    if (this.count === this.codes.length) {
      const grown = new Float64Array(this.codes.length * 2);
      grown.set(this.codes);
      this.codes = grown;
    }
    this.codes[this.count++] = code;
  }
}

/**
 * The candidate pairs of a link (`right` given: left × right) or a dedupe (`right` null: i < j within `left`) under the
 * union of `rules`, each pair once, ordered by left record.
 */
export function candidatePairs(
  left: readonly RecordFeatures[], right: readonly RecordFeatures[] | null, rules: readonly BlockingRule[], maxBlockPairs = Infinity,
): CandidatePairs {
  const out = new CodeBuffer();
  const width = (right ?? left).length;
  let skippedBlocks = 0;
  let skippedPairs = 0;
  for (const rule of rules) {
    const dict = new Map<string, number>();
    const lb = bucketize(indexKeys(rule, left, dict), dict.size);
    const rb = right ? bucketize(indexKeys(rule, right, dict), dict.size) : lb;
    const probeRule = isProbeRule(rule);
    for (let k = 0; k < dict.size; k++) {
      const ls = lb.start[k]!, le = lb.start[k + 1]!, rs = rb.start[k]!, re = rb.start[k + 1]!;
      const lp = ls + (probeRule ? lb.probes[k]! : le - ls);
      const rp = rs + (probeRule ? rb.probes[k]! : re - rs);
      const pairs = right
        ? (lp - ls) * (re - rs) + (le - lp) * (rp - rs)
        : probeRule ? (lp - ls) * (le - ls - 1) - ((lp - ls) * (lp - ls - 1)) / 2 : ((le - ls) * (le - ls - 1)) / 2;
      if (pairs === 0) continue;
      if (pairs > maxBlockPairs) {
        skippedBlocks++;
        skippedPairs += pairs;
        continue;
      }
      if (right) {
        // Left probes with every right record, left others with right probes (all of them when not a probe rule).
        for (let p = ls; p < le; p++) {
          const base = lb.members[p]! * width;
          const end = p < lp ? re : rp;
          for (let q = rs; q < end; q++) out.push(base + rb.members[q]!);
        }
      } else {
        for (let p = ls; p < (probeRule ? lp : le); p++) {
          const x = lb.members[p]!;
          for (let q = probeRule ? ls : p + 1; q < le; q++) {
            const y = lb.members[q]!;
            // Within a probe rule, a probe–probe pair is made once, from the smaller position.
            if (x === y || (probeRule && q < lp && q <= p)) continue;
            out.push(x < y ? x * width + y : y * width + x);
          }
        }
      }
    }
  }
  // A pair that several rules (or several keys of one rule) make is kept once: sort the codes, drop repeats.
  const codes = out.codes.subarray(0, out.count).sort();
  let count = 0;
  for (let i = 0; i < codes.length; i++) if (i === 0 || codes[i] !== codes[i - 1]) codes[count++] = codes[i]!;
  const a = new Int32Array(count);
  const b = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const code = codes[i]!;
    a[i] = Math.floor(code / width);
    b[i] = code - a[i]! * width;
  }
  return { a, b, count, skippedBlocks, skippedPairs };
}
