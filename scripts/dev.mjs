#!/usr/bin/env node
// `npm run dev`: the server with reload on change (tsx watch) and Vite's dev server with hot reload on :5173.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const env = { ...process.env, NODE_ENV: 'development' };
const children = [
  spawn('npx', ['tsx', 'watch', '--clear-screen=false', path.join(root, 'server', 'src', 'main.ts')], { stdio: 'inherit', cwd: root, env }),
  spawn('npx', ['vite'], { stdio: 'inherit', cwd: path.join(root, 'web'), env }),
];
const stop = () => { for (const c of children) c.kill('SIGTERM'); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => { stop(); process.exit(code ?? 0); });
