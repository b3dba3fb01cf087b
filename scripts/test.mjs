#!/usr/bin/env node
// `npm test`: lint, type-check, then every test tier. The PostgreSQL tier needs a server (TEST_DATABASE_URL,
// default postgres://postgres@127.0.0.1:5432/test) and the browser tier Debian's chromium. Without them those tiers
// are skipped, and said so plainly; with CI=true a missing server or browser is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const ci = process.env.CI === 'true' || process.env.CI === '1';
const pgUrl = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const only = process.argv.slice(2);

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function reachable(host, port) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port: Number(port) || 5432 }, () => { s.end(); resolve(true); });
    s.on('error', () => resolve(false));
    s.setTimeout(2000, () => { s.destroy(); resolve(false); });
  });
}

const projects = ['unit', 'api-pglite'];
const skipped = [];
const sharedData = path.resolve(process.env.PARLEY_SHARED_DATA ?? path.join(import.meta.dirname, '..', '..', 'shared', 'data'));
if (!existsSync(sharedData)) {
  if (ci) { console.error(`FAIL: no shared test data at ${sharedData} (CI requires it; set PARLEY_SHARED_DATA)`); process.exit(1); }
  skipped.push(`Tests on the shared sample data (vCard samples, CRM export headers) SKIPPED: ${sharedData} not found (set PARLEY_SHARED_DATA)`);
}
if (await reachable(pgUrl.hostname, pgUrl.port)) projects.push('api-postgres');
else if (ci) { console.error(`FAIL: no PostgreSQL server at ${pgUrl.host} (CI requires the PostgreSQL tier)`); process.exit(1); }
else skipped.push(`PostgreSQL tier SKIPPED: no server at ${pgUrl.host} (set TEST_DATABASE_URL to run it)`);
if (existsSync(chromium)) projects.push('browser');
else if (ci) { console.error(`FAIL: no Chromium at ${chromium} (CI requires the browser tier)`); process.exit(1); }
else skipped.push(`Browser tier SKIPPED: no Chromium at ${chromium} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

if (!only.length) {
  run('npx', ['eslint', '.', '--max-warnings=0']);
  run('npx', ['tsc', '-p', 'contracts']);
  run('npx', ['tsc', '-p', 'server']);
  run('npx', ['tsc', '-p', 'web']);
}
for (const s of skipped) console.log(`\n*** ${s} ***`);
const selected = only.length ? projects.filter((p) => only.includes(p)) : projects;
// The default reporter, and where the time went (the slowest files per tier): scripts/vitest-timings.mjs.
run('npx', ['vitest', 'run', ...selected.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=./scripts/vitest-timings.mjs']);
for (const s of skipped) console.log(`*** ${s} ***`);
