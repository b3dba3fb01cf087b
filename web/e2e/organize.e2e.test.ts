import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, chooseLanguage, env, launch, newPage, signIn } from './helpers.ts';

interface Conversation { id: string; status: string; preview: string | null; snoozedUntil: string | null; hashtags: string[]; customStatusId: string | null; labels: string[] }

const SHOTS = '/tmp/shots';
// A page of its own (not the inbox test's), so both can run against the same server.
const PAGE_ID = '4455667788990';
const APP_SECRET = 'e2e-organize-secret';
const realPost = readFileSync(new URL('../../server/src/connectors/meta/fixtures/facebook-page/feed-post-add-25.json', import.meta.url));

function post(n: number, author: string, message: string, time: number): Buffer {
  const base = JSON.parse(realPost.toString('utf8')) as { entry: { id: string; time: number; changes: { value: unknown }[] }[] };
  base.entry[0]!.id = PAGE_ID;
  base.entry[0]!.time = time;
  base.entry[0]!.changes[0]!.value = { item: 'post', verb: 'add', post_id: `${PAGE_ID}_80000000000${n}`, from: { id: `77700000${n}`, name: author }, created_time: time, message };
  return Buffer.from(JSON.stringify(base));
}

describe('organizing the inbox', () => {
  let browser: Browser;
  let page: Page;
  let call: Awaited<ReturnType<typeof apiClient>>;
  let channel: { id: string; webhookPath: string };
  const mine = async () => (await call<{ items: (Conversation & { channelId: string })[] }>('GET', '/api/conversations?snoozed=include&limit=100')).items.filter((c) => c.channelId === channel.id);
  const rows = () => page.getByTestId('conversation-row');
  const row = (name: string) => rows().filter({ hasText: name });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    call = await apiClient();
    browser = await launch();
    ({ page } = await newPage(browser));
    await signIn(page);
    await chooseLanguage(page, 'de');
    channel = await call('POST', '/api/channels', { network: 'facebook', externalId: PAGE_ID, name: 'Wärmewerk Service', secrets: { appSecret: APP_SECRET } });
    const now = Math.floor(Date.now() / 1000);
    const customers: [string, string][] = [
      ['Anna Albers', 'Meine #Wärmepumpe macht seit gestern laute Geräusche.'],
      ['Bernd Brandt', 'Kann ich bei Ihnen auch E10 tanken?'],
      ['Carla Conrad', 'Die Rechnung vom Oktober ist doppelt abgebucht worden.'],
      ['Dieter Dorn', 'Großes Lob an Ihren Techniker, super freundlich!'],
      ['Emma Engel', 'Wann ist die jährliche Wartung der Wärmepumpe fällig?'],
    ];
    for (const [i, [author, text]] of customers.entries()) {
      const body = post(i + 1, author, text, now - 600 + i * 60);
      const res = await fetch(`${env().baseUrl}${channel.webhookPath}`, {
        method: 'POST', body: new Uint8Array(body),
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}` },
      });
      expect(res.status).toBe(200);
    }
    for (let i = 0; i < 60 && (await mine()).length < 5; i++) await new Promise((r) => setTimeout(r, 500));
    expect(await mine()).toHaveLength(5);
  }, 60_000);
  afterAll(async () => {
    // Leave the shared server as other browser tests expect it: these conversations out of the default list, the page gone.
    if (channel) {
      const ids = (await mine()).map((c) => c.id);
      if (ids.length) await call('POST', '/api/conversations/bulk', { ids, action: { type: 'snooze', until: new Date(Date.now() + 300 * 86_400_000).toISOString() } });
      await call('DELETE', `/api/channels/${channel.id}`);
    }
    await browser?.close();
  });

  test('select three with the keyboard and resolve them at once', async () => {
    // The list of this page's channel only: other browser tests may have left conversations on the same server.
    await page.goto(`${env().baseUrl}/inbox?channelId=${channel.id}`);
    await row('Emma Engel').waitFor();
    await row('Anna Albers').waitFor();
    // Newest first: Emma, Dieter, Carla are the first three.
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    expect(await page.getByTestId('bulk-count').innerText()).toBe('3 ausgewählt');
    await page.screenshot({ path: `${SHOTS}/organize-selected.png` });
    await page.keyboard.press('e');
    await expect.poll(() => row('Emma Engel').count(), { timeout: 15_000 }).toBe(0);
    expect(await row('Dieter Dorn').count()).toBe(0);
    expect(await row('Carla Conrad').count()).toBe(0);
    await row('Bernd Brandt').waitFor();
    const resolved = (await mine()).filter((c) => c.status === 'resolved').map((c) => c.preview);
    expect(resolved).toHaveLength(3);
    expect(resolved.join(' ')).toContain('Wartung');
    // They are in the built-in view "Erledigt".
    await page.getByTestId('inbox-tab-resolved').click();
    await row('Emma Engel').waitFor();
    await row('Carla Conrad').waitFor();
  });

  test('a filtered list saved as a view opens again with its filter; #hashtags are chips that filter', async () => {
    await page.getByTestId('inbox-tab-open').click();
    await row('Bernd Brandt').waitFor();
    expect(await row('Anna Albers').getByTestId('hashtag-chip').innerText()).toBe('#wärmepumpe');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('inbox-search');
    await page.keyboard.type('Wärmepumpe');
    await page.keyboard.press('Enter');
    await expect.poll(() => row('Bernd Brandt').count(), { timeout: 15_000 }).toBe(0);
    expect(await rows().count()).toBe(1);
    await page.getByTestId('view-save').click();
    await page.getByTestId('view-name').fill('Wärmepumpen');
    await page.getByTestId('view-save-submit').click();
    const tab = page.getByRole('tab', { name: /Wärmepumpen/ });
    await tab.waitFor();
    await page.screenshot({ path: `${SHOTS}/organize-view.png` });

    await page.getByTestId('inbox-tab-open').click();
    await row('Bernd Brandt').waitFor();
    await row('Anna Albers').waitFor();
    await tab.click();
    await expect.poll(() => row('Bernd Brandt').count(), { timeout: 15_000 }).toBe(0);
    await row('Anna Albers').waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toMatch(/^[0-9a-f-]{36}$/);

    // A hashtag chip filters the whole inbox by it.
    await page.getByTestId('inbox-tab-resolved').click();
    await row('Emma Engel').waitFor();
    await page.getByTestId('inbox-tab-open').click();
    await row('Anna Albers').getByTestId('hashtag-chip').click();
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('active-filters').innerText()).toContain('#wärmepumpe');
    await page.getByTestId('filters-clear').click();
    await row('Bernd Brandt').waitFor();
  });

  test('a snoozed conversation leaves the list and waits under "Zurückgestellt"; ? lists the keys', async () => {
    await row('Bernd Brandt').click();
    await page.getByTestId('thread-snooze').click();
    await page.getByTestId('snooze-tomorrow').click();
    await page.getByTestId('snoozed-until').waitFor();
    expect(await page.getByTestId('snoozed-until').innerText()).toContain('Zurückgestellt bis');
    await expect.poll(() => row('Bernd Brandt').count(), { timeout: 15_000 }).toBe(0);
    await row('Anna Albers').waitFor();
    const bernd = (await mine()).find((c) => c.preview?.includes('E10'))!;
    expect(bernd.snoozedUntil).not.toBeNull();
    expect(new Date(bernd.snoozedUntil!).getTime()).toBeGreaterThan(Date.now());
    await page.getByTestId('inbox-tab-snoozed').click();
    await row('Bernd Brandt').waitFor();
    expect(await row('Bernd Brandt').getByTestId('row-snoozed').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/organize-snoozed.png` });

    await page.locator('body').click({ position: { x: 700, y: 400 } });
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Tastenkürzel im Posteingang' });
    await help.waitFor();
    expect(await help.innerText()).toContain('Zurückstellen');
    await page.screenshot({ path: `${SHOTS}/organize-keys.png` });
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
  });
  test('a custom status set up in the settings is offered under its base status in the thread', async () => {
    await page.goto(`${env().baseUrl}/settings/inbox-organize`);
    await page.getByTestId('custom-status-empty').or(page.getByTestId('custom-status-table')).waitFor();
    await page.getByTestId('status-name-de').fill('Warten auf Ersatzteil');
    await page.getByTestId('status-name-en').fill('Waiting for a spare part');
    await page.getByTestId('status-add').click();
    await page.getByTestId('custom-status-table').getByText('Warten auf Ersatzteil').waitFor();
    await page.getByTestId('label-name').fill('Garantie');
    await page.getByTestId('label-add').click();
    await page.getByTestId('label-list').getByText('Garantie').waitFor();
    await page.screenshot({ path: `${SHOTS}/organize-settings.png` });

    const anna = (await mine()).find((c) => c.preview?.includes('Geräusche'))!;
    // Open and pending, so that she stays in the list once her status is pending.
    await page.goto(`${env().baseUrl}/inbox/${anna.id}?status=open,pending`);
    await page.getByTestId('status-menu').click();
    await page.getByTestId('status-option-custom').filter({ hasText: 'Warten auf Ersatzteil' }).click();
    await expect.poll(() => page.getByTestId('status-menu').innerText(), { timeout: 15_000 }).toContain('Warten auf Ersatzteil');
    await page.getByTestId('thread-add-label').click();
    await page.getByTestId('label-option').filter({ hasText: 'Garantie' }).click();
    await page.getByTestId('organize-bar').getByTestId('label-chip').filter({ hasText: 'Garantie' }).waitFor();
    const after = (await mine()).find((c) => c.id === anna.id)!;
    expect(after.status).toBe('pending');
    expect(after.customStatusId).not.toBeNull();
    expect(after.labels).toEqual(['Garantie']);
    await row('Anna Albers').getByTestId('custom-status-badge').waitFor();
    await page.screenshot({ path: `${SHOTS}/organize-thread.png` });
  });
});
