import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chooseLanguage, launch, newPage } from './helpers.ts';
import { ownWorkspace, type SharedPgParley } from './own-server.ts';

// SLA: a manager enters the business hours in the settings (weekly grid, German public holidays), a policy counts in
// them, and the inbox shows each conversation's countdown. Works in a workspace of its own on the shared PostgreSQL
// server (own-server.ts), so its policy and conversations stay out of the shared e2e workspace.

const SHOTS = '/tmp/shots';
const ADMIN = { email: 'sla-admin@example.com', password: 'sla-password-1234' };
const PAGE_ID = '1234567890321';
const APP_SECRET = 'sla-app-secret';
const realPost = readFileSync(new URL('../../server/src/connectors/meta/fixtures/facebook-page/feed-post-add-25.json', import.meta.url));

async function client(base: string) {
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

interface Calendar { id: string; name: string; timezone: string; weekly: unknown[]; holidays: string[]; isDefault: boolean }
interface Conversation { id: string; author: { displayName: string | null } | null; sla: { state: string; nextDueKind: string | null; businessMinutesLeft: number | null } | null }

describe('sla', () => {
  let parley: SharedPgParley | undefined;
  let browser: Browser;
  let page: Page;
  let call: Awaited<ReturnType<typeof client>>;
  let channel: { id: string; webhookPath: string };

  const post = async (id: string, from: { id: string; name: string }, createdTime: number, message: string) => {
    const body = JSON.parse(realPost.toString('utf8')) as { entry: { time: number; changes: { value: unknown }[] }[] };
    body.entry[0]!.time = createdTime;
    body.entry[0]!.changes[0]!.value = { item: 'post', verb: 'add', post_id: `${PAGE_ID}_${id}`, from, created_time: createdTime, message };
    const bytes = Buffer.from(JSON.stringify(body));
    const res = await fetch(`${parley!.url}${channel.webhookPath}`, { method: 'POST', body: new Uint8Array(bytes),
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(bytes).digest('hex')}` } });
    expect(res.status, await res.text()).toBe(200);
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    parley = await ownWorkspace(ADMIN);
    call = await client(parley.url);
    await call('PATCH', '/api/me', { name: 'Sabine Hoffmann' });
    channel = await call('POST', '/api/channels', { network: 'facebook', externalId: PAGE_ID, name: 'Wärmewerk Facebook', secrets: { appSecret: APP_SECRET } });
    browser = await launch();
    ({ page } = await newPage(browser));
    await page.goto(`${parley.url}/`);
    await page.locator('input[name=email]').fill(ADMIN.email);
    await page.locator('input[name=password]').fill(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.getByTestId('user-menu').waitFor();
    await chooseLanguage(page, 'de');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  test('a manager enters the business hours with the German public holidays and saves them', async () => {
    await page.goto(`${parley!.url}/settings/business-hours`);
    await page.getByTestId('hours-empty').waitFor();
    expect(await page.getByTestId('hours-empty').innerText()).toContain('Legen Sie Ihre Öffnungszeiten an');
    await page.getByRole('button', { name: 'Neue Geschäftszeiten' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Kundenservice Freiburg');
    // Monday to Friday 08:00–18:00 are preset; Saturday morning is added, Friday closes at 16:00.
    await dialog.getByRole('checkbox', { name: 'Samstag' }).check();
    await dialog.getByLabel('Samstag bis').fill('12:00');
    await dialog.getByLabel('Freitag bis').fill('16:00');
    const year = new Date().getFullYear();
    await dialog.getByTestId(`german-holidays-${year}`).click();
    expect(await dialog.getByTestId('holiday-list').innerText()).toContain('Tag der Deutschen Einheit');
    await page.screenshot({ path: `${SHOTS}/sla-business-hours-editor.png` });
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await page.getByTestId('calendar-card').waitFor();
    const card = await page.getByTestId('calendar-card').innerText();
    expect(card).toContain('Kundenservice Freiburg');
    expect(card).toContain('Europe/Berlin');
    expect(card).toContain('Sa 08:00–12:00');
    expect(card).toContain('9 Feiertage');

    const { items } = await call<{ items: Calendar[] }>('GET', '/api/sla/calendars');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ name: 'Kundenservice Freiburg', timezone: 'Europe/Berlin', isDefault: true });
    expect(items[0]!.weekly).toContainEqual({ day: 5, start: '08:00', end: '16:00' });
    expect(items[0]!.weekly).toContainEqual({ day: 6, start: '08:00', end: '12:00' });
    expect(items[0]!.holidays).toContain(`${year}-10-03`);
  });

  test('the inbox shows each conversation\'s SLA countdown, in business hours, in the list and the thread', async () => {
    const [calendar] = (await call<{ items: Calendar[] }>('GET', '/api/sla/calendars')).items;
    await call('POST', '/api/sla/policies', { name: 'Standard', calendarId: calendar!.id, firstResponseMinutes: 240, resolutionMinutes: 2400, warnPercent: 75 });
    const now = Math.floor(Date.now() / 1000);
    // One customer wrote just now (a whole target left), one a week ago (long overdue).
    await post('9300000000001', { id: '555000301', name: 'Jana Kowalski' }, now, 'Seit heute Morgen kein warmes Wasser mehr. Können Sie helfen?');
    await post('9300000000002', { id: '555000302', name: 'Bernd Albrecht' }, now - 7 * 86_400, 'Meine Rechnung ist doppelt abgebucht worden.');
    await expect.poll(async () => (await call<{ items: Conversation[] }>('GET', '/api/conversations')).items.filter((c) => c.sla).length, { timeout: 30_000, interval: 500 }).toBe(2);

    await page.goto(`${parley!.url}/inbox`);
    const row = (name: string) => page.getByTestId('conversation-row').filter({ hasText: name });
    const fresh = row('Jana Kowalski').getByTestId('sla-badge');
    const late = row('Bernd Albrecht').getByTestId('sla-badge');
    await fresh.waitFor();
    expect(await fresh.getAttribute('data-state')).toBe('ok');
    // 240 open minutes, counted only while the calendar is open: "noch 4 Std." (or a minute less if it is open now).
    expect(await fresh.innerText()).toMatch(/^noch (4 Std\.|3 Std\. 5\d Min\.)$/);
    expect(await late.getAttribute('data-state')).toBe('breached');
    expect(await late.innerText()).toMatch(/überfällig$/);

    await row('Jana Kowalski').click();
    const header = page.getByTestId('thread-header').getByTestId('sla-badge');
    await header.waitFor();
    expect(await header.getAttribute('aria-label')).toMatch(/^Erste Antwort: noch/);
    await page.screenshot({ path: `${SHOTS}/sla-inbox-de.png` });

    await chooseLanguage(page, 'en');
    await expect.poll(() => late.innerText()).toMatch(/^overdue /);
    expect(await header.innerText()).toMatch(/ left$/);
    await page.screenshot({ path: `${SHOTS}/sla-inbox-en.png` });
    await chooseLanguage(page, 'de');
  });

  test('the SLA policies page lists the targets; a manager changes one with the keyboard-friendly form', async () => {
    await page.goto(`${parley!.url}/settings/sla`);
    const row = page.getByTestId('policy-row').filter({ hasText: 'Standard' });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Alle Teams \(Standard\)[\s\S]*Kundenservice Freiburg[\s\S]*4 Std\.[\s\S]*40 Std\./);
    await row.getByRole('button', { name: 'Aktionen' }).click();
    await page.getByRole('menuitem', { name: 'Bearbeiten' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Nächste Antwort – Alle Prioritäten').fill('1h 30m');
    await page.screenshot({ path: `${SHOTS}/sla-policy-editor.png` });
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => row.innerText()).toContain('1 Std. 30 Min.');
    const { items } = await call<{ items: Array<{ name: string; nextResponseMinutes: number | null }> }>('GET', '/api/sla/policies');
    expect(items.find((p) => p.name === 'Standard')?.nextResponseMinutes).toBe(90);
  });

  test('a manager sets an urgent first-response target in the priority table; a new urgent conversation is due by it', async () => {
    const team = await call<{ id: string }>('POST', '/api/teams', { name: 'Notdienst', memberIds: [] });
    await page.goto(`${parley!.url}/settings/sla`);
    await page.getByTestId('policy-row').first().waitFor();
    await page.getByRole('button', { name: 'Neue SLA-Richtlinie' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Name/).fill('Notdienst');
    await dialog.getByLabel('Team', { exact: true }).click();
    await page.getByRole('option', { name: 'Notdienst' }).click();
    await dialog.getByLabel('Geschäftszeiten', { exact: true }).click();
    await page.getByRole('option', { name: 'Rund um die Uhr' }).click();
    // One row per priority; an empty cell takes the target of "Alle Prioritäten" (a new policy: 1 h first response).
    const urgentFirst = dialog.getByLabel('Erste Antwort – Dringend');
    expect(await dialog.getByTestId('targets-row-high').innerText()).toContain('wie alle: 1 Std.');
    // Not a duration: the cell says so when left, and saving keeps the dialog open.
    await urgentFirst.fill('bald');
    await page.keyboard.press('Tab');
    expect(await dialog.getByTestId('targets-row-urgent').innerText()).toContain('Keine Dauer – z. B. 30m, 4h oder 2d');
    expect(await urgentFirst.getAttribute('aria-invalid')).toBe('true');
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    expect(await dialog.isVisible()).toBe(true);
    await urgentFirst.fill('30m');
    await expect.poll(() => dialog.getByTestId('targets-row-urgent').innerText()).toContain('30 Min.');
    expect(await urgentFirst.getAttribute('aria-invalid')).not.toBe('true');
    await page.screenshot({ path: `${SHOTS}/sla-priority-targets.png` });
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByTestId('policy-row').filter({ hasText: 'Notdienst' });
    await row.waitFor();
    expect(await row.getByTestId('priority-target').innerText()).toBe('Dringend: 30 Min.');
    const policies = (await call<{ items: Array<{ name: string; teamId: string | null; calendarId: string | null; firstResponseMinutes: number | null; priorityTargets: unknown }> }>('GET', '/api/sla/policies')).items;
    expect(policies.find((p) => p.name === 'Notdienst')).toMatchObject({ teamId: team.id, calendarId: null, firstResponseMinutes: 60, priorityTargets: { urgent: { firstResponseMinutes: 30 } } });

    // Routing puts new conversations into the Notdienst team, and an emergency gets the urgent priority.
    await call('POST', '/api/routing/rules', { name: 'Alles an den Notdienst', actions: [{ type: 'set_team', teamId: team.id }] });
    await call('POST', '/api/routing/rules', { name: 'Notfälle dringend', conditions: [{ type: 'keywords', values: ['Notfall'] }], actions: [{ type: 'set_priority', priority: 'urgent' }] });
    const now = Math.floor(Date.now() / 1000);
    await post('9300000000003', { id: '555000303', name: 'Karin Vogt' }, now, 'Notfall: Die Heizung ist komplett ausgefallen, es ist eiskalt!');
    await post('9300000000004', { id: '555000304', name: 'Olaf Richter' }, now, 'Wann kommt der Techniker zur jährlichen Wartung?');
    const byAuthor = async (name: string) => (await call<{ items: Array<Conversation & { priority: string; sla: { nextDueAt: string | null } | null }> }>('GET', '/api/conversations')).items
      .find((c) => c.author?.displayName === name && c.sla);
    await expect.poll(async () => (await byAuthor('Karin Vogt'))?.priority, { timeout: 30_000, interval: 500 }).toBe('urgent');
    await expect.poll(async () => (await byAuthor('Olaf Richter'))?.sla?.nextDueKind, { timeout: 30_000, interval: 500 }).toBe('first_response');
    // Round the clock: the urgent customer is due 30 minutes after writing, the normal one after the policy's hour.
    const urgentDue = new Date((now + 30 * 60) * 1000).toISOString();
    expect((await byAuthor('Karin Vogt'))!.sla!.nextDueAt).toBe(urgentDue);
    expect((await byAuthor('Olaf Richter'))!.sla!.nextDueAt).toBe(new Date((now + 60 * 60) * 1000).toISOString());

    await page.goto(`${parley!.url}/inbox`);
    const badge = (name: string) => page.getByTestId('conversation-row').filter({ hasText: name }).getByTestId('sla-badge');
    await badge('Karin Vogt').waitFor();
    expect(await badge('Karin Vogt').innerText()).toMatch(/^noch (30|29) Min\.$/);
    expect(await badge('Olaf Richter').innerText()).toMatch(/^noch (1 Std\.|59 Min\.)$/);
    // The thread names the due time itself, as the browser shows times.
    await page.getByTestId('conversation-row').filter({ hasText: 'Karin Vogt' }).click();
    const header = page.getByTestId('thread-header').getByTestId('sla-badge');
    await header.waitFor();
    await header.hover();
    const shown = await page.evaluate((iso) => new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)), urgentDue);
    await expect.poll(() => page.getByRole('tooltip').innerText().catch(() => '')).toContain(`Erste Antwort fällig am ${shown}`);
    await page.screenshot({ path: `${SHOTS}/sla-urgent-due.png` });
  });
});
