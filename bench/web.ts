// Web app first load on localhost in headless Chromium, and the JavaScript the first screen ships.
//
// Goals (issue): first load ≤ 1 s; JavaScript for the first screen ≤ 350 KB gzip. The app is built with the web
// package's own build (`vite build`, then .br/.gz beside each asset) into web/dist and served by Parley itself (buildApp
// + listen, @fastify/static with preCompressed, as `npm start` serves it) on PostgreSQL with BENCH_WEB_ROWS people.
// Each run uses a fresh browser context (empty cache, no cookies):
//   1. navigation to the login page → load event, LCP, login form visible;
//   2. sign in → people list rendered (first table row visible);
//   3. a cold load of /people with the session cookie → people list rendered (the returning user's first load).
// The scripts loaded by 1+2 are the first screen's JavaScript; their gzip sizes (zlib level 6, what nginx and most
// proxies use) are summed. Reference in the same run: a static page of one line served by the same server.
//
//   npx tsx bench/web.ts               BENCH_WEB_ROWS=100000 BENCH_WEB_RUNS=5 BENCH_WEB_BUILD=1
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';
import { buildApp } from '../server/src/app.ts';
import { benchDir, createDatabase, dropDatabase, fmt, ms, percentile, printMachine, printTable, saveResult, verdict } from './lib/common.ts';
import { bootParley, createBenchWorkspace, loadContactsPostgres } from './lib/parley.ts';

const N = Number(process.env.BENCH_WEB_ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 5);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DB = 'parley_bench_web';
const root = path.join(benchDir, '..');
const webDir = path.join(root, 'web');
const dist = path.join(webDir, 'dist');
const LOAD_GOAL_MS = 1000;
const JS_GOAL_KB = 350;

interface Script { url: string; bytes: number; gzip: number; encoding: string | undefined }

function watchScripts(page: Page, into: Map<string, Script>, pending: Promise<void>[]): void {
  page.on('response', (r: Response) => {
    const u = new URL(r.url());
    if (r.request().resourceType() !== 'script' && !u.pathname.endsWith('.js')) return;
    pending.push(r.body().then((body) => {
      into.set(u.pathname, { url: u.pathname, bytes: body.length, gzip: gzipSync(body, { level: 6 }).length, encoding: r.headers()['content-encoding'] });
    }).catch(() => undefined));
  });
}

const LCP_SCRIPT = `
  window.__lcp = 0;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__lcp = e.startTime; })
    .observe({ type: 'largest-contentful-paint', buffered: true });
`;

interface Run { load: number; dcl: number; lcp: number; form: number; login: number; coldPeople: number; coldPeopleLcp: number }

async function oneRun(browser: Browser, base: string, email: string, password: string, scripts: Map<string, Script>): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  context.setDefaultTimeout(30_000);
  await context.addInitScript(LCP_SCRIPT);
  const page = await context.newPage();
  const pending: Promise<void>[] = [];
  watchScripts(page, scripts, pending);
  // 1. The login page
  await page.goto(`${base}/`, { waitUntil: 'load' });
  await page.locator('input[name=email]').waitFor({ state: 'visible' });
  // Page-side code as strings: the server's tsconfig (which covers bench/) has no DOM types.
  const nav = await page.evaluate<{ load: number; dcl: number; form: number }>(`(() => {
    const n = performance.getEntriesByType('navigation')[0];
    return { load: n.loadEventEnd, dcl: n.domContentLoadedEventEnd, form: performance.now() };
  })()`);
  await page.waitForTimeout(300); // let LCP settle (it is final at the first input)
  const lcp = await page.evaluate<number>('window.__lcp');
  // 2. Sign in → people list
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  const t = performance.now();
  await page.keyboard.press('Enter');
  await page.getByTestId('table-row').first().waitFor({ state: 'visible' });
  const login = ms(t);
  await Promise.all(pending);
  // 3. A returning user: cold cache, session cookie, straight to /people
  const cookies = await context.cookies();
  await context.close();
  const cold = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  await cold.addInitScript(LCP_SCRIPT);
  await cold.addCookies(cookies);
  const p2 = await cold.newPage();
  const t2 = performance.now();
  await p2.goto(`${base}/people`, { waitUntil: 'commit' });
  await p2.getByTestId('table-row').first().waitFor({ state: 'visible' });
  const coldPeople = ms(t2);
  await p2.waitForTimeout(300);
  const coldPeopleLcp = await p2.evaluate<number>('window.__lcp');
  await cold.close();
  return { ...nav, lcp, login, coldPeople, coldPeopleLcp };
}

async function main() {
  const machine = await printMachine(`web: first load of the web app in headless Chromium, ${N.toLocaleString('en-US')} people`);
  const result: Record<string, unknown> = { machine, rows: N, runs: RUNS };
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}`);
  if (process.env.BENCH_WEB_BUILD !== '0') {
    const t = performance.now();
    // The web package's build script (vite build + precompressed copies). NODE_ENV=production: a test or dev
    // environment would bundle React's development build.
    const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: webDir, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });
    if (r.status !== 0) throw new Error('the web build failed: the web app is not buildable yet');
    console.log(`web build (npm run build -w web): ${fmt(ms(t) / 1000)} s`);
    result.buildSeconds = ms(t) / 1000;
  }
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`${dist}/index.html is missing: build the web app first`);

  const url = await createDatabase(DB);
  const parley = await bootParley({ postgres: url }, { work: true });
  let browser: Browser | undefined;
  try {
    const ws = await createBenchWorkspace(parley);
    console.log(`\nLoading ${N.toLocaleString('en-US')} people …`);
    await loadContactsPostgres(parley, ws, N);
    const app = await buildApp(parley);
    app.get('/bench-static', { schema: { hide: true }, config: { public: true } }, async (_req, reply) => reply.type('text/html').send('<!doctype html><title>x</title><p>Static reference page</p>'));
    const base = await app.listen({ host: '127.0.0.1', port: 0 });

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    // Reference: a static one-line page from the same server, same browser.
    const refCtx = await browser.newContext();
    await refCtx.addInitScript(LCP_SCRIPT);
    const refPage = await refCtx.newPage();
    const refLoads: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await refPage.goto(`${base}/bench-static?${i}`, { waitUntil: 'load' });
      refLoads.push(await refPage.evaluate<number>("performance.getEntriesByType('navigation')[0].loadEventEnd"));
    }
    await refCtx.close();

    // One discarded run: the server's first requests (plans, caches, JIT) are not what a user sees twice.
    const scripts = new Map<string, Script>();
    await oneRun(browser, base, ws.adminEmail, ws.password, new Map());
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(await oneRun(browser, base, ws.adminEmail, ws.password, scripts));
      console.log(`  run ${i + 1}: login page load ${fmt(runs[i]!.load)} ms, LCP ${fmt(runs[i]!.lcp)} ms; sign-in → list ${fmt(runs[i]!.login)} ms; cold /people ${fmt(runs[i]!.coldPeople)} ms`);
    }
    await app.close();

    const stat = (k: keyof Run) => ({ median: percentile(runs.map((r) => r[k]), 50), max: Math.max(...runs.map((r) => r[k])) });
    const list = [...scripts.values()].sort((a, b) => b.gzip - a.gzip);
    const gzipKb = list.reduce((a, s) => a + s.gzip, 0) / 1024;
    const rawKb = list.reduce((a, s) => a + s.bytes, 0) / 1024;
    const served = list.some((s) => s.encoding) ? [...new Set(list.map((s) => s.encoding ?? 'identity'))].join('/') : 'identity (no compression)';
    printTable('Scripts loaded by the login page and the people list', ['script', 'raw KB', 'gzip KB'], list.map((s) => [s.url, s.bytes / 1024, s.gzip / 1024]));
    console.log(`Served with Content-Encoding: ${served}`);
    const rows: [string, keyof Run][] = [
      ['login page: load event', 'load'], ['login page: DOMContentLoaded', 'dcl'], ['login page: LCP', 'lcp'], ['login page: form visible', 'form'],
      ['sign in → people list rendered', 'login'], ['cold /people (signed in) → list rendered', 'coldPeople'], ['cold /people: LCP', 'coldPeopleLcp'],
    ];
    printTable(`Timings over ${RUNS} runs (fresh browser context each; ms)`, ['step', 'median', 'max'], rows.map(([label, k]) => [label, stat(k).median, stat(k).max]));
    const refMedian = percentile(refLoads, 50);
    printTable('SUMMARY web.ts', ['figure', 'measured', 'goal', 'verdict', 'reference (same run)'], [
      ['first load: login page load event (median)', `${fmt(stat('load').median)} ms`, `≤ ${LOAD_GOAL_MS} ms`, verdict(stat('load').median, LOAD_GOAL_MS, 'max'), `static page ${fmt(refMedian)} ms`],
      ['first load: login page LCP (median)', `${fmt(stat('lcp').median)} ms`, `≤ ${LOAD_GOAL_MS} ms`, verdict(stat('lcp').median, LOAD_GOAL_MS, 'max'), '–'],
      ['sign in → people list rendered (median)', `${fmt(stat('login').median)} ms`, `≤ ${LOAD_GOAL_MS} ms`, verdict(stat('login').median, LOAD_GOAL_MS, 'max'), '–'],
      ['cold /people signed in → list rendered (median)', `${fmt(stat('coldPeople').median)} ms`, `≤ ${LOAD_GOAL_MS} ms`, verdict(stat('coldPeople').median, LOAD_GOAL_MS, 'max'), '–'],
      [`JS of the first screen (${list.length} files)`, `${fmt(gzipKb)} KB gzip (${fmt(rawKb)} KB raw)`, `≤ ${JS_GOAL_KB} KB gzip`, verdict(gzipKb, JS_GOAL_KB, 'max'), '–'],
    ]);
    Object.assign(result, { runs, refLoads, scripts: list, jsGzipKb: gzipKb, jsRawKb: rawKb, contentEncoding: served });
    saveResult('web', result);
  } finally {
    await browser?.close();
    await parley.close();
    await dropDatabase(DB);
    rmSync(parley.dataDir, { recursive: true, force: true });
  }
}

await main();
