import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launch, newPage, signIn } from './helpers.ts';

const PDF = (extra: string) => Buffer.from(`%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n${extra}`);

describe('team rooms', () => {
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

  async function upload(button: string, name: string, buffer: Buffer) {
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId(button).click();
    await (await chooser).setFiles({ name, mimeType: 'application/pdf', buffer });
  }

  test('create a private room, post and reply, upload a document and a second version, edit a note twice and see the history', async () => {
    const name = `Vertrieb Süd ${Date.now().toString(36)}`;
    await page.getByRole('link', { name: 'Räume' }).first().click();
    await page.getByTestId('new-room').click();
    await page.getByLabel('Name').fill(name);
    await page.getByText('Privat', { exact: true }).click();
    await page.getByRole('button', { name: 'Raum anlegen' }).click();
    await page.getByRole('heading', { name }).waitFor();
    expect(await page.getByText('Privat', { exact: true }).count()).toBeGreaterThan(0);

    // Feed: a Markdown post with a preview, then a reply in its thread.
    await page.getByTestId('post-body').fill('Neue Preisliste für **Wärmepumpen** #angebot');
    await page.getByRole('tab', { name: 'Vorschau' }).first().click();
    await page.locator('strong', { hasText: 'Wärmepumpen' }).first().waitFor();
    await page.getByRole('tab', { name: 'Schreiben' }).first().click();
    await page.getByTestId('send-post').click();
    const post = page.getByTestId('room-post').first();
    await post.locator('strong', { hasText: 'Wärmepumpen' }).waitFor();
    await post.getByRole('button', { name: 'Antworten' }).click();
    await page.getByTestId('reply-body').fill('Danke, schaue ich mir an');
    await page.getByTestId('send-reply').click();
    await post.getByText('Danke, schaue ich mir an').waitFor();

    // Documents: upload, then a second version through the versions drawer.
    await page.getByRole('tab', { name: 'Dokumente' }).click();
    await upload('upload-document', 'Preisliste.pdf', PDF(''));
    await page.getByTestId('document-row').filter({ hasText: 'Preisliste.pdf' }).waitFor();
    await page.getByTestId('document-versions').click();
    await upload('upload-version', 'Preisliste.pdf', PDF('zweite Fassung'));
    await page.getByTestId('document-version').nth(1).waitFor();
    expect(await page.getByTestId('document-version').first().innerText()).toContain('v2');
    // The document's comments, in the same drawer.
    await page.getByTestId('comment-input').fill('Bitte **Seite 2** prüfen');
    await page.getByTestId('comment-submit').click();
    await page.getByTestId('comment-body').filter({ hasText: 'Seite 2' }).locator('strong').waitFor();
    await page.keyboard.press('Escape');
    // A link to the document (as notifications and search results give it) opens its drawer with the comments.
    const docId = await page.getByTestId('document-row').filter({ hasText: 'Preisliste.pdf' }).getAttribute('data-document-id');
    await page.goto(`${page.url().split('?')[0]}?tab=documents&document=${docId}`);
    await page.getByTestId('comment-body').filter({ hasText: 'Seite 2' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('document-row').filter({ hasText: 'v2' }).waitFor();

    // Notes: create, save twice, see three versions in the history and open the first one.
    await page.getByRole('tab', { name: 'Notizen' }).click();
    await page.getByTestId('new-note-title').fill('Protokoll Montag');
    await page.keyboard.press('Enter');
    await page.getByTestId('note-body').fill('Erste Fassung');
    await page.getByTestId('save-note').click();
    await page.getByTestId('note-revision').nth(1).waitFor();
    await page.getByTestId('note-body').fill('Zweite Fassung mit _mehr_ Details');
    await page.getByTestId('save-note').click();
    await page.getByTestId('note-revision').nth(2).waitFor();
    expect(await page.getByTestId('note-revision').first().innerText()).toContain('v3');
    await page.getByTestId('note-revision').nth(1).getByRole('button', { name: 'Anzeigen' }).click();
    expect(await page.getByTestId('note-revision-body').innerText()).toContain('Erste Fassung');
  });
});
