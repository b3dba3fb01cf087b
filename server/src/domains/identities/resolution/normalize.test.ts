import { describe, expect, test } from 'vitest';
import {
  daysOf, identifierWords, nameTokens, normalizeDate, normalizeEmail, normalizeHandle, normalizePhone, normalizeStreet, prepareRecord, splitName,
} from './normalize.ts';

describe('nameTokens', () => {
  test.each([
    ['Müller-Lüdenscheidt', ['mueller', 'luedenscheidt']],
    ['Dr. Jürgen Groß', ['juergen', 'gross']],
    ["O'Brien", ['o', 'brien']],
    ['  ', []],
    [null, []],
  ])('%j → %j', (input, expected) => {
    expect(nameTokens(input)).toEqual(expected);
  });
});

describe('splitName', () => {
  test.each([
    [{ firstName: 'Anna', lastName: 'Müller' }, { first: ['anna'], last: ['mueller'] }],
    [{ fullName: 'Anna Maria Müller' }, { first: ['anna', 'maria'], last: ['mueller'] }],
    [{ fullName: 'Müller, Anna' }, { first: ['anna'], last: ['mueller'] }],
    [{ firstName: 'Hans Müller' }, { first: ['hans'], last: ['mueller'] }],
    [{ fullName: 'Anna' }, { first: ['anna'], last: [] }],
    [{ lastName: 'Müller' }, { first: [], last: ['mueller'] }],
  ])('%j → %j', (input, expected) => {
    expect(splitName(input)).toEqual(expected);
  });
});

describe('normalizeEmail', () => {
  test.each([
    ['  Hans.Mueller@Mail.Example ', 'hans.mueller@mail.example'],
    ['J.Doe+newsletter@gmail.com', 'jdoe@gmail.com'],
    ['j.d.o.e@googlemail.com', 'jdoe@gmail.com'],
    ['first.last@web.de', 'first.last@web.de'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });
});

describe('normalizePhone, normalizeDate, daysOf', () => {
  test.each([
    ['+49 171 1234567', '+491711234567'],
    ['+44 (20) 7946-0123', '+442079460123'],
    ['0171 1234567', '01711234567'],
    ['n/a', ''],
  ])('phone %j → %j', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  test.each([
    ['1980-04-23', '19800423'],
    ['19800423', '19800423'],
    ['1980-04-23T10:00:00Z', '19800423'],
    ['23.04.1980', ''],
    ['', ''],
  ])('date %j → %j', (input, expected) => {
    expect(normalizeDate(input)).toBe(expected);
  });

  test('days since 1970, NaN for a date that is not in the calendar', () => {
    expect(daysOf('19700102')).toBe(1);
    expect(daysOf('20000301') - daysOf('20000228')).toBe(2);
    expect(daysOf('19801324')).toBeNaN();
    expect(daysOf('19810229')).toBeNaN();
  });
});

describe('identifiers', () => {
  test.each([
    ['anna_mueller89', ['anna', 'mueller']],
    ['@Anna_Müller', ['anna', 'mueller']],
    ['robert.smith', ['robert', 'smith']],
    ['rsmith', ['rsmith']],
    ['12345', []],
  ])('identifierWords %j → %j', (input, expected) => {
    expect(identifierWords(input)).toEqual(expected);
  });

  test.each([
    ['@Anna_Müller', 'anna_mueller'],
    ['https://x.com/anna_mueller?ref=1', 'anna_mueller'],
    ['', ''],
  ])('normalizeHandle %j → %j', (input, expected) => {
    expect(normalizeHandle(input)).toBe(expected);
  });

  test.each([
    ['Hauptstraße', 'hauptstrasse'],
    ['Hauptstr.', 'hauptstrasse'],
    ['Karl-Marx-Str. ', 'karl marx strasse'],
    ['Strandweg', 'strandweg'],
  ])('normalizeStreet %j → %j', (input, expected) => {
    expect(normalizeStreet(input)).toBe(expected);
  });
});

describe('prepareRecord', () => {
  test('umlauts are transliterated, then folded; phonetic codes and nicknames come with the name', () => {
    const f = prepareRecord({ id: 'x', firstName: 'Sepp', lastName: 'Müller', emails: ['S.Mueller@Web.de'], birthDate: '1980-04-23' }, 3);
    expect(f.index).toBe(3);
    expect(f.last).toMatchObject({ text: 'mueller', fold: 'muller', koelner: '657', meta1: 'MLR', initial: 'm' });
    expect(f.first.nicknames.length).toBeGreaterThan(0);
    expect(f).toMatchObject({ birth: '19800423', birthYear: 1980, birthMonth: 4, birthDay: 23, emails: ['s.mueller@web.de'], emailLocals: ['s.mueller'] });
    expect(f.emailNamed).toEqual([true]);
    expect(f.needsFirst || f.needsLast).toBe(false);
  });

  test('a record with only a handle needs its name and offers the handle words for it', () => {
    const f = prepareRecord({ id: 'y', handle: '@anna_mueller' }, 0);
    expect(f.needsFirst && f.needsLast).toBe(true);
    expect(f.identifiers).toEqual([['anna', 'mueller']]);
    expect(f.identifiersJoined).toEqual(['annamueller']);
  });
});
