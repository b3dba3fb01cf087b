import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, env, launch, newPage, signIn } from './helpers.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Starts the tests' OpenID provider (server/src/testing/oidc-provider-main.ts) as its own process; resolves its issuer. */
async function startProvider(clients: unknown[], accounts: Record<string, unknown>): Promise<{ issuer: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/testing/oidc-provider-main.ts'], {
    cwd: root, env: { ...process.env, OIDC_CLIENTS: JSON.stringify(clients), OIDC_ACCOUNTS: JSON.stringify(accounts) }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`The OpenID provider exited (code ${code})`)));
  });
  return { issuer: (JSON.parse(first) as { issuer: string }).issuer, child };
}

// Sign-on through a real OpenID provider (oidc-provider on localhost, its own login and consent pages) in headless
// Chromium: an admin adds the provider in Settings; a customer signs in to the community with it, answers the
// consent purposes on the first sign-on page and is signed in; staff see a button on the sign-in page.
describe('sign-on', () => {
  let browser: Browser;
  let admin: Page;
  let op: { issuer: string; child: ChildProcess } | undefined;
  let issuer = '';
  let slug = '';
  let call: Awaited<ReturnType<typeof apiClient>>;
  const stamp = Date.now().toString(36);
  const customerEmail = `kim.kunde.${stamp}@example.org`;

  beforeAll(async () => {
    call = await apiClient();
    await call('PATCH', '/api/me', { language: 'de' });
    const session = await call<{ workspace: { slug: string }; user: { email: string } }>('GET', '/api/auth/session');
    slug = session.workspace.slug;
    const { baseUrl } = env();
    op = await startProvider([{
      clientId: 'parley-e2e', clientSecret: 'e2e-client-secret-value',
      redirectUris: [`${baseUrl}/api/community/${slug}/sign-on/callback`, `${baseUrl}/api/auth/sign-on/${slug}/callback`],
    }], {
      [`kim-${stamp}`]: { email: customerEmail, email_verified: true, given_name: 'Kim', family_name: 'Kunde' },
      [`admin-${stamp}`]: { email: session.user.email, email_verified: true, name: 'Admin' },
    });
    issuer = op.issuer;
    browser = await launch();
    ({ page: admin } = await newPage(browser));
    await signIn(admin);
  });
  afterAll(async () => {
    // The other browser tests share this server: no provider of this file stays enabled for them.
    for (const p of (await call<{ items: { id: string; issuer: string }[] }>('GET', '/api/sign-on-providers')).items) {
      if (issuer && p.issuer === issuer) await call('PATCH', `/api/sign-on-providers/${p.id}`, { enabled: false });
    }
    await browser?.close();
    op?.child.kill('SIGTERM');
  });

  /** The provider's development login and consent pages, as a person fills them in. */
  async function signInAtProviderPage(page: Page, login: string): Promise<void> {
    await page.waitForURL((u) => u.href.startsWith(issuer));
    await page.locator('input[name=login]').fill(login);
    await page.locator('input[name=password]').fill('beliebig');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  test('the admin adds a customer sign-on provider in Settings; the secret is not shown again', async () => {
    await admin.goto(`${env().baseUrl}/settings/sign-on`);
    await admin.getByRole('button', { name: 'Anbieter hinzufügen' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Anbieter hinzufügen' });
    await dialog.locator('input[name=name]').fill('Test-ID');
    await dialog.locator('input[name=issuer]').fill(issuer);
    await dialog.locator('input[name=clientId]').fill('parley-e2e');
    await dialog.locator('input[name=clientSecret]').fill('e2e-client-secret-value');
    expect(await dialog.getByText(`/api/community/${slug}/sign-on/callback`).count()).toBeGreaterThan(0);
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    const row = admin.getByTestId('sign-on-row').filter({ hasText: 'Test-ID' });
    await row.waitFor();
    expect((await row.innerText()).toLowerCase()).toContain('kunden');
    expect(await admin.content()).not.toContain('e2e-client-secret-value');
    await row.getByRole('button', { name: 'Aktionen' }).click();
    await admin.getByRole('menuitem', { name: 'Bearbeiten' }).click();
    const edit = admin.getByRole('dialog', { name: 'Anbieter bearbeiten' });
    expect(await edit.locator('input[name=clientSecret]').inputValue()).toBe('');
    await edit.getByText('Ein Secret ist gespeichert. Leer lassen, um es zu behalten.').waitFor();
    await edit.getByRole('button', { name: 'Abbrechen' }).click();
  });

  test('a customer signs in with the provider, consents on the first sign-on page and is signed in', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${env().baseUrl}/community/${slug}/sign-in`);
    await page.getByRole('heading', { name: 'Anmelden' }).waitFor();
    await page.getByRole('link', { name: 'Weiter mit Test-ID' }).click();
    // The provider's own login and consent pages.
    await signInAtProviderPage(page, `kim-${stamp}`);
    await page.getByTestId('first-sign-on').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/community/${slug}/welcome`);
    await page.getByText(`als ${customerEmail} angemeldet`).waitFor();
    const purpose = page.getByRole('checkbox').first();
    const purposeName = await purpose.getAttribute('name');
    await purpose.check();
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.getByTestId('community-signed-in').waitFor();
    await page.getByText(`Sie sind angemeldet als ${customerEmail}.`).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/community/${slug}`);

    // In the back office: a new person with the identity linked by sign-on, and the consent given.
    const people = await call<{ items: { id: string; email: string }[] }>('GET', `/api/contacts?q=${encodeURIComponent(customerEmail)}`);
    const person = people.items.find((p) => p.email === customerEmail)!;
    expect(person).toBeDefined();
    const identities = await call<{ items: { network: string; links: { method: string; evidence: { sub: string } }[] }[] }>('GET', `/api/contacts/${person.id}/identities`);
    expect(identities.items[0]).toMatchObject({ network: 'oidc', links: [{ method: 'sign_on', evidence: { sub: `kim-${stamp}` } }] });
    const consents = await call<{ items: { purpose: { key: string }; status: string }[] }>('GET', `/api/contacts/${person.id}/consents`);
    expect(consents.items.find((c) => `purpose-${c.purpose.key}` === purposeName)?.status).toBe('granted');

    // Signing out leads back to the sign-in page; signing in again with the provider needs no second consent.
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByRole('link', { name: 'Weiter mit Test-ID' }).click();
    await page.getByTestId('community-signed-in').waitFor();
    await context.close();
  });

  test('staff see their provider on the sign-in page and sign in with it', async () => {
    await call('POST', '/api/sign-on-providers', { audience: 'staff', kind: 'oidc', name: 'Firmen-Login', issuer, clientId: 'parley-e2e', clientSecret: 'e2e-client-secret-value' });
    const { context, page } = await newPage(browser);
    await page.goto(`${env().baseUrl}/`);
    await page.getByRole('link', { name: 'Weiter mit Firmen-Login' }).click();
    await signInAtProviderPage(page, `admin-${stamp}`);
    await page.getByTestId('user-menu').waitFor();
    await context.close();
  });
});
