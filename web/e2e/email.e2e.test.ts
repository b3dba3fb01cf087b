import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launch, newPage } from './helpers.ts';
import { ownWorkspace, type SharedPgParley } from './own-server.ts';

// E-mail as an agent and an admin meet it: a customer's mail reaches Parley's SMTP receiver, the agent finds it in the
// inbox with its subject and only what the customer newly wrote, answers it (no SMTP server here: the answer is kept
// as an .eml file), and the admin sees the receiver and the channel under Settings → E-Mail & Abruf. Works in a
// workspace of its own on the shared PostgreSQL server (own-server.ts), whose SMTP receiver listens on a free port.

const SHOTS = '/tmp/shots';
const ADMIN = { email: 'mail-admin@example.com', password: 'mail-password-1234' };
const ADDRESS = 'service@waermewerk.example';

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

let parley: SharedPgParley | undefined;
let browser: Browser;
let page: Page;
let smtpPort = 0;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  parley = await ownWorkspace(ADMIN);
  smtpPort = parley.smtpPort;
  browser = await launch();
  ({ page } = await newPage(browser));
}, 180_000);
afterAll(async () => {
  await browser?.close();
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
    const mailDir = path.join(parley!.dataDir, 'mail');
    const files = readdirSync(mailDir).filter((f) => f.endsWith('.eml'));
    expect(files.some((f) => readFileSync(path.join(mailDir, f), 'utf8').includes('<angebot-1@web-beispiel.example>'))).toBe(true);

    await page.goto(`${parley!.url}/settings/mail-polling`);
    await page.getByTestId('smtp-receiver').waitFor();
    expect(await page.getByTestId('smtp-receiver').innerText()).toContain(`127.0.0.1:${smtpPort}`);
    expect(await page.getByRole('table', { name: 'Eingehende E-Mails' }).innerText()).toContain(ADDRESS);
    expect(await page.getByText('Noch kein LinkedIn- oder Bluesky-Kanal').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/email-settings.png` });
  }, 120_000);
});
