import { createHmac } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import { mkdirSync, readFileSync } from 'node:fs';
import type net from 'node:net';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launch, newPage } from './helpers.ts';
import { ownWorkspace, type SharedPgParley } from './own-server.ts';

// Replies: an agent inserts a canned reply (rendered with the customer's first name) and finds their draft again after
// a reload; the agent is flagged "replies need approval", so their reply is held; a manager in a second browser sees
// it in the approvals queue, edits and approves it, and the agent's bubble goes to sent with the edited text.
// Like experts.e2e.test.ts this file works in a workspace of its own on the shared PostgreSQL server (own-server.ts; its
// conversations stay out of the shared e2e workspace) and plays the Graph API locally (the channel's
// `settings.apiBaseUrl` points at it).

const SHOTS = '/tmp/shots';
const ADMIN = { email: 'replies-admin@example.com', password: 'replies-password-1234' };
const MANAGER = { email: 'sabine.hoffmann@waermewerk.example', name: 'Sabine Hoffmann', password: 'manager-password-1234' };
const AGENT = { email: 'lena.vogel@waermewerk.example', name: 'Lena Vogel', password: 'agent-password-1234' };
const PAGE_ID = '1234567890321';
const APP_SECRET = 'replies-app-secret';
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
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.keyboard.press('Enter');
  await page.getByTestId('user-menu').waitFor();
}

describe('replies', () => {
  let parley: SharedPgParley | undefined;
  let graph: HttpServer | undefined;
  const graphCalls: { path: string; body: any }[] = [];
  let browser: Browser;
  let agent: Page;
  let manager: Page;
  let conversationId = '';
  let call: Awaited<ReturnType<typeof client>>;
  let deliver: (body: Buffer) => Promise<void>;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    graph = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => { text += c.toString(); });
      req.on('end', () => {
        const url = new URL(req.url!, 'http://localhost');
        const body = text ? JSON.parse(text) : null;
        graphCalls.push({ path: url.pathname, body });
        const m = /^\/v\d+\.\d+\/([^/]+)\/comments$/.exec(url.pathname);
        if (req.method === 'POST' && m && typeof body?.message === 'string') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `${m[1]}_r${graphCalls.length}` }));
        else if (req.method === 'POST' && /\/me\/messages$/.test(url.pathname) && body?.message?.text) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ recipient_id: body.recipient.id, message_id: `m_${graphCalls.length}` }));
        else res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `unexpected ${req.method} ${url.pathname}`, code: 100 } }));
      });
    });
    await new Promise<void>((resolve) => graph!.listen(0, '127.0.0.1', resolve));
    const graphUrl = `http://127.0.0.1:${(graph.address() as net.AddressInfo).port}`;

    parley = await ownWorkspace(ADMIN);
    call = await client(parley.url, ADMIN.email, ADMIN.password);
    const invite = async (u: { email: string; name: string; password: string }, role: string) => {
      const invited = await call<{ user: { id: string }; inviteUrl: string }>('POST', '/api/users/invite', { email: u.email, name: u.name, role, language: 'de' });
      const token = /[?&]token=([^&#]+)/.exec(invited.inviteUrl)?.[1] ?? invited.inviteUrl.split('/').pop()!;
      const accepted = await fetch(`${parley!.url}/api/auth/accept-invite`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: decodeURIComponent(token), password: u.password }) });
      expect(accepted.ok, await accepted.text()).toBe(true);
      return invited.user.id;
    };
    await invite(MANAGER, 'manager');
    const agentId = await invite(AGENT, 'agent');
    // Lena is new: every reply of hers waits for a manager.
    await call('PUT', `/api/approval-agents/${agentId}`, { needsApproval: true });
    await call('POST', '/api/canned-replies', {
      name: 'Versandstatus', shortcut: 'versand',
      texts: { de: 'Hallo {{contact.first_name}}, Ihr Ersatzteil ist unterwegs und kommt in 2–3 Werktagen. Viele Grüße, {{agent.first_name}}', en: 'Hi {{contact.first_name}}, your spare part is on its way.' },
    });
    await call('POST', '/api/canned-replies', { name: 'Danke für das Lob', shortcut: 'danke', texts: { de: 'Vielen Dank für das Lob, {{contact.first_name}}!' } });

    const channel = await call<{ id: string; webhookPath: string }>('POST', '/api/channels', { network: 'facebook', externalId: PAGE_ID, name: 'Wärmewerk Facebook', secrets: { appSecret: APP_SECRET, accessToken: 'page-token-replies' } });
    const pool = new pg.Client({ connectionString: parley.databaseUrl });
    await pool.connect();
    await pool.query(`UPDATE channels SET settings = jsonb_build_object('apiBaseUrl', $1::text) WHERE id = $2`, [graphUrl, channel.id]);
    await pool.end();
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.parse(realPost.toString('utf8')) as { entry: { time: number; changes: { value: unknown }[] }[] };
    body.entry[0]!.time = now;
    body.entry[0]!.changes[0]!.value = { item: 'post', verb: 'add', post_id: `${PAGE_ID}_9400000000001`, from: { id: '555000666', name: 'Annegret Krause' }, created_time: now,
      message: 'Wann kommt endlich mein Ersatzteil für die Heizung? Bestellt vor zwei Wochen.' };
    deliver = async (bytes: Buffer) => {
      const res = await fetch(`${parley!.url}${channel.webhookPath}`, { method: 'POST', body: new Uint8Array(bytes),
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(bytes).digest('hex')}` } });
      expect(res.status).toBe(200);
    };
    await deliver(Buffer.from(JSON.stringify(body)));
    for (const until = Date.now() + 30_000; !conversationId && Date.now() < until;) {
      conversationId = (await call<{ items: { id: string }[] }>('GET', '/api/conversations')).items[0]?.id ?? '';
      if (!conversationId) await new Promise((r) => setTimeout(r, 300));
    }
    expect(conversationId).not.toBe('');

    browser = await launch();
    ({ page: agent } = await newPage(browser));
    ({ page: manager } = await newPage(browser));
    await signIn(agent, parley.url, AGENT.email, AGENT.password);
    await signIn(manager, parley.url, MANAGER.email, MANAGER.password);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (graph ? graph.close(() => resolve()) : resolve()));
  });

  test('the canned-reply picker inserts the rendered text with the customer\'s first name; the draft survives a reload', async () => {
    await agent.goto(`${parley!.url}/inbox/${conversationId}`);
    const box = agent.getByTestId('reply-text');
    await box.waitFor();
    await box.click();
    await agent.keyboard.type('/vers');
    const picker = agent.getByTestId('canned-picker');
    await picker.waitFor();
    // The picker loads the canned replies when it opens: wait for them before counting.
    await picker.getByTestId('canned-option').first().waitFor();
    expect(await picker.getByTestId('canned-option').count()).toBe(1);
    await agent.screenshot({ path: `${SHOTS}/replies-picker.png` });
    await agent.keyboard.press('Enter');
    await expect.poll(() => box.inputValue()).toBe('Hallo Annegret, Ihr Ersatzteil ist unterwegs und kommt in 2–3 Werktagen. Viele Grüße, Lena');
    await picker.waitFor({ state: 'hidden' });

    // Ctrl+/ opens the picker with its own search; arrows and Enter choose.
    await box.press('End');
    await agent.keyboard.press('Control+/');
    await agent.getByTestId('canned-search').waitFor();
    await agent.keyboard.type('lob');
    await agent.keyboard.press('Enter');
    await expect.poll(() => box.inputValue()).toContain('\nVielen Dank für das Lob, Annegret!');

    // Autosaved on the server as a draft, and there again after a reload (as in another browser).
    await expect.poll(() => agent.getByTestId('draft-status').getAttribute('data-status'), { timeout: 10_000 }).toBe('saved');
    expect(await agent.getByTestId('draft-status').innerText()).toBe('Als Entwurf gespeichert');
    await agent.reload();
    await expect.poll(() => agent.getByTestId('reply-text').inputValue(), { timeout: 15_000 }).toContain('Hallo Annegret, Ihr Ersatzteil ist unterwegs');
    await agent.getByTestId('draft-status').waitFor();
  });

  test('a flagged agent\'s reply is held; a manager edits and approves it in a second browser; the agent\'s bubble goes to sent', async () => {
    const box = agent.getByTestId('reply-text');
    await box.fill('Hallo Annegret, das Ersatzteil ist unterwegs.');
    await agent.getByTestId('reply-send').click();
    await agent.getByTestId('reply-held').waitFor();
    const bubble = agent.getByTestId('send-status').last();
    await expect.poll(() => bubble.getAttribute('data-status')).toBe('pending_approval');
    expect(await bubble.innerText()).toBe('Wartet auf Freigabe');
    // The draft went with the sent reply.
    expect(await box.inputValue()).toBe('');
    await agent.screenshot({ path: `${SHOTS}/replies-held.png` });
    await new Promise((r) => setTimeout(r, 1000));
    expect(graphCalls.filter((c) => c.path.endsWith('/comments'))).toHaveLength(0);

    // The manager sees the count in the navigation and the reply in the queue.
    await manager.goto(`${parley!.url}/inbox`);
    const nav = manager.getByRole('navigation').getByRole('link', { name: /Freigaben/ });
    await expect.poll(() => nav.innerText(), { timeout: 10_000 }).toBe('Freigaben (1)');
    await nav.click();
    const card = manager.getByTestId('approval-card');
    await card.waitFor();
    expect(await card.innerText()).toContain('Wann kommt endlich mein Ersatzteil');
    expect(await card.innerText()).toContain('Agent braucht Freigabe');
    const edited = 'Hallo Annegret, Ihr Ersatzteil ist seit heute unterwegs und kommt am Donnerstag. Entschuldigen Sie die Wartezeit!';
    await card.getByTestId('approval-text').fill(edited);
    await manager.screenshot({ path: `${SHOTS}/replies-approvals.png` });
    await card.getByTestId('approval-approve').click();
    await manager.getByTestId('approvals-empty').waitFor();

    // The edited text reaches the network; the agent's bubble shows it as sent.
    await expect.poll(() => graphCalls.filter((c) => c.path.endsWith('/comments')).map((c) => c.body.message), { timeout: 15_000 }).toEqual([edited]);
    await expect.poll(() => agent.getByTestId('send-status').last().getAttribute('data-status'), { timeout: 20_000 }).toBe('sent');
    expect(await agent.getByTestId('thread-messages').innerText()).toContain('kommt am Donnerstag');
  });

  test('the manager keeps canned replies in the settings; CSAT goes out when a direct message is resolved and the customer answers on the public page', async () => {
    await manager.goto(`${parley!.url}/settings/canned-replies`);
    await manager.getByTestId('canned-new').click();
    const dialog = manager.getByRole('dialog');
    await dialog.getByTestId('canned-name').fill('Termin Servicetechniker');
    await dialog.getByTestId('canned-shortcut').fill('techniker');
    await dialog.getByTestId('canned-text-de').fill('Hallo ');
    await dialog.getByRole('button', { name: '{{contact.first_name}}' }).click();
    // Type on at the end of the text (the chip inserted the variable; the focus may have stayed on the chip).
    await dialog.getByTestId('canned-text-de').click();
    await dialog.getByTestId('canned-text-de').press('End');
    await manager.keyboard.type(', wir schicken Ihnen gern einen Techniker.');
    await expect.poll(() => dialog.getByTestId('canned-preview').innerText(), { timeout: 10_000 }).toContain('Hallo Anna, wir schicken Ihnen gern einen Techniker.');
    await manager.screenshot({ path: `${SHOTS}/replies-canned-editor.png` });
    await dialog.getByTestId('canned-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => manager.getByTestId('canned-row').count()).toBe(3);

    // CSAT on; a customer's direct message is answered and resolved: the survey goes out by Messenger.
    await manager.goto(`${parley!.url}/settings/csat`);
    await manager.getByTestId('csat-enabled').click({ force: true });
    await expect.poll(() => call<{ csatEnabled: boolean }>('GET', '/api/reply-settings').then((s) => s.csatEnabled), { timeout: 10_000 }).toBe(true);
    const dm = JSON.parse(readFileSync(new URL('../../server/src/connectors/meta/fixtures/messenger/messaging-message-basic.json', import.meta.url), 'utf8'));
    dm.entry[0].id = PAGE_ID;
    dm.entry[0].messaging[0].sender.id = '6600112233';
    dm.entry[0].messaging[0].recipient.id = PAGE_ID;
    dm.entry[0].messaging[0].message.mid = 'mid.replies-e2e-1';
    dm.entry[0].messaging[0].message.text = 'Danke, die Heizung läuft wieder!';
    await deliver(Buffer.from(JSON.stringify(dm)));
    let dmId = '';
    await expect.poll(async () => {
      dmId = (await call<{ items: { id: string; kind: string }[] }>('GET', '/api/conversations')).items.find((c) => c.kind === 'private')?.id ?? '';
      return dmId;
    }, { timeout: 20_000 }).not.toBe('');
    await call('PATCH', `/api/conversations/${dmId}`, { status: 'resolved' });
    let link = '';
    await expect.poll(() => {
      link = graphCalls.find((c) => c.path.endsWith('/me/messages') && c.body?.message?.text?.includes('/csat/'))?.body.message.text ?? '';
      return link;
    }, { timeout: 20_000 }).toMatch(/^Wie zufrieden waren Sie mit der Hilfe von Wärmewerk GmbH\? .*\/csat\/\S+$/);

    // The customer opens the link in their own browser: no login, German, 1–5 and a comment.
    const { context, page: customer } = await newPage(browser);
    await customer.goto(link.slice(link.indexOf('http')));
    await customer.getByTestId('csat-page').waitFor();
    expect(await customer.getByRole('heading').innerText()).toBe('Wie zufrieden waren Sie mit der Hilfe von Wärmewerk GmbH?');
    await customer.getByTestId('csat-score-5').click();
    await customer.getByTestId('csat-comment').fill('Sehr schnelle Hilfe, danke!');
    await customer.screenshot({ path: `${SHOTS}/replies-csat-page.png` });
    await customer.getByTestId('csat-submit').click();
    await customer.getByTestId('csat-thanks').waitFor();
    await context.close();

    // The score shows on the conversation and in the report.
    await manager.goto(`${parley!.url}/inbox/${dmId}`);
    await expect.poll(() => manager.getByTestId('csat-badge').innerText(), { timeout: 15_000 }).toBe('CSAT 5/5');
    await manager.goto(`${parley!.url}/settings/csat`);
    await manager.getByTestId('csat-report').waitFor();
    await manager.screenshot({ path: `${SHOTS}/replies-csat-report.png` });
  });
});
