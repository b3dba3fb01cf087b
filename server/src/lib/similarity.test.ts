import { describe, expect, test } from 'vitest';
import { editDistanceWithin, jaro, jaroWinkler, withinOneEdit } from './similarity.ts';

describe('jaroWinkler', () => {
  // Published values: Winkler (1990) and the usual reference implementations.
  test.each([
    ['MARTHA', 'MARHTA', 0.9611],
    ['DWAYNE', 'DUANE', 0.84],
    ['DIXON', 'DICKSONX', 0.8133],
    ['JELLYFISH', 'SMELLYFISH', 0.8963],
    ['schmidt', 'schmitt', 0.9429],
    ['mueller', 'muller', 0.9175], // e and l out of order: one transposition
    ['abc', 'xyz', 0],
    ['', 'abc', 0],
    ['same', 'same', 1],
  ])('%j ~ %j = %f', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
    expect(jaroWinkler(b, a)).toBeCloseTo(expected, 3);
  });

  test.each([
    ['CRATE', 'TRACE', 0.7333],
    ['MARTHA', 'MARHTA', 0.9444],
    ['DWAYNE', 'DUANE', 0.8222],
  ])('jaro %j ~ %j = %f', (a, b, expected) => {
    expect(jaro(a, b)).toBeCloseTo(expected, 3);
  });

  test.each([
    ['robert', 'rupert', 0.8],
    ['hans', 'johannes', 0.8],
    ['robert.smith@example.com', 'rsmith@example.org', 0.88],
    ['mueller', 'muller', 0.95],
    ['bernd', 'berndt', 0.92],
  ])('with a floor, %j ~ %j answers "reaches %f?" like the full computation', (a, b, floor) => {
    const full = jaroWinkler(a, b);
    const quick = jaroWinkler(a, b, floor);
    expect(quick >= floor).toBe(full >= floor);
    if (full >= floor) expect(quick).toBeCloseTo(full, 10);
  });
});

describe('editDistanceWithin', () => {
  test.each([
    ['19800423', '19800423', 2, 0],
    ['19800423', '19800432', 2, 1], // swapped neighbours count once
    ['19800423', '19810423', 2, 1],
    ['19800423', '1980423', 2, 1],
    ['12345', '54321', 2, 3], // over the bound: bound + 1
    ['abc', 'abcdef', 2, 3],
    ['', 'ab', 2, 2],
  ])('%j → %j within %i = %i', (a, b, max, expected) => {
    expect(editDistanceWithin(a, b, max)).toBe(expected);
  });
});

describe('withinOneEdit', () => {
  test.each([
    ['12345', '12345', true],
    ['12345', '12346', true],
    ['12345', '12435', true],
    ['12345', '1245', true],
    ['1245', '12345', true],
    ['12345', '21354', false],
    ['12345', '12543', false],
    ['12345', '123', false],
    ['+491711234567', '+491711234576', true],
  ])('%j, %j → %s', (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
    expect(withinOneEdit(a, b)).toBe(editDistanceWithin(a, b, 1) <= 1);
  });
});
