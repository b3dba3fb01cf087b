import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { expect, inject, test } from 'vitest';

const child = path.join(import.meta.dirname, 'durability-child.ts');
// The issue asks for 10,000 deliveries; the suite uses 1,000 to stay within its time (acknowledging them through
// inject takes most of it). PARLEY_INGEST_DURABILITY_TOTAL=10000 runs the full number.
const TOTAL = Number(process.env.PARLEY_INGEST_DURABILITY_TOTAL ?? 1000);

function start(args: string[]): { proc: ChildProcess; lines: string[]; waitFor(re: RegExp, ms?: number): Promise<string> } {
  // node itself (not the tsx wrapper), so that SIGKILL hits the process doing the work.
  const proc = spawn(process.execPath, ['--import', 'tsx', child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => lines.push(`STDERR ${d.trim()}`));
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

async function query<T>(target: string, text: string, params: unknown[]): Promise<T[]> {
  if (target.startsWith('postgres')) {
    const c = new pg.Client({ connectionString: target });
    await c.connect();
    try { return (await c.query(text, params)).rows as T[]; } finally { await c.end(); }
  }
  const db = new PGlite(target);
  try { return (await db.query<T>(text, params)).rows; } finally { await db.close(); }
}

test('every acknowledged delivery is processed exactly once when the server is killed with SIGKILL during ingestion', async () => {
  const target = process.env.PARLEY_TEST_DB === 'postgres' ? inject('postgresUrl') : mkdtempSync(path.join(tmpdir(), 'parley-ingest-durability-'));
  if (target.startsWith('postgres')) await query(target, 'DROP SCHEMA IF EXISTS pgboss_ingest_durability CASCADE', []);
  const first = start([target, 'send', String(TOTAL)]);
  const [, workspaceId, channelId] = (await first.waitFor(/^CHANNEL /)).split(' ');
  // Once the webhook acknowledged everything, the workers start, and the process kills itself with SIGKILL in the
  // middle of the work (durability-child.ts).
  const exited = new Promise<NodeJS.Signals | null>((r) => first.proc.once('exit', (_code, signal) => r(signal)));
  await first.waitFor(/^SENT$/, 120_000);
  expect(await exited).toBe('SIGKILL');
  const acked = Math.max(...first.lines.filter((l) => l.startsWith('ACKED')).map((l) => Number(l.split(' ')[1])));
  expect(acked).toBe(TOTAL);
  const [before] = await query<{ n: number }>(target, `SELECT count(*)::int AS n FROM inbound_deliveries WHERE workspace_id = $1 AND channel_id = $2 AND status = 'processed'`, [workspaceId, channelId]);
  expect(before!.n).toBeLessThan(TOTAL);

  const second = start([target, 'work', workspaceId!, channelId!]);
  await second.waitFor(new RegExp(`^PROCESSED ${TOTAL}$`), 120_000);
  second.proc.kill('SIGTERM');
  await new Promise((r) => second.proc.once('exit', r));

  const [d] = await query<{ n: number; processed: number; once: number }>(target, `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'processed')::int AS processed,
    count(*) FILTER (WHERE attempts = 1)::int AS once FROM inbound_deliveries WHERE workspace_id = $1 AND channel_id = $2`, [workspaceId, channelId]);
  expect(d).toEqual({ n: TOTAL, processed: TOTAL, once: TOTAL });
  const [m] = await query<{ n: number; uniq: number; counted: number }>(target, `SELECT count(*)::int AS n, count(DISTINCT external_id)::int AS uniq,
    (SELECT sum(message_count)::int FROM conversations WHERE workspace_id = $1 AND channel_id = $2) AS counted
    FROM messages WHERE workspace_id = $1 AND channel_id = $2`, [workspaceId, channelId]);
  expect(m).toEqual({ n: TOTAL, uniq: TOTAL, counted: TOTAL });
}, 240_000);
