import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, chooseLanguage, env, launch, newPage, signIn } from './helpers.ts';

interface Channel { id: string; webhookPath: string }
interface Conversation { id: string; identityId: string | null; contactId: string | null; status: string; messageCount: number }
interface Contact { id: string; displayName: string }

const SHOTS = '/tmp/shots';
const PAGE_ID = '1234567890321'; // the Facebook page of Meta's feed fixtures
const APP_SECRET = 'e2e-app-secret';
// A real delivery recorded for Meta's feed webhook (read from disk: the web tests never import server code).
const fixturePath = (rel: string) => new URL(`../../server/src/connectors/meta/fixtures/${rel}`, import.meta.url);
const realPost = readFileSync(fixturePath('facebook-page/feed-post-add-25.json'));

// A feed change in the envelope of the real fixture, for a customer's own post and comments shaped like Meta's.
function feed(value: Record<string, unknown>, time: number): Buffer {
  const base = JSON.parse(realPost.toString('utf8')) as { entry: { time: number; changes: { value: unknown }[] }[] };
  base.entry[0]!.time = time;
  base.entry[0]!.changes[0]!.value = value;
  return Buffer.from(JSON.stringify(base));
}

/** The status of a call, to learn whether an endpoint that is being built exists on this server (404 route_not_found). */
async function exists(call: Awaited<ReturnType<typeof apiClient>>, method: string, path: string): Promise<boolean> {
  try {
    await call(method, path, {});
    return true;
  } catch (err) {
    return !/: 404 .*route_not_found/.test(String(err));
  }
}

describe('inbox', () => {
  let browser: Browser;
  let page: Page;
  let call: Awaited<ReturnType<typeof apiClient>>;
  let channel: Channel;
  let annegret: Contact;

  const deliver = async (body: Buffer) => {
    const res = await fetch(`${env().baseUrl}${channel.webhookPath}`, {
      method: 'POST', body: new Uint8Array(body),
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}` },
    });
    expect(res.status, await res.text()).toBe(200);
  };
  const conversations = (q = '') => call<{ items: Conversation[] }>('GET', `/api/conversations${q}`).then((r) => r.items);
  const row = (name: string) => page.getByTestId('conversation-row').filter({ hasText: name });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    call = await apiClient();
    browser = await launch();
    ({ page } = await newPage(browser));
    await signIn(page);
    await chooseLanguage(page, 'de');
  });
  afterAll(async () => {
    if (page) await chooseLanguage(page, 'de').catch(() => undefined);
    await browser?.close();
  });

  test('an empty inbox says what to do', async () => {
    expect(await conversations()).toEqual([]);
    await page.getByRole('navigation').getByRole('link', { name: 'Posteingang' }).click();
    await page.getByRole('heading', { name: 'Posteingang' }).waitFor();
    // The inbox is the first entry of the navigation.
    expect(await page.getByRole('navigation').getByRole('link').first().innerText()).toBe('Posteingang');
    const empty = page.getByTestId('inbox-empty');
    await empty.waitFor();
    expect(await empty.innerText()).toContain('Einstellungen → Kanäle');
    expect(await page.getByTestId('thread-none').innerText()).toContain('Keine Unterhaltung geöffnet');
    await page.screenshot({ path: `${SHOTS}/inbox-empty.png` });
  });

  test('webhook deliveries become conversations; the agent reads, answers and resolves one with the keyboard', async () => {
    channel = await call<Channel>('POST', '/api/channels', { network: 'facebook', externalId: PAGE_ID, name: 'Wärmewerk Facebook', secrets: { appSecret: APP_SECRET } });
    // The recorded post as it came (John Doe, 2016), and a customer's thread of today: her post, the page's answer, her edited follow-up.
    await deliver(realPost);
    const now = Math.floor(Date.now() / 1000);
    const post = `${PAGE_ID}_9100000000001`;
    const author = { id: '555000222', name: 'Annegret Vogelsang' };
    await deliver(feed({ item: 'post', verb: 'add', post_id: post, from: author, created_time: now - 1800, message: 'Meine Heizung ist seit Montag kaputt und funktioniert nicht. Können Sie mir bitte einen Techniker schicken?' }, now - 1800));
    await expect.poll(async () => (await conversations()).length, { timeout: 30_000, interval: 500 }).toBe(2);
    await deliver(feed({ item: 'comment', verb: 'add', comment_id: '9100000000001_2001', post_id: post, parent_id: post, sender_id: Number(PAGE_ID), sender_name: 'Wärmewerk',
      created_time: now - 1200, message: 'Das tut uns leid, Frau Vogelsang! Wir melden uns per Nachricht mit einem Termin.' }, now - 1200));
    const comment = { item: 'comment', verb: 'add', comment_id: '9100000000001_2002', post_id: post, parent_id: post, from: author, created_time: now - 600, message: 'Wann kommt der Techniker?' };
    await deliver(feed(comment, now - 600));
    await expect.poll(async () => (await conversations()).find((c) => c.messageCount === 3)?.id, { timeout: 30_000, interval: 500 }).toBeTruthy();
    await deliver(feed({ ...comment, verb: 'edited', created_time: now - 300, message: 'Wann kommt der Techniker? Es ist immer noch eiskalt hier.' }, now - 300));

    // Annegret is a customer on file: her Facebook account is linked to her.
    const thread = (await conversations()).find((c) => c.messageCount === 3)!;
    annegret = await call<Contact>('POST', '/api/contacts', {
      firstName: 'Annegret', lastName: 'Vogelsang', emails: [{ value: 'annegret.vogelsang@example.org' }], phones: [{ value: '+49 761 2233445' }],
      lifecycleStage: 'customer', tags: ['Fernwärme', 'Premium'],
    });
    await call('POST', `/api/identities/${thread.identityId}/link`, { contactId: annegret.id });

    await page.reload();
    await row('Annegret Vogelsang').waitFor();
    await row('John Doe').waitFor();
    // Newest activity first; the customer wrote last, so her thread waits for an answer.
    expect(await page.getByTestId('conversation-author').first().innerText()).toBe('Annegret Vogelsang');
    expect(await row('Annegret Vogelsang').getByTestId('awaits-answer').count()).toBe(1);
    expect(await row('Annegret Vogelsang').getByTestId('intent-badge').innerText()).toBe('Serviceanfrage');

    // J focuses the first conversation, Enter opens it.
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/inbox/${thread.id}`);
    const messages = page.getByTestId('message');
    await expect.poll(() => messages.count()).toBe(3);
    expect(await messages.nth(0).getAttribute('data-direction')).toBe('inbound');
    expect(await messages.nth(1).getAttribute('data-direction')).toBe('outbound');
    expect(await messages.nth(0).innerText()).toContain('Meine Heizung ist seit Montag kaputt');
    await expect.poll(() => messages.nth(2).innerText()).toContain('immer noch eiskalt');
    expect(await messages.nth(2).getByTestId('message-flag').innerText()).toBe('bearbeitet');
    expect(await page.getByTestId('thread-kind').innerText()).toBe('Öffentlich');
    expect(await page.getByTestId('reply-private').count()).toBe(1);

    // The customer beside the thread: the Facebook account and the person it is linked to.
    const side = page.getByTestId('customer-sidebar');
    await side.getByTestId('side-person-name').waitFor();
    expect(await side.getByTestId('side-author').innerText()).toContain('Annegret Vogelsang');
    expect(await side.getByTestId('side-author').innerText()).toContain('Facebook');
    const person = await side.getByTestId('side-person').innerText();
    expect(person).toContain('annegret.vogelsang@example.org');
    expect(person).toContain('+49 761 2233445');
    expect(person).toContain('Kunde');
    expect(person).toContain('Fernwärme');
    expect(await side.getByTestId('side-person-link').getAttribute('href')).toBe(`/people/${annegret.id}`);
    await page.screenshot({ path: `${SHOTS}/inbox-thread.png` });

    // J and Enter again: the recorded post, whose author is not linked to anyone yet.
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await side.getByTestId('side-not-linked').waitFor();
    expect(await side.getByTestId('side-not-linked').innerText()).toContain('Noch mit keiner Person verknüpft');
    expect(await side.getByTestId('side-review-queue').getAttribute('href')).toBe('/matches');
    expect(await messages.first().innerText()).toContain("Let's check this");
    await page.screenshot({ path: `${SHOTS}/inbox-not-linked.png` });
    await page.keyboard.press('k');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/inbox/${thread.id}`);
    await side.getByTestId('side-person-name').waitFor();

    // R writes a reply; Ctrl+Enter sends it. The channel has no access token for the Graph API, so the reply either
    // waits in the outbox and fails with its reason, or the server refuses it at once: either way the agent sees why.
    const replies = await exists(call, 'POST', `/api/conversations/${thread.id}/replies`);
    await page.keyboard.press('r');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('reply-text');
    await page.keyboard.type('Guten Tag Frau Vogelsang, ein Techniker kommt morgen zwischen 8 und 12 Uhr.');
    await page.keyboard.press('Control+Enter');
    if (!replies) {
      console.warn('inbox e2e: POST /api/conversations/:id/replies does not exist on this server yet; the reply shows the "not yet" message');
      expect(await page.getByTestId('reply-error').innerText()).toContain('gibt es auf diesem Server noch nicht');
    } else {
      const outbound = messages.filter({ hasText: 'ein Techniker kommt morgen' });
      const error = page.getByTestId('reply-error');
      await outbound.or(error).first().waitFor();
      if (await error.count()) {
        expect(await error.innerText()).toContain('Ihm fehlen die Zugangsdaten des Netzwerks');
        expect(await page.getByTestId('reply-text').inputValue()).toContain('ein Techniker kommt morgen'); // kept to send again
      } else {
        expect(await outbound.getAttribute('data-direction')).toBe('outbound');
        const status = outbound.getByTestId('send-status');
        expect(['queued', 'sent', 'failed']).toContain(await status.getAttribute('data-status'));
        await expect.poll(() => status.getAttribute('data-status'), { timeout: 30_000 }).not.toBe('queued');
        if ((await status.getAttribute('data-status')) === 'failed') {
          expect(await status.innerText()).toContain('Nicht gesendet');
          await status.getByTestId('retry-send').waitFor();
        }
      }
    }
    await page.screenshot({ path: `${SHOTS}/inbox-reply.png` });

    // Resolve: the conversation leaves the open tab and is found under "Erledigt".
    if (!(await exists(call, 'PATCH', `/api/conversations/${thread.id}`))) {
      console.warn('inbox e2e: PATCH /api/conversations/:id does not exist on this server yet; resolving is not tested');
    } else {
      await page.getByTestId('resolve').click();
      await page.getByTestId('reopen').waitFor();
      expect(await page.getByTestId('status-badge').first().innerText()).toBe('Erledigt');
      await expect.poll(() => row('Annegret Vogelsang').count()).toBe(0);
      expect(await row('John Doe').count()).toBe(1);
      await page.getByTestId('inbox-tab-resolved').click();
      await row('Annegret Vogelsang').waitFor();
      expect((await call<Conversation>('GET', `/api/conversations/${thread.id}`)).status).toBe('resolved');
      await page.screenshot({ path: `${SHOTS}/inbox-resolved.png` });
    }
  });

  test('in English', async () => {
    await chooseLanguage(page, 'en');
    const john = (await conversations()).find((c) => c.messageCount === 1)!;
    await page.goto(`${env().baseUrl}/inbox/${john.id}`);
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    expect(await page.getByRole('navigation').getByRole('link').first().innerText()).toBe('Inbox');
    // The built-in views (organizing the inbox); a count may follow the name.
    expect(await page.getByTestId('inbox-tab-open').innerText()).toMatch(/^All open/);
    expect(await page.getByTestId('inbox-tab-resolved').innerText()).toMatch(/^Resolved/);
    await page.getByTestId('side-not-linked').getByText('Not linked to a person yet').waitFor();
    expect(await page.getByTestId('thread-kind').innerText()).toBe('Public');
    expect(await page.getByTestId('inbox-keys').innerText()).toContain('move');
    expect(await page.getByTestId('reply-text').getAttribute('aria-label')).toBe('Reply to John Doe');
    await page.screenshot({ path: `${SHOTS}/inbox-en.png` });
  });
});
