import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

// The browser tier: builds the web app when web/dist is missing or older than its sources, starts the real server
// on a fresh embedded database and a free port, and hands the tests its address. Teardown stops the server.

const root = fileURLToPath(new URL('../..', import.meta.url));
const webDir = path.join(root, 'web');
const dist = path.join(webDir, 'dist', 'index.html');
export const ADMIN = { email: 'e2e-admin@example.com', password: 'e2e-password-123' };

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    adminEmail: string;
    adminPassword: string;
    chromiumPath: string;
  }
}

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(p).filter((f) => f !== 'node_modules').map((f) => newestMtime(path.join(p, f))));
}

function buildIfStale(): void {
  const sources = Math.max(...['src', 'public', 'index.html', 'vite.config.ts'].map((f) => newestMtime(path.join(webDir, f))), newestMtime(path.join(root, 'contracts', 'src')));
  if (existsSync(dist) && statSync(dist).mtimeMs >= sources) return;
  const vite = path.join(root, 'node_modules', '.bin', 'vite');
  // vitest sets NODE_ENV=test, which would bundle React's development build.
  const r = spawnSync(vite, ['build', '--logLevel', 'warn'], { cwd: webDir, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error('Building the web app failed');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, log: () => string, timeoutMs = 150_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`The server exited (code ${child.exitCode}) before it was ready:\n${log()}`);
    try {
      const res = await fetch(`${url}/api/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`The server was not ready after ${timeoutMs / 1000} s:\n${log()}`);
}

/** Vitest global setup of the browser project. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) throw new Error(`No Chromium at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  buildIfStale();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PARLEY_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      PARLEY_PUBLIC_URL: baseUrl,
      PARLEY_ADMIN_EMAIL: ADMIN.email,
      PARLEY_ADMIN_PASSWORD: ADMIN.password,
      PARLEY_ADMIN_WORKSPACE: 'E2E GmbH',
      PARLEY_DEMO: 'false',
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT: '1000',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (b: Buffer) => { output = (output + b.toString()).slice(-8000); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 10_000);
        child.once('exit', () => { clearTimeout(force); resolve(); });
      });
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitReady(baseUrl, child, () => output);
    const index = await fetch(`${baseUrl}/`);
    if (!(index.headers.get('content-type') ?? '').includes('text/html')) throw new Error(`The server does not serve the web app at ${baseUrl}/ (status ${index.status})`);
  } catch (err) {
    await stop();
    throw err;
  }
  project.provide('baseUrl', baseUrl);
  project.provide('adminEmail', ADMIN.email);
  project.provide('adminPassword', ADMIN.password);
  project.provide('chromiumPath', chromiumPath);
  return stop;
}
