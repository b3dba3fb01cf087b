// Shared helpers of the benchmark scripts: scratch databases, machine facts, percentiles, tables, peak RSS.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** PostgreSQL server of the benchmarks (a superuser: the scripts create and drop their own databases). */
export const PG_SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

export const benchDir = fileURLToPath(new URL('..', import.meta.url));

/** Connection string of a database on the benchmark server. */
export function dbUrl(name: string): string {
  const u = new URL(PG_SERVER);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: dbUrl('postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Creates an empty database (dropping a leftover of an earlier, interrupted run). */
export async function createDatabase(name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  return dbUrl(name);
}

/** Drops a benchmark database (unless BENCH_KEEP_DB=1, for looking at plans afterwards). */
export async function dropDatabase(name: string): Promise<void> {
  if (process.env.BENCH_KEEP_DB === '1') {
    console.log(`(kept database ${name})`);
    return;
  }
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** The facts RESULTS.md records with every figure. */
export async function machineInfo(): Promise<Record<string, string>> {
  const pgVersion = await admin(async (c) => (await c.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version).catch(() => 'unreachable');
  const settings = await admin(async (c) => (await c.query<{ name: string; setting: string }>(
    `SELECT name, current_setting(name) AS setting FROM pg_settings
     WHERE name IN ('shared_buffers', 'work_mem', 'synchronous_commit', 'max_parallel_workers_per_gather', 'jit', 'autovacuum') ORDER BY name`)).rows)
    .catch(() => []);
  return {
    date: new Date().toISOString(),
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: readOs(),
    node: process.version,
    postgres: pgVersion,
    pgSettings: settings.map((s) => `${s.name}=${s.setting}`).join(' '),
    load: os.loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

function readOs(): string {
  try {
    return /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os.release();
  } catch {
    return os.release();
  }
}

/** Prints the machine line every benchmark starts with. */
export async function printMachine(title: string): Promise<Record<string, string>> {
  const m = await machineInfo();
  console.log(`\n=== ${title} ===`);
  console.log(`${m.date}  ${m.cpus}, ${m.memory}, ${m.os}, Node ${m.node}, PostgreSQL ${m.postgres}`);
  console.log(`PostgreSQL settings: ${m.pgSettings}`);
  console.log(`load average at start: ${m.load}`);
  return m;
}

/** The value at percentile p (0..100) of the samples, nearest-rank. */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

export interface Summary { n: number; p50: number; p95: number; p99: number; max: number; mean: number }

export function summarize(samples: number[]): Summary {
  return {
    n: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    max: samples.length ? Math.max(...samples) : Number.NaN,
    mean: samples.reduce((a, b) => a + b, 0) / (samples.length || 1),
  };
}

/** A fixed-width table on stdout. */
export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: (string | number)[]) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(line(r));
}

/** A number for a table: whole numbers with thousands separators, small ones with one or two decimals. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

export const ms = (start: number) => performance.now() - start;

/** Samples this process's RSS every `everyMs` and remembers the peak. */
export class RssSampler {
  peak = process.memoryUsage.rss();
  readonly samples: { t: number; rss: number }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly t0 = performance.now();

  start(everyMs = 100): this {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
    return this;
  }

  sample(): number {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
    this.samples.push({ t: performance.now() - this.t0, rss });
    return rss;
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}

export const mib = (bytes: number) => bytes / 2 ** 20;

/** Writes a benchmark's figures as JSON to bench/.data/results/ (run.ts prints them together). */
export function saveResult(name: string, data: unknown): void {
  const dir = path.join(benchDir, '.data', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(data, null, 2));
}

/** Verdict of a figure against its goal. */
export function verdict(value: number, goal: number, kind: 'min' | 'max'): string {
  const ok = kind === 'min' ? value >= goal : value <= goal;
  return ok ? 'PASS' : 'MISS';
}

/** A silent logger for boot() (pino's interface, nothing written). */
export async function silentLogger() {
  const { createLogger } = await import('../../server/src/lib/logger.ts');
  return createLogger('silent');
}
