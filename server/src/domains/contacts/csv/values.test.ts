import { expect, test } from 'vitest';
import { parseDate, parseLabel, parseLanguage, parseLifecycleStage, splitMulti, splitName, splitTags, type DateOrder } from './values.ts';

test.each<[string, DateOrder, string | null | undefined]>([
  ['1980-12-31', 'dmy', '1980-12-31'],
  ['1980-1-2', 'dmy', '1980-01-02'],
  ['1980-12-31T00:00:00Z', 'mdy', '1980-12-31'],
  ['1980/12/31', 'dmy', '1980-12-31'],
  ['31.12.1980', 'dmy', '1980-12-31'],
  ['1.2.1980', 'mdy', '1980-02-01'], // dots are always day first
  ['31.12.80', 'dmy', '1980-12-31'],
  ['31.12.1980 00:00', 'dmy', '1980-12-31'],
  ['12/31/1980', 'mdy', '1980-12-31'],
  ['12/31/1980 12:00:00 AM', 'mdy', '1980-12-31'],
  ['03/04/1980', 'mdy', '1980-03-04'],
  ['03/04/1980', 'dmy', '1980-04-03'],
  ['31/12/1980', 'mdy', '1980-12-31'], // only day-first is a real date
  ['12/31/1980', 'dmy', '1980-12-31'], // only month-first is a real date
  ['29.02.2000', 'dmy', '2000-02-29'],
  ['29.02.1900', 'dmy', null],
  ['31.04.1980', 'dmy', null],
  ['13/13/1980', 'mdy', null],
  ['1980-13-01', 'dmy', null],
  ['gestern', 'dmy', null],
  ['31121980', 'dmy', null],
  ['0/0/00', 'mdy', undefined], // Outlook's empty date
  ['00.00.0000', 'dmy', undefined],
  ['--12-31', 'dmy', undefined], // Google birthday without a year
  ['  1980-12-31  ', 'dmy', '1980-12-31'],
])('parseDate(%j, %s) is %j', (value, order, expected) => {
  expect(parseDate(value, order)).toBe(expected);
});

test('two-digit years are never in the future', () => {
  const next = String((new Date().getUTCFullYear() + 1) % 100).padStart(2, '0');
  expect(parseDate(`01.01.${next}`, 'dmy')).toBe(`19${next}-01-01`);
  expect(parseDate('01.01.00', 'dmy')).toBe('2000-01-01');
});

test.each<[string, string[]]>([
  ['kunde; vip', ['kunde', 'vip']],
  ['kunde, vip,, ', ['kunde', 'vip']],
  ['Kunde;kunde;KUNDE;Partner', ['Kunde', 'Partner']],
  ['* myContacts ::: Kunden ::: VIP, Gold', ['Kunden', 'VIP, Gold']],
  ['* My Contacts ::: * Starred ::: Familie', ['Starred', 'Familie']],
  ['myContacts', []],
  ['', []],
])('splitTags(%j)', (value, expected) => {
  expect(splitTags(value)).toEqual(expected);
});

test.each<[string, string[]]>([
  ['a@example.org', ['a@example.org']],
  ['a@example.org ::: b@example.org', ['a@example.org', 'b@example.org']],
  ['+49 30 1 ::: ', ['+49 30 1']],
])('splitMulti(%j)', (value, expected) => {
  expect(splitMulti(value)).toEqual(expected);
});

test.each<[string, { label: string | undefined; primary: boolean }]>([
  ['Work', { label: 'work', primary: false }],
  ['* Work', { label: 'work', primary: true }],
  ['geschäftlich', { label: 'work', primary: false }],
  ['Handy', { label: 'mobile', primary: false }],
  ['Privat', { label: 'home', primary: false }],
  ['Ferienhaus', { label: 'Ferienhaus', primary: false }],
  ['*', { label: undefined, primary: true }],
])('parseLabel(%j)', (value, expected) => {
  expect(parseLabel(value)).toEqual(expected);
});

test.each<[string, { firstName?: string; lastName?: string }]>([
  ['Anna Schmidt', { firstName: 'Anna', lastName: 'Schmidt' }],
  ['Anna Maria  Schmidt', { firstName: 'Anna Maria', lastName: 'Schmidt' }],
  ['Schmidt, Anna', { firstName: 'Anna', lastName: 'Schmidt' }],
  ['Ursula von der Leyen', { firstName: 'Ursula', lastName: 'von der Leyen' }],
  ['Vincent van Gogh', { firstName: 'Vincent', lastName: 'van Gogh' }],
  ['Anna De', { firstName: 'Anna', lastName: 'De' }], // a particle as the last word is the surname itself
  ['Madonna', { firstName: 'Madonna' }],
  ['Schmidt,', { lastName: 'Schmidt' }],
  ['  ', {}],
])('splitName(%j)', (value, expected) => {
  expect(splitName(value)).toEqual(expected);
});

test.each<[string, ReturnType<typeof parseLifecycleStage>]>([
  ['lead', 'lead'],
  ['Lead', 'lead'],
  ['qualified_lead', 'qualified_lead'],
  ['Marketing Qualified Lead', 'qualified_lead'],
  ['Sales Qualified Lead', 'qualified_lead'],
  ['Evangelist', 'advocate'],
  ['Kunde', 'customer'],
  ['Other', undefined],
  ['Hot', null],
])('parseLifecycleStage(%j) is %j', (value, expected) => {
  expect(parseLifecycleStage(value)).toBe(expected);
});

test.each<[string, 'de' | 'en' | undefined]>([
  ['de', 'de'],
  ['Deutsch', 'de'],
  ['de-AT', 'de'],
  ['en_GB', 'en'],
  ['English', 'en'],
  ['Français', undefined],
])('parseLanguage(%j) is %j', (value, expected) => {
  expect(parseLanguage(value)).toBe(expected);
});
