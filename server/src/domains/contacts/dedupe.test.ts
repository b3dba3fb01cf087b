import { describe, expect, test } from 'vitest';
import { blockingKeys, jaroWinkler, nameSimilarity, normalizeEmail, normalizePhone, scorePair, type DedupeRecord, type MatchReason } from './dedupe.ts';

describe('normalizeEmail', () => {
  test.each([
    ['  Hans.Mueller@Mail.Example ', 'hans.mueller@mail.example'],
    ['hans.mueller+crm@mail.example', 'hans.mueller+crm@mail.example'],
    ['J.Doe+newsletter@gmail.com', 'jdoe@gmail.com'],
    ['j.d.o.e@googlemail.com', 'jdoe@gmail.com'],
    ['JDOE@GoogleMail.com', 'jdoe@gmail.com'],
    ['first.last@gmail.co.uk', 'first.last@gmail.co.uk'],
    ['+tag@gmail.com', '+tag@gmail.com'],
    ['not an address', 'not an address'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });
});

describe('normalizePhone', () => {
  test.each([
    ['0171 1234567', '+491711234567'],
    ['0171/1234567', '+491711234567'],
    ['+49 (0)171 1234567', '+491711234567'],
    ['(089) 123 456-7', '+49891234567'],
    ['+49 (0) 30 1234567', '+49301234567'],
    ['0049 30 1234567', '+49301234567'],
    ['Tel.: 0221 4710123', '+492214710123'],
    ['+43 664 1234567', '+436641234567'],
    ['+41 44 123 45 67', '+41441234567'],
    ['+44 20 7946 0123', '+442079460123'],
  ])('%j → %j', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  test.each([['abc'], [''], ['123'], ['0171 123'], ['ext. 12'], ['+49 0000 000000']])('%j is not a number', (input) => {
    expect(normalizePhone(input)).toBeUndefined();
  });

  test('national numbers are read in the given country', () => {
    expect(normalizePhone('020 7946 0123', 'GB')).toBe('+442079460123');
    expect(normalizePhone('0664 1234567', 'AT')).toBe('+436641234567');
    // The same digits read as German are not a valid number.
    expect(normalizePhone('020 7946 0123')).toBeUndefined();
  });
});

describe('jaroWinkler', () => {
  // Reference values from Winkler's papers and the usual implementations.
  test.each([
    ['MARTHA', 'MARHTA', 0.961],
    ['DWAYNE', 'DUANE', 0.84],
    ['DIXON', 'DICKSONX', 0.813],
    ['JELLYFISH', 'SMELLYFISH', 0.896],
    ['schmidt', 'schmitt', 0.943],
    ['katherine', 'kathryn', 0.905],
    ['abc', 'xyz', 0],
    ['', 'abc', 0],
    // Two empty strings share nothing to compare: no evidence (callers never compare a missing name).
    ['', '', 0],
    ['same', 'same', 1],
  ])('%j ~ %j = %f', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
    expect(jaroWinkler(b, a)).toBeCloseTo(expected, 3);
  });
});

describe('nameSimilarity', () => {
  const n = (firstName?: string, lastName?: string) => ({ firstName, lastName });

  test.each([
    ['umlaut spelled out', n('Hans', 'Müller'), n('Hans', 'Mueller'), 1],
    ['umlaut dropped', n('Hans', 'Müller'), n('Hans', 'Muller'), 1],
    ['transliterated given name', n('Jürgen', 'Weiß'), n('Juergen', 'Weiss'), 1],
    ['titles and hyphens', n('Dr. Hans-Peter', 'Lorenz'), n('Hans Peter', 'Lorenz'), 1],
    ['whole name in one field', n('Hans Müller'), n('Hans', 'Müller'), 1],
    ['second given name left out', n('Anna Maria', 'Schulz'), n('Anna', 'Schulz'), 0.95],
    ['swapped first and last name', n('Müller', 'Hans'), n('Hans', 'Müller'), 0.95],
    ['initial', n('H.', 'Müller'), n('Hans', 'Müller'), 0.9],
    ['last name only', n(undefined, 'Müller'), n('Hans', 'Müller'), 0.8],
    ['first name only', n('Hans'), n('Hans', 'Müller'), 0.5],
  ])('%s: %j ~ %j = %f', (_, a, b, expected) => {
    expect(nameSimilarity(a, b)).toBeCloseTo(expected, 3);
    expect(nameSimilarity(b, a)).toBeCloseTo(expected, 3);
  });

  // At or above 0.85 a name counts as evidence in scorePair.
  test.each([
    [n('Jürgen', 'Schmidt'), n('Juergen', 'Schmitt')],
    [n('Katherine', 'Smith'), n('Kathryn', 'Smith')],
    [n('Katherine', 'Smith'), n('Catherine', 'Smith')],
    [n('Thomas', 'Meier'), n('Thomas', 'Maier')],
    [n('Chris', 'Evans'), n('Christopher', 'Evans')],
  ])('similar: %j ~ %j', (a, b) => {
    const score = nameSimilarity(a, b);
    expect(score).toBeGreaterThanOrEqual(0.85);
    expect(score).toBeLessThan(1);
  });

  test.each([
    [n('Hans', 'Müller'), n('Anna', 'Müller')],
    [n('Hans', 'Müller'), n('Heinz', 'Müller')],
    [n('Hans', 'Müller'), n('Hans', 'Schmidt')],
    [n('H.', 'Müller'), n('Anna', 'Müller')],
    [n('Peter', 'Schulz'), n('Schulz', 'Anna')],
    [n(), n('Hans', 'Müller')],
  ])('different: %j ~ %j', (a, b) => {
    expect(nameSimilarity(a, b)).toBeLessThan(0.7);
  });
});

describe('scorePair', () => {
  const person = (id: string, fields: Partial<DedupeRecord>): DedupeRecord => ({ id, emails: [], phones: [], ...fields });
  const kinds = (reasons: MatchReason[]) => reasons.map((r) => `${r.field}:${r.kind}`).sort();

  test.each([
    {
      case: 'same e-mail in another case, umlaut spelled out',
      a: person('a', { firstName: 'Hans', lastName: 'Müller', emails: ['Hans.Mueller@Mail.example'] }),
      b: person('b', { firstName: 'Hans', lastName: 'Mueller', emails: ['hans.mueller@mail.example'] }),
      score: 0.945, reasons: ['email:exact', 'name:exact'],
    },
    {
      case: 'Gmail address with dots and a tag',
      a: person('a', { emails: ['j.doe+crm@googlemail.com'] }),
      b: person('b', { firstName: 'John', lastName: 'Doe', emails: ['jdoe@gmail.com'] }),
      score: 0.9, reasons: ['email:exact'],
    },
    {
      case: 'same phone, swapped names',
      a: person('a', { firstName: 'Müller', lastName: 'Jürgen', phones: ['+491711234567'] }),
      b: person('b', { firstName: 'Jürgen', lastName: 'Müller', phones: ['+491711234567'] }),
      score: 0.886, reasons: ['name:similar', 'phone:exact'],
    },
    {
      case: 'same e-mail and phone',
      a: person('a', { emails: ['kathy@mail.example'], phones: ['+442079460123'] }),
      b: person('b', { emails: ['KATHY@mail.example'], phones: ['+442079460123'] }),
      score: 0.98, reasons: ['email:exact', 'phone:exact'],
    },
    {
      case: 'name alone',
      a: person('a', { firstName: 'Thomas', lastName: 'Müller' }),
      b: person('b', { firstName: 'Thomas', lastName: 'Mueller' }),
      score: 0.45, reasons: ['name:exact'],
    },
    {
      case: 'name and city',
      a: person('a', { firstName: 'Thomas', lastName: 'Müller', city: 'München' }),
      b: person('b', { firstName: 'Thomas', lastName: 'Müller', city: 'Muenchen' }),
      score: 0.56, reasons: ['city:exact', 'name:exact'],
    },
    {
      case: 'similar name, company with another legal form, city',
      a: person('a', { firstName: 'Jürgen', lastName: 'Schmidt', companyName: 'Haustechnik Schmidt GmbH & Co. KG', city: 'Köln' }),
      b: person('b', { firstName: 'Juergen', lastName: 'Schmitt', companyName: 'Haustechnik Schmidt GmbH', city: 'Köln' }),
      score: 0.678, reasons: ['city:exact', 'company:exact', 'name:similar'],
    },
    {
      case: 'similar name, company with the legal form and "&" written out',
      a: person('a', { firstName: 'Katherine', lastName: 'Smith', companyName: 'Smith Plumbing & Heating Ltd' }),
      b: person('b', { firstName: 'Kathryn', lastName: 'Smith', companyName: 'Smith Plumbing and Heating' }),
      score: 0.585, reasons: ['company:exact', 'name:similar'],
    },
    {
      case: 'similar name, similar company',
      a: person('a', { firstName: 'Hans', lastName: 'Meier', companyName: 'Meier Haustechnik GmbH' }),
      b: person('b', { firstName: 'Hans', lastName: 'Meyer', companyName: 'Meyer Haus-Technik' }),
      score: 0.522, reasons: ['company:similar', 'name:similar'],
    },
    {
      case: 'company and city without a name say nothing',
      a: person('a', { firstName: 'Hans', lastName: 'Müller', companyName: 'Wärmewerk', city: 'Kassel' }),
      b: person('b', { firstName: 'Anna', lastName: 'Schmidt', companyName: 'Wärmewerk', city: 'Kassel' }),
      score: 0, reasons: [],
    },
    {
      case: 'shared team mailbox, different people',
      a: person('a', { firstName: 'Hans', lastName: 'Müller', emails: ['info@heizung-meier.example'] }),
      b: person('b', { firstName: 'Peter', lastName: 'Schulz', emails: ['info@heizung-meier.example'] }),
      score: 0.45, reasons: ['email:exact'],
    },
    {
      case: 'shared home phone, different given names',
      a: person('a', { firstName: 'Hans', lastName: 'Müller', phones: ['+49301234567'] }),
      b: person('b', { firstName: 'Anna', lastName: 'Müller', phones: ['+49301234567'] }),
      score: 0.4, reasons: ['phone:exact'],
    },
    {
      case: 'same e-mail after a change of last name',
      a: person('a', { firstName: 'Anna', lastName: 'Schmidt', emails: ['anna@mail.example'] }),
      b: person('b', { firstName: 'Anna', lastName: 'Weber', emails: ['anna@mail.example'] }),
      score: 0.9, reasons: ['email:exact'],
    },
  ])('$case', ({ a, b, score, reasons }) => {
    const ab = scorePair(a, b);
    expect(ab.score).toBeCloseTo(score, 3);
    expect(kinds(ab.reasons)).toEqual(reasons);
    expect(scorePair(b, a).score).toBeCloseTo(score, 3);
  });

  test('reasons carry what matched, for the reviewer', () => {
    const { reasons } = scorePair(
      person('a', { firstName: 'Hans', lastName: 'Müller', emails: ['Hans.Mueller@Mail.example'], phones: ['+491711234567'] }),
      person('b', { firstName: 'Hans', lastName: 'Mueller', emails: ['hans.mueller@mail.example'], phones: ['+491711234567'] }),
    );
    expect(reasons).toEqual([
      { field: 'email', kind: 'exact', detail: 'hans.mueller@mail.example' },
      { field: 'phone', kind: 'exact', detail: '+491711234567' },
      { field: 'name', kind: 'exact', detail: 'Hans Müller / Hans Mueller' },
    ]);
  });

  test('a record is a perfect duplicate of itself only with strong evidence', () => {
    const full = person('a', { firstName: 'Hans', lastName: 'Müller', emails: ['h@mail.example'], phones: ['+491711234567'], companyName: 'X GmbH', city: 'Kassel' });
    expect(scorePair(full, full).score).toBeGreaterThan(0.99);
    expect(scorePair(person('a', {}), person('b', {}))).toEqual({ score: 0, reasons: [] });
  });
});

describe('blockingKeys', () => {
  const keys = (firstName?: string, lastName?: string, more: Partial<DedupeRecord> = {}) =>
    blockingKeys({ id: 'x', firstName, lastName, emails: [], phones: [], ...more });
  const share = (a: string[], b: string[]) => a.some((k) => b.includes(k));

  test('e-mail, phone and name keys', () => {
    expect(keys('Hans', 'Müller', { emails: ['J.Doe+crm@googlemail.com'], phones: ['+491711234567'] })).toEqual([
      'email:jdoe@gmail.com', 'phone:+491711234567', 'name:mule:h', 'name:hans:m',
    ]);
  });

  test.each([
    [['Hans', 'Müller'], ['Hans', 'Mueller']],
    [['Hans', 'Müller'], ['Hans', 'Muller']],
    [['Jürgen', 'Schmidt'], ['Juergen', 'Schmitt']],
    [['Jürgen', 'Schmidt'], ['Jürgen', 'Schmid']],
    [['Hans', 'Meyer'], ['Hans', 'Maier']],
    [['Hans', 'Meier'], ['Hans', 'Mayer']],
    [['Katherine', 'Hoffmann'], ['Catherine', 'Hofmann']],
    [['Katherine', 'Smith'], ['Kathryn', 'Smith']],
    [['Christian', 'Lehmann'], ['Kristian', 'Leman']],
    [['Philipp', 'von der Heide'], ['Filip', 'Heide']],
    [['Anna', 'Müller-Lüdenscheidt'], ['Anna', 'Müller']],
    [['Müller', 'Hans'], ['Hans', 'Müller']],
    [['H.', 'Müller'], ['Hans', 'Müller']],
    [['Hans Müller', undefined], ['Hans', 'Müller']],
  ])('%j and %j share a block', ([f1, l1], [f2, l2]) => {
    expect(share(keys(f1, l1), keys(f2, l2))).toBe(true);
  });

  test.each([
    [['Hans', 'Müller'], ['Anna', 'Müller']],
    [['Hans', 'Müller'], ['Hans', 'Schmidt']],
    [['Thomas', 'Weber'], ['Tobias', 'Wagner']],
  ])('%j and %j do not', ([f1, l1], [f2, l2]) => {
    expect(share(keys(f1, l1), keys(f2, l2))).toBe(false);
  });

  test('an initial makes no reverse key, which would block everyone with that initial', () => {
    expect(keys('H.', 'Müller')).toEqual(['name:mule:h']);
  });

  test('a record without a name is blocked by its e-mail and phone only', () => {
    expect(keys(undefined, undefined, { emails: ['a@b.example'], phones: ['+491711234567'] })).toEqual(['email:a@b.example', 'phone:+491711234567']);
  });
});
