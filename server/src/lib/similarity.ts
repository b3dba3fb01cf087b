/**
 * String similarity for the comparison levels: Jaro–Winkler and a bounded Damerau–Levenshtein distance.
 *
 * Written here rather than taken from npm: these run once per candidate pair and field (millions of calls for a
 * 100,000 × 100,000 link), and the packages allocate on every call (`jaro-winkler`: an options object and two
 * arrays; last release years ago) or are wrong (`@skyra/jaro-winkler` 1.1.1 uses a match window of ⌊max/2⌋ and
 * returns a prefix of 5 for equal four-letter prefixes). Both algorithms are short and tested against published values.
 */

// Reused between calls: the engine is single-threaded, and a call never nests another.
let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/**
 * Jaro similarity (Jaro 1989): 1 for equal strings, 0 when no character matches within the window. With `floor`,
 * gives up (returning 0) as soon as the result cannot reach it: most compared pairs are far apart, and the comparison
 * levels only ask whether a threshold is reached.
 */
export function jaro(a: string, b: string, floor = 0): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  // Jaro ≤ (m/la + m/lb + 1) / 3 with m matches: the matches needed to reach the floor.
  const need = floor > 0 ? (3 * floor - 1) / (1 / la + 1 / lb) : 0;
  if (Math.min(la, lb) < need) return 0;
  if (la > flagsA.length) flagsA = new Uint8Array(la * 2);
  if (lb > flagsB.length) flagsB = new Uint8Array(lb * 2);
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const c = a.charCodeAt(i);
    const end = Math.min(lb - 1, i + window);
    for (let j = Math.max(0, i - window); j <= end; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === c) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
    if (matches + la - 1 - i < need) return 0;
  }
  if (matches === 0) return 0;
  let outOfOrder = 0;
  for (let i = 0, j = 0; i < la; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[j] === 0) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) outOfOrder++;
    j++;
  }
  const t = outOfOrder / 2;
  return (matches / la + matches / lb + (matches - t) / matches) / 3;
}

/**
 * Jaro–Winkler similarity (Winkler 1990): Jaro plus 0.1 per common leading character (at most 4) when Jaro > 0.7.
 * With `floor`, a result below it may come back as 0 (see `jaro`).
 */
export function jaroWinkler(a: string, b: string, floor = 0): number {
  // The prefix bonus adds at most 0.4 × (1 − Jaro), so Jaro must reach (floor − 0.4) / 0.6.
  const j = jaro(a, b, floor > 0.4 ? (floor - 0.4) / 0.6 : 0);
  // Winkler's boost threshold: only strings already alike get the prefix bonus.
  if (j <= 0.7) return j;
  const n = Math.min(4, a.length, b.length);
  let prefix = 0;
  while (prefix < n && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

let rowPrev2 = new Int32Array(64);
let rowPrev = new Int32Array(64);
let rowCur = new Int32Array(64);

/**
 * Damerau–Levenshtein distance (optimal string alignment: insert, delete, substitute, swap two neighbours), or
 * `max + 1` as soon as it must exceed `max`. Short inputs only (identifiers, postcodes, dates).
 */
export function editDistanceWithin(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0 || lb === 0) return Math.max(la, lb);
  if (lb + 1 > rowCur.length) {
    rowPrev2 = new Int32Array(lb * 2 + 2);
    rowPrev = new Int32Array(lb * 2 + 2);
    rowCur = new Int32Array(lb * 2 + 2);
  }
  for (let j = 0; j <= lb; j++) rowPrev[j] = j;
  for (let i = 1; i <= la; i++) {
    rowCur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = Math.min(rowPrev[j]! + 1, rowCur[j - 1]! + 1, rowPrev[j - 1]! + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, rowPrev2[j - 2]! + 1);
      rowCur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const spare = rowPrev2;
    rowPrev2 = rowPrev;
    rowPrev = rowCur;
    rowCur = spare;
  }
  const d = rowPrev[lb]!;
  return d > max ? max + 1 : d;
}

/**
 * True when `a` and `b` are at most one edit apart (insert, delete, substitute, or swap two neighbours): the
 * linear-time special case of `editDistanceWithin(a, b, 1) <= 1`, for dates, postcodes and phone numbers.
 */
export function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (la === lb) {
    let i = 0;
    while (i < la && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    if (i >= la - 1) return true;
    // A substitution at i, or a swap of i and i + 1; the rest must be equal.
    const swap = a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i);
    const from = swap ? i + 2 : i + 1;
    for (let k = from; k < la; k++) if (a.charCodeAt(k) !== b.charCodeAt(k)) return false;
    return true;
  }
  if (Math.abs(la - lb) !== 1) return false;
  const [s, l] = la < lb ? [a, b] : [b, a];
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === l.charCodeAt(i)) i++;
  for (let k = i; k < s.length; k++) if (s.charCodeAt(k) !== l.charCodeAt(k + 1)) return false;
  return true;
}
