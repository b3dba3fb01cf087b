import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chooseLanguage, launch, newPage, signIn } from './helpers.ts';

const navTexts = (page: Page) => page.locator('nav').first().innerText();

describe('language', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launch();
    ({ page } = await newPage(browser, 'en-GB'));
    await signIn(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('switches to English at once and keeps it after a reload', async () => {
    await chooseLanguage(page, 'en');
    await expect.poll(() => navTexts(page), { timeout: 15_000 }).toContain('People');
    expect(await navTexts(page)).toContain('Companies');
    await page.reload();
    await page.getByTestId('user-menu').waitFor();
    await expect.poll(() => navTexts(page), { timeout: 15_000 }).toContain('People');
  });

  test('switches to German and shows German labels', async () => {
    await chooseLanguage(page, 'de');
    await expect.poll(() => navTexts(page), { timeout: 15_000 }).toContain('Kontakte');
    const nav = await navTexts(page);
    for (const label of ['Firmen', 'Aufgaben', 'Duplikate', 'Import']) expect(nav).toContain(label);
    expect(await page.locator('body').innerText()).toContain('Einstellungen');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Kontakte');
    expect(await page.getByTestId('new-person').innerText()).toBe('Neuer Kontakt');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
  });
});
