import { describe, expect, test } from 'vitest';
import { randomSource } from './em.ts';
import { dedupe, explainPair, linkTables, scorePairs, trainModel } from './engine.ts';
import { resolutionSettings } from './settings.ts';
import type { IdentityRecord } from './types.ts';

const FIRST = ['Anna', 'Jürgen', 'William', 'Josef', 'Johannes', 'Maria', 'Robert', 'Sophie', 'Lukas', 'Emma', 'Felix', 'Lena', 'Paul', 'Mia', 'Jonas', 'Hannah'];
const LAST = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun'];
const NICK: Record<string, string> = { William: 'Bill', Josef: 'Sepp', Johannes: 'Hans', Robert: 'Bob' };

/** `n` people and a corrupted copy of the first `copies` of them; `truth` maps record id → person. */
function people(n: number, copies: number, seed: number): { records: IdentityRecord[]; truth: Map<string, number> } {
  const random = randomSource(seed);
  const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const pad = (x: number) => String(x).padStart(2, '0');
  const base = Array.from({ length: n }, (_, i) => {
    const firstName = pick(FIRST);
    const lastName = pick(LAST);
    return {
      id: `p${i}`, firstName, lastName,
      birthDate: `${1940 + Math.floor(random() * 60)}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}`,
      emails: [`${firstName[0]!.toLowerCase()}${i}@example.com`],
      postcode: String(10000 + Math.floor(random() * 80000)),
      city: pick(['Berlin', 'Hamburg', 'München', 'Köln', 'London']),
    };
  });
  const dupes = base.slice(0, copies).map((p, i) => ({
    ...p,
    id: `d${i}`,
    firstName: random() < 0.3 ? (NICK[p.firstName] ?? p.firstName) : p.firstName,
    lastName: random() < 0.3 ? p.lastName.replace('ü', 'ue').replace('ö', 'oe') : p.lastName,
    birthDate: random() < 0.2 ? null : p.birthDate,
    emails: random() < 0.4 ? [] : p.emails,
    postcode: random() < 0.2 ? String(Number(p.postcode) + 1) : p.postcode,
  }));
  const records = [...base, ...dupes];
  const truth = new Map(records.map((r) => [r.id, Number(r.id.slice(1))]));
  return { records, truth };
}

const settings = resolutionSettings({ uSamplePairs: 100_000 });

describe('dedupe', () => {
  const { records, truth } = people(600, 200, 21);
  const result = dedupe(records, settings);

  test('finds the duplicates: pairwise precision and recall above 0.95', () => {
    const links = result.pairs.filter((p) => p.probability >= 0.5);
    const correct = links.filter((p) => truth.get(p.a) === truth.get(p.b)).length;
    expect(correct / links.length).toBeGreaterThan(0.95);
    expect(correct / 200).toBeGreaterThan(0.95);
    expect(result.clusters.length).toBeGreaterThan(190);
    expect(result.clusters.every((c) => c.length >= 2)).toBe(true);
  });

  test('trains m on the data: every compared field present in the data is trained, exact names weigh more than else', () => {
    const byName = new Map(result.model.comparisons.map((c) => [c.name, c]));
    for (const name of ['firstName', 'lastName', 'birthDate', 'email', 'address'] as const) expect(byName.get(name)!.trained).toBe(true);
    const first = byName.get('firstName')!.levels;
    expect(first[0]!.m / first[0]!.u).toBeGreaterThan(10);
    expect(first.at(-1)!.m / first.at(-1)!.u).toBeLessThan(1);
    expect(result.model.lambda).toBeGreaterThan(0);
    expect(result.model.lambda).toBeLessThan(0.01);
  });

  test('the model survives JSON and scores the same afterwards', () => {
    const model = JSON.parse(JSON.stringify(result.model));
    const byId = new Map(records.map((r) => [r.id, r]));
    for (const scored of [result.pairs[0]!, result.pairs.at(-1)!]) {
      const again = scorePairs(model, [[byId.get(scored.a)!, byId.get(scored.b)!]])[0]!;
      expect(again.probability).toBeCloseTo(scored.probability, 9);
      expect(again.levels).toEqual(scored.levels);
    }
  });
});

describe('explainPair', () => {
  const { records } = people(400, 100, 22);
  const model = trainModel(records, settings);

  test('lists every compared field with its level and weight; the weights add up to the match weight', () => {
    const e = explainPair(model, { id: 'a', firstName: 'Bill', lastName: 'Müller', birthDate: '1980-04-03', emails: ['b@x.de'] },
      { id: 'b', firstName: 'William', lastName: 'Mueller', birthDate: '1980-03-04' });
    expect(e.fields.map((f) => f.comparison)).toEqual(model.comparisons.map((c) => c.name));
    const byName = new Map(e.fields.map((f) => [f.comparison, f]));
    expect(byName.get('firstName')).toMatchObject({ level: 'nickname', values: ['bill', 'william'] });
    expect(byName.get('lastName')!.level).toBe('exact');
    expect(byName.get('birthDate')!.level).toBe('day/month swapped');
    expect(byName.get('email')).toMatchObject({ level: 'missing', weight: 0, bayesFactor: 1 });
    expect(byName.get('lastName')!.weight).toBeGreaterThan(0);
    expect(e.priorWeight + e.fields.reduce((s, f) => s + f.weight, 0)).toBeCloseTo(e.matchWeight, 9);
    expect(e.probability).toBeCloseTo(1 / (1 + 2 ** -e.matchWeight), 12);
  });

  test('a rare shared surname weighs more than a common one (term frequency)', () => {
    const w = (lastName: string) => explainPair(model, { id: 'a', lastName }, { id: 'b', lastName }).fields.find((f) => f.comparison === 'lastName')!;
    expect(w('Zyprianowski').weight).toBeGreaterThan(w('Müller').weight + 3);
    expect(w('Zyprianowski').termFrequencyWeight).toBeGreaterThan(0);
  });
});

describe('deterministic rules and linking', () => {
  test('a shared verified e-mail, phone or sign-on subject links with probability 1, whatever the names say', () => {
    const { records } = people(300, 0, 23);
    const left = records.slice(0, 150);
    const right = [
      ...records.slice(150),
      { id: 'v', firstName: 'Zoe', verifiedEmails: ['A0@example.com'] },
      { id: 's', signOnSubjects: ['https://accounts.example|42'] },
    ];
    left[0] = { ...left[0]!, verifiedEmails: ['a0@example.com'], signOnSubjects: ['https://accounts.example|42'] };
    const result = linkTables(left, right, settings);
    expect(result.deterministic.map((d) => [d.a, d.b, d.rule])).toEqual([['p0', 's', 'signOnSubject'], ['p0', 'v', 'verifiedEmail']]);
    expect(result.pairs.find((p) => p.b === 'v')).toMatchObject({ probability: 1, rule: 'verifiedEmail' });
    expect(result.clusters.find((c) => c.includes('p0'))?.sort()).toEqual(['p0', 's', 'v']);
  });
});

describe('small inputs', () => {
  test.each([0, 1, 2])('dedupe of %i records runs and finds nothing to cluster', (n) => {
    const records = Array.from({ length: n }, (_, i) => ({ id: `r${i}`, firstName: 'Anna', lastName: `X${i}` }));
    const result = dedupe(records, settings);
    expect(result.clusters).toEqual([]);
    expect(Number.isFinite(result.model.lambda)).toBe(true);
    expect(JSON.parse(JSON.stringify(result.model)).comparisons).toHaveLength(settings.comparisons.length);
  });
});
