import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launch, newPage } from './helpers.ts';
import { ownWorkspace, startOwnParley, stopOwnParley, type OwnParley } from './own-server.ts';

// Two agents see each other's presence, who is viewing and who is typing, live. Each agent's browser talks to ANOTHER
// Parley process on the same PostgreSQL database (what two API servers behind a load balancer are), so every push here
// went through PostgreSQL's LISTEN/NOTIFY. Anna's server is the shared PostgreSQL server (own-server.ts; this file works
// in a workspace of its own there), Ben's a second API process this file starts on the same database with the same
// secret key: the shared e2e server runs on embedded PGlite, a single process by design.

const SHOTS = '/tmp/shots';
const ADMIN = { email: 'rt-admin@example.com', password: 'rt-password-1234' };
const PASSWORD = 'agent-password-1234';
const PAGE_ID = '1234567890321';
const APP_SECRET = 'rt-app-secret';
const realPost = readFileSync(new URL('../../server/src/connectors/meta/fixtures/facebook-page/feed-post-add-25.json', import.meta.url));

/** A signed-in API client of one server (for preparing data; the test itself drives the browsers). */
async function client(base: string, email: string, password: string) {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!login.ok) throw new Error(`login failed: ${login.status}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async <T>(method: string, p: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${p}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

async function signIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.keyboard.press('Enter');
  await page.getByTestId('user-menu').waitFor();
}

describe('presence, viewing and typing across two server processes', () => {
  let one: { url: string } | undefined;
  let two: OwnParley | undefined;
  let browser: Browser;
  let anna: Page;
  let ben: Page;
  let annaId: string;
  let conversationId = '';

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const shared = await ownWorkspace(ADMIN);
    one = shared;
    // A second API process: no workers, same database.
    two = await startOwnParley('rt', null, { DATABASE_URL: shared.databaseUrl, PARLEY_ROLE: 'api', PARLEY_SECRET_KEY: shared.secretKey }, 120_000);
    const call = await client(one.url, ADMIN.email, ADMIN.password);
    const ids: string[] = [];
    for (const [name, email] of [['Anna Schäfer', 'anna@waermewerk.example'], ['Ben Krüger', 'ben@waermewerk.example']] as const) {
      const invited = await call<{ user: { id: string }; inviteUrl: string }>('POST', '/api/users/invite', { email, name, role: 'agent', language: 'de' });
      const token = /[?&]token=([^&#]+)/.exec(invited.inviteUrl)?.[1] ?? invited.inviteUrl.split('/').pop()!;
      await fetch(`${one.url}/api/auth/accept-invite`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: decodeURIComponent(token), password: PASSWORD }) })
        .then(async (r) => { if (!r.ok) throw new Error(`accept-invite: ${r.status} ${await r.text()}`); });
      ids.push(invited.user.id);
    }
    annaId = ids[0]!;
    // A customer's Facebook post, delivered to the real webhook, becomes the conversation both agents open.
    const channel = await call<{ webhookPath: string }>('POST', '/api/channels', { network: 'facebook', externalId: PAGE_ID, name: 'Wärmewerk Facebook', secrets: { appSecret: APP_SECRET } });
    const body = JSON.parse(realPost.toString('utf8')) as { entry: { time: number; changes: { value: unknown }[] }[] };
    const now = Math.floor(Date.now() / 1000);
    body.entry[0]!.time = now;
    body.entry[0]!.changes[0]!.value = { item: 'post', verb: 'add', post_id: `${PAGE_ID}_9200000000001`, from: { id: '555000333', name: 'Herbert Lindner' }, created_time: now,
      message: 'Guten Tag, mein Warmwasserspeicher tropft seit gestern. Kann jemand vorbeikommen?' };
    const bytes = Buffer.from(JSON.stringify(body));
    const res = await fetch(`${one.url}${channel.webhookPath}`, { method: 'POST', body: new Uint8Array(bytes),
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(bytes).digest('hex')}` } });
    expect(res.status).toBe(200);
    for (let i = 0; !conversationId; i++) {
      if (i > 100) throw new Error('the delivery did not become a conversation');
      await new Promise((r) => setTimeout(r, 300));
      conversationId = (await call<{ items: { id: string }[] }>('GET', '/api/conversations')).items[0]?.id ?? '';
    }

    browser = await launch();
    ({ page: anna } = await newPage(browser));
    ({ page: ben } = await newPage(browser));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stopOwnParley(two);
  });

  test('Ben sees Anna come online and go away, without a reload', async () => {
    await signIn(ben, two!.url, 'ben@waermewerk.example', PASSWORD);
    await ben.getByTestId('presence-menu').click();
    const annaRow = ben.getByTestId('presence-member').filter({ hasText: 'Anna Schäfer' });
    await annaRow.waitFor();
    expect(await annaRow.getAttribute('data-status')).toBe('offline');

    // Anna signs in on the other server: her open stream makes her online, and Ben's open menu says so.
    await signIn(anna, one!.url, 'anna@waermewerk.example', PASSWORD);
    await expect.poll(() => annaRow.getAttribute('data-status'), { timeout: 5_000, interval: 100 }).toBe('online');
    expect(await annaRow.innerText()).toContain('Online');

    // She chooses "away" in her own presence menu (keyboard: the menu opens and the item is picked like any menu).
    await anna.getByTestId('presence-menu').click();
    await anna.getByTestId('presence-set-away').click();
    await expect.poll(() => anna.getByTestId('presence-menu').getAttribute('data-status')).toBe('away');
    const changed = Date.now();
    await expect.poll(() => annaRow.getAttribute('data-status'), { timeout: 5_000, interval: 50 }).toBe('away');
    expect(Date.now() - changed).toBeLessThan(2_000);
    expect(await annaRow.innerText()).toContain('Abwesend');
    await ben.screenshot({ path: `${SHOTS}/presence-team.png` });

    // Back online; Ben's menu, still open, follows again.
    await anna.getByTestId('presence-menu').click();
    await anna.getByTestId('presence-set-online').click();
    await expect.poll(() => annaRow.getAttribute('data-status'), { timeout: 5_000, interval: 50 }).toBe('online');
    await ben.keyboard.press('Escape');
    await annaRow.waitFor({ state: 'hidden' });
  });

  test('Ben sees Anna viewing the conversation and is warned while she types a reply', async () => {
    await anna.goto(`${one!.url}/inbox/${conversationId}`);
    await anna.getByTestId('reply-text').waitFor();
    await ben.goto(`${two!.url}/inbox/${conversationId}`);
    const viewers = ben.getByTestId('viewers');
    await viewers.waitFor({ timeout: 5_000 });
    expect(await ben.getByTestId('viewers-text').innerText()).toBe('Anna Schäfer sieht sich das an');
    // And Anna sees Ben, who came second.
    await anna.getByTestId('viewers').waitFor({ timeout: 5_000 });
    expect(await anna.getByTestId('viewers-text').innerText()).toBe('Ben Krüger sieht sich das an');

    await anna.getByTestId('reply-text').click();
    await anna.keyboard.type('Guten Tag Herr Lindner, wir schicken Ihnen gern einen Techniker', { delay: 20 });
    const notice = ben.getByTestId('typing-notice');
    await notice.waitFor({ timeout: 5_000 });
    expect(await notice.innerText()).toContain('Anna Schäfer schreibt');
    await ben.screenshot({ path: `${SHOTS}/presence-typing.png` });

    // She clears her draft: the warning goes away for Ben.
    await anna.getByTestId('reply-text').fill('');
    await notice.waitFor({ state: 'detached', timeout: 5_000 });

    // She leaves the conversation for the contacts: Ben no longer sees her there.
    await anna.getByRole('navigation').getByRole('link', { name: 'Kontakte' }).click();
    await viewers.waitFor({ state: 'detached', timeout: 5_000 });
    expect(annaId).toBeTruthy();
  });
});
