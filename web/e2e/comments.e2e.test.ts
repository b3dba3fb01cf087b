import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { apiClient, env, launch, newPage, signIn } from './helpers.ts';

const SHOTS = '/tmp/shots';
// The OWASP filter-evasion vectors, shared with the server's unit test of lib/markdown.ts.
const XSS_VECTORS: string[] = JSON.parse(readFileSync(new URL('../../server/src/lib/fixtures/xss-vectors.json', import.meta.url), 'utf8')).vectors;
let browser: Browser;
let call: Awaited<ReturnType<typeof apiClient>>;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  call = await apiClient();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

test('XSS: every OWASP filter-evasion vector typed into a comment renders inert', async () => {
  const person = await call<{ id: string }>('POST', '/api/contacts', { firstName: 'Xaver', lastName: `Sicherheit${Date.now().toString(36)}` });
  for (const v of XSS_VECTORS) await call('POST', `/api/records/contact/${person.id}/comments`, { body: v });
  const { context, page } = await newPage(browser);
  const dialogs: string[] = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  await signIn(page);
  await page.goto(`${env().baseUrl}/people/${person.id}`);
  await page.getByTestId('comments-tab').click();
  // One more, typed through the editor like a person would (with its preview).
  const typed = `<img src=x onerror="window.__xss=1"> **fett** <script>window.__xss=1</script>`;
  await page.getByTestId('comment-input').fill(typed);
  await page.getByTestId('comment-preview-tab').click();
  await expect.poll(() => page.getByTestId('comment-preview').innerText()).toContain('fett');
  await page.getByRole('tab', { name: /Schreiben/ }).click();
  await page.getByTestId('comment-submit').click();
  await expect.poll(() => page.getByTestId('comment').count(), { timeout: 20_000 }).toBe(XSS_VECTORS.length + 1);
  // Hover and click every body: handlers that need an event would fire now.
  const bodies = page.getByTestId('comment-body');
  for (let i = 0; i < (await bodies.count()); i += 1) await bodies.nth(i).hover();
  const report = await page.evaluate(() => {
    const roots = [...document.querySelectorAll('[data-testid=comment-body], [data-testid=comment-preview]')];
    const all = roots.flatMap((r) => [...r.querySelectorAll('*')]);
    return {
      xss: (window as unknown as { __xss?: unknown }).__xss,
      onAttrs: all.filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).length,
      dangerous: all.filter((el) => /^(script|iframe|object|embed|svg|math|img|style|link|meta|base|form|input|button|frame|video|audio)$/i.test(el.tagName)).length,
      badHrefs: all.filter((el) => el.hasAttribute('href') && !/^(https?|mailto):$/.test(new URL(el.getAttribute('href')!, location.href).protocol)).length,
    };
  });
  await page.screenshot({ path: `${SHOTS}/comments-xss.png`, fullPage: false });
  expect(report).toEqual({ xss: undefined, onAttrs: 0, dangerous: 0, badHrefs: 0 });
  expect(dialogs).toEqual([]);
  await context.close();
});

test('a hashtag page shows the counts', async () => {
  const tag = `Lieferverzug${Date.now().toString(36)}`;
  const person = await call<{ id: string }>('POST', '/api/contacts', { firstName: 'Helga', lastName: 'Brandt' });
  const company = await call<{ id: string }>('POST', '/api/companies', { name: 'Brandt Haustechnik GmbH' });
  await call('POST', `/api/records/contact/${person.id}/comments`, { body: `Kunde wartet seit zwei Wochen #${tag} #Eskalation` });
  await call('POST', `/api/records/contact/${person.id}/comments`, { body: `Nachgefragt beim Lager, weiterhin #${tag}` });
  await call('POST', `/api/records/company/${company.id}/comments`, { body: `Rahmenvertrag betroffen #${tag}` });
  const { context, page } = await newPage(browser);
  await signIn(page);
  // From a comment: the hashtag is a link to its page.
  await page.goto(`${env().baseUrl}/companies/${company.id}`);
  await page.getByTestId('comments-tab').click();
  await page.getByTestId('comment-body').getByRole('link', { name: `#${tag}` }).click();
  await page.getByTestId('hashtag-page').waitFor();
  expect(page.url()).toContain(`/hashtags/${tag.toLowerCase()}`);
  await expect.poll(() => page.getByTestId('hashtag-total').textContent()).toBe('3 Verwendungen');
  const weeks = page.getByTestId('hashtag-week');
  expect(await weeks.count()).toBe(26);
  expect(await weeks.last().getAttribute('data-count')).toBe('3');
  const byType = await page.getByTestId('hashtag-by-type').innerText();
  expect(byType).toMatch(/Person\s*2/);
  expect(byType).toMatch(/Firma\s*1/);
  expect(await page.getByTestId('hashtag-related').innerText()).toContain('#eskalation (1)');
  expect(await page.getByTestId('hashtag-uses').locator('tbody tr').count()).toBe(3);
  await page.screenshot({ path: `${SHOTS}/hashtag-page.png`, fullPage: true });
  await context.close();
});

test('an admin renames a hashtag on its page, and the search finds a room post by a word in it', async () => {
  // Letters only: the search takes a word as a whole.
  const sfx = Date.now().toString(36).replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);
  const person = await call<{ id: string }>('POST', '/api/contacts', { firstName: 'Greta', lastName: 'Ventil' });
  const room = await call<{ id: string }>('POST', '/api/rooms', { name: `Ersatzteile ${sfx}`, visibility: 'public' });
  const post = await call<{ id: string }>('POST', `/api/rooms/${room.id}/posts`, { body: `Lieferung der Ventile kommt morgen, Stichwort Quokka${sfx} #Ventil${sfx}` });
  await call('POST', `/api/records/contact/${person.id}/comments`, { body: `Rückfrage zu Quokka${sfx} #Ventil${sfx}` });
  // The room post's use is written by a job.
  await expect.poll(async () => (await call<{ total: number }>('GET', `/api/hashtags/ventil${sfx}`)).total, { timeout: 20_000 }).toBe(2);

  const { context, page } = await newPage(browser);
  await signIn(page);
  await page.goto(`${env().baseUrl}/hashtags/ventil${sfx}`);
  await expect.poll(() => page.getByTestId('hashtag-total').textContent()).toBe('2 Verwendungen');
  expect(await page.getByTestId('hashtag-by-type').innerText()).toMatch(/Raum\s*1/);
  await page.getByTestId('hashtag-rename').click();
  const name = page.getByTestId('hashtag-new-name');
  expect(await name.inputValue()).toBe(`Ventil${sfx}`);
  // The old name is refused in the dialog itself.
  await page.getByTestId('hashtag-admin-submit').click();
  expect(await page.getByTestId('hashtag-admin-error').innerText()).toBe('Das ist der bisherige Name.');
  await name.fill(`#Armatur${sfx}`);
  await page.getByTestId('hashtag-admin-submit').click();
  // It says what will happen before it does it.
  expect(await page.getByTestId('hashtag-admin-confirmation').innerText()).toContain(`2 Verwendungen ziehen zu #Armatur${sfx} um.`);
  await page.getByTestId('hashtag-admin-confirm').click();
  // The page follows the tag to its new name.
  await page.waitForURL(`**/hashtags/armatur${sfx}`);
  await page.getByTestId('hashtag-title').filter({ hasText: `#Armatur${sfx}` }).waitFor();
  await expect.poll(() => page.getByTestId('hashtag-total').textContent()).toBe('2 Verwendungen');
  await page.screenshot({ path: `${SHOTS}/hashtag-renamed.png` });
  expect((await call<{ total: number }>('GET', `/api/hashtags/ventil${sfx}`)).total).toBe(0);

  // The search finds the comment and the room post by a word of theirs; arrows move, Enter opens the post in its room.
  await page.keyboard.press('Control+k');
  const input = page.getByTestId('global-search-input');
  await input.fill(`Quokka${sfx}`);
  const results = page.getByTestId('global-search-result');
  await results.filter({ hasText: `Ersatzteile ${sfx}` }).waitFor();
  expect(await results.evaluateAll((els) => els.map((e) => e.getAttribute('data-type')))).toEqual(['comment', 'room_post']);
  expect(await results.nth(0).innerText()).toMatch(/Kommentar/i);
  expect(await results.nth(1).innerText()).toMatch(/Raum-Beitrag/i);
  expect(await results.nth(1).getByTestId('global-search-mark').innerText()).toBe(`Quokka${sfx}`);
  await page.screenshot({ path: `${SHOTS}/search-room-post.png` });
  await page.keyboard.press('ArrowDown');
  expect(await results.nth(1).getAttribute('aria-selected')).toBe('true');
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/rooms/${room.id}#post-${post.id}`);
  const entry = page.locator(`#post-${post.id}`);
  await entry.waitFor();
  expect(await entry.innerText()).toContain(`Stichwort Quokka${sfx}`);
  expect(await input.count()).toBe(0);

  // The comment's result opens the person's comments with the comment in view.
  await page.keyboard.press('Control+k');
  await page.getByTestId('global-search-input').fill(`Quokka${sfx}`);
  await results.filter({ hasText: 'Greta Ventil' }).waitFor();
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/people/${person.id}#comment-*`);
  const comment = page.getByTestId('comment').filter({ hasText: `Rückfrage zu Quokka${sfx}` });
  await comment.waitFor();
  expect(await comment.getByTestId('comment-body').innerText()).toContain(`#Armatur${sfx}`);
  await context.close();
});

test('editing a comment removes one attachment and adds another', async () => {
  const person = await call<{ id: string }>('POST', '/api/contacts', { firstName: 'Anja', lastName: `Anhang${Date.now().toString(36)}` });
  const { context, page } = await newPage(browser);
  await signIn(page);
  await page.goto(`${env().baseUrl}/people/${person.id}`);
  await page.getByTestId('comments-tab').click();
  await page.getByTestId('comment-input').fill('Angebot anbei');
  const [first] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('comment-attach').click()]);
  await first.setFiles({ name: 'Angebot.txt', mimeType: 'text/plain', buffer: Buffer.from('Angebot') });
  await page.getByTestId('comment-submit').click();
  await page.getByTestId('comment-attachment').filter({ hasText: 'Angebot.txt' }).waitFor();

  await page.getByTestId('comment-edit').click();
  const editor = page.getByTestId('comment').getByTestId('comment-editor');
  await editor.getByTestId('comment-edit-attachment').filter({ hasText: 'Angebot.txt' }).getByRole('button').click();
  expect(await editor.getByTestId('comment-edit-attachment').getAttribute('data-removed')).toBe('true');
  const [second] = await Promise.all([page.waitForEvent('filechooser'), editor.getByTestId('comment-attach').click()]);
  await second.setFiles({ name: 'Preise.txt', mimeType: 'text/plain', buffer: Buffer.from('Preise') });
  await editor.getByTestId('comment-input').fill('Angebot ersetzt durch die Preisliste');
  await editor.getByTestId('comment-submit').click();
  await page.getByTestId('comment-body').filter({ hasText: 'Preisliste' }).waitFor();
  await expect.poll(() => page.getByTestId('comment-attachment').allInnerTexts()).toEqual([expect.stringContaining('Preise.txt')]);
  await context.close();
});
