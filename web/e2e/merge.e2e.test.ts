import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, launch, newPage, signIn } from './helpers.ts';

interface Contact { id: string; displayName: string; jobTitle: string | null; mergedInto: string | null }

describe('duplicates', () => {
  let browser: Browser;
  let page: Page;
  let first: Contact;
  let second: Contact;
  let call: Awaited<ReturnType<typeof apiClient>>;
  beforeAll(async () => {
    call = await apiClient();
    first = await call<Contact>('POST', '/api/contacts', { firstName: 'Friederike', lastName: 'Sonnenschein', emails: [{ value: 'f.sonnenschein@example.org' }], jobTitle: 'Prokuristin' });
    second = await call<Contact>('POST', '/api/contacts', { firstName: 'Friederike', lastName: 'Sonnenschain', emails: [{ value: 'f.sonnenschein@example.org' }], phones: [{ value: '+49 30 1234567' }], jobTitle: 'Geschäftsführerin' });
    browser = await launch();
    ({ page } = await newPage(browser));
    await signIn(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('merges two duplicates field by field and undoes it', async () => {
    await page.getByRole('link', { name: 'Duplikate' }).first().click();
    const candidate = page.getByTestId('duplicate-candidate').filter({ hasText: 'Sonnenschain' });
    await candidate.waitFor();
    await candidate.getByTestId('duplicate-merge').click();

    // The older record stays; take the job title of the other one and watch the preview follow.
    await page.getByTestId('merge-table').waitFor();
    await page.getByRole('button', { name: 'Position – Friederike Sonnenschain' }).click();
    const preview = page.getByTestId('merge-preview');
    await expect.poll(() => preview.innerText(), { timeout: 15_000 }).toContain('Geschäftsführerin');
    expect(await preview.innerText()).toContain('+49 30 1234567');

    await page.getByTestId('merge-confirm').click();
    await page.getByTestId('person-name').waitFor();
    expect(page.url()).toContain(`/people/${first.id}`);
    expect(await call<Contact>('GET', `/api/contacts/${second.id}`)).toMatchObject({ mergedInto: first.id });

    // The timeline says with whom, and offers to undo.
    const undo = page.getByTestId('undo-merge');
    await undo.waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('timeline').innerText()).toContain('Zusammengeführt mit Friederike Sonnenschain');
    await undo.click();
    await page.getByText('Zusammenführung rückgängig gemacht.').waitFor();
    expect(await call<Contact>('GET', `/api/contacts/${second.id}`)).toMatchObject({ mergedInto: null, jobTitle: 'Geschäftsführerin' });
    expect(await call<Contact>('GET', `/api/contacts/${first.id}`)).toMatchObject({ jobTitle: 'Prokuristin' });
  });
});
