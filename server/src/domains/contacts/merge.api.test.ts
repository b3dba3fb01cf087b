import { describe, expect, test } from 'vitest';
import { eventually, useApi } from '../../testing/harness.ts';

const api = useApi();

describe('duplicates and merge', () => {
  test('finds duplicates by e-mail, phone and name; merges with choices; undo restores both', async () => {
    const ws = await api.workspace();
    const mk = async (body: object) => (await ws.admin.req('POST', '/api/contacts', body)).body;
    const a = await mk({ firstName: 'Jürgen', lastName: 'Müller', emails: [{ value: 'j.mueller@example.de' }], phones: [{ value: '0171 1234567' }], tags: ['Wartungskunde'], jobTitle: 'Hausbesitzer' });
    const b = await mk({ firstName: 'Juergen', lastName: 'Mueller', emails: [{ value: 'juergen@privat.example' }], phones: [{ value: '+49 171 1234567' }], tags: ['Newsletter'], jobTitle: 'Rentner' });
    await mk({ firstName: 'Someone', lastName: 'Else', emails: [{ value: 'else@example.de' }] });
    await ws.admin.req('POST', `/api/contacts/${b.id}/notes`, { body: 'Fragt nach Wärmepumpe' });
    const task = (await ws.admin.req('POST', '/api/tasks', { title: 'Wartung anbieten', recordType: 'contact', recordId: b.id })).body;
    const taskRecord = async () => (await ws.admin.req('GET', `/api/tasks/${task.id as string}`)).body.record?.id as string;

    const dupes = (await ws.admin.req('GET', '/api/duplicates')).body.items;
    expect(dupes).toHaveLength(1);
    expect(new Set([dupes[0].a.id, dupes[0].b.id])).toEqual(new Set([a.id, b.id]));
    expect(dupes[0].reasons.map((r: { field: string }) => r.field)).toContain('phone');

    const body = { survivorId: a.id, loserId: b.id, choices: { jobTitle: 'loser' } };
    const preview = (await ws.admin.req('POST', '/api/contacts/merge/preview', body)).body;
    expect(preview.result.jobTitle).toBe('Rentner');
    expect(preview.result.emails).toHaveLength(2);
    expect(preview.moved).toEqual({ notes: 1, tasks: 1, identities: 0, timeline: expect.any(Number) });
    expect((await ws.admin.req('GET', `/api/contacts/${b.id}`)).body.mergedInto).toBeNull();

    await eventually(async () => expect((await ws.admin.req('GET', `/api/contacts/${b.id}/timeline`)).body.items.length).toBe(3)); // created, note, task
    const merged = await ws.admin.req('POST', '/api/contacts/merge', body);
    expect(merged.status).toBe(200);
    expect(merged.body.contact.tags.sort()).toEqual(['Newsletter', 'Wartungskunde']);
    expect(merged.body.contact.phones).toHaveLength(1);
    expect((await ws.admin.req('GET', `/api/contacts/${a.id}/notes`)).body.items).toHaveLength(1);
    expect(await taskRecord()).toBe(a.id);
    expect((await ws.admin.req('GET', '/api/contacts/count')).body.total).toBe(2);
    expect((await ws.admin.req('GET', `/api/contacts/${b.id}`)).body.mergedInto).toBe(a.id);
    expect((await ws.admin.req('GET', '/api/duplicates')).body.items).toHaveLength(0);

    const undo = await ws.admin.req('POST', `/api/merges/${merged.body.mergeId}/undo`);
    expect(undo.status).toBe(200);
    expect(undo.body.jobTitle).toBe('Hausbesitzer');
    expect(undo.body.tags).toEqual(['Wartungskunde']);
    expect((await ws.admin.req('GET', `/api/contacts/${b.id}/notes`)).body.items).toHaveLength(1);
    expect((await ws.admin.req('GET', `/api/contacts/${a.id}/notes`)).body.items).toHaveLength(0);
    expect(await taskRecord()).toBe(b.id);
    expect((await ws.admin.req('GET', '/api/contacts/count')).body.total).toBe(3);
    expect((await ws.admin.req('POST', `/api/merges/${merged.body.mergeId}/undo`)).body.error.code).toBe('merge_already_undone');
    const timeline = await eventually(async () => {
      const t = (await ws.admin.req('GET', `/api/contacts/${a.id}/timeline`)).body.items.map((i: { kind: string }) => i.kind);
      expect(t).toContain('contact.unmerged');
      return t;
    });
    expect(timeline).toContain('contact.merged');
  });

  test('dismissed pairs stay dismissed; merging a record with itself is refused', async () => {
    const ws = await api.workspace();
    const a = (await ws.admin.req('POST', '/api/contacts', { firstName: 'Anna', lastName: 'Schmidt', emails: [{ value: 'anna@example.de' }] })).body;
    const b = (await ws.admin.req('POST', '/api/contacts', { firstName: 'Anna', lastName: 'Schmitt', emails: [{ value: 'Anna@Example.de' }] })).body;
    expect((await ws.admin.req('GET', '/api/duplicates')).body.items).toHaveLength(1);
    expect((await ws.admin.req('POST', '/api/duplicates/dismiss', { aId: b.id, bId: a.id })).status).toBe(204);
    expect((await ws.admin.req('GET', '/api/duplicates')).body.items).toHaveLength(0);
    const same = await ws.admin.req('POST', '/api/contacts/merge', { survivorId: a.id, loserId: a.id });
    expect(same.body.error.code).toBe('merge_same_record');
  });
});
