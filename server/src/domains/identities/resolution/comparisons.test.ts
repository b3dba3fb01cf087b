import { describe, expect, test } from 'vitest';
import { comparisonDef } from './comparisons.ts';
import { prepareRecord } from './normalize.ts';
import type { ComparisonName, IdentityRecord } from './types.ts';

/** The level label two records reach on a comparison ('missing' for level 0). */
function level(name: ComparisonName, a: Omit<IdentityRecord, 'id'>, b: Omit<IdentityRecord, 'id'>): string {
  const def = comparisonDef(name);
  const l = def.compare(prepareRecord({ id: 'a', ...a }, 0), prepareRecord({ id: 'b', ...b }, 1));
  return l === 0 ? 'missing' : def.levels[l - 1]!;
}

describe('firstName', () => {
  test.each([
    ['Jürgen', 'Juergen', 'exact'],
    ['Jürgen', 'Jurgen', 'umlaut fold'],
    ['Bill', 'William', 'nickname'],
    ['Hans', 'Johannes', 'nickname'],
    ['Sepp', 'Josef', 'nickname'],
    ['Jonathon', 'Jonathan', 'jaro-winkler ≥ 0.92'],
    ['Philipp', 'Filip', 'phonetic'],
    ['Marta', 'Martin', 'jaro-winkler ≥ 0.8'],
    ['R.', 'Robert', 'initial'],
    ['Anna', 'Zoe', 'else'],
    ['Anna', null, 'missing'],
  ])('%j / %j → %s', (a, b, expected) => {
    expect(level('firstName', { firstName: a, lastName: 'Muster' }, { firstName: b, lastName: 'Muster' })).toBe(expected);
  });

  test('first and last name swapped', () => {
    expect(level('firstName', { firstName: 'Hall', lastName: 'Isla' }, { firstName: 'Isla', lastName: 'Hall' })).toBe('swapped with last name');
    expect(level('lastName', { firstName: 'Hall', lastName: 'Isla' }, { firstName: 'Isla', lastName: 'Hall' })).toBe('swapped with first name');
  });
});

describe('lastName', () => {
  test.each([
    ['Müller', 'Mueller', 'exact'],
    ['Müller', 'Muller', 'umlaut fold'],
    ['Mueller', 'Muller', 'umlaut fold'],
    ['Straße', 'Strasse', 'exact'],
    ['Müller-Lüdenscheidt', 'Müller', 'shares a part'],
    ['Schmidt', 'Schmitt', 'jaro-winkler ≥ 0.92'],
    ['Meier', 'Mayr', 'phonetic'],
    ['Schmidt', 'Meier', 'else'],
  ])('%j / %j → %s', (a, b, expected) => {
    expect(level('lastName', { firstName: 'Anna', lastName: a }, { firstName: 'Anna', lastName: b })).toBe(expected);
  });
});

describe('birthDate', () => {
  test.each([
    ['1980-04-23', '1980-04-23', 'exact'],
    ['1980-04-03', '1980-03-04', 'day/month swapped'],
    ['1980-04-23', '19800423', 'exact'],
    ['1980-04-23', '1980-04-28', 'one digit off'],
    ['1980-04-23', '1980-05-02', 'within a month'],
    ['1980-04-23', '1980-12-01', 'within a year'],
    ['1980-04-23', '1975-01-01', 'else'],
    ['1980-04-23', null, 'missing'],
  ])('%j / %j → %s', (a, b, expected) => {
    expect(level('birthDate', { birthDate: a }, { birthDate: b })).toBe(expected);
  });
});

describe('email', () => {
  test.each([
    [['robert.smith@example.com'], ['Robert.Smith@Example.com'], 'exact'],
    [['r.smith.1@gmail.com'], ['rsmith1@gmail.com'], 'exact'],
    [['robert255@smith.net'], ['roberta25@smith.net'], 'address 2 edits off'],
    [['x7k2@example.com'], ['x7k2@other.org'], 'same local part'],
    [['anna@example.com'], ['zoe@example.com'], 'else'],
    [['anna@example.com'], [], 'missing'],
  ])('%j / %j → %s', (a, b, expected) => {
    expect(level('email', { firstName: 'Robert', lastName: 'Smith', emails: a }, { firstName: 'Robert', lastName: 'Smith', emails: b })).toBe(expected);
  });

  test('a local part spelled from the name is neutral: it only repeats the name', () => {
    expect(level('email', { firstName: 'John', lastName: 'Smith', emails: ['j.smith@gmail.com'] }, { firstName: 'Jane', lastName: 'Smith', emails: ['j.smith@web.de'] })).toBe('missing');
  });
});

describe('identifierName: e-mail local parts and handles against names', () => {
  test.each([
    [{ emails: ['robert.smith@example.com'] }, 'first and last name'],
    [{ emails: ['smith.robert@example.com'] }, 'first and last name'],
    [{ emails: ['rsmith@example.com'] }, 'a name and an initial'],
    [{ emails: ['roberts@example.com'] }, 'a name and an initial'],
    [{ emails: ['smith1977@example.com'] }, 'last name'],
    [{ emails: ['robert255@example.com'] }, 'first name'],
    [{ emails: ['info@example.com'] }, 'else'],
    [{}, 'missing'],
  ])('%j against Robert Smith → %s', (identity, expected) => {
    expect(level('identifierName', identity, { firstName: 'Robert', lastName: 'Smith' })).toBe(expected);
  });

  test.each([
    ['@anna_mueller', 'Anna', 'Müller', 'first and last name'],
    ['@anna_muller', 'Anna', 'Müller', 'first and last name'],
    ['@annamueller', 'Anna', 'Mueller', 'first and last name'],
    ['@amueller', 'Anna', 'Müller', 'a name and an initial'],
    ['@hansi', 'Anna', 'Müller', 'else'],
  ])('handle %j against %s %s → %s', (handle, firstName, lastName, expected) => {
    expect(level('identifierName', { handle, network: 'x' }, { firstName, lastName })).toBe(expected);
  });

  test('a record with its own names is compared by the name comparisons, not through its e-mail', () => {
    expect(level('identifierName', { firstName: 'Robert', lastName: 'Smith', emails: ['robert.smith@example.com'] }, { firstName: 'Robert', lastName: 'Smith' })).toBe('missing');
  });
});

describe('address', () => {
  const home = { street: 'Hauptstraße', houseNumber: '5', postcode: '10115', city: 'Berlin' };
  test.each([
    [{ ...home, street: 'Hauptstr.' }, 'same street and number'],
    [{ ...home, street: 'Lindenallee' }, 'same postcode and number'],
    [{ ...home, houseNumber: '7' }, 'same street and town'],
    [{ street: 'Hauptstraße', houseNumber: '7' }, 'same street'],
    [{ postcode: '10115', city: 'Potsdam' }, 'same postcode'],
    [{ postcode: '10116' }, 'postcode one character off'],
    [{ city: 'Berlin', postcode: '12000' }, 'same town'],
    [{ street: 'Lindenallee', postcode: '80331', city: 'München' }, 'else'],
    [{ houseNumber: '5' }, 'missing'],
  ])('%j → %s', (other, expected) => {
    expect(level('address', home, other)).toBe(expected);
  });
});

describe('phone, handle, externalId', () => {
  test.each([
    ['phone', { phones: ['+49 171 1234567'] }, { phones: ['+491711234567'] }, 'exact'],
    ['phone', { phones: ['+491711234567'] }, { phones: ['+491711234576'] }, 'one digit off'],
    ['phone', { phones: ['+491711234567'] }, { phones: ['+441632960000', '+4930123456'] }, 'else'],
    ['handle', { handle: '@Anna_Mueller' }, { handle: 'anna_mueller' }, 'exact'],
    ['handle', { handle: '@anna_mueller' }, { handle: '@anna.mueller' }, 'same letters'],
    ['externalId', { externalId: '12-345-678' }, { externalId: '12345678' }, 'exact'],
    ['externalId', { externalId: '12345678' }, { externalId: '12345679' }, 'one character off'],
    ['externalId', { externalId: '12345678' }, { externalId: '87654321' }, 'else'],
  ] as const)('%s: %j / %j → %s', (name, a, b, expected) => {
    expect(level(name, a, b)).toBe(expected);
  });
});
