import { sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { rows } from '../../db/client.ts';
import { eventually, multipartFile, useApi, type TestWorkspace } from '../../testing/harness.ts';
import { rebuildNameWords } from './service.ts';

const api = useApi();

/** The dictionary as stored, and as recomputed from the people's search names: they must always be equal. */
async function dictionary(ws: TestWorkspace) {
  const stored = await rows<{ word: string; people: number }>(api.deps.db, sql`
    SELECT word, people FROM name_words WHERE workspace_id = ${ws.id}::uuid ORDER BY word`);
  const recomputed = await rows<{ word: string; people: number }>(api.deps.db, sql`
    SELECT word, count(*)::int AS people FROM (
      SELECT DISTINCT c.id, x.word FROM contacts c, unnest(string_to_array(c.search_name, ' ')) AS x(word)
      WHERE c.workspace_id = ${ws.id}::uuid AND x.word <> '') p
    GROUP BY word ORDER BY word`);
  return { stored: stored.map((r) => [r.word, Number(r.people)]), recomputed: recomputed.map((r) => [r.word, Number(r.people)]) };
}

async function expectExact(ws: TestWorkspace) {
  const { stored, recomputed } = await dictionary(ws);
  expect(stored).toEqual(recomputed);
  return new Map(stored as [string, number][]);
}

async function names(ws: TestWorkspace, q: string): Promise<string[]> {
  const r = await ws.admin.req('GET', `/api/contacts?q=${encodeURIComponent(q)}`);
  expect(r.status).toBe(200);
  return r.body.items.map((i: { displayName: string }) => i.displayName);
}

describe('the dictionary of name words behind fuzzy search', () => {
  test('stays exact through create, rename, delete, merge and a bulk import, per workspace', async () => {
    const ws = await api.workspace();
    const other = await api.workspace();
    await other.admin.req('POST', '/api/contacts', { firstName: 'Xaverius', lastName: 'Schröter' });

    const made = [];
    for (const p of [
      { firstName: 'Zehra', lastName: 'Schröter' },
      { firstName: 'Jürgen', lastName: 'Schröter' },
      { firstName: 'Anna', lastName: 'Schmidt' },
      { firstName: 'Anna', lastName: 'Schmitz' },
      { emails: [{ value: 'info@heizung-huber.de' }] },
    ]) made.push((await ws.admin.req('POST', '/api/contacts', p)).body);
    let words = await expectExact(ws);
    // Umlaut names carry both spellings; a person without a name is found by the e-mail's local part.
    expect(words.get('schroter')).toBe(2);
    expect(words.get('schroeter')).toBe(2);
    expect(words.get('anna')).toBe(2);
    expect(words.get('info')).toBe(1);
    expect(words.has('xaverius')).toBe(false);

    // A rename moves the person from the old words to the new; a change of anything else leaves the words alone.
    await ws.admin.req('PATCH', `/api/contacts/${made[0].id}`, { lastName: 'Yılmaz' });
    await ws.admin.req('PATCH', `/api/contacts/${made[1].id}`, { tags: ['vip'] });
    words = await expectExact(ws);
    expect(words.get('schroter')).toBe(1);
    expect(words.get('yilmaz')).toBe(1);

    // A deleted person's only word is gone at once.
    await ws.admin.req('DELETE', `/api/contacts/${made[3].id}`);
    words = await expectExact(ws);
    expect(words.has('schmitz')).toBe(false);

    // A merge (the survivor takes the other's last name) and its undo.
    const twin = (await ws.admin.req('POST', '/api/contacts', { firstName: 'Anna', lastName: 'Schmid', emails: [{ value: 'anna.schmidt@example.de' }] })).body;
    await ws.admin.req('PATCH', `/api/contacts/${made[2].id}`, { emails: [{ value: 'anna.schmidt@example.de' }] });
    const merged = await ws.admin.req('POST', '/api/contacts/merge', { survivorId: made[2].id, loserId: twin.id, choices: { lastName: 'loser' } });
    expect(merged.status).toBe(200);
    words = await expectExact(ws);
    expect(words.get('schmid')).toBe(2);
    expect(words.has('schmidt')).toBe(false);
    expect((await ws.admin.req('POST', `/api/merges/${merged.body.mergeId}/undo`)).status).toBe(200);
    words = await expectExact(ws);
    expect(words.get('schmidt')).toBe(1);

    // A bulk import: new people and an update of a known e-mail, several rows in one statement.
    const csv = [
      'First Name,Last Name,E-mail Address',
      'Ottilie,Oßwald,ottilie@example.de',
      'Otto,Oßwald,otto@example.de',
      'Hubertus,Huber,info@heizung-huber.de',
    ].join('\n');
    const { body, headers } = multipartFile('people.csv', csv);
    const up = await ws.admin.req('POST', '/api/imports', body, headers);
    expect(up.status).toBe(201);
    await ws.admin.req('POST', `/api/imports/${up.body.id}/start`, {});
    await eventually(async () => expect((await ws.admin.req('GET', `/api/imports/${up.body.id}`)).body.status).toBe('finished'), 60_000);
    words = await expectExact(ws);
    expect(words.get('osswald')).toBe(2);
    expect(words.get('hubertus')).toBe(1);

    // The other workspace's words are its own.
    expect(words.has('xaverius')).toBe(false);
    expect((await expectExact(other)).get('xaverius')).toBe(1);

    // A load that bypassed the triggers is repaired by a recount, of one workspace or of all.
    await api.deps.db.execute(sql`DELETE FROM name_words WHERE workspace_id IN (${ws.id}::uuid, ${other.id}::uuid)`);
    await api.deps.db.execute(sql`INSERT INTO name_words (workspace_id, word, people) VALUES (${ws.id}::uuid, 'stale', 3)`);
    expect(await rebuildNameWords(api.deps, ws.id)).toBe(words.size);
    expect(await expectExact(ws)).toEqual(words);
    expect((await dictionary(other)).stored).toEqual([]);
    await rebuildNameWords(api.deps);
    expect((await expectExact(other)).get('xaverius')).toBe(1);
  });

  test('a misspelt or half-typed name finds people through the dictionary, and only in their workspace', async () => {
    const ws = await api.workspace();
    const other = await api.workspace();
    for (const p of [
      { firstName: 'Zehra', lastName: 'Schröter' },
      { firstName: 'Jürgen', lastName: 'Schröter' },
      { firstName: 'Anna', lastName: 'Schmidt' },
      { firstName: 'Otto', lastName: 'Brandt' },
      { firstName: 'Patrizia', lastName: 'Scholz' },
      { firstName: 'Veit', lastName: 'Waschbüsch' },
    ]) await ws.admin.req('POST', '/api/contacts', p);
    await other.admin.req('POST', '/api/contacts', { firstName: 'Otto', lastName: 'Schriter' });

    expect(await names(ws, 'Zehra Schriter')).toEqual(['Zehra Schröter']);
    // A typo inside a word (trigram similarity), not only at its end.
    expect(await names(ws, 'Otto Brondt')).toEqual(['Otto Brandt']);
    // Two letters swapped, which leaves few trigrams in common ("shcolz" and "scholz" share 0.29).
    expect(await names(ws, 'Patrizia Shcolz')).toEqual(['Patrizia Scholz']);
    // The local part of an e-mail address typed as a name, with a number no name has.
    expect(await names(ws, 'veit.waschbuesch.245910')).toEqual(['Veit Waschbüsch']);
    expect(await names(ws, 'Ottto')).toEqual(['Otto Brandt']);
    expect(await names(ws, 'Schmi')).toEqual(['Anna Schmidt']);
    expect((await names(ws, 'Schroeter')).sort()).toEqual(['Jürgen Schröter', 'Zehra Schröter']);
    // A word no one carries finds no one, even when another word of the query matches.
    expect(await names(ws, 'Qwxyz')).toEqual([]);
    expect(await names(ws, 'Zehra Qwxyzv')).toEqual([]);
    expect(await names(other, 'Otto Schroter')).toEqual(['Otto Schriter']);
  });

  test('concurrent writers sharing words neither deadlock nor miscount, nor lose each other\'s edits', async () => {
    const ws = await api.workspace();
    const surnames = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber'];
    const made = await Promise.all(Array.from({ length: 30 }, async (_, i) => {
      const r = await ws.admin.req('POST', '/api/contacts', { firstName: ['Anna', 'Ben', 'Clara'][i % 3], lastName: surnames[i % 5] });
      expect(r.status).toBe(201);
      return r.body as { id: string };
    }));
    // Renames and deletes at the same time, each taking and giving back the same popular words in another order.
    await Promise.all(made.map(async (p, i) => {
      if (i % 3 === 0) expect((await ws.admin.req('DELETE', `/api/contacts/${p.id}`)).status).toBe(204);
      else expect((await ws.admin.req('PATCH', `/api/contacts/${p.id}`, { lastName: surnames[(i + 2) % 5] })).status).toBe(200);
    }));
    // Two edits of different fields of one person at the same time both stay.
    const one = made[1]!.id;
    await Promise.all([
      ws.admin.req('PATCH', `/api/contacts/${one}`, { jobTitle: 'Einkauf' }),
      ws.admin.req('PATCH', `/api/contacts/${one}`, { tags: ['vip'] }),
    ]);
    const both = (await ws.admin.req('GET', `/api/contacts/${one}`)).body;
    expect([both.jobTitle, both.tags]).toEqual(['Einkauf', ['vip']]);
    const words = await expectExact(ws);
    // Every Anna (i % 3 === 0) was deleted; Ben and Clara were renamed, 10 each.
    expect(words.has('anna')).toBe(false);
    expect(words.get('ben')).toBe(10);
    expect(words.get('clara')).toBe(10);
    // The 62 writes' follow-up jobs (audit, timeline, webhooks) end before this file does: a worker stopping with a
    // backlog hands its jobs back only after its grace period, which delays the other test files' jobs on the shared
    // PostgreSQL queue past their waits.
    await eventually(async () => {
      const audit = await ws.admin.req('GET', '/api/audit?entityType=contact&limit=200');
      expect(audit.body.items).toHaveLength(62);
    }, 60_000);
  });
});

