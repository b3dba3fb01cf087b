import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { users } from '../../db/schema.ts';
import { hashToken } from '../../lib/ids.ts';
import { useApi } from '../../testing/harness.ts';
import { newInviteToken } from './users-service.ts';

const api = useApi();
const NEW_PASSWORD = 'a brand new passphrase';

function tokenOf(inviteUrl: string): string {
  return inviteUrl.split('/invite/')[1]!;
}

describe('users', () => {
  test('invite, accept, sign in; the link works once', async () => {
    const ws = await api.workspace();
    const invited = await ws.admin.req('POST', '/api/users/invite', { email: 'Neu@Example.de', name: 'Nora Neu', role: 'agent', language: 'en' });
    expect(invited.status).toBe(201);
    expect(invited.body.user).toMatchObject({ email: 'neu@example.de', status: 'invited', role: 'agent', lastLoginAt: null });
    expect(invited.body.inviteUrl).toMatch(new RegExp(`^${api.deps.config.publicUrl}/invite/`));
    expect(JSON.stringify(invited.body.user)).not.toMatch(/hash/i);

    // Nobody can sign in as an invited user yet.
    expect((await api.anon('POST', '/api/auth/login', { email: 'neu@example.de', password: NEW_PASSWORD })).status).toBe(401);

    const token = tokenOf(invited.body.inviteUrl);
    const short = await api.anon('POST', '/api/auth/accept-invite', { token, password: 'short' });
    expect(short.status).toBe(400);
    const accepted = await api.anon('POST', '/api/auth/accept-invite', { token, password: NEW_PASSWORD, name: 'Nora N.' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ email: 'neu@example.de', workspace: { slug: ws.slug, name: expect.any(String) } });

    const login = await api.anon('POST', '/api/auth/login', { email: 'neu@example.de', password: NEW_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ name: 'Nora N.', role: 'agent', language: 'en' });

    const again = await api.anon('POST', '/api/auth/accept-invite', { token, password: 'another passphrase' });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('invite_not_found');

    const list = await ws.admin.req('GET', '/api/users');
    const nora = list.body.items.find((u: { email: string }) => u.email === 'neu@example.de');
    expect(nora).toMatchObject({ status: 'active', name: 'Nora N.' });
    expect(nora.lastLoginAt).not.toBeNull();
    for (const u of list.body.items) expect(Object.keys(u).sort()).toEqual(['createdAt', 'email', 'id', 'language', 'lastLoginAt', 'name', 'role', 'status']);
  });

  test('re-inviting replaces the link; an existing active user is a conflict; expired and forged links fail', async () => {
    const ws = await api.workspace();
    const first = await ws.admin.req('POST', '/api/users/invite', { email: 'x@example.de', name: 'X', role: 'sales' });
    const second = await ws.admin.req('POST', '/api/users/invite', { email: 'x@example.de', name: 'X', role: 'marketing' });
    expect(second.status).toBe(201);
    expect(second.body.user).toMatchObject({ id: first.body.user.id, role: 'marketing' });
    expect((await api.anon('POST', '/api/auth/accept-invite', { token: tokenOf(first.body.inviteUrl), password: NEW_PASSWORD })).status).toBe(404);
    expect((await ws.admin.req('POST', '/api/users/invite', { email: ws.admin.email, name: 'Dup', role: 'agent' })).body.error.code).toBe('user_exists');

    // An expiry in the past, stored as a genuine invitation, is refused as expired.
    const expired = newInviteToken(ws.id, new Date(Date.now() - 1000));
    await api.deps.db.update(users).set({ inviteTokenHash: hashToken(expired) }).where(and(eq(users.workspaceId, ws.id), eq(users.id, second.body.user.id)));
    const late = await api.anon('POST', '/api/auth/accept-invite', { token: expired, password: NEW_PASSWORD });
    expect(late.status).toBe(400);
    expect(late.body.error.code).toBe('invite_expired');
    // Changing the expiry inside a token breaks its hash.
    const [wsHex, , random] = expired.split('.');
    const forged = `${wsHex}.${Math.floor(Date.now() / 1000 + 86400).toString(36)}.${random}`;
    expect((await api.anon('POST', '/api/auth/accept-invite', { token: forged, password: NEW_PASSWORD })).status).toBe(404);
    expect((await api.anon('POST', '/api/auth/accept-invite', { token: 'garbage', password: NEW_PASSWORD })).status).toBe(404);
  });

  test('a deactivated user loses their session and token at once, and gets them back when reactivated', async () => {
    const ws = await api.workspace();
    const agent = await ws.user('agent');
    const bearer = { authorization: `Bearer ${agent.token}` };
    expect((await agent.req('GET', '/api/contacts')).status).toBe(200);
    expect((await api.anon('GET', '/api/contacts', undefined, bearer)).status).toBe(200);

    const off = await ws.admin.req('POST', `/api/users/${agent.id}/deactivate`);
    expect(off.status).toBe(200);
    expect(off.body.status).toBe('deactivated');
    expect((await agent.req('GET', '/api/contacts')).status).toBe(401);
    expect((await api.anon('GET', '/api/contacts', undefined, bearer)).status).toBe(401);
    expect((await api.anon('POST', '/api/auth/login', { email: agent.email, password: 'correct horse battery staple' })).status).toBe(401);
    // Kept for history.
    expect((await ws.admin.req('GET', '/api/users?status=deactivated')).body.items.map((u: { id: string }) => u.id)).toEqual([agent.id]);

    expect((await ws.admin.req('POST', `/api/users/${agent.id}/reactivate`)).body.status).toBe('active');
    expect((await api.anon('GET', '/api/contacts', undefined, bearer)).status).toBe(200);
    expect((await agent.req('GET', '/api/contacts')).status).toBe(401); // the session stays ended
    expect((await api.anon('POST', '/api/auth/login', { email: agent.email, password: 'correct horse battery staple' })).status).toBe(200);
  });

  test('the last active admin cannot be demoted or deactivated', async () => {
    const ws = await api.workspace();
    const demote = await ws.admin.req('PATCH', `/api/users/${ws.admin.id}`, { role: 'agent' });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe('last_admin');
    const other = await ws.user('admin');
    const self = await other.req('POST', `/api/users/${other.id}/deactivate`);
    expect(self.body.error.code).toBe('cannot_deactivate_self');
    // With a second admin, the first may be demoted; then the second is the last one.
    const ok = await other.req('PATCH', `/api/users/${ws.admin.id}`, { role: 'manager', name: 'Former admin' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ role: 'manager', name: 'Former admin' });
    const last = await other.req('PATCH', `/api/users/${other.id}`, { role: 'sales' });
    expect(last.body.error.code).toBe('last_admin');
    expect((await api.deps.db.select().from(users).where(and(eq(users.workspaceId, ws.id), eq(users.role, 'admin')))).length).toBe(1);
  });

  test('everyone may list users; only admins manage them; another workspace\'s user is not found', async () => {
    const ws = await api.workspace();
    const agent = await ws.user('agent');
    const expert = await ws.user('expert');
    expect((await expert.req('GET', '/api/users')).status).toBe(200);
    expect((await agent.req('POST', '/api/users/invite', { email: 'y@example.de', name: 'Y', role: 'admin' })).status).toBe(403);
    expect((await agent.req('PATCH', `/api/users/${agent.id}`, { role: 'admin' })).status).toBe(403);
    expect((await agent.req('POST', `/api/users/${expert.id}/deactivate`)).status).toBe(403);
    const other = await api.workspace();
    expect((await other.admin.req('PATCH', `/api/users/${agent.id}`, { name: 'Hijack' })).status).toBe(404);
    expect((await other.admin.req('POST', `/api/users/${agent.id}/deactivate`)).status).toBe(404);
    expect((await other.admin.req('GET', '/api/users')).body.items.map((u: { id: string }) => u.id)).toEqual([other.admin.id]);
  });
});

describe('teams', () => {
  test('create with members, rename, replace members, delete; names are unique', async () => {
    const ws = await api.workspace();
    const agent = await ws.user('agent');
    const expert = await ws.user('expert');
    const created = await ws.admin.req('POST', '/api/teams', { name: 'Service', description: 'First line', memberIds: [agent.id] });
    expect(created.status).toBe(201);
    expect(created.body.members).toEqual([{ id: agent.id, name: 'agent user' }]);
    expect((await ws.admin.req('POST', '/api/teams', { name: 'Service' })).body.error.code).toBe('team_exists');

    const id = created.body.id;
    const renamed = await ws.admin.req('PATCH', `/api/teams/${id}`, { name: 'Kundenservice', description: null });
    expect(renamed.body).toMatchObject({ name: 'Kundenservice', description: null });
    const members = await ws.admin.req('PUT', `/api/teams/${id}/members`, { userIds: [expert.id, agent.id, expert.id] });
    expect(members.status).toBe(200);
    expect(members.body.members.map((m: { id: string }) => m.id).sort()).toEqual([agent.id, expert.id].sort());

    const other = await api.workspace();
    const foreign = await ws.admin.req('PUT', `/api/teams/${id}/members`, { userIds: [other.admin.id] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('user_not_found');
    expect((await other.admin.req('GET', `/api/teams/${id}`)).status).toBe(404);

    // Everyone may read teams (routing, pickers); an agent may not manage them.
    expect((await agent.req('GET', '/api/teams')).body.items).toHaveLength(1);
    expect((await agent.req('POST', '/api/teams', { name: 'Rogue' })).status).toBe(403);
    expect((await ws.admin.req('DELETE', `/api/teams/${id}`)).status).toBe(204);
    expect((await ws.admin.req('GET', `/api/teams/${id}`)).status).toBe(404);
  });
});

describe('settings in the OpenAPI document', () => {
  test('every settings endpoint is documented', async () => {
    const doc = await api.anon('GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    const paths = doc.body.paths as Record<string, Record<string, unknown>>;
    for (const [path, method] of [
      ['/api/users', 'get'], ['/api/users/invite', 'post'], ['/api/auth/accept-invite', 'post'], ['/api/users/{id}', 'patch'],
      ['/api/users/{id}/deactivate', 'post'], ['/api/users/{id}/reactivate', 'post'], ['/api/teams', 'post'], ['/api/teams/{id}/members', 'put'],
      ['/api/tokens', 'post'], ['/api/tokens/{id}', 'delete'], ['/api/audit', 'get'], ['/api/custom-fields/{id}', 'patch'],
      ['/api/webhooks', 'post'], ['/api/webhooks/{id}/deliveries', 'get'], ['/api/webhooks/{id}/deliveries/{deliveryId}/redeliver', 'post'],
      ['/api/webhooks/{id}/test', 'post'],
    ] as const) expect(paths[path]?.[method], `${method} ${path}`).toBeDefined();
  });
});
