import { describe, expect, test } from 'vitest';
import { useApi, type TestUser, type TestWorkspace } from '../../testing/harness.ts';

const api = useApi();

interface Hit { type: string; id: string; title: string; subtitle: string; score: number }

async function search(user: TestUser, q: string, extra = ''): Promise<Record<string, Hit[]>> {
  const res = await user.req('GET', `/api/search?q=${encodeURIComponent(q)}${extra}`);
  expect(res.status, res.text).toBe(200);
  return Object.fromEntries((res.body.groups as { type: string; items: Hit[] }[]).map((g) => [g.type, g.items]));
}

async function seed(ws: TestWorkspace) {
  const company = (await ws.admin.req('POST', '/api/companies', { name: 'Heizungsbau Schröder GmbH', addresses: [{ city: 'Köln' }] })).body;
  const person = (await ws.admin.req('POST', '/api/contacts', {
    firstName: 'Jürgen', lastName: 'Müller', emails: [{ value: 'j.mueller@example.de' }], companyId: company.id,
  })).body;
  await ws.admin.req('POST', '/api/contacts', { firstName: 'Katherine', lastName: 'Smith' });
  const task = (await ws.admin.req('POST', '/api/tasks', {
    title: 'Techniker für die Wartung buchen', dueAt: '2031-03-14T09:30:00Z', recordType: 'contact', recordId: person.id,
  })).body;
  return { company, person, task };
}

describe('global search', () => {
  test('finds people umlaut-tolerant, companies misspelt and tasks by a word of their title, grouped by type', async () => {
    const ws = await api.workspace();
    const { company, person, task } = await seed(ws);

    const muller = await search(ws.admin, 'Muller');
    expect(muller.contact?.[0]).toMatchObject({ type: 'contact', id: person.id, title: 'Jürgen Müller', subtitle: 'Heizungsbau Schröder GmbH · j.mueller@example.de' });
    expect(muller.contact?.map((h) => h.title)).not.toContain('Katherine Smith');
    expect((await search(ws.admin, 'mueller')).contact?.[0]?.id).toBe(person.id);

    const misspelt = await search(ws.admin, 'Heizngsbau Schroder');
    expect(misspelt.company?.[0]).toMatchObject({ id: company.id, title: 'Heizungsbau Schröder GmbH', subtitle: 'Köln · 1 person' });

    const wartung = await search(ws.admin, 'wartung');
    expect(wartung.task?.[0]).toMatchObject({ id: task.id, title: 'Techniker für die Wartung buchen', subtitle: '14 Mar 2031, 09:30 · admin user' });
    expect(wartung.contact).toBeUndefined();
    // A fragment inside a word, and the due date in the user's time zone.
    expect((await search(ws.admin, 'echnik', '&tz=Europe/Berlin')).task?.[0]?.subtitle).toBe('14 Mar 2031, 10:30 · admin user');

    for (const hits of [muller.contact!, misspelt.company!, wartung.task!]) {
      for (const h of hits) expect(h.score).toBeGreaterThan(0);
      expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    }
    expect(await search(ws.admin, 'Zyxwvut')).toEqual({});
  });

  test('an expert finds only their own tasks, never people or companies', async () => {
    const ws = await api.workspace();
    await seed(ws);
    const expert = await ws.user('expert');
    await ws.admin.req('POST', '/api/tasks', { title: 'Müller: Ersatzteil prüfen', assigneeId: expert.id });
    for (const q of ['Müller', 'Muller', 'mueller']) {
      const found = await search(expert, q);
      expect(Object.keys(found), q).toEqual(['task']);
      expect(found.task!.map((h) => h.title)).toEqual(['Müller: Ersatzteil prüfen']);
    }
    expect(await search(expert, 'Wartung')).toEqual({});
    expect(await search(expert, 'Heizungsbau')).toEqual({});
  });

  test('stays inside the workspace and refuses an empty query', async () => {
    const ws = await api.workspace();
    await seed(ws);
    const other = await api.workspace();
    expect(await search(other.admin, 'Müller')).toEqual({});
    expect(await search(other.admin, 'Wartung')).toEqual({});
    const empty = await ws.admin.req('GET', '/api/search?q=%20');
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('validation_failed');
    expect(await search(ws.admin, '!!!')).toEqual({});
  });
});
