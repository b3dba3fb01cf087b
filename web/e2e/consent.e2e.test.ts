import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, env, launch, newPage, signIn } from './helpers.ts';

interface Contact { id: string }
interface PersonConsents { items: { purpose: { key: string }; status: string }[]; history: unknown[] }

describe('consent', () => {
  let browser: Browser;
  let page: Page;
  let call: Awaited<ReturnType<typeof apiClient>>;
  beforeAll(async () => {
    call = await apiClient();
    browser = await launch();
    ({ page } = await newPage(browser));
    await signIn(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('records a consent on the person page, withdraws it, and shows the ledger', async () => {
    const person = await call<Contact>('POST', '/api/contacts', { firstName: 'Konstanze', lastName: 'Einwilliger', emails: [{ value: 'k.einwilliger@example.org' }] });
    await page.goto(`${env().baseUrl}/people/${person.id}`);
    const panel = page.getByTestId('consent-panel');
    const enrichment = panel.getByTestId('consent-social_enrichment');
    await enrichment.waitFor();
    expect(await enrichment.getAttribute('data-status')).toBe('none');

    await enrichment.getByRole('button', { name: 'Einwilligung erfassen' }).click();
    await page.getByRole('dialog').getByLabel('Notiz').fill('Am Telefon zugestimmt');
    await page.getByTestId('consent-grant-submit').click();
    await expect.poll(() => enrichment.getAttribute('data-status')).toBe('granted');
    expect(await enrichment.innerText()).toContain('Erteilt');

    // A double opt-in purpose waits for the person's confirmation.
    const newsletter = panel.getByTestId('consent-newsletter');
    await newsletter.getByRole('button', { name: 'Einwilligung erfassen' }).click();
    expect(await page.getByRole('dialog').innerText()).toContain('k.einwilliger@example.org');
    await page.getByTestId('consent-grant-submit').click();
    await expect.poll(() => newsletter.getAttribute('data-status')).toBe('pending');
    expect(await newsletter.innerText()).toContain('Bestätigung ausstehend');

    await enrichment.getByRole('button', { name: 'Widerrufen' }).click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => enrichment.getAttribute('data-status')).toBe('withdrawn');
    const state = await call<PersonConsents>('GET', `/api/contacts/${person.id}/consents`);
    expect(state.items.find((i) => i.purpose.key === 'social_enrichment')?.status).toBe('withdrawn');

    await page.getByTestId('consent-history-open').click();
    const history = page.getByTestId('consent-history');
    await history.waitFor();
    const text = await history.innerText();
    expect(text).toContain('Am Telefon zugestimmt');
    expect(text).toContain('Bestätigung angefragt');
    expect(await history.locator('tbody tr').count()).toBe(3);
    await page.keyboard.press('Escape');
  });

  test('an admin rewords a purpose (a new version) and archives it in the settings', async () => {
    await page.goto(`${env().baseUrl}/settings/consent`);
    await page.getByRole('button', { name: 'Neuer Zweck' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Titel (Deutsch)').fill('Hausmesse');
    await dialog.getByLabel('Titel (Englisch)').fill('Open day');
    await dialog.getByLabel('Text (Deutsch)').fill('Ich möchte zur Hausmesse eingeladen werden.');
    await dialog.getByLabel('Text (Englisch)').fill('I would like to be invited to the open day.');
    await page.getByTestId('purpose-save').click();
    const row = page.getByTestId('purpose-hausmesse');
    await row.waitFor();
    expect(await row.innerText()).toContain('v1');

    await row.getByRole('button', { name: 'Aktionen' }).click();
    await page.getByRole('menuitem', { name: 'Bearbeiten' }).click();
    await page.getByRole('dialog').getByLabel('Text (Deutsch)').fill('Ich möchte zu Hausmessen und Werksführungen eingeladen werden.');
    await page.getByTestId('purpose-save').click();
    await expect.poll(() => row.innerText()).toContain('v2');

    await row.getByRole('button', { name: 'Aktionen' }).click();
    await page.getByRole('menuitem', { name: 'Archivieren' }).click();
    await page.getByTestId('confirm-ok').click();
    await row.waitFor({ state: 'detached' });
    await page.getByLabel('Archivierte Zwecke zeigen').check();
    await row.waitFor();
    expect(await row.innerText()).toContain('archiviert');
  });
});
