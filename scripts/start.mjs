#!/usr/bin/env node
// `npm start`: builds the web app when it is missing or older than its sources, then starts Parley.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'web', 'dist', 'index.html');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sources = [path.join(root, 'web', 'src'), path.join(root, 'web', 'index.html'), path.join(root, 'contracts', 'src')];
const built = existsSync(dist) ? statSync(dist).mtimeMs : 0;
if (!built || sources.some((s) => existsSync(s) && (statSync(s).isDirectory() ? newest(s) : statSync(s).mtimeMs) > built)) {
  console.log('Building the web app …');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: path.join(root, 'web'), stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  spawnSync(process.execPath, [path.join(root, 'scripts', 'compress-dist.mjs')], { stdio: 'inherit' });
}
const child = spawn('npx', ['tsx', path.join(root, 'server', 'src', 'main.ts')], { stdio: 'inherit', cwd: root });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
