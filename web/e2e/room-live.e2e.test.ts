import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { apiClient, env, launch, newPage } from './helpers.ts';

// Live room updates (issue 5): a member of a private room has its feed open; a colleague posts; the post appears
// without a reload (the stream names the room, the page refetches its feed), and as a follower she is notified.

const SHOTS = '/tmp/shots';
const PASSWORD = 'mia-password-1234';

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

test('a member sees a colleague\'s post in a private room appear without reloading', { timeout: 90_000 }, async () => {
  const handle = `mia${Date.now().toString(36)}`;
  const email = `${handle}@e2e.example`;
  const invited = await call<{ user: { id: string }; inviteUrl: string }>('POST', '/api/users/invite', { email, name: 'Mia Mitglied', role: 'sales', language: 'de' });
  const token = /[?&]token=([^&#]+)/.exec(invited.inviteUrl)?.[1] ?? invited.inviteUrl.split('/').pop()!;
  const accepted = await fetch(`${env().baseUrl}/api/auth/accept-invite`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: decodeURIComponent(token), password: PASSWORD }) });
  expect(accepted.status, await accepted.text()).toBeLessThan(300);
  const room = await call<{ id: string }>('POST', '/api/rooms', { name: `Live ${handle}`, visibility: 'private' });
  await call('POST', `/api/rooms/${room.id}/members`, { userId: invited.user.id });

  const { page } = await newPage(browser);
  await page.goto(`${env().baseUrl}/`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByTestId('user-menu').waitFor();
  await page.goto(`${env().baseUrl}/rooms/${room.id}`);
  await page.getByText(`Live ${handle}`).first().waitFor();
  // Give the page's stream a moment to open.
  await page.waitForTimeout(500);
  const urlBefore = page.url();

  await call('POST', `/api/rooms/${room.id}/posts`, { body: `Neue Preisliste ist da ${handle}` });
  const post = page.getByTestId('post-html').filter({ hasText: `Neue Preisliste ist da ${handle}` });
  await post.waitFor({ timeout: 10_000 });
  expect(page.url()).toBe(urlBefore);
  await page.screenshot({ path: `${SHOTS}/room-live.png` });

  // She follows the room she was added to: the bell tells her what happened there, in words.
  await expect.poll(() => page.getByTestId('notification-count').getAttribute('data-count'), { timeout: 10_000 }).toBe('1');
  await page.getByTestId('notification-bell').click();
  const item = page.getByTestId('notification').first();
  await item.waitFor();
  expect(await item.textContent()).toContain('hat in einem Raum gepostet, dem Sie folgen');
  expect(await item.textContent()).toContain(`Neue Preisliste ist da ${handle}`);
  await page.waitForTimeout(300); // the popover's transition
  await page.screenshot({ path: `${SHOTS}/room-follow-notification.png` });
});
