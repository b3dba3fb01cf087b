import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { users } from '../../db/schema.ts';
import { eventually, useApi, type TestUser } from '../../testing/harness.ts';

const api = useApi();

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

/** Every task of a list, following the cursor. */
async function listAll(user: TestUser, query: string, limit = 2): Promise<{ title: string; dueAt: string | null }[]> {
  const items: { title: string; dueAt: string | null }[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: { items: typeof items; nextCursor: string | null } } =
      await user.req('GET', `/api/tasks?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

describe('tasks', () => {
  test('create, read, complete, reopen, update, delete', async () => {
    const ws = await api.workspace();
    const due = new Date(Date.now() + 2 * DAY).toISOString();
    const created = await ws.admin.req('POST', '/api/tasks', { title: '  Techniker buchen ', description: 'Wartung der Heizung', dueAt: due });
    expect(created.status).toBe(201);
    const t = created.body;
    expect(t).toMatchObject({
      title: 'Techniker buchen', description: 'Wartung der Heizung', dueAt: due, status: 'open', completedAt: null, record: null,
      assignee: { id: ws.admin.id, name: 'admin user' }, createdBy: { id: ws.admin.id, name: 'admin user' },
    });

    expect((await ws.admin.req('GET', `/api/tasks/${t.id}`)).body).toEqual(t);

    const done = await ws.admin.req('PATCH', `/api/tasks/${t.id}`, { status: 'done' });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('done');
    expect(Date.parse(done.body.completedAt)).toBeGreaterThan(Date.now() - 60_000);

    const reopened = await ws.admin.req('PATCH', `/api/tasks/${t.id}`, { status: 'open' });
    expect(reopened.body).toMatchObject({ status: 'open', completedAt: null });

    const agent = await ws.user('agent');
    const changed = await ws.admin.req('PATCH', `/api/tasks/${t.id}`, { title: 'Techniker für Montag buchen', description: null, dueAt: null, assigneeId: agent.id });
    expect(changed.body).toMatchObject({ title: 'Techniker für Montag buchen', description: null, dueAt: null, assignee: { id: agent.id, name: 'agent user' } });
    const unassigned = await ws.admin.req('PATCH', `/api/tasks/${t.id}`, { assigneeId: null });
    expect(unassigned.body.assignee).toBeNull();

    expect((await ws.admin.req('DELETE', `/api/tasks/${t.id}`)).status).toBe(204);
    const gone = await ws.admin.req('GET', `/api/tasks/${t.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('task_not_found');
    expect((await ws.admin.req('DELETE', `/api/tasks/${t.id}`)).status).toBe(404);
  });

  test('bad input gets a clear error', async () => {
    const ws = await api.workspace();
    const noTitle = await ws.admin.req('POST', '/api/tasks', { title: '   ' });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.error.code).toBe('validation_failed');
    expect((await ws.admin.req('POST', '/api/tasks', { title: 'x', dueAt: 'tomorrow' })).status).toBe(400);
    expect((await ws.admin.req('POST', '/api/tasks', { title: 'x', status: 'later' })).status).toBe(400);
    expect((await ws.admin.req('GET', '/api/tasks?due=someday')).status).toBe(400);
    expect((await ws.admin.req('GET', '/api/tasks?tz=Mars/Olympus')).status).toBe(400);
    expect((await ws.admin.req('GET', '/api/tasks?cursor=garbage')).body.error.code).toBe('invalid_cursor');
    expect((await ws.admin.req('GET', '/api/tasks')).body.items).toEqual([]);
  });

  test('my tasks, due windows, sorting, cursor pagination and the badge counts', async () => {
    const ws = await api.workspace();
    const agent = await ws.user('agent');
    const now = Date.now();
    const endOfTodayUtc = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate() + 1);
    const laterToday = now + (endOfTodayUtc - now) / 2;
    const mine = [
      { title: 'overdue', dueAt: iso(now - 2 * DAY) },
      { title: 'later today', dueAt: iso(laterToday) },
      { title: 'in three days', dueAt: iso(now + 3 * DAY) },
      { title: 'in ten days', dueAt: iso(now + 10 * DAY) },
      { title: 'someday', dueAt: null },
    ];
    for (const t of mine) expect((await ws.admin.req('POST', '/api/tasks', t)).status).toBe(201);
    const doneLate = (await ws.admin.req('POST', '/api/tasks', { title: 'done but late', dueAt: iso(now - DAY) })).body;
    await ws.admin.req('PATCH', `/api/tasks/${doneLate.id}`, { status: 'done' });
    await ws.admin.req('POST', '/api/tasks', { title: "the agent's", dueAt: iso(now - DAY), assigneeId: agent.id });

    const titles = async (query: string) => (await listAll(ws.admin, query)).map((t) => t.title);
    // By due date, tasks without one last; the cursor walks every task once.
    expect(await titles('assignee=me&status=open')).toEqual(['overdue', 'later today', 'in three days', 'in ten days', 'someday']);
    expect(await titles('assignee=me')).toEqual(['overdue', 'done but late', 'later today', 'in three days', 'in ten days', 'someday']);
    expect(await titles(`assignee=${agent.id}`)).toEqual(["the agent's"]);
    expect(await titles('assignee=me&due=overdue')).toEqual(['overdue']);
    expect(await titles('due=overdue')).toEqual(['overdue', "the agent's"]);
    expect(await titles('assignee=me&due=today&tz=UTC')).toEqual(['later today']);
    expect(await titles('assignee=me&due=week&status=open')).toEqual(['later today', 'in three days']);
    expect(await titles('status=done')).toEqual(['done but late']);
    expect(await listAll(ws.admin, 'assignee=me', 200)).toHaveLength(6);

    const counts = await ws.admin.req('GET', '/api/tasks/counts?tz=UTC');
    expect(counts.status).toBe(200);
    expect(counts.body).toEqual({ open: 5, overdue: 1, dueToday: 1 });
    expect((await agent.req('GET', '/api/tasks/counts')).body).toEqual({ open: 1, overdue: 1, dueToday: 0 });
  });

  test('links to a record of the workspace only; the assignee must be an active user of the workspace', async () => {
    const ws = await api.workspace();
    const other = await api.workspace();
    const contact = (await ws.admin.req('POST', '/api/contacts', { firstName: 'Jürgen', lastName: 'Müller' })).body;
    const company = (await ws.admin.req('POST', '/api/companies', { name: 'Heizung Huber GmbH' })).body;
    const foreign = (await other.admin.req('POST', '/api/contacts', { firstName: 'Fremd' })).body;

    const linked = await ws.admin.req('POST', '/api/tasks', { title: 'Rückruf', recordType: 'contact', recordId: contact.id });
    expect(linked.status).toBe(201);
    expect(linked.body.record).toEqual({ type: 'contact', id: contact.id });
    const onCompany = await ws.admin.req('POST', '/api/tasks', { title: 'Angebot', recordType: 'company', recordId: company.id });
    expect(onCompany.status).toBe(201);

    for (const [body, code] of [
      [{ recordType: 'contact', recordId: foreign.id }, 'record_not_found'],
      [{ recordType: 'contact', recordId: company.id }, 'record_not_found'],
      [{ recordType: 'company', recordId: '0190a0a0-0000-7000-8000-000000000000' }, 'record_not_found'],
      [{ recordType: 'contact' }, 'validation_failed'],
      [{ recordType: 'invoice', recordId: contact.id }, 'validation_failed'],
      [{ assigneeId: other.admin.id }, 'assignee_not_found'],
    ] as const) {
      const res = await ws.admin.req('POST', '/api/tasks', { title: 'x', ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe(code);
    }

    const leaver = await ws.user('sales');
    await api.deps.db.update(users).set({ status: 'deactivated' }).where(and(eq(users.workspaceId, ws.id), eq(users.id, leaver.id)));
    const toLeaver = await ws.admin.req('POST', '/api/tasks', { title: 'x', assigneeId: leaver.id });
    expect(toLeaver.body.error.code).toBe('assignee_not_found');
    const relink = await ws.admin.req('PATCH', `/api/tasks/${linked.body.id}`, { recordType: 'contact', recordId: foreign.id });
    expect(relink.body.error.code).toBe('record_not_found');

    const ofContact = await ws.admin.req('GET', `/api/tasks?recordType=contact&recordId=${contact.id}`);
    expect(ofContact.body.items.map((t: { title: string }) => t.title)).toEqual(['Rückruf']);
    const unlinked = await ws.admin.req('PATCH', `/api/tasks/${linked.body.id}`, { recordType: null, recordId: null });
    expect(unlinked.body.record).toBeNull();
    expect((await ws.admin.req('GET', `/api/tasks?recordType=contact&recordId=${contact.id}`)).body.items).toEqual([]);
  });

  test("another workspace's task answers 404", async () => {
    const ws = await api.workspace();
    const t = (await ws.admin.req('POST', '/api/tasks', { title: 'Geheim' })).body;
    const other = await api.workspace();
    expect((await other.admin.req('GET', `/api/tasks/${t.id}`)).status).toBe(404);
    expect((await other.admin.req('PATCH', `/api/tasks/${t.id}`, { status: 'done' })).status).toBe(404);
    expect((await other.admin.req('DELETE', `/api/tasks/${t.id}`)).status).toBe(404);
    expect((await other.admin.req('GET', '/api/tasks')).body.items).toEqual([]);
    expect((await ws.admin.req('GET', `/api/tasks/${t.id}`)).body.status).toBe('open');
  });

  test('an expert sees and changes only tasks assigned to them or created by them', async () => {
    const ws = await api.workspace();
    const expert = await ws.user('expert');
    const agent = await ws.user('agent');
    const adminsOwn = (await ws.admin.req('POST', '/api/tasks', { title: 'admin only' })).body;
    const forExpert = (await ws.admin.req('POST', '/api/tasks', { title: 'for the expert', assigneeId: expert.id, dueAt: iso(Date.now() - HOUR) })).body;
    const byExpert = await expert.req('POST', '/api/tasks', { title: 'by the expert', assigneeId: agent.id });
    expect(byExpert.status).toBe(201);
    expect(byExpert.body.createdBy.id).toBe(expert.id);

    expect((await listAll(expert, 'status=open')).map((t) => t.title)).toEqual(['for the expert', 'by the expert']);
    expect((await listAll(expert, `assignee=${ws.admin.id}`)).map((t) => t.title)).toEqual([]);
    expect((await expert.req('GET', `/api/tasks/${adminsOwn.id}`)).status).toBe(404);
    expect((await expert.req('PATCH', `/api/tasks/${adminsOwn.id}`, { status: 'done' })).status).toBe(404);
    expect((await expert.req('DELETE', `/api/tasks/${adminsOwn.id}`)).status).toBe(404);
    expect((await expert.req('GET', '/api/tasks/counts')).body).toEqual({ open: 1, overdue: 1, dueToday: expect.any(Number) });

    const done = await expert.req('PATCH', `/api/tasks/${forExpert.id}`, { status: 'done' });
    expect(done.status).toBe(200);
    expect(done.body.completedAt).not.toBeNull();
    // The rest of the workspace still sees every task.
    expect(await listAll(agent, 'status=open', 200)).toHaveLength(2);
  });

  test('a task linked to a person shows on their timeline', async () => {
    const ws = await api.workspace();
    const contact = (await ws.admin.req('POST', '/api/contacts', { firstName: 'Anna', lastName: 'Schröder' })).body;
    const t = (await ws.admin.req('POST', '/api/tasks', { title: 'Rückruf wegen Angebot', recordType: 'contact', recordId: contact.id })).body;
    await ws.admin.req('PATCH', `/api/tasks/${t.id}`, { status: 'done' });
    const timeline = await eventually(async () => {
      const res = await ws.admin.req('GET', `/api/contacts/${contact.id}/timeline`);
      expect(res.body.items.map((i: { kind: string }) => i.kind).sort()).toEqual(['contact.created', 'task.created', 'task.updated']);
      return res.body;
    });
    const created = timeline.items.find((i: { kind: string }) => i.kind === 'task.created');
    expect(created.data.snapshot).toMatchObject({ id: t.id, title: 'Rückruf wegen Angebot' });
    const updated = timeline.items.find((i: { kind: string }) => i.kind === 'task.updated');
    expect(updated.data.changes.status).toEqual({ from: 'open', to: 'done' });
  });
});
