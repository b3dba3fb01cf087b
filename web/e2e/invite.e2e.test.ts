import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, env, launch, newPage, signIn } from './helpers.ts';

// An admin invites a colleague in Settings → Users; the colleague opens the link in their own browser, chooses a
// password and is signed in. The link works once.
describe('invitation', () => {
  let browser: Browser;
  let admin: Page;
  let inviteUrl = '';
  const stamp = Date.now().toString(36);
  const email = `ines.neumann.${stamp}@example.org`;
  const password = 'Einladung-angenommen-2026';

  beforeAll(async () => {
    // The labels below are German: the admin's language decides the invitee's default.
    await (await apiClient())('PATCH', '/api/me', { language: 'de' });
    browser = await launch();
    ({ page: admin } = await newPage(browser));
    await signIn(admin);
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('the admin invites a user and sees the link once', async () => {
    await admin.goto(`${env().baseUrl}/settings/users`);
    await admin.getByRole('button', { name: 'Benutzer einladen' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Benutzer einladen' });
    await dialog.getByLabel('Name').fill('Ines Neumann');
    await dialog.getByLabel('E-Mail').fill(email);
    await dialog.getByRole('button', { name: 'Einladung erstellen' }).click();
    inviteUrl = (await dialog.getByTestId('shown-once').locator('pre, code').first().innerText()).trim();
    expect(inviteUrl).toMatch(new RegExp(`^${env().baseUrl}/invite/\\S+$`));
    await dialog.getByRole('button', { name: 'Fertig' }).click();
    await admin.getByTestId('user-row').filter({ hasText: email }).filter({ hasText: 'Eingeladen' }).waitFor();
  });

  test('the invitee opens the link in a fresh browser, sets name and password and lands signed in', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(inviteUrl);
    await page.getByRole('heading', { name: 'Einladung annehmen' }).waitFor();
    await page.locator('input[name=name]').fill('Ines Ingrid Neumann');
    await page.locator('input[name=password]').fill(password);
    await page.locator('input[name=passwordRepeat]').fill(`${password}x`);
    await page.getByRole('button', { name: 'Konto aktivieren' }).click();
    // Checked in the browser, before anything is sent.
    await page.getByText('Die beiden Passwörter stimmen nicht überein.').waitFor();
    await page.locator('input[name=passwordRepeat]').fill(password);
    await page.keyboard.press('Enter');
    await page.getByTestId('user-menu').waitFor();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toBe('/people');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Kontakte');
    await page.getByTestId('people-table').waitFor();
    expect(await page.getByTestId('user-menu').innerText()).toContain('Ines Ingrid Neumann');
    await context.close();
  });

  test('the admin sees the user as active', async () => {
    await admin.reload();
    await admin.getByTestId('user-row').filter({ hasText: 'Ines Ingrid Neumann' }).filter({ hasText: 'Aktiv' }).waitFor();
  });

  test('the link works only once, and a broken link says so', async () => {
    const { context, page } = await newPage(browser);
    for (const url of [inviteUrl, `${env().baseUrl}/invite/not-a-token`]) {
      await page.goto(url);
      await page.locator('input[name=password]').fill(password);
      await page.locator('input[name=passwordRepeat]').fill(password);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Dieser Einladungslink ist ungültig' }).waitFor();
    }
    await page.getByRole('link', { name: 'Zur Anmeldung' }).click();
    await page.locator('input[name=email]').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await context.close();
  });
});
