import { describe, expect, test } from 'vitest';
import { eventually, useApi } from '../../testing/harness.ts';

const api = useApi();

describe('API tokens', () => {
  test('the secret is shown once, works as Bearer, and stops working when revoked', async () => {
    const ws = await api.workspace();
    const sales = await ws.user('sales');
    const created = await ws.admin.req('POST', '/api/tokens', { name: 'CRM sync', userId: sales.id });
    expect(created.status).toBe(201);
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^prl_/);
    expect(created.body).toMatchObject({ name: 'CRM sync', owner: { id: sales.id, name: 'sales user' }, active: true, revokedAt: null, lastUsedAt: null });

    const bearer = { authorization: `Bearer ${secret}` };
    const asToken = await api.anon('POST', '/api/contacts', { firstName: 'Via', lastName: 'Token' }, bearer);
    expect(asToken.status).toBe(201);
    expect(asToken.body.ownerId).toBe(sales.id); // the token acts as its user

    const list = await ws.admin.req('GET', '/api/tokens');
    expect(list.text).not.toContain(secret);
    expect(list.text).not.toMatch(/hash/i);
    const listed = list.body.items.find((t: { id: string }) => t.id === created.body.id);
    expect(listed.lastUsedAt).not.toBeNull();
    expect(Object.keys(listed).sort()).toEqual(['active', 'createdAt', 'id', 'lastUsedAt', 'name', 'owner', 'revokedAt']);

    expect((await ws.admin.req('DELETE', `/api/tokens/${created.body.id}`)).status).toBe(204);
    const revoked = await api.anon('GET', '/api/contacts', undefined, bearer);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('invalid_token');
    const after = (await ws.admin.req('GET', '/api/tokens')).body.items.find((t: { id: string }) => t.id === created.body.id);
    expect(after).toMatchObject({ active: false, revokedAt: expect.any(String) });
    expect((await ws.admin.req('DELETE', `/api/tokens/${created.body.id}`)).status).toBe(204); // idempotent
  });

  test('a token defaults to its creator; only admins manage tokens; another workspace\'s token is not found', async () => {
    const ws = await api.workspace();
    const mine = await ws.admin.req('POST', '/api/tokens', { name: 'Mine' });
    expect(mine.body.owner.id).toBe(ws.admin.id);
    const agent = await ws.user('agent');
    expect((await agent.req('GET', '/api/tokens')).status).toBe(403);
    expect((await agent.req('POST', '/api/tokens', { name: 'Sneaky' })).status).toBe(403);
    expect((await agent.req('DELETE', `/api/tokens/${mine.body.id}`)).status).toBe(403);
    const other = await api.workspace();
    expect((await other.admin.req('DELETE', `/api/tokens/${mine.body.id}`)).status).toBe(404);
    expect((await other.admin.req('POST', '/api/tokens', { name: 'X', userId: agent.id })).body.error.code).toBe('user_not_found');
  });
});

describe('audit log', () => {
  test('shows a contact update with before and after; filters and pages newest first; admins only', async () => {
    const ws = await api.workspace();
    const c = (await ws.admin.req('POST', '/api/contacts', { firstName: 'Anna', lastName: 'Alt' })).body;
    expect((await ws.admin.req('PATCH', `/api/contacts/${c.id}`, { lastName: 'Neu' })).status).toBe(200);
    for (let i = 0; i < 4; i++) await ws.admin.req('POST', '/api/teams', { name: `Team ${i}` });

    const entry = await eventually(async () => {
      const res = await ws.admin.req('GET', `/api/audit?entityType=contact&entityId=${c.id}&action=contact.updated`);
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      return res.body.items[0];
    });
    expect(entry).toMatchObject({ action: 'contact.updated', entityType: 'contact', entityId: c.id, actorKind: 'user', actor: { id: ws.admin.id } });
    expect(entry.before.lastName).toBe('Alt');
    expect(entry.after.lastName).toBe('Neu');

    // Every write lands in the log; walk it two at a time, newest first, each entry once.
    await eventually(async () => expect((await ws.admin.req('GET', '/api/audit?limit=200')).body.items.length).toBeGreaterThanOrEqual(6));
    const seen: { eventId: string; at: string }[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { eventId: string; at: string }[]; nextCursor: string | null } } = await ws.admin.req('GET', `/api/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(new Set(seen.map((s) => s.eventId)).size).toBe(seen.length);
    expect(seen.map((s) => s.at)).toEqual([...seen.map((s) => s.at)].sort().reverse());
    expect(seen.length).toBe((await ws.admin.req('GET', '/api/audit?limit=200')).body.items.length);

    const byActor = await ws.admin.req('GET', `/api/audit?actorId=${ws.admin.id}&action=team.created&limit=200`);
    expect(byActor.body.items).toHaveLength(4);
    const future = await ws.admin.req('GET', '/api/audit?from=2999-01-01');
    expect(future.body.items).toEqual([]);
    const today = byActor.body.items[0].at.slice(0, 10);
    expect((await ws.admin.req('GET', `/api/audit?to=${today}&from=${today}&action=team.created`)).body.items).toHaveLength(4);
    expect((await ws.admin.req('GET', '/api/audit?cursor=nope')).body.error.code).toBe('invalid_cursor');

    const manager = await ws.user('manager');
    expect((await manager.req('GET', '/api/audit')).status).toBe(403);
    const other = await api.workspace();
    expect((await other.admin.req('GET', `/api/audit?entityId=${c.id}`)).body.items).toEqual([]);
  });
});
