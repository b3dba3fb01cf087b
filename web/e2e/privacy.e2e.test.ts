import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, env, launch, newPage, signIn } from './helpers.ts';

interface Contact { id: string }
interface RetentionRule { kind: string; months: number; enabled: boolean }

describe('data subject rights', () => {
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

  test('exports a person from their page, then erases them after typing their name', async () => {
    const person = await call<Contact>('POST', '/api/contacts', { firstName: 'Greta', lastName: 'Vergessen', emails: [{ value: 'greta.vergessen@example.org' }] });
    await page.goto(`${env().baseUrl}/people/${person.id}`);
    await page.getByTestId('person-actions').click();
    expect(await page.getByTestId('export-personal-json').getAttribute('href')).toBe(`/api/contacts/${person.id}/export?format=json`);
    const html = await page.getByTestId('export-personal-html').getAttribute('href');
    expect(html).toBe(`/api/contacts/${person.id}/export?format=html&lang=de`);
    const page2 = await page.context().request.get(`${env().baseUrl}${html}`);
    expect(await page2.text()).toContain('Personenbezogene Daten: Greta Vergessen');

    await page.getByTestId('erase-person').click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.innerText()).toContain('Greta Vergessen endgültig löschen?');
    const submit = page.getByTestId('erase-submit');
    await page.getByTestId('erase-confirm').fill('Greta');
    expect(await submit.isDisabled()).toBe(true);
    await page.getByTestId('erase-confirm').fill('greta vergessen');
    await submit.click();
    await page.waitForURL(`${env().baseUrl}/people`);
    await expect.poll(() => call('GET', `/api/contacts/${person.id}`).then(() => 'found', (e: Error) => (e.message.includes('404') ? 'gone' : e.message))).toBe('gone');
  });

  test('an admin changes how long unlinked identities are kept', async () => {
    await page.goto(`${env().baseUrl}/settings/retention`);
    const row = page.getByTestId('retention-unlinked_identities');
    await row.waitFor();
    expect(await row.innerText()).toContain('Nicht zugeordnete Identitäten');
    expect(await page.getByTestId('retention-sign_on_attempts').innerText()).toContain('Bis zum Ablauf');
    const months = row.getByRole('textbox');
    await months.fill('6');
    await page.getByTestId('retention-save').click();
    await expect.poll(async () => (await call<{ items: RetentionRule[] }>('GET', '/api/settings/retention')).items.find((r) => r.kind === 'unlinked_identities')?.months).toBe(6);
    await page.getByTestId('retention-run').click();
    await expect.poll(() => row.innerText()).toContain('entfernt');
  });
});
