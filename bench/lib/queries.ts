// The search queries of the benchmark: a realistic mix of what people type, drawn deterministically from the people
// that exist in the loaded data (so a misspelt name has a right answer to find).
import type { DemoContact } from '../../server/src/db/seed/demo-data.ts';
import { personAt } from './data.ts';
import { seededRandom } from '../../server/src/lib/random.ts';

export type QueryKind = 'misspelt name' | 'misspelt surname' | 'umlaut variant' | 'full text' | 'e-mail' | 'first name';

export interface BenchQuery { kind: QueryKind; q: string }

/** A small seeded random stream. */
export const random = seededRandom;

/** A typing mistake in a word: two letters swapped, one dropped, one doubled, or a vowel mistaken. */
export function typo(word: string, rnd: () => number): string {
  if (word.length < 4) return word;
  const chars = [...word];
  const i = 1 + Math.floor(rnd() * (chars.length - 2));
  switch (Math.floor(rnd() * 4)) {
    case 0: [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!]; break;
    case 1: chars.splice(i, 1); break;
    case 2: chars.splice(i, 0, chars[i]!); break;
    default: {
      const vowels = 'aeiou';
      const j = chars.findIndex((c, k) => k >= 1 && vowels.includes(c));
      if (j >= 0) chars[j] = vowels[(vowels.indexOf(chars[j]!) + 1 + Math.floor(rnd() * 4)) % 5]!;
      else chars.splice(i, 1);
    }
  }
  const out = chars.join('');
  return out === word ? `${word.slice(0, -1)}` : out;
}

const UMLAUT = /[äöüÄÖÜß]/;
const spellOut = (s: string) => s.replace(/[äöüÄÖÜß]/g, (c) => ({ ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss' })[c] ?? c);
const strip = (s: string) => s.replace(/[äöüÄÖÜß]/g, (c) => ({ ä: 'a', ö: 'o', ü: 'u', Ä: 'A', Ö: 'O', Ü: 'U', ß: 's' })[c] ?? c);

/**
 * About 200 queries over people 0..count-1: misspelt full names (50) and surnames (20), umlaut spellings (40),
 * full-text combinations of city, tag, job, company and street (50), e-mail addresses and their beginnings (20),
 * first names alone (20).
 */
export function buildQueries(base: DemoContact[], count: number, companyName: (index: number) => string | undefined, seed = 42): BenchQuery[] {
  const rnd = random(seed);
  const person = () => personAt(base, Math.floor(rnd() * count));
  const out: BenchQuery[] = [];
  const add = (kind: QueryKind, q: string | undefined) => { if (q && q.trim()) out.push({ kind, q: q.trim() }); };

  for (let n = 0; n < 50; n++) {
    const p = person();
    add('misspelt name', `${p.firstName} ${typo(p.lastName ?? '', rnd)}`);
  }
  for (let n = 0; n < 20; n++) add('misspelt surname', typo(person().lastName ?? '', rnd));
  for (let n = 0, tries = 0; n < 40 && tries < 100_000; tries++) {
    const p = person();
    const name = `${p.firstName} ${p.lastName}`;
    if (!UMLAUT.test(name)) continue;
    // Typed without umlauts: spelled out (Mueller), stripped (Muller); sometimes the surname alone.
    const variant = n % 2 === 0 ? spellOut : strip;
    add('umlaut variant', n % 4 < 2 ? variant(name) : variant(p.lastName ?? ''));
    n++;
  }
  for (let n = 0, tries = 0; n < 50 && tries < 100_000; tries++) {
    const p = person();
    const a = p.addresses[0];
    const company = p.companyIndex === undefined ? undefined : companyName(p.companyIndex);
    const tag = p.tags.find((t) => t !== 'B2B');
    const before = out.length;
    switch (n % 5) {
      case 0: if (a?.city && tag) add('full text', `${tag} ${a.city}`); break;
      case 1: if (p.jobTitle) add('full text', p.jobTitle.split(' ')[0]); break;
      case 2: if (company) add('full text', company.split(' ').slice(0, 2).join(' ')); break;
      case 3: if (a?.street) add('full text', `${a.street.replace(/\s*\d+\w*$/, '')} ${a.city ?? ''}`); break;
      default: if (a?.postalCode) add('full text', `${p.lastName} ${a.postalCode}`); break;
    }
    if (out.length > before) n++;
  }
  for (let n = 0, tries = 0; n < 20 && tries < 100_000; tries++) {
    const e = person().emails[0]?.value;
    if (!e) continue;
    add('e-mail', n % 2 === 0 ? e : e.slice(0, e.indexOf('@')));
    n++;
  }
  for (let n = 0; n < 20; n++) add('first name', person().firstName ?? undefined);
  return out;
}
