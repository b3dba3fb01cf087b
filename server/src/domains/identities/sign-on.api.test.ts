import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { customerAccounts, events, signOnAttempts, signOnProviders } from '../../db/schema.ts';
import { eventually, useApi, type TestResponse, type TestWorkspace } from '../../testing/harness.ts';
import { signInAtProvider, startOidcProvider, type TestAccount, type TestOidcProvider } from '../../testing/oidc-provider.ts';

// Sign-on against a real OpenID provider (oidc-provider on localhost), driven through its login and consent pages
// the way a browser is; Parley's side through inject, with the cookies a browser would keep.

const PUBLIC = 'http://parley.test';
const SECRET = 'test-client-secret-Zq7-never-shown';
const api = useApi({ PARLEY_PUBLIC_URL: PUBLIC });
const seen: string[] = [];

let op: TestOidcProvider;
let ws: TestWorkspace;
let other: TestWorkspace;
let customerProvider: { id: string };
let staffProvider: { id: string };

const communityCallback = (slug: string) => `${PUBLIC}/api/community/${slug}/sign-on/callback`;
const staffCallback = (slug: string) => `${PUBLIC}/api/auth/sign-on/${slug}/callback`;

/** A browser's cookies for Parley (names only; paths do not matter here). */
class Browser {
  cookies = new Map<string, string>();
  async req(method: string, url: string, body?: unknown): Promise<TestResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await api.anon(method, url, body, cookie ? { cookie } : {});
    const set = res.headers['set-cookie'];
    for (const c of (Array.isArray(set) ? set : set ? [String(set)] : []) as string[]) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const value = pair!.slice(i + 1);
      if (value && !/Expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.set(pair!.slice(0, i), value);
      else this.cookies.delete(pair!.slice(0, i));
    }
    seen.push(res.text, JSON.stringify(res.headers));
    return res;
  }
}

async function admin(method: string, url: string, body?: unknown, w = ws): Promise<TestResponse> {
  const res = await w.admin.req(method, url, body);
  seen.push(res.text);
  return res;
}

function account(login: string, a: TestAccount): string {
  op.accounts.set(login, a);
  return login;
}

/** Starts a customer sign-on, goes through the provider and delivers its answer; returns the callback's response. */
async function customerSignOn(b: Browser, login: string, opts: { slug?: string; providerId?: string; query?: string; beforeProvider?: (state: string) => Promise<void>; beforeCallback?: () => Promise<void> } = {}) {
  const slug = opts.slug ?? ws.slug;
  const start = await b.req('GET', `/api/community/${slug}/sign-on/${opts.providerId ?? customerProvider.id}/start${opts.query ?? ''}`);
  expect(start.status, start.text).toBe(302);
  const authUrl = String(start.headers.location);
  expect(authUrl.startsWith(op.issuer), authUrl).toBe(true);
  const state = new URL(authUrl).searchParams.get('state')!;
  await opts.beforeProvider?.(state);
  const back = await signInAtProvider(op, authUrl, login);
  expect(back.startsWith(`${communityCallback(slug)}?`), back).toBe(true);
  await opts.beforeCallback?.();
  const callbackPath = back.slice(PUBLIC.length);
  return { res: await b.req('GET', callbackPath), callbackPath, state, authUrl };
}

/** A first sign-on through the consent page; returns who is signed in. */
async function firstSignOn(b: Browser, login: string, purposes: string[] = []) {
  const { res } = await customerSignOn(b, login);
  expect(res.status).toBe(302);
  expect(res.headers.location).toBe(`/community/${ws.slug}/welcome`);
  const done = await b.req('POST', `/api/community/${ws.slug}/sign-on/complete`, { purposes });
  expect(done.status, done.text).toBe(200);
  return done.body;
}

async function identityOf(contactId: string) {
  const res = await admin('GET', `/api/contacts/${contactId}/identities`);
  expect(res.status).toBe(200);
  return res.body.items as { network: string; externalId: string; contactId: string; links: { method: string; evidence: Record<string, unknown>; undoneAt: string | null }[] }[];
}

async function contactsWithEmail(email: string): Promise<{ id: string }[]> {
  return (await admin('GET', `/api/contacts?q=${encodeURIComponent(email)}`)).body.items.filter((c: { email: string }) => c.email === email);
}

function errorOf(res: TestResponse): string | null {
  const loc = String(res.headers.location ?? '');
  return new URL(loc, PUBLIC).searchParams.get('error') ?? new URL(loc, PUBLIC).searchParams.get('signOnError');
}

beforeAll(async () => {
  ws = await api.workspace();
  other = await api.workspace();
  op = await startOidcProvider([
    { clientId: 'parley', clientSecret: SECRET, redirectUris: [communityCallback(ws.slug), staffCallback(ws.slug), communityCallback(other.slug)] },
  ]);
  const made = await admin('POST', '/api/sign-on-providers', { audience: 'customer', kind: 'oidc', name: 'Test-ID', issuer: op.issuer, clientId: 'parley', clientSecret: SECRET });
  expect(made.status, made.text).toBe(201);
  customerProvider = made.body;
  const staff = await admin('POST', '/api/sign-on-providers', { audience: 'staff', kind: 'oidc', name: 'Firmen-Login', issuer: op.issuer, clientId: 'parley', clientSecret: SECRET });
  expect(staff.status, staff.text).toBe(201);
  staffProvider = staff.body;
});

afterAll(async () => {
  await op?.close();
});

describe('sign-on provider settings', () => {
  test('admins add, change and remove providers; discovery is checked on save; the secret never leaves the server', async () => {
    expect(customerProvider).toMatchObject({ audience: 'customer', kind: 'oidc', issuer: op.issuer, clientId: 'parley', hasSecret: true, scopes: 'openid email profile', enabled: true, redirectUri: communityCallback(ws.slug) });
    expect(customerProvider).not.toHaveProperty('clientSecret');
    expect(staffProvider).toMatchObject({ redirectUri: staffCallback(ws.slug) });

    const unreachable = await admin('POST', '/api/sign-on-providers', { audience: 'customer', kind: 'oidc', name: 'Nowhere', issuer: 'http://127.0.0.1:9/realms/x', clientId: 'x' });
    expect(unreachable.status).toBe(400);
    expect(unreachable.body.error.code).toBe('issuer_discovery_failed');
    expect(unreachable.body.error.message).toContain('http://127.0.0.1:9/realms/x');
    const noIssuer = await admin('POST', '/api/sign-on-providers', { audience: 'customer', kind: 'oidc', name: 'Generic', clientId: 'x' });
    expect(noIssuer.body.error.code).toBe('issuer_required');
    const insecure = await admin('POST', '/api/sign-on-providers', { audience: 'customer', kind: 'oidc', name: 'Plain', issuer: 'http://idp.example.com', clientId: 'x' });
    expect(insecure.body.error.code).toBe('issuer_insecure');

    const made = await admin('POST', '/api/sign-on-providers', { audience: 'customer', kind: 'oidc', name: 'Zweiter', issuer: op.issuer, clientId: 'parley', clientSecret: SECRET, enabled: false });
    expect(made.status).toBe(201);
    const id = made.body.id as string;
    const stored = (await api.deps.db.select().from(signOnProviders).where(and(eq(signOnProviders.workspaceId, ws.id), eq(signOnProviders.id, id))))[0]!;
    expect(stored.clientSecretEnc).not.toContain(SECRET);
    expect(api.deps.secrets.decrypt(stored.clientSecretEnc!)).toBe(SECRET);

    const renamed = await admin('PATCH', `/api/sign-on-providers/${id}`, { name: 'Umbenannt', scopes: 'openid email' });
    expect(renamed.body).toMatchObject({ name: 'Umbenannt', scopes: 'openid email', hasSecret: true });
    expect((await admin('PATCH', `/api/sign-on-providers/${id}`, { clientSecret: null })).body.hasSecret).toBe(false);
    expect((await admin('PATCH', `/api/sign-on-providers/${id}`, { issuer: 'http://127.0.0.1:9' })).body.error.code).toBe('issuer_discovery_failed');
    expect((await admin('PATCH', `/api/sign-on-providers/${id}`, { scopes: 'email profile' })).body.error.code).toBe('validation_failed');
    expect((await admin('GET', '/api/sign-on-providers')).body.items.map((p: { id: string }) => p.id)).toEqual([customerProvider.id, staffProvider.id, id]);
    expect((await admin('GET', `/api/sign-on-providers/${id}`)).body.name).toBe('Umbenannt');
    expect((await admin('DELETE', `/api/sign-on-providers/${id}`)).status).toBe(204);
    expect((await admin('GET', `/api/sign-on-providers/${id}`)).body.error.code).toBe('provider_not_found');

    // Other roles may not see or change them; another workspace does not find them.
    const marketing = await ws.user('marketing');
    for (const [m, u, b] of [['GET', '/api/sign-on-providers'], ['POST', '/api/sign-on-providers', { audience: 'customer', kind: 'oidc', name: 'x', issuer: op.issuer, clientId: 'x' }], ['PATCH', `/api/sign-on-providers/${customerProvider.id}`, { enabled: false }]] as const) {
      const res = await marketing.req(m, u, b);
      expect(res.status, `${m} ${u}`).toBe(403);
    }
    expect((await admin('GET', `/api/sign-on-providers/${customerProvider.id}`, undefined, other)).status).toBe(404);

    // Nor is the secret in the event outbox (and so the audit log and webhooks).
    const stored2 = await api.deps.db.select().from(events).where(eq(events.workspaceId, ws.id));
    expect(stored2.some((e) => e.type === 'sign_on_provider.created')).toBe(true);
    expect(JSON.stringify(stored2)).not.toContain(SECRET);
  });

  test('sign-in pages list the enabled providers of their audience only', async () => {
    const customer = await new Browser().req('GET', `/api/community/${ws.slug}/sign-on/providers`);
    expect(customer.body).toEqual({ workspace: { slug: ws.slug, name: expect.any(String) }, items: [{ id: customerProvider.id, kind: 'oidc', name: 'Test-ID', startUrl: `/api/community/${ws.slug}/sign-on/${customerProvider.id}/start` }] });
    const staff = await new Browser().req('GET', `/api/auth/sign-on-providers?workspace=${ws.slug}`);
    expect(staff.body.items).toEqual([{ id: staffProvider.id, kind: 'oidc', name: 'Firmen-Login', startUrl: `/api/auth/sign-on/${ws.slug}/${staffProvider.id}/start` }]);
    // Several workspaces and none named: no buttons (which workspace would they be for?).
    expect((await new Browser().req('GET', '/api/auth/sign-on-providers')).body).toEqual({ workspace: null, items: [] });
    expect((await new Browser().req('GET', '/api/community/no-such-community/sign-on/providers')).status).toBe(404);
    // A staff provider cannot start a customer sign-on, nor a provider of another workspace.
    const wrong = await new Browser().req('GET', `/api/community/${ws.slug}/sign-on/${staffProvider.id}/start`);
    expect(errorOf(wrong)).toBe('provider_not_found');
    const foreign = await new Browser().req('GET', `/api/community/${other.slug}/sign-on/${customerProvider.id}/start`);
    expect(foreign.headers.location).toBe(`/community/${other.slug}/sign-in?error=provider_not_found`);
  });
});

describe('customer sign-on', () => {
  test('a new customer: consent page, a new person with the identity linked by sign_on (sub as evidence), a session', async () => {
    const login = account('nina-1', { email: 'nina.neu@example.org', email_verified: true, given_name: 'Nina', family_name: 'Neu', locale: 'de-DE' });
    const b = new Browser();
    const { res, authUrl } = await customerSignOn(b, login, { query: '?returnTo=/community/x/garantie&purposes=newsletter' });
    const auth = new URL(authUrl);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(auth.searchParams.get('nonce')).toBeTruthy();
    expect(auth.searchParams.get('redirect_uri')).toBe(communityCallback(ws.slug));
    expect(res.headers.location).toBe(`/community/${ws.slug}/welcome`);
    expect(b.cookies.has('parley_sign_on_pending')).toBe(true);
    expect(b.cookies.has('parley_customer')).toBe(false);

    const pending = await b.req('GET', `/api/community/${ws.slug}/sign-on/pending?lang=en`);
    expect(pending.status, pending.text).toBe(200);
    expect(pending.body).toMatchObject({ email: 'nina.neu@example.org', emailVerified: true, provider: { kind: 'oidc', name: 'Test-ID' } });
    const keys = pending.body.purposes.map((p: { key: string }) => p.key);
    expect(keys).toEqual(expect.arrayContaining(['newsletter', 'social_enrichment']));
    expect(pending.body.purposes.find((p: { key: string }) => p.key === 'newsletter')).toMatchObject({ checked: true, title: expect.any(String), wording: expect.any(String), version: 1 });
    expect(pending.body.purposes.find((p: { key: string }) => p.key === 'tracking').checked).toBe(false);

    const done = await b.req('POST', `/api/community/${ws.slug}/sign-on/complete`, { purposes: ['social_enrichment', 'newsletter', 'no_such_purpose'] });
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({ account: { email: 'nina.neu@example.org', emailVerified: true, displayName: null, hasPassword: false }, workspace: { slug: ws.slug }, returnTo: '/community/x/garantie' });
    const cookie = String((done.headers['set-cookie'] as string[]).find((c) => c.startsWith('parley_customer=')));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(b.cookies.has('parley_sign_on_pending')).toBe(false);
    expect((await b.req('GET', `/api/community/${ws.slug}/me`)).body.account.email).toBe('nina.neu@example.org');
    // The customer cookie is no staff session.
    expect((await b.req('GET', '/api/auth/session')).status).toBe(401);

    const [person] = await contactsWithEmail('nina.neu@example.org');
    expect(person).toBeDefined();
    const contact = (await admin('GET', `/api/contacts/${person!.id}`)).body;
    expect(contact).toMatchObject({ firstName: 'Nina', lastName: 'Neu', language: 'de' });
    const [identity] = await identityOf(person!.id);
    expect(identity).toMatchObject({ network: 'oidc', externalId: `${op.issuer} nina-1`, contactId: person!.id });
    expect(identity!.links[0]).toMatchObject({ method: 'sign_on', undoneAt: null, evidence: { issuer: op.issuer, sub: 'nina-1', emailVerified: true, providerId: customerProvider.id, matchedBy: 'new_person' } });

    // Consent as ticked, from sign-on; the provider verified the address, so newsletter (double opt-in) is granted at once.
    const consents = (await admin('GET', `/api/contacts/${person!.id}/consents`)).body;
    const status = Object.fromEntries(consents.items.map((i: { purpose: { key: string }; status: string; source: string | null }) => [i.purpose.key, [i.status, i.source]]));
    expect(status.social_enrichment).toEqual(['granted', 'sign_on']);
    expect(status.newsletter).toEqual(['granted', 'sign_on']);
    expect(status.tracking[0]).toBe('none');

    // Signing on again goes straight in, to the same account and person; no second identity.
    const again = new Browser();
    const back = await customerSignOn(again, login, { query: '?returnTo=/community/x/forum' });
    expect(back.res.headers.location).toBe('/community/x/forum');
    expect((await again.req('GET', `/api/community/${ws.slug}/me`)).body.account.id).toBe(done.body.account.id);
    expect(await identityOf(person!.id)).toHaveLength(1);
    await eventually(async () => {
      const rows = await api.deps.db.select().from(events).where(and(eq(events.workspaceId, ws.id), eq(events.subjectId, done.body.account.id)));
      expect(rows.map((r) => r.type).sort()).toEqual(['customer_account.created', 'customer_account.signed_in', 'customer_account.signed_in']);
    });

    expect((await again.req('POST', `/api/community/${ws.slug}/sign-out`)).status).toBe(204);
    expect((await again.req('GET', `/api/community/${ws.slug}/me`)).body.error.code).toBe('customer_session_required');
    // Another community does not know this session.
    expect((await b.req('GET', `/api/community/${other.slug}/me`)).status).toBe(401);
  });

  test('a verified e-mail links to the person who has it; no duplicate is made', async () => {
    const known = (await admin('POST', '/api/contacts', { firstName: 'Bernd', lastName: 'Bekannt', emails: [{ value: 'bernd.bekannt@example.org' }] })).body;
    const login = account('bernd-1', { email: 'Bernd.Bekannt@example.org', email_verified: true, name: 'Bernd B.' });
    const me = await firstSignOn(new Browser(), login, ['tracking']);
    expect(me.account).toMatchObject({ email: 'bernd.bekannt@example.org', emailVerified: true, displayName: 'Bernd B.' });
    expect(await contactsWithEmail('bernd.bekannt@example.org')).toEqual([expect.objectContaining({ id: known.id })]);
    const [identity] = await identityOf(known.id);
    expect(identity!.links[0]).toMatchObject({ method: 'sign_on', evidence: { sub: 'bernd-1', emailVerified: true, matchedBy: 'verified_email' } });
    const row = (await api.deps.db.select().from(customerAccounts).where(and(eq(customerAccounts.workspaceId, ws.id), eq(customerAccounts.id, me.account.id))))[0]!;
    expect(row.contactId).toBe(known.id);
  });

  test('an unverified e-mail never links to an existing person: a new person, an unverified account, a verification mail', async () => {
    const existing = (await admin('POST', '/api/contacts', { firstName: 'Ulla', lastName: 'Unsicher', emails: [{ value: 'ulla@example.org' }] })).body;
    const login = account('ulla-fake', { email: 'ulla@example.org', email_verified: false, name: 'Ulla' });
    const b = new Browser();
    const { res } = await customerSignOn(b, login);
    expect(res.headers.location).toBe(`/community/${ws.slug}/welcome`);
    expect((await b.req('GET', `/api/community/${ws.slug}/sign-on/pending`)).body.emailVerified).toBe(false);
    const done = await b.req('POST', `/api/community/${ws.slug}/sign-on/complete`, { purposes: ['newsletter'] });
    expect(done.status, done.text).toBe(200);
    expect(done.body.account).toMatchObject({ email: 'ulla@example.org', emailVerified: false });

    const people = await contactsWithEmail('ulla@example.org');
    expect(people).toHaveLength(2);
    const created = people.find((p) => p.id !== existing.id)!;
    expect(await identityOf(existing.id)).toEqual([]);
    const [identity] = await identityOf(created.id);
    expect(identity!.links[0]).toMatchObject({ method: 'sign_on', evidence: { sub: 'ulla-fake', emailVerified: false, matchedBy: 'new_person' } });
    // Double opt-in stays pending: the address is unproven.
    const consents = (await admin('GET', `/api/contacts/${created.id}/consents`)).body;
    expect(consents.items.find((i: { purpose: { key: string } }) => i.purpose.key === 'newsletter').status).toBe('pending');

    // The account's address is verified by the mailed link.
    const link = await mailedLink('ulla@example.org', new RegExp(`/community/${ws.slug}/verify-email\\?token=(\\S+)`));
    const verified = await b.req('POST', `/api/community/${ws.slug}/verify-email`, { token: decodeURIComponent(link) });
    expect(verified.body.account.emailVerified).toBe(true);

    // Another unverified claim of an address that has an account is refused.
    const second = account('ulla-fake-2', { email: 'ulla@example.org', email_verified: false });
    const b2 = new Browser();
    await customerSignOn(b2, second);
    const refused = await b2.req('POST', `/api/community/${ws.slug}/sign-on/complete`, { purposes: [] });
    expect(refused.body.error.code).toBe('sign_on_email_in_use');
  });

  test('state: another browser, an unknown, a used and an expired state are refused', async () => {
    const login = account('stella-1', { email: 'stella@example.org', email_verified: true });
    // The provider's answer opened in another browser (a link someone sent): the state is not this browser's.
    const victim = new Browser();
    const attacker = new Browser();
    const start = await attacker.req('GET', `/api/community/${ws.slug}/sign-on/${customerProvider.id}/start`);
    const back = await signInAtProvider(op, String(start.headers.location), login);
    const foreign = await victim.req('GET', back.slice(PUBLIC.length));
    expect(errorOf(foreign)).toBe('sign_on_state_invalid');
    expect(foreign.headers.location).toBe(`/community/${ws.slug}/sign-in?error=sign_on_state_invalid`);

    // A made-up state, even with a matching cookie.
    const b = new Browser();
    b.cookies.set('parley_sign_on_state', 'made-up');
    expect(errorOf(await b.req('GET', `/api/community/${ws.slug}/sign-on/callback?code=abc&state=made-up`))).toBe('sign_on_state_invalid');
    expect(errorOf(await b.req('GET', `/api/community/${ws.slug}/sign-on/callback?code=abc`))).toBe('sign_on_state_invalid');

    // The same answer twice: the state worked once.
    const c = new Browser();
    const first = await customerSignOn(c, login);
    expect(first.res.headers.location).toBe(`/community/${ws.slug}/welcome`);
    c.cookies.set('parley_sign_on_state', first.state);
    expect(errorOf(await c.req('GET', first.callbackPath))).toBe('sign_on_state_invalid');

    // An attempt older than its lifetime.
    const d = new Browser();
    const late = await customerSignOn(d, login, {
      beforeCallback: async () => { await api.deps.db.update(signOnAttempts).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(signOnAttempts.workspaceId, ws.id)); },
    });
    expect(errorOf(late.res)).toBe('sign_on_state_invalid');

    // The answer delivered to another community: its state is unknown there.
    const f = new Browser();
    const s2 = await f.req('GET', `/api/community/${ws.slug}/sign-on/${customerProvider.id}/start`);
    const back2 = await signInAtProvider(op, String(s2.headers.location), login);
    const wrongPlace = await f.req('GET', back2.slice(PUBLIC.length).replace(`/community/${ws.slug}/`, `/community/${other.slug}/`));
    expect(errorOf(wrongPlace)).toBe('sign_on_state_invalid');
  });

  test('a wrong nonce, a replayed code, an expired code and a cancelled sign-on are refused', async () => {
    const login = account('nora-1', { email: 'nora@example.org', email_verified: true });
    const b = new Browser();
    const tampered = await customerSignOn(b, login, {
      beforeProvider: async (state) => { await api.deps.db.update(signOnAttempts).set({ nonce: 'not-the-nonce-sent' }).where(and(eq(signOnAttempts.workspaceId, ws.id), eq(signOnAttempts.state, state))); },
    });
    expect(errorOf(tampered.res)).toBe('sign_on_failed');

    // The same code a second time (with its attempt put back): the provider refuses it.
    let attempt: typeof signOnAttempts.$inferSelect | undefined;
    const c = new Browser();
    const ok = await customerSignOn(c, login, {
      beforeProvider: async (state) => { attempt = (await api.deps.db.select().from(signOnAttempts).where(and(eq(signOnAttempts.workspaceId, ws.id), eq(signOnAttempts.state, state))))[0]; },
    });
    expect(ok.res.headers.location).toBe(`/community/${ws.slug}/welcome`);
    await api.deps.db.insert(signOnAttempts).values(attempt!);
    c.cookies.set('parley_sign_on_state', ok.state);
    expect(errorOf(await c.req('GET', ok.callbackPath))).toBe('sign_on_failed');

    // A code used after it expired at the provider.
    op.codeTtl = 1;
    try {
      const slow = await customerSignOn(new Browser(), login, { beforeCallback: () => new Promise((r) => setTimeout(r, 2100)) });
      expect(errorOf(slow.res)).toBe('sign_on_failed');
    } finally {
      op.codeTtl = 60;
    }

    // The person cancels at the provider.
    const d = new Browser();
    const start = await d.req('GET', `/api/community/${ws.slug}/sign-on/${customerProvider.id}/start`);
    const back = await signInAtProvider(op, String(start.headers.location), login, { cancel: true });
    expect(errorOf(await d.req('GET', back.slice(PUBLIC.length)))).toBe('sign_on_cancelled');

    // None of it made an account.
    expect((await api.deps.db.select().from(customerAccounts).where(and(eq(customerAccounts.workspaceId, ws.id), eq(customerAccounts.email, 'nora@example.org'))))).toHaveLength(0);
  });

  test('e-mail and password: sign-up (unverified, a new person), sign-in, and a later verified sign-on takes the account over', async () => {
    const community = `/api/community/${ws.slug}`;
    const existing = (await admin('POST', '/api/contacts', { firstName: 'Paula', emails: [{ value: 'paula@example.org' }] })).body;
    const b = new Browser();
    const up = await b.req('POST', `${community}/sign-up`, { email: 'Paula@Example.org', password: 'short' });
    expect(up.body.error.code).toBe('validation_failed');
    const made = await b.req('POST', `${community}/sign-up`, { email: 'Paula@Example.org', password: 'paulas-password-1', displayName: 'Paula P', language: 'en', purposes: ['tracking'] });
    expect(made.status, made.text).toBe(201);
    expect(made.body.account).toMatchObject({ email: 'paula@example.org', emailVerified: false, displayName: 'Paula P', hasPassword: true });
    expect((await b.req('GET', `${community}/me`)).status).toBe(200);
    expect((await contactsWithEmail('paula@example.org')).map((p) => p.id)).toContain(existing.id);
    expect(await contactsWithEmail('paula@example.org')).toHaveLength(2);
    expect((await new Browser().req('POST', `${community}/sign-up`, { email: 'paula@example.org', password: 'another-password' })).body.error.code).toBe('account_exists');

    const wrong = await new Browser().req('POST', `${community}/sign-in`, { email: 'paula@example.org', password: 'not-her-password' });
    expect(wrong.status).toBe(401);
    expect((await new Browser().req('POST', `${community}/sign-in`, { email: 'nobody@example.org', password: 'not-her-password' })).body.error.code).toBe('invalid_credentials');
    const inside = await new Browser().req('POST', `${community}/sign-in`, { email: 'paula@example.org', password: 'paulas-password-1' });
    expect(inside.status).toBe(200);
    expect(await mailedLink('paula@example.org', new RegExp(`/community/${ws.slug}/verify-email\\?token=(\\S+)`))).toBeTruthy();

    // The real Paula signs on with a provider that verified the address: whoever chose that password loses it.
    const me = await firstSignOn(new Browser(), account('paula-real', { email: 'paula@example.org', email_verified: true }));
    expect(me.account).toMatchObject({ id: made.body.account.id, emailVerified: true, hasPassword: false });
    expect((await new Browser().req('POST', `${community}/sign-in`, { email: 'paula@example.org', password: 'paulas-password-1' })).status).toBe(401);
    expect((await b.req('GET', `${community}/me`)).status).toBe(401);
    expect((await admin('GET', '/api/contacts?limit=200')).status).toBe(200);
  });
});

describe('staff sign-on', () => {
  test('an active user of the workspace signs in by verified e-mail; nobody else, and never by an unverified one', async () => {
    const agent = await ws.user('agent');
    const b = new Browser();
    const login = account('staff-agent', { email: agent.email, email_verified: true });
    const start = await b.req('GET', `/api/auth/sign-on/${ws.slug}/${staffProvider.id}/start?returnTo=/tasks`);
    expect(start.status).toBe(302);
    const back = await signInAtProvider(op, String(start.headers.location), login);
    expect(back.startsWith(`${staffCallback(ws.slug)}?`)).toBe(true);
    const res = await b.req('GET', back.slice(PUBLIC.length));
    expect(res.headers.location).toBe('/tasks');
    const session = await b.req('GET', '/api/auth/session');
    expect(session.status, session.text).toBe(200);
    expect(session.body.user).toMatchObject({ id: agent.id, role: 'agent' });

    for (const [who, a, code] of [
      ['stranger', { email: 'stranger@example.org', email_verified: true }, 'sign_on_no_user'],
      ['unverified', { email: agent.email, email_verified: false }, 'sign_on_email_unverified'],
    ] as const) {
      const c = new Browser();
      const s = await c.req('GET', `/api/auth/sign-on/${ws.slug}/${staffProvider.id}/start`);
      const r = await c.req('GET', (await signInAtProvider(op, String(s.headers.location), account(`staff-${who}`, a))).slice(PUBLIC.length));
      expect(r.headers.location).toBe(`/?signOnError=${code}`);
      expect(c.cookies.has('parley_session')).toBe(false);
    }
    // A customer provider does not sign in staff.
    expect((await new Browser().req('GET', `/api/auth/sign-on/${ws.slug}/${customerProvider.id}/start`)).headers.location).toBe('/?signOnError=provider_not_found');
  });
});

test('no response in this file carried the client secret', () => {
  expect(seen.length).toBeGreaterThan(50);
  for (const text of seen) expect(text).not.toContain(SECRET);
});

/** The link of the newest mail to `to` that Parley wrote to its mail folder (no SMTP in tests). */
async function mailedLink(to: string, pattern: RegExp): Promise<string> {
  const dir = api.deps.config.mail.dropDir;
  return eventually(async () => {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort().reverse();
    for (const f of files) {
      const text = (await readFile(path.join(dir, f), 'utf8')).replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      if (!new RegExp(`^To: .*${to.replace(/[.]/g, '\\.')}`, 'mi').test(text)) continue;
      const m = pattern.exec(text);
      if (m) return m[1]!;
    }
    throw new Error(`no mail to ${to} yet`);
  });
}
