import { describe, expect, test } from 'vitest';
import { PASSWORD, useApi } from '../../testing/harness.ts';

const api = useApi();

describe('sign-in and sessions', () => {
  test('login sets an httpOnly SameSite cookie and returns the session with abilities', async () => {
    const ws = await api.workspace();
    const res = await api.anon('POST', '/api/auth/login', { email: ws.admin.email.toUpperCase(), password: PASSWORD });
    expect(res.status).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/parley_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(res.body.user.role).toBe('admin');
    expect(res.body.abilities).toContain('users:manage');
    expect(res.body.csrfToken).toBeTypeOf('string');
  });

  test('a wrong password and an unknown e-mail get the same answer', async () => {
    const ws = await api.workspace();
    const wrong = await api.anon('POST', '/api/auth/login', { email: ws.admin.email, password: 'nope-nope-nope' });
    const unknown = await api.anon('POST', '/api/auth/login', { email: 'nobody@nowhere.example', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect(unknown.body).toEqual(wrong.body);
  });

  test('requests without credentials are refused; a bad bearer token too', async () => {
    expect((await api.anon('GET', '/api/contacts')).status).toBe(401);
    const bad = await api.anon('GET', '/api/contacts', undefined, { authorization: 'Bearer prl_nope' });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('invalid_token');
  });

  test('cookie writes need the CSRF token; API tokens do not', async () => {
    const ws = await api.workspace();
    const noCsrf = await api.app.inject({ method: 'POST', url: '/api/contacts', headers: { cookie: ws.admin.cookie }, payload: { firstName: 'A' } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('csrf_failed');
    const withToken = await api.anon('POST', '/api/contacts', { firstName: 'Token' }, { authorization: `Bearer ${ws.admin.token}` });
    expect(withToken.status).toBe(201);
  });

  test('logout ends the session', async () => {
    const ws = await api.workspace();
    expect((await ws.admin.req('GET', '/api/auth/session')).status).toBe(200);
    expect((await ws.admin.req('POST', '/api/auth/logout')).status).toBe(204);
    expect((await ws.admin.req('GET', '/api/auth/session')).status).toBe(401);
  });

  test('a user switches the UI language', async () => {
    const ws = await api.workspace();
    expect((await ws.admin.req('PATCH', '/api/me', { language: 'de' })).status).toBe(204);
    expect((await ws.admin.req('GET', '/api/auth/session')).body.user.language).toBe('de');
  });

  test('health, readiness and the OpenAPI document', async () => {
    expect((await api.anon('GET', '/api/health')).body).toEqual({ status: 'ok' });
    expect((await api.anon('GET', '/api/ready')).status).toBe(200);
    const doc = await api.anon('GET', '/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toContain('/api/contacts/{id}');
  });

  test('security headers are set', async () => {
    const res = await api.anon('GET', '/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
  });
});
