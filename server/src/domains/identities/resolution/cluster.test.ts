import { describe, expect, test } from 'vitest';
import { clusterPairs } from './cluster.ts';
import { findDeterministicMatches } from './deterministic.ts';

describe('clusterPairs', () => {
  test('connected components of the pairs at or above the threshold, largest first', () => {
    const pairs = [
      { a: 'a', b: 'b', probability: 0.9 },
      { a: 'b', b: 'c', probability: 0.6 },
      { a: 'd', b: 'e', probability: 0.99 },
      { a: 'c', b: 'd', probability: 0.4 },
      { a: 'x', b: 'f', probability: 0.9 },
    ];
    expect(clusterPairs(['a', 'b', 'c', 'd', 'e', 'f'], pairs, 0.5)).toEqual([['a', 'b', 'c'], ['d', 'e']]);
    expect(clusterPairs(['a', 'b', 'c', 'd', 'e', 'f'], pairs, 0.3)).toEqual([['a', 'b', 'c', 'd', 'e']]);
    expect(clusterPairs(['a', 'b'], pairs, 0.95)).toEqual([]);
  });
});

describe('findDeterministicMatches', () => {
  const people = [
    { id: '1', verifiedEmails: ['Anna.Mueller@Example.com'], phones: ['+49 171 1234567'] },
    { id: '2', emails: ['anna.mueller@example.com'], phones: ['+491711234567'] },
    { id: '3', verifiedEmails: ['anna.mueller@example.com'], signOnSubjects: ['issuer|7'] },
    { id: '4', signOnSubjects: ['issuer|7'], phones: ['0171 1234567'] },
  ];

  test.each([
    ['within one list', people, undefined, [['3', '4', 'signOnSubject'], ['1', '3', 'verifiedEmail'], ['1', '2', 'phone']]],
    ['across two lists', people.slice(0, 2), people.slice(2), [['1', '3', 'verifiedEmail']]],
  ] as const)('%s', (_, left, right, expected) => {
    expect(findDeterministicMatches(left, right).map((m) => [m.a, m.b, m.rule])).toEqual(expected);
  });

  test('an unverified e-mail and a national number without country link nothing', () => {
    expect(findDeterministicMatches([{ id: 'a', emails: ['x@y.de'], phones: ['0171 1234567'] }, { id: 'b', emails: ['x@y.de'], phones: ['0171 1234567'] }])).toEqual([]);
  });
});
