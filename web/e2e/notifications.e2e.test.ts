import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { apiClient, env, launch, newPage, signIn } from './helpers.ts';

const SHOTS = '/tmp/shots';
const PASSWORD = 'bea-password-1234';

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

/** A colleague who accepted their invitation: a second person with their own browser. */
async function colleague(handle: string): Promise<{ id: string; email: string }> {
  const email = `${handle}@e2e.example`;
  const invited = await call<{ user: { id: string }; inviteUrl: string }>('POST', '/api/users/invite', { email, name: 'Bea Brenner', role: 'sales', language: 'de' });
  const token = /[?&]token=([^&#]+)/.exec(invited.inviteUrl)?.[1] ?? invited.inviteUrl.split('/').pop()!;
  const res = await fetch(`${env().baseUrl}/api/auth/accept-invite`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: decodeURIComponent(token), password: PASSWORD }) });
  expect(res.status, await res.text()).toBeLessThan(300);
  return { id: invited.user.id, email };
}

async function signInAs(page: Page, email: string): Promise<void> {
  await page.goto(`${env().baseUrl}/`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByTestId('user-menu').waitFor();
}

test('A mentions B in a note on a person; B sees the bell count rise without reloading and clicks through to the note', async () => {
  const handle = `bea${Date.now().toString(36)}`;
  const bea = await colleague(handle);
  const person = await call<{ id: string }>('POST', '/api/contacts', { firstName: 'Annegret', lastName: 'Vogelsang' });

  const a = await newPage(browser);
  await signIn(a.page);
  const b = await newPage(browser);
  await signInAs(b.page, bea.email);
  await b.page.goto(`${env().baseUrl}/tasks`);
  const bell = b.page.getByTestId('notification-bell');
  await bell.waitFor();
  await expect.poll(() => b.page.getByTestId('notification-count').getAttribute('data-count')).toBe('0');
  // Give the page's stream a moment to open before the mention.
  await b.page.waitForTimeout(500);
  const urlBefore = b.page.url();

  // A writes the note the way a person does, with a typed @handle (the e-mail's local part).
  await a.page.goto(`${env().baseUrl}/people/${person.id}`);
  await a.page.getByTestId('note-input').click();
  await a.page.getByTestId('note-input').fill(`Bitte Frau Vogelsang wegen der Wartung zurückrufen, @${handle}. Danke!`);
  await a.page.getByTestId('note-save').click();

  // B: the count rises on the page already open, without a reload.
  await expect.poll(() => b.page.getByTestId('notification-count').getAttribute('data-count'), { timeout: 10_000 }).toBe('1');
  expect(b.page.url()).toBe(urlBefore);
  await bell.click();
  const item = b.page.getByTestId('notification').first();
  await item.waitFor();
  expect(await item.textContent()).toContain('hat Sie erwähnt');
  expect(await item.textContent()).toContain('Wartung');
  await b.page.waitForTimeout(300); // the popover's transition
  await b.page.screenshot({ path: `${SHOTS}/notifications-centre.png` });
  // Keyboard: the centre's entries are buttons.
  await item.focus();
  await b.page.keyboard.press('Enter');

  await b.page.waitForURL(new RegExp(`/people/${person.id}#note-`));
  const noteId = new URL(b.page.url()).hash.slice(1);
  const note = b.page.locator(`#${noteId}`);
  await note.waitFor();
  expect(await note.textContent()).toContain('Wartung');
  await expect.poll(() => note.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  })).toBe(true);
  await b.page.screenshot({ path: `${SHOTS}/notifications-note.png` });
  // Opened means read.
  await expect.poll(() => b.page.getByTestId('notification-count').getAttribute('data-count')).toBe('0');
  // The preferences: mentions only by daily digest from now on.
  await b.page.goto(`${env().baseUrl}/settings/notifications`);
  const mentionRow = b.page.getByTestId('notification-preferences').locator('tr[data-kind=mention]');
  await mentionRow.getByText('Täglich').click();
  await b.page.getByText('Gespeichert').first().waitFor();
  await b.page.screenshot({ path: `${SHOTS}/notifications-settings.png` });
  await b.page.reload();
  // The reloaded page reads the preferences again (slow on a busy machine: more than the poll's default second).
  await expect.poll(() => mentionRow.locator('input[value=daily_digest]').isChecked(), { timeout: 10_000 }).toBe(true);
  expect(await b.page.getByTestId('notification-preferences').locator('tr[data-kind=assignment] input[value=immediate]').isChecked()).toBe(true);
  await a.context.close();
  await b.context.close();
});
