import { describe, expect, test } from 'vitest';
import { handlesOf, parseHandles, parseMentionMarkup, resolveMentions, type MentionTarget } from './mentions.ts';

const JONAS = '11111111-1111-4111-8111-111111111111';
const JONAS2 = '22222222-2222-4222-8222-222222222222';
const SERVICE = '33333333-3333-4333-8333-333333333333';
const LEA = '44444444-4444-4444-8444-444444444444';

const targets: MentionTarget[] = [
  { type: 'user', id: JONAS, name: 'Jonas Becker', email: 'j.becker@example.de' },
  { type: 'user', id: JONAS2, name: 'Jonas Weber', email: 'jweber@example.de' },
  { type: 'user', id: LEA, name: 'Lea Schäfer', email: 'lea@example.de' },
  { type: 'team', id: SERVICE, name: 'Technischer Service' },
];

describe('parseMentionMarkup', () => {
  test.each([
    ['plain text', 'Bitte prüfen', []],
    ['one user', `Hallo @[Jonas Becker](user:${JONAS}), bitte schauen`, [{ type: 'user', id: JONAS }]],
    ['a team', `@[Technischer Service](team:${SERVICE}) übernehmen?`, [{ type: 'team', id: SERVICE }]],
    ['repeats once', `@[Jonas](user:${JONAS}) und @[Jonas Becker](user:${JONAS})`, [{ type: 'user', id: JONAS }]],
    ['upper-case id', `@[X](user:${JONAS.toUpperCase()})`, [{ type: 'user', id: JONAS }]],
    ['not an id', '@[Jonas](user:123)', []],
    ['unknown kind', `@[Jonas](group:${JONAS})`, []],
  ])('%s', (_name, text, expected) => {
    expect(parseMentionMarkup(text)).toEqual(expected);
  });
});

describe('parseHandles', () => {
  test.each([
    ['a handle', 'Frage an @jonas.becker bitte', ['jonas.becker']],
    ['end of sentence', 'Danke @lea.', ['lea']],
    ['e-mail is no mention', 'Schreib an kunde@example.de', []],
    ['umlauts', 'cc @lea.schäfer', ['lea.schäfer']],
    ['markup is not a handle', `@[Jonas Becker](user:${JONAS})`, []],
  ])('%s', (_name, text, expected) => {
    expect(parseHandles(text)).toEqual(expected);
  });
});

describe('resolveMentions', () => {
  test.each([
    ['markup of a known user', `@[Jonas Becker](user:${JONAS})`, [JONAS]],
    ['markup of an unknown id is dropped', '@[Niemand](user:99999999-9999-4999-8999-999999999999)', []],
    ['full-name handle', 'bitte @jonas.becker ansehen', [JONAS]],
    ['e-mail local part', '@jweber kannst du?', [JONAS2]],
    ['ambiguous first name mentions nobody', '@jonas?', []],
    ['unique first name', '@lea schau mal', [LEA]],
    ['team by name with dashes', '@technischer-service bitte Termin', [SERVICE]],
    ['markup and handle of the same user once', `@[Jonas Becker](user:${JONAS}) @jonas.becker`, [JONAS]],
    ['mixed', `@[Technischer Service](team:${SERVICE}) und @lea.schäfer`, [SERVICE, LEA]],
  ])('%s', (_name, text, ids) => {
    expect(resolveMentions(text, targets).map((t) => t.id)).toEqual(ids);
  });

  test('handles of a user', () => {
    expect(handlesOf(targets[0]!)).toEqual(expect.arrayContaining(['jonas.becker', 'jonas-becker', 'j.becker', 'jonas']));
  });
});
