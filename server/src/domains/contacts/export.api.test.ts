import { describe, expect, test } from 'vitest';
import { multipartFile, useApi } from '../../testing/harness.ts';

const api = useApi();

describe('export', () => {
  test('CSV export of a filtered list round-trips through the import', async () => {
    const ws = await api.workspace();
    await ws.admin.req('POST', '/api/contacts', { firstName: 'Jürgen', lastName: 'Weiß', emails: [{ value: 'jw@example.de' }], tags: ['VIP'], companyName: 'Huber GmbH', phones: [{ value: '+49 89 1234567', label: 'work' }] });
    await ws.admin.req('POST', '/api/contacts', { firstName: 'Other', lastName: 'Person', tags: ['Newsletter'] });
    const res = await ws.admin.req('GET', '/api/contacts/export.csv?tags=VIP');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('text/csv');
    expect(String(res.headers['content-disposition'])).toMatch(/attachment; filename="parley-people-.*\.csv"/);
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    const lines = res.text.trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Weiß');
    expect(res.text).not.toContain('Other');
    // A searched list exports the people its list shows.
    const searched = await ws.admin.req('GET', '/api/contacts/export.csv?q=Weiss');
    const listed = (await ws.admin.req('GET', '/api/contacts?q=Weiss')).body.items.map((i: { lastName: string }) => i.lastName);
    expect(listed).toEqual(['Weiß']);
    expect(searched.text.trim().split(/\r?\n/)).toHaveLength(2);
    expect(searched.text).toContain('Weiß');

    const other = await api.workspace();
    const { body, headers } = multipartFile('export.csv', res.text);
    const up = await other.admin.req('POST', '/api/imports', body, headers);
    expect(up.status).toBe(201);
    expect(up.body.preview[0].input).toMatchObject({ firstName: 'Jürgen', lastName: 'Weiß', companyName: 'Huber GmbH', tags: ['VIP'] });
  });

  test('vCard export in 3.0 and 4.0', async () => {
    const ws = await api.workspace();
    await ws.admin.req('POST', '/api/contacts', { firstName: 'Anna', lastName: 'Schröder', emails: [{ value: 'anna@example.de' }] });
    for (const version of ['3.0', '4.0']) {
      const res = await ws.admin.req('GET', `/api/contacts/export.vcf?version=${version}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain(`VERSION:${version}`);
      expect(res.text).toContain('N:Schröder;Anna');
      expect(res.text).toContain('anna@example.de');
    }
  });

  test('an agent may not export; an expert may not either', async () => {
    const ws = await api.workspace();
    expect((await (await ws.user('agent')).req('GET', '/api/contacts/export.csv')).status).toBe(403);
    expect((await (await ws.user('expert')).req('GET', '/api/contacts/export.csv')).status).toBe(403);
  });

  test('the API docs are served', async () => {
    const res = await api.anon('GET', '/api/docs/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger');
  });
});
