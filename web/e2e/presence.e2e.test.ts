import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launch, newPage } from './helpers.ts';

// Two agents see each other's presence, who is viewing and who is typing, live. Each agent's browser talks to ANOTHER
// Parley process on the same PostgreSQL database (what two API servers behind a load balancer are), so every push here
// went through PostgreSQL's LISTEN/NOTIFY. This file starts its own two servers on a fresh database: the shared e2e
// server runs on embedded PGlite, a single process by design.

const root = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = '/tmp/shots';
const PG_BASE = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ADMIN = { email: 'rt-admin@example.com', password: 'rt-password-1234' };
const PASSWORD = 'agent-password-1234';
const PAGE_ID = '1234567890321';
const APP_SECRET = 'rt-app-secret';
const realPost = readFileSync(new URL('../../server/src/connectors/meta/fixtures/facebook-page/feed-post-add-25.json', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

interface Server { url: string; child: ChildProcess; dataDir: string; log: () => string }

async function startServer(databaseUrl: string, role: 'all' | 'api'): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-rt-'));
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env, DATABASE_URL: databaseUrl, PARLEY_ROLE: role, PARLEY_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PARLEY_PUBLIC_URL: url,
      PARLEY_ADMIN_EMAIL: ADMIN.email, PARLEY_ADMIN_PASSWORD: ADMIN.password, PARLEY_ADMIN_WORKSPACE: 'Wärmewerk GmbH', PARLEY_DEMO: 'false',
      LOG_LEVEL: 'warn', LOGIN_RATE_LIMIT: '1000', NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (b: Buffer) => { output = (output + b.toString()).slice(-8000); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const until = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    if (Date.now() > until) throw new Error(`server not ready:\n${output}`);
    const ok = await fetch(`${url}/api/ready`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  return { url, child, dataDir, log: () => output };
}

async function stopServer(s: Server | undefined): Promise<void> {
  if (!s) return;
  if (s.child.exitCode === null) {
    s.child.kill('SIGTERM');
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => { s.child.kill('SIGKILL'); resolve(); }, 10_000);
      s.child.once('exit', () => { clearTimeout(force); resolve(); });
    });
  }
  rmSync(s.dataDir, { recursive: true, force: true });
}

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
  const dbName = `parley_e2e_rt_${Date.now()}_${process.pid}`;
  const dbUrl = (() => { const u = new URL(PG_BASE); u.pathname = `/${dbName}`; return u.toString(); })();
  let one: Server | undefined;
  let two: Server | undefined;
  let browser: Browser;
  let anna: Page;
  let ben: Page;
  let annaId: string;
  let conversationId = '';

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const admin = new pg.Client({ connectionString: PG_BASE });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    one = await startServer(dbUrl, 'all');
    two = await startServer(dbUrl, 'api'); // a second API process: no workers, same database
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
    await stopServer(two);
    await stopServer(one);
    const admin = new pg.Client({ connectionString: PG_BASE });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
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
