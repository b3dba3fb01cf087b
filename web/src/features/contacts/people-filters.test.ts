import { describe, expect, test } from 'vitest';
import { countFilters, formatCondition, parseCondition, readView, writeView } from './people-filters.ts';

describe('people list view in the URL', () => {
  test('round-trips every filter', () => {
    const sp = new URLSearchParams('q=m%C3%BCller&tags=VIP,Presse&ownerId=0190a0b0-0000-7000-8000-000000000001&lifecycleStage=lead,customer&custom=umsatz>=1000&custom=quelle=messe&createdFrom=2026-01-01&updatedTo=2026-11-30&sort=-updatedAt');
    const v = readView(sp);
    expect(v).toMatchObject({ q: 'müller', tags: ['VIP', 'Presse'], lifecycleStage: ['lead', 'customer'], custom: ['umsatz>=1000', 'quelle=messe'], sort: '-updatedAt' });
    expect(readView(writeView(v))).toEqual(v);
    expect(countFilters(v)).toBe(7);
  });

  test('drops what the API would reject', () => {
    const v = readView(new URLSearchParams('lifecycleStage=lead,nonsense&sort=random&custom=not a condition'));
    expect(v.lifecycleStage).toEqual(['lead']);
    expect(v.sort).toBe('');
    expect(v.custom).toEqual([]);
  });

  test('leaves empty values out of the URL', () => {
    expect(writeView(readView(new URLSearchParams(''))).toString()).toBe('');
  });

  test.each([
    ['kundennummer=4711', { key: 'kundennummer', op: '=', value: '4711' }],
    ['umsatz>=10000', { key: 'umsatz', op: '>=', value: '10000' }],
    ['umsatz<=5', { key: 'umsatz', op: '<=', value: '5' }],
    ['quelle!=messe', { key: 'quelle', op: '!=', value: 'messe' }],
    ['notiz~Wärme', { key: 'notiz', op: '~', value: 'Wärme' }],
    ['Bad=1', null],
  ])('parses the condition %s', (text, expected) => {
    expect(parseCondition(text)).toEqual(expected);
    if (expected) expect(formatCondition(expected.key, expected.op as '=', expected.value)).toBe(text);
  });
});
