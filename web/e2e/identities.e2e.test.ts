import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, chooseLanguage, env, launch, newPage, signIn } from './helpers.ts';

interface Contact { id: string; displayName: string }
interface Link { method: string; evidence: Record<string, unknown>; undoneAt: string | null; undoReason: string | null }
interface Identity { id: string; network: string; handle: string | null; contactId: string | null; links: Link[] }
interface Match { id: string; subjectType: 'identity' | 'contact'; identity: { id: string } | null; subjectContact: Contact | null; contact: Contact | null }

const SHOTS = '/tmp/shots';

describe('social identities', () => {
  let browser: Browser;
  let page: Page;
  let call: Awaited<ReturnType<typeof apiClient>>;
  let annegret: Contact;
  let namesake: Contact;
  let twinA: Contact;
  let twinB: Contact;
  let adminName: string;
  const panel = () => page.getByTestId('identities-panel');
  const openPerson = async (id: string) => {
    await page.goto(`${env().baseUrl}/people/${id}`);
    await panel().waitFor();
  };
  const matches = (q: string) => call<{ items: Match[] }>('GET', `/api/match-candidates?${q}`).then((r) => r.items);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    call = await apiClient();
    adminName = (await call<{ user: { name: string } }>('GET', '/api/auth/session')).user.name;
    annegret = await call<Contact>('POST', '/api/contacts', {
      firstName: 'Annegret', lastName: 'Vogelsang', emails: [{ value: 'annegret.vogelsang@example.org' }], birthday: '1979-04-12',
      addresses: [{ street: 'Wiesentalstraße 4', postalCode: '79115', city: 'Freiburg', country: 'DE' }],
    });
    namesake = await call<Contact>('POST', '/api/contacts', { firstName: 'Waltraud', lastName: 'Eibensteiner', emails: [{ value: 'w.eibensteiner@example.net' }] });
    // Another person's Instagram account: adding it to Annegret is a conflict the dialog explains.
    await call('POST', `/api/contacts/${namesake.id}/identities`, { network: 'instagram', externalId: 'ig-5550123', handle: 'waltraud.e' });
    // Two records of one person, for the duplicates tab of the review queue.
    twinA = await call<Contact>('POST', '/api/contacts', { firstName: 'Ottilie', lastName: 'Brandhuber', emails: [{ value: 'ottilie.brandhuber@example.com' }], phones: [{ value: '+49 761 4445566' }], birthday: '1966-09-30' });
    twinB = await call<Contact>('POST', '/api/contacts', { firstName: 'Ottilie', lastName: 'Brandhuber', emails: [{ value: 'ottilie.brandhuber@example.com' }], birthday: '1966-09-30' });
    browser = await launch();
    ({ page } = await newPage(browser));
    await signIn(page);
    await chooseLanguage(page, 'de');
  });
  afterAll(async () => {
    if (page) await chooseLanguage(page, 'de').catch(() => undefined);
    await browser?.close();
  });

  test('adds an identity, reads its evidence, unlinks it with a reason and finds it in the history', async () => {
    await openPerson(annegret.id);
    expect(await page.getByTestId('identities-empty').innerText()).toContain('Noch keine Social-Identitäten');

    // The dialog: X is the default network; the handle alone identifies the account.
    await page.getByTestId('add-identity').click();
    const dialog = page.getByTestId('add-identity-modal');
    await dialog.getByLabel('Benutzername').fill('@annegret_v');
    await dialog.getByLabel('Anzeigename').fill('Annegret Vogelsang');
    await dialog.getByLabel('Profil-URL').fill('https://x.com/annegret_v');
    await dialog.getByLabel('Notiz').fill('Hat sie am Telefon genannt');
    await page.keyboard.press('Enter');
    await page.getByText('Identität hinzugefügt.').waitFor();

    const row = panel().getByTestId('identity-row');
    await row.waitFor();
    expect(await row.getAttribute('data-network')).toBe('x');
    expect(await row.getByTestId('identity-evidence').innerText()).toContain(`Entscheidung von ${adminName}: Hat sie am Telefon genannt`);
    const profile = row.getByRole('link', { name: /Annegret Vogelsang – Profil auf X öffnen/ });
    expect(await profile.getAttribute('href')).toBe('https://x.com/annegret_v');
    expect(await profile.getAttribute('target')).toBe('_blank');
    expect(await profile.getAttribute('rel')).toBe('noopener noreferrer');
    await page.screenshot({ path: `${SHOTS}/identities-panel.png` });

    // An account that is someone else's: the dialog says so and leads to that person.
    await page.getByTestId('add-identity').click();
    await dialog.getByTestId('identity-network').click();
    await page.getByRole('option', { name: 'Instagram' }).click();
    await dialog.getByLabel('Benutzername').fill('waltraud.e');
    await dialog.getByLabel('Konto-ID').fill('ig-5550123');
    await dialog.getByTestId('add-identity-submit').click();
    const conflict = dialog.getByTestId('identity-conflict');
    await conflict.waitFor();
    expect(await conflict.innerText()).toContain('Bereits mit einer anderen Person verknüpft');
    expect(await conflict.getByRole('link', { name: 'Andere Person öffnen' }).getAttribute('href')).toBe(`/people/${namesake.id}`);
    await page.screenshot({ path: `${SHOTS}/identities-conflict.png` });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Unlink with a reason: the link goes to the history, with who and why.
    await row.getByTestId('identity-unlink').click();
    await page.getByTestId('unlink-reason').fill('Namensvetterin, nicht unsere Kundin');
    await page.getByTestId('unlink-confirm').click();
    await page.getByText('Verknüpfung gelöst.').waitFor();
    await row.getByText('Nicht verknüpft').waitFor();
    await row.getByTestId('identity-history-toggle').click();
    const history = row.getByTestId('identity-history');
    await history.waitFor();
    const historyText = await history.innerText();
    expect(historyText).toContain(`Entscheidung von ${adminName}: Hat sie am Telefon genannt`);
    expect(historyText).toContain(`von ${adminName}`);
    expect(historyText).toContain('Grund: Namensvetterin, nicht unsere Kundin');

    // The timeline tells both steps in words (its entries are written by a job, so they may take a moment).
    const timeline = page.getByTestId('timeline');
    await expect.poll(async () => {
      await page.reload();
      await timeline.waitFor();
      return timeline.innerText();
    }, { timeout: 20_000, interval: 1500 }).toContain('Verknüpfung einer Social-Identität gelöst');
    const tl = await timeline.innerText();
    expect(tl).toContain('Social-Identität verknüpft');
    expect(tl).toContain('X · @annegret_v');
    expect(tl).toContain('Grund: Namensvetterin, nicht unsere Kundin');
    await page.getByTestId('identity-history-toggle').click();
    await page.getByTestId('identity-history').getByText(/Grund: Namensvetterin/).waitFor();
    await page.waitForTimeout(300); // the history unfolds
    await page.screenshot({ path: `${SHOTS}/identities-history.png`, fullPage: true });
  });

  test('the review queue: a resolution run proposes, the keys decide', async () => {
    await page.getByRole('link', { name: 'Zuordnungen' }).first().click();
    await page.getByRole('heading', { name: 'Zuordnungen prüfen' }).waitFor();
    await page.getByTestId('queue-empty').waitFor();
    expect(await page.getByTestId('queue-empty').innerText()).toContain('Nichts zu prüfen');
    await page.screenshot({ path: `${SHOTS}/review-queue-empty.png` });

    // The run works in the background; the Mastodon account and the two Ottilies come back as proposals.
    // An account first put on the wrong person and unlinked from her: Parley remembers "not her", and the run proposes
    // the right one. (The X account unlinked from Annegret above stays away from her: an unlink says "not this person".)
    const mastodon = await call<Identity>('POST', `/api/contacts/${namesake.id}/identities`, { network: 'mastodon', externalId: '109876543210', handle: 'annegret@norden.social', displayName: 'Annegret Vogelsang' });
    await call('POST', `/api/identities/${mastodon.id}/unlink`, { reason: 'Falsche Person' });
    await page.getByTestId('run-resolution').click();
    await page.getByText('Abgleich gestartet.').waitFor();
    await expect.poll(async () => (await matches('status=open&subjectType=identity')).some((m) => m.contact?.id === annegret.id && m.identity?.id === mastodon.id), { timeout: 45_000, interval: 1000 }).toBe(true);
    expect((await matches('status=open&subjectType=identity')).filter((m) => m.contact?.id === namesake.id)).toEqual([]);
    await expect.poll(async () => (await matches('status=open&subjectType=contact')).some((m) => [m.subjectContact?.id, m.contact?.id].includes(twinA.id)), { timeout: 30_000, interval: 1000 }).toBe(true);
    await page.reload();
    const card = page.getByTestId('match-card').filter({ hasText: 'Annegret Vogelsang' });
    await card.waitFor();
    expect(await card.getByTestId('match-explanation').innerText()).toContain('Nachname');
    expect(await page.getByTestId('key-hint').innerText()).toMatch(/J\s*K/);
    await page.screenshot({ path: `${SHOTS}/review-queue.png`, fullPage: true });

    // The person's page offers it too, as a possible identity.
    await openPerson(annegret.id);
    await page.getByTestId('possible-identity').waitFor();
    await panel().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/identities-possible.png` });

    // Back in the queue: move to the card and link it with L.
    await page.goBack();
    await card.waitFor();
    const cards = page.getByTestId('match-card');
    const position = await cards.evaluateAll((els, name) => els.findIndex((e) => e.textContent?.includes(name)), 'Annegret Vogelsang');
    for (let i = 0; i < position; i++) await page.keyboard.press('j');
    if (position === 0) await page.keyboard.press('k');
    expect(await card.getAttribute('data-active')).toBe('true');
    await page.keyboard.press('l');
    await page.getByText('Mit Annegret Vogelsang verknüpft.').waitFor();
    await card.waitFor({ state: 'detached' });
    const [linked] = (await call<{ items: Identity[] }>('GET', `/api/contacts/${annegret.id}/identities`)).items.filter((i) => i.network === 'mastodon');
    expect(linked).toMatchObject({ contactId: annegret.id, links: [{ method: 'agent', undoneAt: null, evidence: { reviewed: true } }, { undoReason: 'Falsche Person' }] });

    // Two records of one person: "Merge…" opens the merge screen for both; N says they are different people.
    await page.getByTestId('tab-people').click();
    const twins = page.getByTestId('match-card').filter({ hasText: 'Ottilie Brandhuber' }).first();
    await twins.waitFor();
    await page.screenshot({ path: `${SHOTS}/review-queue-people.png`, fullPage: true });
    await twins.getByTestId('match-merge').click();
    await page.getByTestId('merge-table').waitFor();
    const url = new URL(page.url());
    expect(url.pathname).toBe('/duplicates/merge');
    expect([url.searchParams.get('a'), url.searchParams.get('b')].sort()).toEqual([twinA.id, twinB.id].sort());
    await page.goBack();
    await twins.waitFor();
    await twins.focus();
    await page.keyboard.press('n');
    await page.getByText('Als keine Übereinstimmung markiert.').waitFor();
    // N here means "not a match", not the app's "new person".
    expect(await page.getByTestId('create-person-modal').count()).toBe(0);
    await page.getByTestId('tab-decided').click();
    await page.getByTestId('match-decision').first().waitFor();
    expect(await page.getByTestId('match-card').filter({ hasText: 'Annegret Vogelsang' }).getByTestId('match-decision').innerText()).toContain(`Verknüpft von ${adminName}`);
  }, 120_000);

  test('reads well in English', async () => {
    await chooseLanguage(page, 'en');
    await openPerson(annegret.id);
    await expect.poll(() => panel().innerText()).toContain('Social identities');
    expect(await panel().getByTestId('identity-evidence').first().innerText()).toContain(`Agent decision by ${adminName} after review`);

    // The account that is someone else's can be taken over from the conflict, as an agent decision.
    await page.getByTestId('add-identity').click();
    const dialog = page.getByTestId('add-identity-modal');
    await dialog.getByTestId('identity-network').click();
    await page.getByRole('option', { name: 'Instagram' }).click();
    await dialog.getByLabel('Account ID').fill('ig-5550123');
    await dialog.getByLabel('Note').fill('Her second account');
    await dialog.getByTestId('add-identity-submit').click();
    await dialog.getByTestId('identity-link-instead').click();
    await dialog.waitFor({ state: 'detached' });
    const instagram = panel().getByTestId('identity-row').filter({ has: page.locator('[data-network="instagram"]') }).first();
    await expect.poll(() => instagram.innerText().catch(() => '')).toContain(`Agent decision by ${adminName}: Her second account`);
    expect((await call<{ items: Identity[] }>('GET', `/api/contacts/${namesake.id}/identities`)).items[0]).toMatchObject({ contactId: annegret.id });
    await panel().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/identities-panel-en.png` });
    await page.goto(`${env().baseUrl}/matches?tab=decided`);
    await page.getByTestId('match-card').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/review-queue-decided-en.png`, fullPage: true });
    await page.goto(`${env().baseUrl}/matches?tab=people`);
    await page.getByRole('heading', { name: 'Match review' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/review-queue-people-en.png`, fullPage: true });
  });
});
