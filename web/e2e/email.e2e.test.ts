import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launch, newPage } from './helpers.ts';

// E-mail as an agent and an admin meet it: a customer's mail reaches Parley's SMTP receiver, the agent finds it in the
// inbox with its subject and only what the customer newly wrote, answers it (no SMTP server here: the answer is kept
// as an .eml file), and the admin sees the receiver and the channel under Settings → E-Mail & Abruf. Runs its own
// Parley (embedded database) with the receiver on a free port.

const root = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = '/tmp/shots';
const ADMIN = { email: 'mail-admin@example.com', password: 'mail-password-1234' };
const ADDRESS = 'service@waermewerk.example';

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

async function startParley(smtpPort: number): Promise<{ url: string; child: ChildProcess; dataDir: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-mail-'));
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env, PARLEY_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PARLEY_PUBLIC_URL: url, PARLEY_SMTP_IN_PORT: String(smtpPort),
      PARLEY_ADMIN_EMAIL: ADMIN.email, PARLEY_ADMIN_PASSWORD: ADMIN.password, PARLEY_ADMIN_WORKSPACE: 'Wärmewerk GmbH', PARLEY_DEMO: 'false',
      LOG_LEVEL: 'warn', LOGIN_RATE_LIMIT: '1000', NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (b: Buffer) => { output = (output + b.toString()).slice(-8000); });
  child.stderr!.on('data', (b: Buffer) => { output = (output + b.toString()).slice(-8000); });
  const until = Date.now() + 150_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    if (Date.now() > until) throw new Error(`server not ready:\n${output}`);
    if (await fetch(`${url}/api/ready`).then((r) => r.ok, () => false)) return { url, child, dataDir };
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function apiAs(base: string) {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
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

let parley: Awaited<ReturnType<typeof startParley>> | undefined;
let browser: Browser;
let page: Page;
let smtpPort = 0;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  smtpPort = await freePort();
  parley = await startParley(smtpPort);
  browser = await launch();
  ({ page } = await newPage(browser));
}, 180_000);
afterAll(async () => {
  await browser?.close();
  if (parley && parley.child.exitCode === null) {
    parley.child.kill('SIGTERM');
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => { parley!.child.kill('SIGKILL'); resolve(); }, 10_000);
      parley!.child.once('exit', () => { clearTimeout(force); resolve(); });
    });
  }
  if (parley) rmSync(parley.dataDir, { recursive: true, force: true });
});

describe('e-mail', () => {
  test('a mail arrives in the inbox, the agent answers, the admin sees the receiver', async () => {
    const call = await apiAs(parley!.url);
    await call('POST', '/api/channels', { network: 'email', externalId: ADDRESS, name: 'Wärmewerk Kundenservice' });
    const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    await mailer.sendMail({
      from: 'Jürgen Weiß <juergen.weiss@web-beispiel.example>', to: ADDRESS, subject: 'Angebot für Gasbrennwertkessel', messageId: '<angebot-1@web-beispiel.example>',
      text: 'Guten Tag,\n\nich hätte gern ein Angebot für einen neuen Gasbrennwertkessel für unser Einfamilienhaus (150 m²). Gibt es dafür noch Förderung?\n\nMit freundlichen Grüßen\nJürgen Weiß\n\n-- \nJürgen Weiß · Hauptstraße 3 · 79098 Freiburg',
      headers: { 'Content-Language': 'de' },
    });

    // The web bundle may be rebuilt by a parallel run meanwhile: a login page that did not render is loaded again.
    for (let attempt = 0; attempt < 3; attempt++) {
      await page.goto(`${parley!.url}/`);
      if (await page.locator('input[name=email]').waitFor({ timeout: 20_000 }).then(() => true, () => false)) break;
    }
    await page.locator('input[name=email]').fill(ADMIN.email);
    await page.locator('input[name=password]').fill(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.getByTestId('user-menu').waitFor();
    await page.goto(`${parley!.url}/inbox`);
    const row = page.getByTestId('conversation-row').filter({ hasText: 'Jürgen Weiß' });
    // The mail is processed by the ingestion job: the list shows it after a reload or two.
    await expect.poll(async () => {
      await page.reload();
      await page.getByTestId('conversation-row').first().waitFor({ timeout: 3000 }).catch(() => undefined);
      return row.count();
    }, { timeout: 30_000, interval: 1000 }).toBe(1);
    await row.click();
    expect(await page.getByTestId('thread-header').innerText()).toContain('Angebot für Gasbrennwertkessel');
    const message = page.getByTestId('message').filter({ hasText: 'Gasbrennwertkessel' });
    expect(await message.innerText()).toContain('Gibt es dafür noch Förderung?');
    // The signature below "-- " is not part of what the customer wrote.
    expect(await message.innerText()).not.toContain('Hauptstraße 3');

    await page.getByTestId('reply-text').click();
    await page.keyboard.type('Guten Tag Herr Weiß, gern schicken wir Ihnen ein Angebot. Die Förderung beträgt derzeit bis zu 30 %.');
    await page.keyboard.press('Control+Enter');
    const outbound = page.getByTestId('message').filter({ hasText: 'Die Förderung beträgt derzeit' });
    await outbound.waitFor();
    await expect.poll(() => outbound.getByTestId('send-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('sent');
    await page.screenshot({ path: `${SHOTS}/email-thread.png` });
    // Without an SMTP server the answer is an .eml file in the data folder, threaded to the customer's mail.
    const files = readdirSync(path.join(parley!.dataDir, 'mail'));
    expect(files.some((f) => f.endsWith('.eml'))).toBe(true);

    await page.goto(`${parley!.url}/settings/mail-polling`);
    await page.getByTestId('smtp-receiver').waitFor();
    expect(await page.getByTestId('smtp-receiver').innerText()).toContain(`127.0.0.1:${smtpPort}`);
    expect(await page.getByRole('table', { name: 'Eingehende E-Mails' }).innerText()).toContain(ADDRESS);
    expect(await page.getByText('Noch kein LinkedIn- oder Bluesky-Kanal').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/email-settings.png` });
  }, 120_000);
});
