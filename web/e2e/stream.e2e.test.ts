import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, launch, newPage, signIn } from './helpers.ts';

const SHOTS = '/tmp/shots';

describe('activity stream', () => {
  let browser: Browser;
  let page: Page;
  let call: Awaited<ReturnType<typeof apiClient>>;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launch();
    ({ page } = await newPage(browser));
    call = await apiClient();
    await signIn(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('my stream shows what happens on a person I own, live, and Follow toggles on the person page', { timeout: 90_000 }, async () => {
    const suffix = Date.now().toString(36);
    const person = await call<{ id: string }>('POST', '/api/contacts', { firstName: 'Greta', lastName: `Stream${suffix}` });
    await page.getByRole('link', { name: 'Aktivitäten' }).click();
    await page.waitForURL(/\/stream$/);
    const item = page.getByTestId('activity-item').filter({ hasText: `Greta Stream${suffix}` });
    await item.first().waitFor({ timeout: 30_000 });
    expect(await item.first().textContent()).toContain('hat die Person angelegt');

    // A note written meanwhile (by the API, as a colleague would) appears without reloading, with its hashtag.
    await call('POST', `/api/contacts/${person.id}/notes`, { body: `Rückruf zur #Wärmepumpe ${suffix}` });
    const note = page.getByTestId('activity-item').filter({ hasText: `Rückruf zur #Wärmepumpe ${suffix}` });
    await note.waitFor({ timeout: 30_000 });
    await page.screenshot({ path: `${SHOTS}/stream.png` });

    // The hashtag filters the stream to what carries it.
    await note.getByRole('button', { name: '#wärmepumpe' }).click();
    await page.waitForURL(/hashtag=w%C3%A4rmepumpe|hashtag=wärmepumpe/);
    await expect.poll(async () => page.getByTestId('activity-item').filter({ hasText: `Greta Stream${suffix}` }).count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('activity-item').filter({ hasText: 'hat die Person angelegt' }).count()).toBe(0);

    // The person page: I own the person, so I follow it already; unfollowing takes it out of my stream.
    await page.goto(new URL(`/people/${person.id}`, page.url()).toString());
    const follow = page.getByTestId('follow-button');
    await expect.poll(async () => follow.textContent(), { timeout: 10_000 }).toContain('Folge ich');
    await follow.click();
    await expect.poll(async () => follow.getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('false');
    await page.goto(new URL('/stream', page.url()).toString());
    await page.getByRole('tab', { name: 'Arbeitsbereich' }).click();
    await page.getByTestId('activity-item').filter({ hasText: `Greta Stream${suffix}` }).first().waitFor();
    await page.getByRole('tab', { name: 'Meine' }).click();
    await expect.poll(async () => page.getByTestId('activity-item').filter({ hasText: `Greta Stream${suffix}` }).count(), { timeout: 10_000 }).toBe(0);
  });
});
