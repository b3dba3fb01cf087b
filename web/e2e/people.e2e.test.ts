import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launch, newPage, signIn } from './helpers.ts';

describe('people', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launch();
    ({ page } = await newPage(browser));
    await signIn(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('a search without hits says so and offers to reset the filters', async () => {
    await page.getByTestId('people-search').fill('Zyxwvutsrq');
    await page.getByText('Keine Treffer').waitFor();
    await page.getByRole('button', { name: 'Filter zurücksetzen' }).first().click();
    await expect.poll(() => page.getByTestId('people-search').inputValue(), { timeout: 15_000 }).toBe('');
    expect(page.url()).not.toContain('q=');
  });

  test('creates a person with the keyboard shortcut and lands on the detail page', async () => {
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('n');
    await page.getByRole('dialog', { name: 'Neuen Kontakt anlegen' }).waitFor();
    await page.locator('input[name=firstName]').fill('Theodora');
    await page.locator('input[name=lastName]').fill('Wachtmeister');
    await page.locator('input[name=email]').fill('theodora.wachtmeister@example.org');
    await page.locator('input[name=jobTitle]').fill('Einkaufsleiterin');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('person-name').innerText().catch(() => ''), { timeout: 15_000 }).toBe('Theodora Wachtmeister');
    expect(page.url()).toMatch(/\/people\/[0-9a-f-]{36}$/);
  });

  test('finds the person by a misspelt name in the list search', async () => {
    await page.getByRole('link', { name: 'Kontakte' }).first().click();
    await page.getByTestId('people-search').fill('Wachtmeistr');
    await expect.poll(() => page.url(), { timeout: 15_000 }).toContain('q=Wachtmeistr');
    const row = page.getByTestId('table-row').filter({ hasText: 'Theodora Wachtmeister' });
    await row.waitFor();
    // The total is its own request and may arrive after the rows.
    await expect.poll(() => page.getByTestId('people-total').innerText(), { timeout: 10_000 }).toBe('1 Kontakt');
    // The view lives in the URL: reloading keeps the search.
    await page.reload();
    await page.getByTestId('table-row').filter({ hasText: 'Theodora Wachtmeister' }).waitFor();
    expect(await page.getByTestId('people-search').inputValue()).toBe('Wachtmeistr');
  });

  test('finds the person by a misspelt name in the global search and opens it with Enter', async () => {
    await page.getByTestId('people-search').fill('');
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('Control+k');
    const input = page.getByTestId('global-search-input');
    await input.waitFor();
    await input.fill('Teodora Wachtmeister');
    await page.getByTestId('global-search-result').filter({ hasText: 'Theodora Wachtmeister' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('person-name').waitFor();
    expect(await page.getByTestId('person-name').innerText()).toBe('Theodora Wachtmeister');
    expect(await input.count()).toBe(0);
  });

  test('adds a note and sees it in the timeline', async () => {
    await page.getByTestId('note-input').click();
    await page.getByTestId('note-input').fill('Rückruf wegen Wärmepumpe am Freitag.');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('timeline-title').filter({ hasText: 'Notiz hinzugefügt' }).waitFor({ timeout: 20_000 });
  });

  test('exports the filtered list as CSV or vCard from the export menu', async () => {
    await page.getByRole('link', { name: 'Kontakte' }).first().click();
    await page.getByTestId('people-search').fill('Wachtmeister');
    await expect.poll(() => page.url(), { timeout: 15_000 }).toContain('q=Wachtmeister');
    await page.getByTestId('export-menu').click();
    const href = async (key: string) => new URL((await page.getByTestId(`export-${key}`).getAttribute('href'))!, page.url());
    const excel = await href('excel');
    expect(excel.pathname).toBe('/api/contacts/export.csv');
    expect(excel.searchParams.get('delimiter')).toBe('semicolon');
    expect(excel.searchParams.get('q')).toBe('Wachtmeister');
    expect((await href('csv')).searchParams.has('delimiter')).toBe(false);
    const vcard = await href('vcard4');
    expect(vcard.pathname).toBe('/api/contacts/export.vcf');
    expect(vcard.searchParams.get('version')).toBe('4.0');
    // The links download with the browser's session: the file holds the one person the search finds.
    const csv = await page.request.get(excel.toString());
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('Theodora;Wachtmeister');
    const card = await (await page.request.get(vcard.toString())).text();
    expect(card.match(/BEGIN:VCARD/g)).toHaveLength(1);
    expect(card).toContain('VERSION:4.0');
    expect(card).toContain('FN:Theodora Wachtmeister');
    await page.keyboard.press('Escape');
  });
});
