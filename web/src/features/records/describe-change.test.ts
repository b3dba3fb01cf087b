import { describe, expect, test } from 'vitest';
import { formatAddress, formatValue, listChanges, listDiff } from './describe-change.ts';

describe('timeline changes', () => {
  test('lists the fields that changed, without derived and bookkeeping fields', () => {
    const changes = listChanges({ changes: {
      lifecycleStage: { from: 'customer', to: 'advocate' },
      displayName: { from: 'A', to: 'B' },
      updatedAt: { from: '1', to: '2' },
      custom: { from: { umsatz: 1, quelle: 'web' }, to: { umsatz: 2, quelle: 'web' } },
    } });
    expect(changes).toEqual([
      { field: 'lifecycleStage', from: 'customer', to: 'advocate' },
      { field: 'custom.umsatz', from: 1, to: 2 },
    ]);
  });

  test('shows a derived field when it is the only change', () => {
    expect(listChanges({ changes: { email: { from: 'a@x.de', to: 'b@x.de' } } })).toEqual([{ field: 'email', from: 'a@x.de', to: 'b@x.de' }]);
  });

  test.each([
    [null, '—'],
    [true, 'Ja'],
    [[{ value: 'a@x.de' }, { value: 'b@x.de' }], 'a@x.de, b@x.de'],
    [{ id: '1', name: 'Wärmewerk GmbH' }, 'Wärmewerk GmbH'],
    [{ street: 'Hauptstraße 1', postalCode: '79098', city: 'Freiburg' }, 'Hauptstraße 1, 79098 Freiburg'],
    [42, '42'],
  ])('formats %j as %s', (v, expected) => {
    expect(formatValue(v, 'Ja', 'Nein')).toBe(expected);
  });

  test('tags as added and removed', () => {
    expect(listDiff(['VIP', 'Presse'], ['VIP', 'Partner'])).toEqual({ added: ['Partner'], removed: ['Presse'] });
  });

  test('an address on one line', () => {
    expect(formatAddress({ street: 'Kaiser-Joseph-Straße 12', postalCode: '79098', city: 'Freiburg', country: 'Deutschland' })).toBe('Kaiser-Joseph-Straße 12, 79098 Freiburg, Deutschland');
  });
});
