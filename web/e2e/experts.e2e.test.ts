import { createHmac } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import { mkdirSync, readFileSync } from 'node:fs';
import type net from 'node:net';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launch, newPage } from './helpers.ts';
import { ownWorkspace, type SharedPgParley } from './own-server.ts';

// Experts: an agent asks an expert into a conversation; the expert (a second browser, signed in as a user with the
// expert role) sees only that conversation, suggests a reply; the agent uses it and sends it, and the reply is sent.
// This file works in a workspace of its own on the shared PostgreSQL server (own-server.ts; its conversations stay out
// of the shared e2e workspace) and plays the Graph API locally: the channel's `settings.apiBaseUrl` points at it, so
// nothing calls out.

const SHOTS = '/tmp/shots';
const ADMIN = { email: 'experts-admin@example.com', password: 'experts-password-1234' };
const EXPERT = { email: 'jonas.becker@waermewerk.example', name: 'Jonas Becker', password: 'expert-password-1234' };
const PAGE_ID = '1234567890321';
const APP_SECRET = 'experts-app-secret';
const realPost = readFileSync(new URL('../../server/src/connectors/meta/fixtures/facebook-page/feed-post-add-25.json', import.meta.url));

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
  // The shared web/dist may be rebuilt by another test run at this moment: one reload gets the new build.
  if (!(await page.locator('input[name=email]').waitFor({ timeout: 10_000 }).then(() => true, () => false))) await page.reload();
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.keyboard.press('Enter');
  await page.getByTestId('user-menu').waitFor();
}

describe('experts', () => {
  let parley: SharedPgParley | undefined;
  let graph: HttpServer | undefined;
  const graphCalls: { path: string; body: any }[] = [];
  let browser: Browser;
  let agent: Page;
  let expert: Page;
  let asked = '';
  let notAsked = '';

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // The Graph API's comment reply endpoint, played locally.
    graph = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => { text += c.toString(); });
      req.on('end', () => {
        const url = new URL(req.url!, 'http://localhost');
        const body = text ? JSON.parse(text) : null;
        graphCalls.push({ path: url.pathname, body });
        const m = /^\/v\d+\.\d+\/([^/]+)\/comments$/.exec(url.pathname);
        if (req.method === 'POST' && m && typeof body?.message === 'string') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `${m[1]}_r${graphCalls.length}` }));
        else res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `unexpected ${req.method} ${url.pathname}`, code: 100 } }));
      });
    });
    await new Promise<void>((resolve) => graph!.listen(0, '127.0.0.1', resolve));
    const graphUrl = `http://127.0.0.1:${(graph.address() as net.AddressInfo).port}`;

    parley = await ownWorkspace(ADMIN);
    const call = await client(parley.url, ADMIN.email, ADMIN.password);
    await call('PATCH', '/api/me', { name: 'Sabine Hoffmann' });
    const invited = await call<{ inviteUrl: string }>('POST', '/api/users/invite', { email: EXPERT.email, name: EXPERT.name, role: 'expert', language: 'de' });
    const token = /[?&]token=([^&#]+)/.exec(invited.inviteUrl)?.[1] ?? invited.inviteUrl.split('/').pop()!;
    const accepted = await fetch(`${parley.url}/api/auth/accept-invite`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: decodeURIComponent(token), password: EXPERT.password }) });
    expect(accepted.ok, await accepted.text()).toBe(true);

    // Two customers' posts, delivered to the real webhook of a page that can answer (a token, the Graph API played here).
    const channel = await call<{ id: string; webhookPath: string }>('POST', '/api/channels', { network: 'facebook', externalId: PAGE_ID, name: 'Wärmewerk Facebook', secrets: { appSecret: APP_SECRET, accessToken: 'page-token-experts' } });
    const pool = new pg.Client({ connectionString: parley.databaseUrl });
    await pool.connect();
    await pool.query(`UPDATE channels SET settings = jsonb_build_object('apiBaseUrl', $1::text) WHERE id = $2`, [graphUrl, channel.id]);
    await pool.end();
    const now = Math.floor(Date.now() / 1000);
    const post = async (id: string, from: { id: string; name: string }, message: string) => {
      const body = JSON.parse(realPost.toString('utf8')) as { entry: { time: number; changes: { value: unknown }[] }[] };
      body.entry[0]!.time = now;
      body.entry[0]!.changes[0]!.value = { item: 'post', verb: 'add', post_id: `${PAGE_ID}_${id}`, from, created_time: now, message };
      const bytes = Buffer.from(JSON.stringify(body));
      const res = await fetch(`${parley!.url}${channel.webhookPath}`, { method: 'POST', body: new Uint8Array(bytes),
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(bytes).digest('hex')}` } });
      expect(res.status).toBe(200);
    };
    await post('9300000000001', { id: '555000444', name: 'Petra Neumann' }, 'Unsere Wärmepumpe zeigt Fehler E-104. Ist das ein Garantiefall? Gekauft im März 2024.');
    await post('9300000000002', { id: '555000555', name: 'Dieter Brandt' }, 'Vertraulich: Ich möchte meinen Wartungsvertrag kündigen.');
    let list: { id: string; preview: string | null }[] = [];
    for (const until = Date.now() + 30_000; list.length < 2 && Date.now() < until;) {
      list = (await call<{ items: { id: string; preview: string | null }[] }>('GET', '/api/conversations')).items;
      if (list.length < 2) await new Promise((r) => setTimeout(r, 300));
    }
    expect(list).toHaveLength(2);
    asked = list.find((c) => c.preview?.includes('Wärmepumpe'))!.id;
    notAsked = list.find((c) => c.preview?.includes('Wartungsvertrag'))!.id;

    browser = await launch();
    ({ page: agent } = await newPage(browser));
    ({ page: expert } = await newPage(browser));
    await signIn(agent, parley.url, ADMIN.email, ADMIN.password);
    await signIn(expert, parley.url, EXPERT.email, EXPERT.password);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (graph ? graph.close(() => resolve()) : resolve()));
  });

  test('an expert is consulted, suggests a reply, the agent sends it', async () => {
    // The expert's inbox is empty until they are asked, and says so.
    await expert.goto(`${parley!.url}/inbox`);
    await expert.getByTestId('inbox').waitFor();
    await expect.poll(() => expert.getByTestId('conversation-row').count()).toBe(0);

    // The agent asks Jonas Becker from the thread header.
    await agent.goto(`${parley!.url}/inbox/${asked}`);
    await agent.getByTestId('thread-header').waitFor();
    await agent.getByTestId('ask-expert').click();
    const dialog = agent.getByRole('dialog');
    await dialog.getByTestId('ask-who').click();
    await dialog.getByTestId('ask-who').fill('Jonas');
    await agent.getByRole('option', { name: /Jonas Becker/ }).click();
    await dialog.getByTestId('ask-question').fill('Ist E-104 bei einer Wärmepumpe von 2024 ein Garantiefall?');
    await dialog.getByTestId('ask-ola').fill('60');
    await dialog.getByTestId('ask-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    const card = agent.getByTestId('consult-card');
    await card.waitFor();
    expect(await card.getByTestId('consult-status').innerText()).toBe('Wartet auf Antwort');
    expect(await card.getByTestId('ola').innerText()).toMatch(/OLA: noch (59|60) Min\./);

    // The expert sees only that conversation, with the question and the customer beside it.
    await expert.reload();
    await expect.poll(() => expert.getByTestId('conversation-row').count(), { timeout: 15_000 }).toBe(1);
    expect(await expert.getByTestId('conversation-row').innerText()).toContain('Wärmepumpe');
    await expert.getByTestId('conversation-row').click();
    await expert.getByTestId('consult-card').waitFor();
    expect(await expert.getByTestId('consult-question').innerText()).toContain('E-104');
    await expert.getByTestId('consulted-customer').waitFor();
    expect(await expert.getByTestId('consulted-customer-name').innerText()).toBe('Petra Neumann');
    expect(await expert.getByTestId('reply-box').count()).toBe(0);
    // A suggested reply, mentioning the agent through the @ picker.
    const editor = expert.getByTestId('note-text-input');
    await editor.fill('Ja, Garantiefall. Bitte Seriennummer erfragen. @Sab');
    await expert.getByTestId('mention-options').waitFor();
    await expert.keyboard.press('Enter');
    expect(await editor.inputValue()).toMatch(/@\[Sabine Hoffmann\]\(user:[0-9a-f-]{36}\) $/);
    await editor.fill('Guten Tag Frau Neumann, der Fehler E-104 ist ein Garantiefall. Bitte senden Sie uns die Seriennummer, wir schicken einen Techniker.');
    await expert.getByTestId('note-save').click();
    await expert.getByTestId('suggestion').waitFor();
    await expect.poll(() => expert.getByTestId('consult-status').innerText()).toBe('Beantwortet');
    await expert.screenshot({ path: `${SHOTS}/experts-expert.png` });

    // The agent takes the suggestion into the reply box and sends it; the Graph API receives it.
    await agent.reload();
    const suggestion = agent.getByTestId('suggestion');
    await suggestion.waitFor();
    await suggestion.getByTestId('use-suggestion').click();
    await expect.poll(() => agent.getByTestId('reply-text').inputValue()).toContain('der Fehler E-104 ist ein Garantiefall');
    await agent.screenshot({ path: `${SHOTS}/experts-agent.png` });
    await agent.getByTestId('reply-send').click();
    const status = agent.getByTestId('message').filter({ hasText: 'Seriennummer' }).getByTestId('send-status');
    await status.waitFor();
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 30_000 }).toBe('sent');
    expect(graphCalls.some((c) => /comments$/.test(c.path) && String(c.body?.message).includes('E-104 ist ein Garantiefall'))).toBe(true);
    await expect.poll(() => suggestion.getByTestId('suggestion-status').innerText().catch(() => '')).toContain('Verwendet von Sabine Hoffmann');
  });

  test('an expert opening a conversation they were not asked into sees a not-found state, not the conversation', async () => {
    await expert.goto(`${parley!.url}/inbox/${notAsked}`);
    await expert.getByTestId('conversation-not-found').waitFor();
    expect(await expert.getByTestId('thread-header').count()).toBe(0);
    expect(await expert.getByTestId('message').count()).toBe(0);
    expect(await expert.locator('body').innerText()).not.toContain('Wartungsvertrag');
    expect(await expert.locator('body').innerText()).not.toContain('Dieter Brandt');
    // The list still holds only the conversation they were asked into.
    await expect.poll(() => expert.getByTestId('conversation-row').count(), { timeout: 15_000 }).toBe(1);
    expect(await expert.getByTestId('conversation-row').innerText()).toContain('Wärmepumpe');
    await expert.screenshot({ path: `${SHOTS}/experts-not-found.png` });
  });

  test('a consult to a team counts its business hours: the card names the due time and the hours, the countdown counts open time', async () => {
    const call = await client(parley!.url, ADMIN.email, ADMIN.password);
    const calendar = await call<{ id: string }>('POST', '/api/sla/calendars', {
      name: 'Technik Berlin', timezone: 'Europe/Berlin', weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' })), holidays: [], isDefault: false,
    });
    const team = await call<{ id: string }>('POST', '/api/teams', { name: 'Technischer Service', memberIds: [] });
    await call('POST', '/api/sla/policies', { name: 'Technik', teamId: team.id, calendarId: calendar.id });

    await agent.goto(`${parley!.url}/inbox/${notAsked}`);
    await agent.getByTestId('thread-header').waitFor();
    await agent.getByTestId('ask-expert').click();
    const dialog = agent.getByRole('dialog');
    await dialog.getByText('Ein Team', { exact: true }).click();
    await dialog.getByTestId('ask-who').click();
    await agent.getByRole('option', { name: 'Technischer Service' }).click();
    await dialog.getByTestId('ask-question').fill('Kann jemand den Wartungsvertrag prüfen?');
    await dialog.getByTestId('ask-ola').fill('120');
    const askedAt = Date.now();
    await dialog.getByTestId('ask-submit').click();
    await dialog.waitFor({ state: 'hidden' });

    const { items } = await call<{ items: Array<{ olaDueAt: string; olaCalendar: { name: string } | null; olaMinutesLeft: number | null }> }>('GET', `/api/consults?conversationId=${notAsked}`);
    expect(items).toHaveLength(1);
    const k = items[0]!;
    expect(k.olaCalendar).toEqual({ id: calendar.id, name: 'Technik Berlin' });
    // Two hours of open time: the due time lies on a weekday between 08:00 and 18:00 in Berlin, at least two hours away.
    expect(new Date(k.olaDueAt).getTime() - askedAt).toBeGreaterThanOrEqual(119 * 60_000);
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(k.olaDueAt));
    const part = (type: string) => local.find((p) => p.type === type)!.value;
    expect(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']).toContain(part('weekday'));
    const minuteOfDay = Number(part('hour')) * 60 + Number(part('minute'));
    expect(minuteOfDay).toBeGreaterThan(8 * 60);
    expect(minuteOfDay).toBeLessThanOrEqual(18 * 60);

    // The card shows when it is due, in whose hours, and the open time left (whatever the wall clock says).
    const card = agent.getByTestId('consult-card');
    await card.waitFor();
    const shown = await agent.evaluate((iso) => new Intl.DateTimeFormat('de-DE', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso)), k.olaDueAt);
    expect(await card.getByTestId('ola-due').innerText()).toBe(`Fällig ${shown} · Geschäftszeiten „Technik Berlin“`);
    expect(await card.getByTestId('ola').innerText()).toMatch(/^OLA: noch (2 Std\. 0 Min\.|119 Min\.)$/);
    await agent.screenshot({ path: `${SHOTS}/experts-ola-business-hours.png` });
  });
});
