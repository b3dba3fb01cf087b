import { describe, expect, test } from 'vitest';
import { describeEvidence, describeIdentityEntry, formatAddress, formatValue, levelKey, listChanges, listDiff, percentOf, strongestFields } from './describe-change.ts';

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

describe('identity evidence and timeline entries', () => {
  const fields = [
    { comparison: 'lastName', level: 'exact', weight: 7.4, values: ['Schmidt', 'Schmidt'] },
    { comparison: 'city', level: 'else', weight: -2.1, values: ['Berlin', 'Freiburg'] },
    { comparison: 'birthDate', level: 'exact', weight: 9.2, values: ['1980-02-01', '1980-02-01'] },
    { comparison: 'firstName', level: 'nickname', weight: 3, values: ['Hans', 'Johannes'] },
  ];

  test.each([
    ['sign_on', null, { issuer: 'https://accounts.google.com', sub: '1047', emailVerified: true }, 'signOn', { subject: '1047', issuer: 'accounts.google.com' }],
    ['email_match', null, { email: 'a@x.de', verified: true }, 'emailMatchVerified', { email: 'a@x.de' }],
    ['email_match', null, { email: 'a@x.de', verified: false }, 'emailMatch', { email: 'a@x.de' }],
    ['phone_match', null, { phone: '+4930123' }, 'phoneMatch', { phone: '+4930123' }],
    ['agent', null, { note: 'Named it on the phone' }, 'agentNote', { note: 'Named it on the phone' }],
    ['agent', 0.93, { reviewed: true, matchId: 'm', fields }, 'agentReviewed', { pct: 93 }],
    ['agent', null, {}, 'agent', {}],
    ['probabilistic', 0.971, { matchWeight: 12, fields }, 'probabilistic', { pct: 97 }],
    ['something_new', null, {}, 'other', { method: 'something_new' }],
  ])('%s evidence %j reads as %s', (method, score, evidence, key, values) => {
    expect(describeEvidence({ method, score, evidence })).toMatchObject({ key, values });
  });

  test('a probabilistic link names the fields that agreed most, strongest first', () => {
    expect(describeEvidence({ method: 'probabilistic', score: 0.97, evidence: { fields } }).fields.map((f) => f.comparison)).toEqual(['birthDate', 'lastName', 'firstName']);
    expect(strongestFields(fields, 1)).toEqual([fields[2]]);
    expect(strongestFields('not a list')).toEqual([]);
  });

  test.each([
    ['exact', 'exact'],
    ['jaro-winkler ≥ 0.92', 'jaro_winkler_0_92'],
    ['day/month swapped', 'day_month_swapped'],
    ['local part jaro-winkler ≥ 0.88', 'local_part_jaro_winkler_0_88'],
  ])('level %s has the key %s', (level, key) => {
    expect(levelKey(level)).toBe(key);
  });

  test.each([[0.999, 99], [1, 100], [0.5, 50], [0.004, 0]])('probability %d is %d %%', (p, pct) => {
    expect(percentOf(p)).toBe(pct);
  });

  const me = 'c0000000-0000-4000-8000-000000000001';
  const other = 'c0000000-0000-4000-8000-000000000002';

  test('a link on the person it was made for, with the identity and its evidence', () => {
    const e = describeIdentityEntry('identity.linked', {
      snapshot: { contactId: me, method: 'agent', evidence: { note: 'Told us' } }, identity: { network: 'x', handle: '@anna' }, score: null,
    }, me);
    expect(e).toMatchObject({ title: 'linked', network: 'x', handle: '@anna', otherContactId: null, evidence: { key: 'agentNote', values: { note: 'Told us' } } });
  });

  test('a relink, on the person the identity moved away from', () => {
    const e = describeIdentityEntry('identity.linked', { snapshot: { contactId: other, method: 'agent', evidence: {} }, identity: { network: 'instagram', handle: 'anna' } }, me);
    expect(e).toMatchObject({ title: 'movedAway', otherContactId: other, evidence: null });
  });

  test('an unlink with its reason; older entries without the identity still read', () => {
    expect(describeIdentityEntry('identity.unlinked', { snapshot: { contactId: null }, identity: { network: 'x', handle: '@anna' }, reason: 'Namesake' }, me))
      .toMatchObject({ title: 'unlinked', network: 'x', reason: 'Namesake' });
    expect(describeIdentityEntry('identity.unlinked', { snapshot: { contactId: null } }, me)).toMatchObject({ title: 'unlinked', network: null, handle: null, reason: null });
  });

  test('enrichment: the fields fetched, and their removal', () => {
    expect(describeIdentityEntry('identity.enriched', { snapshot: {}, fields: ['bio', 'interests', 3] }, me)).toMatchObject({ title: 'enriched', fields: ['bio', 'interests'] });
    expect(describeIdentityEntry('identity.enrichment_removed', { snapshot: {} }, me)).toMatchObject({ title: 'enrichmentRemoved', fields: [] });
  });

  test('other kinds are not identity entries', () => {
    expect(describeIdentityEntry('contact.updated', { changes: {} }, me)).toBeNull();
  });
});
