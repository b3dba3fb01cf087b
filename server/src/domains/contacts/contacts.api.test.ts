import { describe, expect, test } from 'vitest';
import { ContactListItem, ContactPage } from '@parley/contracts/contacts';
import { eventually, useApi } from '../../testing/harness.ts';

const api = useApi();

describe('people', () => {
  test('create, read, update, delete, with the timeline fed by events', async () => {
    const ws = await api.workspace();
    const created = await ws.admin.req('POST', '/api/contacts', {
      firstName: 'Jürgen', lastName: 'Müller', emails: [{ value: 'J.Mueller@Example.de' }], phones: [{ value: '0171 1234567' }],
      addresses: [{ street: 'Hauptstraße 5', postalCode: '80331', city: 'München', country: 'DE' }], tags: ['Wartungskunde'],
      companyName: 'Heizung Huber GmbH', lifecycleStage: 'customer',
    });
    expect(created.status).toBe(201);
    const c = created.body;
    expect(c.email).toBe('j.mueller@example.de');
    expect(c.phones[0].e164).toBe('+491711234567');
    expect(c.company.name).toBe('Heizung Huber GmbH');
    expect(c.ownerId).toBe(ws.admin.id);

    const updated = await ws.admin.req('PATCH', `/api/contacts/${c.id}`, { jobTitle: 'Hausmeister', lifecycleStage: 'advocate' });
    expect(updated.status).toBe(200);
    expect(updated.body.jobTitle).toBe('Hausmeister');
    expect(updated.body.firstName).toBe('Jürgen');

    const note = await ws.admin.req('POST', `/api/contacts/${c.id}/notes`, { body: 'Rückruf wegen Wartung' });
    expect(note.status).toBe(201);

    const timeline = await eventually(async () => {
      const t = await ws.admin.req('GET', `/api/contacts/${c.id}/timeline`);
      expect(t.body.items.map((i: { kind: string }) => i.kind).sort()).toEqual(['contact.created', 'contact.updated', 'note.created']);
      return t.body;
    });
    const change = timeline.items.find((i: { kind: string }) => i.kind === 'contact.updated');
    expect(change.data.changes.lifecycleStage).toEqual({ from: 'customer', to: 'advocate' });

    expect((await ws.admin.req('DELETE', `/api/contacts/${c.id}`)).status).toBe(204);
    const gone = await ws.admin.req('GET', `/api/contacts/${c.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('contact_not_found');
  });

  test('fuzzy search handles umlauts, ß and misspellings', async () => {
    const ws = await api.workspace();
    for (const p of [
      { firstName: 'Jürgen', lastName: 'Müller', addresses: [{ street: 'Lindenstraße 3', city: 'Köln' }] },
      { firstName: 'Katherine', lastName: 'Smith', emails: [{ value: 'kathy@example.co.uk' }] },
      { firstName: 'Hans', lastName: 'Weiß' },
    ]) expect((await ws.admin.req('POST', '/api/contacts', p)).status).toBe(201);
    const names = async (q: string) => (await ws.admin.req('GET', `/api/contacts?q=${encodeURIComponent(q)}`)).body.items.map((i: { lastName: string }) => i.lastName);
    expect(await names('Muller')).toContain('Müller');
    expect(await names('Mueller')).toContain('Müller');
    expect(await names('Jurgen Muler')).toContain('Müller');
    expect(await names('Lindenstrasse')).toContain('Müller');
    expect(await names('Weiss')).toContain('Weiß');
    expect(await names('Katherin Smith')).toContain('Smith');
    expect(await names('kathy@example.co.uk')).toEqual(['Smith']);
  });

  test('filters, sort and cursor pagination walk every record once', async () => {
    const ws = await api.workspace();
    for (let i = 0; i < 25; i++) {
      await ws.admin.req('POST', '/api/contacts', { firstName: `P${i}`, lastName: `Person ${String(i).padStart(2, '0')}`, tags: i % 2 ? ['odd'] : ['even'], lifecycleStage: i < 5 ? 'lead' : 'customer' });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { lastName: string }[]; nextCursor: string | null } } = await ws.admin.req('GET', `/api/contacts?limit=7&sort=-name${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.body.items.map((i) => i.lastName));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(seen[0]).toBe('Person 24');
    expect(new Set(seen).size).toBe(25);
    const odd = await ws.admin.req('GET', '/api/contacts/count?tags=odd&lifecycleStage=customer');
    expect(odd.body).toEqual({ total: 10, capped: false });
    expect((await ws.admin.req('GET', '/api/contacts/count?tags=odd,even')).body.total).toBe(0);
    expect((await ws.admin.req('GET', '/api/contacts/count?q=Person')).body).toEqual({ total: 25, capped: false });
    // Newest first, 4 a page: every person once, in order, though several share a created_at millisecond.
    const byDate: string[] = [];
    cursor = null;
    do {
      const res: { body: { items: { lastName: string; createdAt: string }[]; nextCursor: string | null } } = await ws.admin.req('GET', `/api/contacts?limit=4&sort=-createdAt${cursor ? `&cursor=${cursor}` : ''}`);
      byDate.push(...res.body.items.map((i) => i.createdAt));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(byDate).toHaveLength(25);
    expect([...byDate].sort().reverse()).toEqual(byDate);
    expect((await ws.admin.req('GET', '/api/contacts?cursor=garbage')).body.error.code).toBe('invalid_cursor');
  });

  test('list items (read by the narrow list query) equal the presenter of the full person', async () => {
    const ws = await api.workspace();
    await ws.admin.req('POST', '/api/custom-fields', { entity: 'contact', key: 'boiler', label: { de: 'Kessel', en: 'Boiler' }, type: 'text' });
    const made = await ws.admin.req('POST', '/api/contacts', {
      firstName: 'Zoë', lastName: 'SStraße "quoted" \\ \u0001', emails: [{ value: 'zoe@example.de' }], phones: [{ value: '030 1234567' }, { value: '+44 20 7946 0000' }],
      addresses: [{ city: 'Köln' }, { city: 'Bonn' }], companyName: 'Wärme & Co. KG', jobTitle: 'Einkauf', tags: ['a', 'b c'], custom: { boiler: 'WW-300 ✓' },
      lifecycleStage: 'lead',
    });
    expect(made.body.error).toBeUndefined();
    await ws.admin.req('POST', '/api/contacts', { emails: [{ value: 'only@mail.example' }] });
    await ws.admin.req('POST', '/api/contacts', { phones: [{ value: '0171 7654321' }], ownerId: null });
    await ws.admin.req('POST', '/api/contacts', { lastName: 'Nurnachname' });
    const page = await ws.admin.req('GET', '/api/contacts');
    expect(page.headers['content-type']).toMatch(/^application\/json/);
    expect(ContactPage.safeParse(page.body).success).toBe(true);
    expect(page.body.items).toHaveLength(4);
    for (const item of page.body.items as Record<string, unknown>[]) {
      const full = (await ws.admin.req('GET', `/api/contacts/${item.id as string}`)).body as Record<string, unknown>;
      expect(item).toEqual(Object.fromEntries(Object.keys(ContactListItem.shape).map((k) => [k, full[k]])));
    }
    const searched = await ws.admin.req('GET', '/api/contacts?q=Zoe');
    expect(searched.body.items.map((i: { displayName: string }) => i.displayName)).toEqual(['Zoë SStraße "quoted" \\ \u0001']);
  });

  test('a search asks the fuzzy name side only when whole words found few people', async () => {
    const ws = await api.workspace();
    for (let i = 0; i < 26; i++) await ws.admin.req('POST', '/api/contacts', { firstName: `K${i}`, lastName: 'Müller' });
    await ws.admin.req('POST', '/api/contacts', { firstName: 'Kai', lastName: 'Möller' });
    const muller = await ws.admin.req('GET', '/api/contacts?q=Muller&limit=100');
    expect(muller.body.items).toHaveLength(26);
    expect(muller.body.items.every((i: { lastName: string }) => i.lastName === 'Müller')).toBe(true);
    // A misspelling finds nobody by whole words, so the fuzzy side answers.
    const typo = await ws.admin.req('GET', '/api/contacts?q=Kai%20Moler');
    expect(typo.body.items.map((i: { lastName: string }) => i.lastName)).toContain('Möller');
    expect((await ws.admin.req('GET', '/api/contacts/count?q=Muller')).body).toEqual({ total: 26, capped: false });
  });

  test('people follow their company: renamed, they are found and listed by the new name; deleted, by none', async () => {
    const ws = await api.workspace();
    const person = (await ws.admin.req('POST', '/api/contacts', { firstName: 'Ida', lastName: 'Kern', companyName: 'Wärmewerk Süd GmbH' })).body;
    const companyId = person.company.id as string;
    expect((await ws.admin.req('GET', '/api/contacts?q=Warmewerk')).body.items.map((i: { id: string }) => i.id)).toEqual([person.id]);
    await ws.admin.req('PATCH', `/api/companies/${companyId}`, { name: 'Heizkraft Nord AG' });
    await eventually(async () => {
      const found = await ws.admin.req('GET', '/api/contacts?q=Heizkraft');
      expect(found.body.items.map((i: { company: { name: string } | null }) => i.company?.name)).toEqual(['Heizkraft Nord AG']);
    });
    expect((await ws.admin.req('GET', '/api/contacts?q=Warmewerk')).body.items).toEqual([]);
    expect((await ws.admin.req('GET', `/api/contacts/${person.id as string}`)).body.company.name).toBe('Heizkraft Nord AG');
    expect((await ws.admin.req('DELETE', `/api/companies/${companyId}`)).status).toBe(204);
    expect((await ws.admin.req('GET', `/api/contacts/${person.id as string}`)).body.company).toBeNull();
    await eventually(async () => expect((await ws.admin.req('GET', '/api/contacts?q=Heizkraft')).body.items).toEqual([]));
  });

  test('custom fields are validated and filterable', async () => {
    const ws = await api.workspace();
    const unknown = await ws.admin.req('POST', '/api/contacts', { firstName: 'X', custom: { nope: 1 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('unknown_custom_field');
  });

  test('bad input gets a clear error and stores nothing', async () => {
    const ws = await api.workspace();
    const badJson = await ws.admin.req('POST', '/api/contacts', '{"firstName":', { 'content-type': 'application/json' });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.code).toBe('invalid_json');
    const wrongType = await ws.admin.req('POST', '/api/contacts', { firstName: 42 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.code).toBe('validation_failed');
    const tooLong = await ws.admin.req('POST', '/api/contacts', { firstName: 'x'.repeat(5000) });
    expect(tooLong.status).toBe(400);
    const badEmail = await ws.admin.req('POST', '/api/contacts', { emails: [{ value: 'not-an-email' }] });
    expect(badEmail.status).toBe(400);
    expect((await ws.admin.req('GET', '/api/contacts/count')).body.total).toBe(0);
  });

  test('an expert cannot list contacts; another workspace cannot read them', async () => {
    const ws = await api.workspace();
    const expert = await ws.user('expert');
    const res = await expert.req('GET', '/api/contacts');
    expect(res.status).toBe(403);
    const c = (await ws.admin.req('POST', '/api/contacts', { firstName: 'Secret' })).body;
    const other = await api.workspace();
    expect((await other.admin.req('GET', `/api/contacts/${c.id}`)).status).toBe(404);
    expect((await other.admin.req('PATCH', `/api/contacts/${c.id}`, { firstName: 'Hijack' })).status).toBe(404);
  });
});
