import { describe, expect, test } from 'vitest';
import { eventually, useApi } from '../../testing/harness.ts';

const api = useApi();

const label = (en: string) => ({ de: en, en });
const options = (...values: string[]) => values.map((value) => ({ value, label: label(value) }));

describe('custom field definitions', () => {
  test('create, use on a person, rename, and delete (which removes the values)', async () => {
    const ws = await api.workspace();
    const created = await ws.admin.req('POST', '/api/custom-fields', { entity: 'contact', key: 'tier', label: label('Tier'), type: 'select', options: options('gold', 'silver') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ entity: 'contact', key: 'tier', type: 'select', position: 0 });
    const second = await ws.admin.req('POST', '/api/custom-fields', { entity: 'contact', key: 'since', label: label('Customer since'), type: 'date' });
    expect(second.body.position).toBe(1);
    expect((await ws.admin.req('POST', '/api/custom-fields', { entity: 'contact', key: 'tier', label: label('Again'), type: 'text' })).body.error.code).toBe('custom_field_exists');
    expect((await ws.admin.req('POST', '/api/custom-fields', { entity: 'contact', key: 'kind', label: label('Kind'), type: 'select' })).body.error.code).toBe('options_required');
    expect((await ws.admin.req('POST', '/api/custom-fields', { entity: 'contact', key: 'nick', label: label('Nick'), type: 'text', options: options('a') })).body.error.code).toBe('options_not_allowed');
    // The same key may exist for companies.
    expect((await ws.admin.req('POST', '/api/custom-fields', { entity: 'company', key: 'tier', label: label('Tier'), type: 'text' })).status).toBe(201);

    const person = await ws.admin.req('POST', '/api/contacts', { firstName: 'Gold', custom: { tier: 'gold', since: '2020-05-01' } });
    expect(person.status).toBe(201);
    expect(person.body.custom).toEqual({ tier: 'gold', since: '2020-05-01' });
    expect((await ws.admin.req('POST', '/api/contacts', { firstName: 'Bad', custom: { tier: 'platinum' } })).body.error.code).toBe('invalid_custom_value');
    expect((await ws.admin.req('GET', '/api/contacts?custom=tier=gold')).body.items.map((c: { id: string }) => c.id)).toEqual([person.body.id]);

    const relabel = await ws.admin.req('PATCH', `/api/custom-fields/${created.body.id}`, { label: { de: 'Stufe', en: 'Tier' }, position: 5 });
    expect(relabel.body).toMatchObject({ label: { de: 'Stufe', en: 'Tier' }, position: 5, options: options('gold', 'silver') });

    const list = await ws.admin.req('GET', '/api/custom-fields?entity=contact');
    expect(list.body.items.map((f: { key: string }) => f.key)).toEqual(['since', 'tier']);

    expect((await ws.admin.req('DELETE', `/api/custom-fields/${created.body.id}`)).status).toBe(204);
    const after = await ws.admin.req('GET', `/api/contacts/${person.body.id}`);
    expect(after.body.custom).toEqual({ since: '2020-05-01' });
    expect((await ws.admin.req('GET', '/api/custom-fields')).body.items.map((f: { key: string; entity: string }) => `${f.entity}.${f.key}`)).toEqual(['company.tier', 'contact.since']);
    // With the definition gone, the key is unknown again.
    expect((await ws.admin.req('PATCH', `/api/contacts/${person.body.id}`, { custom: { tier: 'gold' } })).body.error.code).toBe('unknown_custom_field');

    await eventually(async () => {
      const audit = await ws.admin.req('GET', `/api/audit?entityType=custom_field&entityId=${created.body.id}`);
      expect(audit.body.items.map((i: { action: string }) => i.action)).toEqual(['custom_field.deleted', 'custom_field.updated', 'custom_field.created']);
    });
  });

  test('removing a select option in use is a conflict unless forced; forcing clears only that value', async () => {
    const ws = await api.workspace();
    const single = (await ws.admin.req('POST', '/api/custom-fields', { entity: 'contact', key: 'tier', label: label('Tier'), type: 'select', options: options('gold', 'silver', 'bronze') })).body;
    const multi = (await ws.admin.req('POST', '/api/custom-fields', { entity: 'contact', key: 'interests', label: label('Interests'), type: 'multi_select', options: options('heating', 'solar', 'water') })).body;
    const a = (await ws.admin.req('POST', '/api/contacts', { firstName: 'A', custom: { tier: 'gold', interests: ['heating', 'solar'] } })).body;
    const b = (await ws.admin.req('POST', '/api/contacts', { firstName: 'B', custom: { tier: 'silver', interests: ['solar'] } })).body;

    // An unused option goes without asking.
    expect((await ws.admin.req('PATCH', `/api/custom-fields/${single.id}`, { options: options('gold', 'silver') })).status).toBe(200);
    const refused = await ws.admin.req('PATCH', `/api/custom-fields/${single.id}`, { options: options('silver') });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('option_in_use');
    expect(refused.body.error.details.options).toEqual([{ value: 'gold', count: 1 }]);
    expect((await ws.admin.req('GET', `/api/custom-fields`)).body.items.find((f: { id: string }) => f.id === single.id).options).toHaveLength(2);

    expect((await ws.admin.req('PATCH', `/api/custom-fields/${single.id}?force=true`, { options: options('silver') })).status).toBe(200);
    expect((await ws.admin.req('GET', `/api/contacts/${a.id}`)).body.custom).toEqual({ interests: ['heating', 'solar'] });
    expect((await ws.admin.req('GET', `/api/contacts/${b.id}`)).body.custom.tier).toBe('silver');

    const multiRefused = await ws.admin.req('PATCH', `/api/custom-fields/${multi.id}`, { options: options('heating', 'water') });
    expect(multiRefused.body.error.details.options).toEqual([{ value: 'solar', count: 2 }]);
    expect((await ws.admin.req('PATCH', `/api/custom-fields/${multi.id}?force=true`, { options: options('heating', 'water') })).status).toBe(200);
    expect((await ws.admin.req('GET', `/api/contacts/${a.id}`)).body.custom).toEqual({ interests: ['heating'] });
    expect((await ws.admin.req('GET', `/api/contacts/${b.id}`)).body.custom).toEqual({ tier: 'silver' });
  });

  test('every role that reads contacts sees the definitions; only admins change them; workspaces stay apart', async () => {
    const ws = await api.workspace();
    const field = (await ws.admin.req('POST', '/api/custom-fields', { entity: 'company', key: 'region', label: label('Region'), type: 'text' })).body;
    const agent = await ws.user('agent');
    expect((await agent.req('GET', '/api/custom-fields')).body.items).toHaveLength(1);
    expect((await agent.req('POST', '/api/custom-fields', { entity: 'company', key: 'x', label: label('X'), type: 'text' })).status).toBe(403);
    expect((await agent.req('DELETE', `/api/custom-fields/${field.id}`)).status).toBe(403);
    expect((await (await ws.user('expert')).req('GET', '/api/custom-fields')).status).toBe(403);
    const other = await api.workspace();
    expect((await other.admin.req('PATCH', `/api/custom-fields/${field.id}`, { position: 1 })).status).toBe(404);
    expect((await other.admin.req('DELETE', `/api/custom-fields/${field.id}`)).status).toBe(404);
    expect((await other.admin.req('GET', '/api/custom-fields')).body.items).toEqual([]);
  });
});
