import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

// Parley servers of the browser tier, all started the same way (from the sources like `npm start`, no demo unless asked):
// - the shared server of the global setup (embedded database, the e2e workspace most files use);
// - the shared PostgreSQL server: started by the first file that asks for a workspace of its own (`ownWorkspace`),
//   reused by the later ones, stopped by the global setup's teardown. Each such file works in a workspace of its own,
//   created as `parley create-admin` creates one, so nobody else's conversations, rules or settings meet its own;
// - a file's own server (`startOwnParley`) only where the test is about the server process itself (the demo with the
//   sandbox network, a second API process on the same database).

const root = path.resolve(import.meta.dirname, '../..');
const PG_BASE = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface OwnParley { url: string; child: ChildProcess; dataDir: string; log: () => string }

/**
 * Starts a Parley with this admin (null: none; the demo then needs PARLEY_DEMO=true) and extra environment (e.g.
 * DATABASE_URL, PARLEY_ROLE) and waits until it is ready.
 */
export async function startOwnParley(tag: string, admin: { email: string; password: string } | null, env: Record<string, string> = {}, readyTimeoutMs = 150_000): Promise<OwnParley> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `parley-${tag}-`));
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env, PARLEY_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PARLEY_PUBLIC_URL: url,
      ...(admin ? { PARLEY_ADMIN_EMAIL: admin.email, PARLEY_ADMIN_PASSWORD: admin.password, PARLEY_ADMIN_WORKSPACE: 'Wärmewerk GmbH' } : {}),
      PARLEY_DEMO: 'false', LOG_LEVEL: 'warn', LOGIN_RATE_LIMIT: '1000', NODE_ENV: 'production', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (b: Buffer) => { output = (output + b.toString()).slice(-8000); });
  child.stderr!.on('data', (b: Buffer) => { output = (output + b.toString()).slice(-8000); });
  const log = () => output;
  try {
    await waitReady(url, child, log, readyTimeoutMs);
  } catch (err) {
    await stopOwnParley({ url, child, dataDir, log });
    throw err;
  }
  return { url, child, dataDir, log };
}

/** Stops a server of startOwnParley (SIGTERM, SIGKILL after 10 s) and removes its data folder. */
export async function stopOwnParley(p: OwnParley | undefined): Promise<void> {
  if (!p) return;
  if (p.child.exitCode === null && p.child.signalCode === null) {
    p.child.kill('SIGTERM');
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => { p.child.kill('SIGKILL'); resolve(); }, 10_000);
      p.child.once('exit', () => { clearTimeout(force); resolve(); });
    });
  }
  rmSync(p.dataDir, { recursive: true, force: true });
}

async function waitReady(url: string, child: ChildProcess | null, log: () => string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`The server exited (code ${child.exitCode}) before it was ready:\n${log()}`);
    if (Date.now() > until) throw new Error(`The server at ${url} was not ready after ${timeoutMs / 1000} s:\n${log()}`);
    if (await fetch(`${url}/api/ready`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The shared PostgreSQL server of this run, as its state file records it. */
export interface SharedPgParley { url: string; pid: number; databaseUrl: string; dataDir: string; smtpPort: number; secretKey: string }

const stateFile = (dir: string) => path.join(dir, 'pg-server.json');

/** The shared PostgreSQL server: started on the first call of a run (a database of its own), the same one after. */
export async function sharedPgParley(): Promise<SharedPgParley> {
  const dir = inject('sharedServersDir');
  if (existsSync(stateFile(dir))) {
    const known = JSON.parse(readFileSync(stateFile(dir), 'utf8')) as SharedPgParley;
    await waitReady(known.url, null, () => readFileSync(path.join(dir, 'pg-server.log'), 'utf8').slice(-8000), 30_000);
    return known;
  }
  const name = `parley_e2e_shared_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_BASE });
  await admin.connect();
  try { await admin.query(`CREATE DATABASE ${name}`); } finally { await admin.end(); }
  const databaseUrl = (() => { const u = new URL(PG_BASE); u.pathname = `/${name}`; return u.toString(); })();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-pg-'));
  const smtpPort = await freePort();
  const secretKey = randomBytes(24).toString('base64url');
  // Outlives the test file that starts it (its own process group, output to a file): the global teardown stops it.
  const logFile = path.join(dir, 'pg-server.log');
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    detached: true,
    env: {
      ...process.env, DATABASE_URL: databaseUrl, PARLEY_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PARLEY_PUBLIC_URL: url,
      PARLEY_SECRET_KEY: secretKey, PARLEY_SMTP_IN_PORT: String(smtpPort),
      PARLEY_DEMO: 'false', LOG_LEVEL: 'warn', LOGIN_RATE_LIMIT: '1000', NODE_ENV: 'production',
    },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  child.unref();
  const state: SharedPgParley = { url, pid: child.pid!, databaseUrl, dataDir, smtpPort, secretKey };
  writeFileSync(stateFile(dir), JSON.stringify(state));
  await waitReady(url, child, () => readFileSync(logFile, 'utf8').slice(-8000), 150_000);
  return state;
}

/** Stops the shared PostgreSQL server of a run, if one was started, and drops its database (the global teardown). */
export async function stopSharedPgParley(dir: string): Promise<void> {
  if (!existsSync(stateFile(dir))) return;
  const s = JSON.parse(readFileSync(stateFile(dir), 'utf8')) as SharedPgParley;
  const alive = () => { try { process.kill(s.pid, 0); return true; } catch { return false; } };
  if (alive()) {
    process.kill(s.pid, 'SIGTERM');
    for (const until = Date.now() + 10_000; alive() && Date.now() < until;) await new Promise((r) => setTimeout(r, 100));
    if (alive()) process.kill(s.pid, 'SIGKILL');
  }
  rmSync(s.dataDir, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: PG_BASE });
  await admin.connect();
  try { await admin.query(`DROP DATABASE IF EXISTS ${new URL(s.databaseUrl).pathname.slice(1)} WITH (FORCE)`); } finally { await admin.end(); }
}

/** A workspace of this file's own on the shared PostgreSQL server, with this admin (as `parley create-admin` makes one). */
export async function ownWorkspace(admin: { email: string; password: string }, workspace = 'Wärmewerk GmbH'): Promise<SharedPgParley> {
  const server = await sharedPgParley();
  // The server's own code (server/src/cli.ts create-admin does the same), loaded only by the files that need it.
  const [{ openDatabase }, { createUser, createWorkspace, slugify }] = await Promise.all([
    import('../../server/src/db/client.ts'), import('../../server/src/domains/workspace/service.ts'),
  ]);
  const database = await openDatabase({ kind: 'postgres', url: server.databaseUrl, poolSize: 1 });
  try {
    await database.db.transaction(async (tx) => {
      const ws = await createWorkspace(tx, { name: workspace, slug: `${slugify(workspace)}-${randomBytes(4).toString('hex')}` });
      await createUser(tx, { workspaceId: ws.id, email: admin.email, name: admin.email.split('@')[0]!, role: 'admin', password: admin.password });
    });
  } finally {
    await database.close();
  }
  return server;
}
