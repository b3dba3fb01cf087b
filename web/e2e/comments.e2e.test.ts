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
