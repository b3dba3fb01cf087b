import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, chooseLanguage, env, launch, newPage, signIn } from './helpers.ts';

// Routing: a manager creates a rule in Settings → Routing; a matching Facebook comment arrives through the channel's
// real webhook (signed like Meta signs it) and shows up in the inbox assigned, in the rule's team. The rule is removed
// afterwards, so the shared e2e workspace routes nothing for later files.

const SHOTS = '/tmp/shots';
const PAGE_ID = '5566778899001'; // a page of its own: the inbox test connected Meta's fixture page
const APP_SECRET = 'routing-app-secret';
const realComment = readFileSync(new URL('../../server/src/connectors/meta/fixtures/facebook-page/feed-comment-add-25.json', import.meta.url));

function comment(id: string, text: string, author: { id: string; name: string }): Buffer {
  const body = JSON.parse(realComment.toString('utf8')) as { entry: { id: string; time: number; changes: { value: unknown }[] }[] };
  const now = Math.floor(Date.now() / 1000);
  body.entry[0]!.id = PAGE_ID;
  body.entry[0]!.time = now;
  body.entry[0]!.changes[0]!.value = { item: 'comment', verb: 'add', comment_id: `${id}_1`, post_id: `${PAGE_ID}_${id}`, parent_id: `${PAGE_ID}_${id}`, from: author, created_time: now, message: text };
  return Buffer.from(JSON.stringify(body));
}

describe('routing', () => {
  let browser: Browser;
  let page: Page;
  let call: Awaited<ReturnType<typeof apiClient>>;
  let channel: { id: string; webhookPath: string };
  let me: { id: string; name: string };
  const ruleName = 'Wärmepumpen an den Service';

  const deliver = async (body: Buffer) => {
    const res = await fetch(`${env().baseUrl}${channel.webhookPath}`, {
      method: 'POST', body: new Uint8Array(body),
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}` },
    });
    expect(res.status, await res.text()).toBe(200);
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    call = await apiClient();
    browser = await launch();
    ({ page } = await newPage(browser));
    await signIn(page);
    await chooseLanguage(page, 'de');
    me = (await call<{ user: { id: string; name: string } }>('GET', '/api/auth/session')).user;
    channel = await call('POST', '/api/channels', { network: 'facebook', externalId: PAGE_ID, name: 'Wärmewerk Routing', secrets: { appSecret: APP_SECRET } });
    await call('POST', '/api/teams', { name: 'Service Wärmepumpen', memberIds: [me.id] });
  });
  afterAll(async () => {
    // The rule goes again: later files in this workspace see no routing.
    const rules = await call<{ items: { id: string }[] }>('GET', '/api/routing/rules').catch(() => ({ items: [] }));
    for (const r of rules.items) await call('DELETE', `/api/routing/rules/${r.id}`).catch(() => undefined);
    const teams = await call<{ items: { teamId: string }[] }>('GET', '/api/routing/teams').catch(() => ({ items: [] }));
    for (const tm of teams.items) await call('PATCH', `/api/routing/teams/${tm.teamId}`, { policy: 'manual' }).catch(() => undefined);
    // Leave the shared server as other browser tests expect it (the inbox test starts from an empty inbox): this page's
    // conversations out of the default list, the page gone.
    if (channel) {
      const all = await call<{ items: { id: string; channelId: string }[] }>('GET', '/api/conversations?snoozed=include&limit=100').catch(() => ({ items: [] }));
      const ids = all.items.filter((c) => c.channelId === channel.id).map((c) => c.id);
      if (ids.length) await call('POST', '/api/conversations/bulk', { ids, action: { type: 'snooze', until: new Date(Date.now() + 300 * 86_400_000).toISOString() } });
      await call('DELETE', `/api/channels/${channel.id}`).catch(() => undefined);
    }
    await browser?.close();
  });

  test('a manager creates a rule; a matching comment arrives assigned in the rule\'s team', async () => {
    await page.goto(`${env().baseUrl}/settings/routing`);
    await page.getByText('Noch keine Routing-Regeln', { exact: false }).waitFor();

    await page.getByTestId('new-rule').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('rule-name').fill(ruleName);
    // The first condition row is "Stichwörter": a word and Enter.
    await dialog.getByTestId('condition-keywords').fill('Wärmepumpe');
    await page.keyboard.press('Enter');
    // The first action row sets the team.
    await dialog.getByTestId('action-team').click();
    await page.getByRole('option', { name: 'Service Wärmepumpen' }).click();
    // A second action: assign to me.
    await dialog.getByRole('button', { name: 'Aktion hinzufügen' }).click();
    const second = dialog.getByTestId('action-row').nth(1);
    await second.getByTestId('action-type').click();
    await page.getByRole('option', { name: 'Zuweisen' }).click();
    await second.getByTestId('action-assign').click();
    await page.getByRole('option', { name: me.name }).click();
    await page.screenshot({ path: `${SHOTS}/routing-rule-editor.png` });
    await dialog.getByTestId('rule-save').click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByTestId('rule-row').filter({ hasText: ruleName });
    await row.waitFor();
    expect(await row.innerText()).toContain('Stichwörter → Team setzen, Zuweisen');
    await page.screenshot({ path: `${SHOTS}/routing-rules.png` });

    const rules = await call<{ items: { name: string; conditions: unknown[]; actions: unknown[] }[] }>('GET', '/api/routing/rules');
    expect(rules.items).toHaveLength(1);
    expect(rules.items[0]).toMatchObject({ name: ruleName, conditions: [{ type: 'keywords', values: ['Wärmepumpe'] }], actions: [{ type: 'set_team' }, { type: 'assign', userId: me.id }] });

    // A customer writes about her heat pump (spelled without the umlaut), another about something else.
    await deliver(comment('8800000001', 'Unsere Waermepumpe brummt seit gestern ganz laut. Können Sie jemanden schicken?', { id: '8811', name: 'Greta Sommerfeld' }));
    await deliver(comment('8800000002', 'Schöne Bilder von der Messe!', { id: '8812', name: 'Paul Winter' }));
    const list = () => call<{ items: { id: string; author: { displayName: string } | null; assignee: { id: string } | null; teamId: string | null }[] }>('GET', '/api/conversations?limit=100').then((r) => r.items);
    await expect.poll(async () => (await list()).filter((c) => ['Greta Sommerfeld', 'Paul Winter'].includes(c.author?.displayName ?? '')).length, { timeout: 30_000, interval: 500 }).toBe(2);
    const items = await list();
    const greta = items.find((c) => c.author?.displayName === 'Greta Sommerfeld')!;
    expect(greta.assignee?.id).toBe(me.id);
    expect(items.find((c) => c.author?.displayName === 'Paul Winter')!.assignee).toBeNull();

    // In the inbox the thread shows who works it and in which team.
    await page.goto(`${env().baseUrl}/inbox/${greta.id}`);
    // Greta's thread; its header names the assignee as soon as the conversation loaded, and the team's badge once the
    // list of teams (another request) arrived: wait, with Playwright's auto-waiting locators, for the header in the state
    // asked for (a read of the first render saw the assignee without the team).
    const header = page.getByTestId('thread-header');
    await header.getByTestId('thread-title').filter({ hasText: 'Greta Sommerfeld' }).waitFor();
    const assignee = header.getByTestId('assignee-button');
    await assignee.filter({ hasText: me.name }).filter({ hasText: 'Service Wärmepumpen' }).waitFor();
    expect(await assignee.innerText()).toContain(me.name);
    expect(await assignee.innerText()).toContain('Service Wärmepumpen');
    await page.screenshot({ path: `${SHOTS}/routing-thread.png` });

    // Removing the assignee from the header's menu puts it back into the team's queue.
    await assignee.click();
    await page.getByRole('menuitem', { name: 'Zuweisung aufheben' }).click();
    // The header follows once the change is saved (vitest's expect.poll gives up after 1 s: too short on a busy machine).
    await assignee.filter({ hasText: 'Nicht zugewiesen' }).waitFor();
    expect(await assignee.innerText()).toContain('Nicht zugewiesen');
    const queue = await call<{ items: { id: string }[] }>('GET', '/api/routing/queue');
    expect(queue.items.map((c) => c.id)).toContain(greta.id);

    // Settings → Agents: the team hands out its conversations round-robin from now on.
    await page.goto(`${env().baseUrl}/settings/agents`);
    const card = page.getByTestId('team-policy').filter({ hasText: 'Service Wärmepumpen' });
    await card.getByTestId('team-policy-select').click();
    await page.getByRole('option', { name: 'Reihum (Round-Robin)' }).click();
    await expect.poll(async () => (await call<{ items: { name: string; policy: string }[] }>('GET', '/api/routing/teams')).items.find((x) => x.name === 'Service Wärmepumpen')?.policy, { timeout: 15_000, interval: 200 }).toBe('round_robin');
    await page.getByTestId('agent-row').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/routing-agents.png` });
  });
});
