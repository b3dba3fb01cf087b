import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// A Parley of a browser test file's own (its own data folder, and its own database when given), for tests that need a
// workspace nobody else writes to. Started from the sources like `npm start`, with an admin and no demo.

const root = path.resolve(import.meta.dirname, '../..');

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

export interface OwnParley { url: string; child: ChildProcess; dataDir: string }

/** Starts a Parley with this admin (and extra environment, e.g. DATABASE_URL) and waits until it is ready. */
export async function startOwnParley(tag: string, admin: { email: string; password: string }, env: Record<string, string> = {}): Promise<OwnParley> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `parley-${tag}-`));
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env, PARLEY_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PARLEY_PUBLIC_URL: url,
      PARLEY_ADMIN_EMAIL: admin.email, PARLEY_ADMIN_PASSWORD: admin.password, PARLEY_ADMIN_WORKSPACE: 'Wärmewerk GmbH', PARLEY_DEMO: 'false',
      LOG_LEVEL: 'warn', LOGIN_RATE_LIMIT: '1000', NODE_ENV: 'production', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (b: Buffer) => { output = (output + b.toString()).slice(-8000); });
  child.stderr!.on('data', (b: Buffer) => { output = (output + b.toString()).slice(-8000); });
  const until = Date.now() + 150_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    if (Date.now() > until) throw new Error(`server not ready:\n${output}`);
    if (await fetch(`${url}/api/ready`).then((r) => r.ok, () => false)) return { url, child, dataDir };
    await new Promise((r) => setTimeout(r, 300));
  }
}
