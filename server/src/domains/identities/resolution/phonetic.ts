/**
 * Phonetic codes of names: Kölner Phonetik for German spellings (Meier/Mayr/Maier → 67) and Double Metaphone for
 * English ones (Smith/Smyth → SM0/XMT). Both from npm; cached per word because names repeat a lot in real data.
 */
import { colognePhonetic } from 'cologne-phonetic';
import { doubleMetaphone } from 'double-metaphone';

// Bounded so that a long-running process that resolves many workspaces does not keep every name it ever saw.
const CACHE_LIMIT = 200_000;
const koelnerCache = new Map<string, string>();
const metaphoneCache = new Map<string, readonly [string, string]>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

// cologne-phonetic 1.1.1 codes "ckx/kx/qx" as 8 where Postel gives 48 (the c/k/q keeps its 4); names with that
// spelling are rare, and both records of a pair are coded alike, so it stays as the library has it.
/**
 * Kölner Phonetik (Postel 1969) of a word: "Müller-Lüdenscheidt" → "65752682". Umlauts and ß are understood;
 * other letters outside a–z are dropped. Empty for an empty word.
 */
export function koelnerPhonetik(word: string): string {
  const hit = koelnerCache.get(word);
  if (hit !== undefined) return hit;
  return remember(koelnerCache, word, word ? colognePhonetic(word) : '');
}

/** Double Metaphone (Philips 2000): the primary and the alternate code, e.g. "Schmidt" → ["XMT", "SMT"]. */
export function metaphone(word: string): readonly [string, string] {
  const hit = metaphoneCache.get(word);
  if (hit !== undefined) return hit;
  const [primary, secondary] = word ? doubleMetaphone(word) : ['', ''];
  return remember(metaphoneCache, word, [primary, secondary] as const);
}
