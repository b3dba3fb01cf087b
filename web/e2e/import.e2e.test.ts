import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launch, newPage, signIn } from './helpers.ts';

// 2,000 rows so the import runs long enough to watch; line 3 has a broken e-mail address.
function csv(): string {
  const lines = ['Vorname;Nachname;E-Mail;Firma;Ort'];
  lines.push('Amelie;Albrecht;amelie.albrecht@example.org;Albrecht Bau GmbH;Köln');
  lines.push('Bernd;Brösel;bernd(at)example;Brösel KG;Bonn');
  for (let i = 0; i < 1998; i++) lines.push(`Import${i};Person${i};import${i}@example.org;Firma ${i % 40};Stadt ${i % 17}`);
  return `${lines.join('\r\n')}\r\n`;
}

describe('import', () => {
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

  test('imports a CSV with a bad row: mapping, preview, progress and the error report', async () => {
    await page.getByRole('link', { name: 'Import' }).first().click();
    await page.getByTestId('import-dropzone').waitFor();
    await page.getByTestId('import-file-input').setInputFiles({ name: 'kontakte.csv', mimeType: 'text/csv', buffer: Buffer.from(csv(), 'utf8') });

    // Mapping with suggestions and a preview that already shows the broken line.
    await page.getByTestId('import-mapping').waitFor({ timeout: 30_000 });
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    expect(await preview.innerText()).toContain('Amelie Albrecht');
    expect(await page.locator('[data-testid=import-mapping] input').first().inputValue()).toBe('Vorname');

    await page.getByTestId('import-start').click();
    await page.getByTestId('import-running').waitFor();
    expect(await page.getByTestId('import-progress').count()).toBe(1);

    const result = page.getByTestId('import-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('import-result-title').innerText()).toBe('Import abgeschlossen');
    expect(await page.getByTestId('import-rows-created').innerText()).toBe('1.999');
    expect(await page.getByTestId('import-rows-failed').innerText()).toBe('1');
    const errorRow = page.getByTestId('import-error-row');
    await errorRow.first().waitFor();
    expect(await errorRow.count()).toBe(1);
    expect(await errorRow.first().innerText()).toContain('Zeile 3');
  });

  test('the imported people are in the list', async () => {
    await page.getByRole('link', { name: 'Kontakte' }).first().click();
    await page.getByTestId('people-search').fill('Amelie Albrecht');
    await page.getByTestId('table-row').filter({ hasText: 'Amelie Albrecht' }).waitFor();
  });
});
