import { expect, test } from 'vitest';
import { labelFromAppleLabel, labelFromTypes, typesForLabel } from './labels.ts';

test.each<[string[], string | undefined]>([
  [['cell'], 'mobile'],
  [['cell', 'voice', 'pref'], 'mobile'],
  [['fax', 'work'], 'work fax'],
  [['work', 'cell', 'voice', 'video', 'text'], 'work mobile'],
  [['internet', 'pref'], undefined],
  [['postal', 'parcel', 'home'], 'home'],
  [['school'], 'school'],
  [['car', 'home'], 'home car'],
  [[], undefined],
])('labelFromTypes(%j) is %j', (types, label) => {
  expect(labelFromTypes(types)).toBe(label);
});

test.each<[string, string | undefined]>([
  ['_$!<Mobile>!$_', 'mobile'],
  ['_$!<HomeFAX>!$_', 'home fax'],
  ['_$!<AssistantPhone>!$_', 'AssistantPhone'],
  ['GRAND_CENTRAL', 'GRAND_CENTRAL'],
  ['  Private  ', 'Private'],
  ['_$!<>!$_', undefined],
  ['', undefined],
])('labelFromAppleLabel(%j) is %j', (raw, label) => {
  expect(labelFromAppleLabel(raw)).toBe(label);
});

test.each<[string, 'TEL' | 'EMAIL' | 'ADR', string[] | undefined]>([
  ['mobile', 'TEL', ['cell']],
  ['work fax', 'TEL', ['work', 'fax']],
  ['fax work', 'TEL', undefined], // not the order labels are read in, so it would not come back as written
  ['Work', 'TEL', undefined],
  ['main', 'TEL', undefined], // no TYPE for it in 2.1 and 3.0
  ['home', 'EMAIL', ['home']],
  ['pager', 'EMAIL', undefined],
  ['work', 'ADR', ['work']],
  ['Ferienhaus', 'ADR', undefined],
])('typesForLabel(%j, %s) is %j', (label, property, types) => {
  expect(typesForLabel(label, property)).toEqual(types);
});
