import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect, inject, test } from 'vitest';

const child = path.join(import.meta.dirname, 'durability-child.ts');

function start(target: string, mode: string, count?: number): { proc: ChildProcess; lines: string[]; waitFor(re: RegExp, ms?: number): Promise<string> } {
  // node itself (not the tsx wrapper), so that SIGKILL hits the process doing the work.
  const proc = spawn(process.execPath, ['--import', 'tsx', child, target, mode, ...(count ? [String(count)] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => lines.push(`STDERR ${d.trim()}`));
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve(l: string): void }[] = [];
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n').filter(Boolean)) {
      lines.push(line);
      for (const w of [...waiters]) if (w.re.test(line)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(line); }
    }
  });
  return {
    proc, lines,
    waitFor: (re, ms = 60_000) => new Promise((resolve, reject) => {
      const hit = lines.find((l) => re.test(l));
      if (hit) return resolve(hit);
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}; got ${lines.slice(-5).join(' | ')}`)), ms);
      waiters.push({ re, resolve: (l) => { clearTimeout(timer); resolve(l); } });
    }),
  };
}

test('a job acknowledged is never lost when the worker is killed with SIGKILL', async () => {
  let target: string;
  if (process.env.PARLEY_TEST_DB === 'postgres') {
    target = inject('postgresUrl');
    const c = new pg.Client({ connectionString: target });
    await c.connect();
    await c.query('DROP TABLE IF EXISTS durability_done');
    await c.query(`DELETE FROM pgboss.job WHERE name = 'test.durable'`).catch(() => undefined);
    await c.end();
  } else {
    target = mkdtempSync(path.join(tmpdir(), 'parley-durability-'));
  }
  const total = 12;
  const first = start(target, 'send', total);
  await first.waitFor(/^SENT$/);
  await first.waitFor(/^DONE [3-9]/);
  first.proc.kill('SIGKILL');
  await new Promise((r) => first.proc.once('exit', r));
  const doneBefore = Math.max(...first.lines.filter((l) => l.startsWith('DONE')).map((l) => Number(l.split(' ')[1])));
  expect(doneBefore).toBeLessThan(total);

  const second = start(target, 'work');
  await second.waitFor(new RegExp(`^DONE ${total}$`), 90_000);
  second.proc.kill('SIGTERM');
  await new Promise((r) => second.proc.once('exit', r));
}, 180_000);
