import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startOwnParley, stopOwnParley, stopSharedPgParley } from './own-server.ts';

// The browser tier: builds the web app when web/dist is missing or older than its sources, starts the real server
// on a fresh embedded database and a free port (own-server.ts), and hands the tests its address. Teardown stops it, and
// the shared PostgreSQL server when a file started one.

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
    /** Where the shared PostgreSQL server of the run records itself (own-server.ts). */
    sharedServersDir: string;
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

/** Vitest global setup of the browser project. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) throw new Error(`No Chromium at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  buildIfStale();
  // The shared server on the embedded database (the e2e workspace); the shared PostgreSQL server is started by the
  // first file that asks for it (own-server.ts) and leaves its state in this folder for the teardown.
  const sharedServersDir = mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-shared-'));
  const server = await startOwnParley('e2e', ADMIN, { PARLEY_ADMIN_WORKSPACE: 'E2E GmbH' });
  const stop = async () => {
    await stopOwnParley(server);
    await stopSharedPgParley(sharedServersDir).catch((err: unknown) => console.error('stopping the shared PostgreSQL server:', err));
    rmSync(sharedServersDir, { recursive: true, force: true });
  };
  try {
    const index = await fetch(`${server.url}/`);
    if (!(index.headers.get('content-type') ?? '').includes('text/html')) throw new Error(`The server does not serve the web app at ${server.url}/ (status ${index.status})`);
  } catch (err) {
    await stop();
    throw err;
  }
  project.provide('baseUrl', server.url);
  project.provide('adminEmail', ADMIN.email);
  project.provide('adminPassword', ADMIN.password);
  project.provide('chromiumPath', chromiumPath);
  project.provide('sharedServersDir', sharedServersDir);
  return stop;
}
