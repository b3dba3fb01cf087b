import { describe, expect, test } from 'vitest';
import { candidatePairs, fixedComparisons, ruleKeys } from './blocking.ts';
import { randomSource } from './em.ts';
import { prepareRecords, type RecordFeatures } from './normalize.ts';
import type { BlockingRule, IdentityRecord } from './types.ts';

const pairsOf = (c: { a: Int32Array; b: Int32Array; count: number }) => Array.from({ length: c.count }, (_, i) => `${c.a[i]}-${c.b[i]}`);

/** The pairs that share a key under some rule, by comparing every pair (the definition blocking must meet). */
function bruteForce(left: RecordFeatures[], right: RecordFeatures[] | null, rules: BlockingRule[]): string[] {
  const out: string[] = [];
  const probe = (f: RecordFeatures) => (f.needsFirst || f.needsLast) && f.identifiers.length > 0;
  const other = right ?? left;
  for (let i = 0; i < left.length; i++) {
    for (let j = right ? 0 : i + 1; j < other.length; j++) {
      const hit = rules.some((rule) => {
        const shared = ruleKeys(rule, left[i]!).some((k) => ruleKeys(rule, other[j]!).includes(k));
        return shared && (!rule.includes('identifierName') || probe(left[i]!) || probe(other[j]!));
      });
      if (hit) out.push(`${i}-${j}`);
    }
  }
  return out;
}

// Small random people with few distinct values, so that keys collide often and records have several e-mails.
function randomRecords(n: number, seed: number): IdentityRecord[] {
  const random = randomSource(seed);
  const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  return Array.from({ length: n }, (_, i) => ({
    id: `r${i}`,
    firstName: random() < 0.2 ? null : pick(['Anna', 'Anne', 'Hans', 'Jürgen', 'Jurgen', 'Bill']),
    lastName: random() < 0.2 ? null : pick(['Müller', 'Mueller', 'Smith', 'Schmidt', 'Meier']),
    birthDate: random() < 0.3 ? null : pick(['1980-01-02', '1980-02-01', '1975-05-05']),
    emails: random() < 0.3 ? [] : [pick(['a@x.de', 'b@x.de', 'c@y.de']), pick(['a@x.de', 'd@z.de'])],
    postcode: random() < 0.3 ? null : pick(['10115', '80331']),
    handle: random() < 0.7 ? null : pick(['@anna_mueller', '@hans_smith']),
  }));
}

const RULES: BlockingRule[] = [['email'], ['lastNameSound', 'firstInitial'], ['birthDate'], ['postcode', 'firstInitial'], ['identifierName']];

describe('candidatePairs', () => {
  test.each([1, 2, 3, 4])('dedupe: exactly the pairs that share a key, each once (seed %i)', (seed) => {
    const records = prepareRecords(randomRecords(60, seed));
    const got = pairsOf(candidatePairs(records, null, RULES));
    expect(new Set(got).size).toBe(got.length);
    expect(got.sort()).toEqual(bruteForce(records, null, RULES).sort());
  });

  test.each([5, 6])('link: exactly the cross pairs that share a key, each once (seed %i)', (seed) => {
    const left = prepareRecords(randomRecords(40, seed));
    const right = prepareRecords(randomRecords(50, seed + 100));
    const got = pairsOf(candidatePairs(left, right, RULES));
    expect(new Set(got).size).toBe(got.length);
    expect(got.sort()).toEqual(bruteForce(left, right, RULES).sort());
  });

  test('a true pair that shares only one key of one rule is found', () => {
    const [a, b, c] = prepareRecords([
      { id: 'a', firstName: 'Anna', lastName: 'Müller', birthDate: '1980-04-23' },
      { id: 'b', firstName: 'Anne', lastName: 'Meyer-Schulz', birthDate: '1980-04-23' },
      { id: 'c', firstName: 'Zoe', lastName: 'Xu' },
    ]);
    expect(pairsOf(candidatePairs([a!], [b!, c!], [['lastNameSound', 'firstInitial'], ['birthDate']]))).toEqual(['0-0']);
  });

  test('umlaut spellings and swapped names block together', () => {
    const [a, b, c] = prepareRecords([
      { id: 'a', firstName: 'Jürgen', lastName: 'Müller' },
      { id: 'b', firstName: 'Jurgen', lastName: 'Mueller' },
      { id: 'c', firstName: 'Mueller', lastName: 'Juergen' },
    ]);
    expect(pairsOf(candidatePairs([a!, b!, c!], null, [['nameSorted']])).sort()).toEqual(['0-1', '0-2', '1-2']);
  });

  test('an e-mail-only record meets people of its last name, others of that name do not meet through it', () => {
    const records = prepareRecords([
      { id: 'p', emails: ['robert.smith@example.com'] },
      { id: 'q', firstName: 'Robert', lastName: 'Smith' },
      { id: 'r', firstName: 'Rita', lastName: 'Smith' },
    ]);
    expect(pairsOf(candidatePairs(records, null, [['identifierName']])).sort()).toEqual(['0-1', '0-2']);
  });

  test('a block with more pairs than the limit is skipped and counted', () => {
    const records = prepareRecords(Array.from({ length: 30 }, (_, i) => ({ id: `x${i}`, postcode: '10115' })));
    const c = candidatePairs(records, null, [['postcode']], 100);
    expect(c.count).toBe(0);
    expect(c.skippedBlocks).toBe(1);
    expect(c.skippedPairs).toBe(435);
  });
});

describe('fixedComparisons', () => {
  test('the comparisons a training rule forces to agree', () => {
    expect([...fixedComparisons(['lastNameSound', 'firstInitial'])].sort()).toEqual(['firstName', 'lastName']);
    expect([...fixedComparisons(['postcode'])].sort()).toEqual(['address', 'postcode']);
  });
});
