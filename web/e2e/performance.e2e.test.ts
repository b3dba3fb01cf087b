import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Cookie } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, env, launch, newPage, signIn } from './helpers.ts';

const dist = fileURLToPath(new URL('../dist', import.meta.url));

describe('first screen', () => {
  let browser: Browser;
  let cookies: Cookie[];
  beforeAll(async () => {
    const call = await apiClient();
    for (let i = 0; i < 60; i++) await call('POST', '/api/contacts', { firstName: `Leistung${i}`, lastName: 'Test', emails: [{ value: `leistung${i}@example.org` }], tags: ['Messe'] });
    browser = await launch();
    const { context, page } = await newPage(browser);
    await signIn(page);
    cookies = await context.cookies();
    await context.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  // A cold load: a browser context with the session cookie and an empty cache.
  async function coldLoad(): Promise<{ ms: number; scripts: string[] }> {
    const { context, page } = await newPage(browser);
    await context.addCookies(cookies);
    const scripts: string[] = [];
    page.on('response', (r) => {
      const p = new URL(r.url()).pathname;
      if (p.endsWith('.js')) scripts.push(p);
    });
    const started = Date.now();
    await page.goto(`${env().baseUrl}/people`);
    await page.getByTestId('table-row').first().waitFor();
    const ms = Date.now() - started;
    await context.close();
    return { ms, scripts };
  }

  test('the people list loads at most 350 KB of gzipped JavaScript', async () => {
    const { scripts } = await coldLoad();
    const gzipBytes = scripts.reduce((sum, p) => sum + gzipSync(readFileSync(path.join(dist, p))).length, 0);
    console.log(`first screen: ${scripts.length} scripts, ${(gzipBytes / 1024).toFixed(1)} KB gzip`);
    expect(gzipBytes).toBeLessThanOrEqual(350 * 1024);
  });

  test('and shows its rows within a second on localhost', async () => {
    // The best of three: one slow run says more about the neighbours than about the app. On a machine busy with other
    // work (load above its cores) a second cannot be promised, so the budget grows with the load per core; on an
    // idle machine it is the second the app promises. The figures are printed either way.
    const runs = [await coldLoad(), await coldLoad(), await coldLoad()].map((r) => r.ms);
    const load = os.loadavg()[0]! / os.cpus().length;
    const budget = Math.round(1000 * Math.max(1, load));
    console.log(`first screen: rows after ${runs.join(' / ')} ms (load ${load.toFixed(2)} per core, budget ${budget} ms)`);
    expect(Math.min(...runs)).toBeLessThan(budget);
  });
});
