// A CPU profile of a piece of work (node:inspector, no dependencies), summed by where the time goes: by library
// (self time of its frames, with Node's native frames given to the library that called them) and for a few named
// functions of Parley (inclusive time).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }

export interface ProfileSummary { totalMs: number; byLibrary: { name: string; ms: number; pct: number }[]; functions: { name: string; ms: number; pct: number }[] }

const PG = new Set(['pg', 'pg-protocol', 'pg-pool', 'pg-types', 'postgres-array', 'postgres-date', 'postgres-bytea', 'postgres-interval']);

function library(n: ProfileNode): string | undefined {
  const { functionName: fn, url } = n.callFrame;
  if (fn === '(idle)') return 'idle (waiting for the database)';
  if (fn === '(garbage collector)') return 'garbage collector';
  if (fn === '(program)') return 'V8 (program)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) {
    const k = m[1]!;
    if (PG.has(k)) return 'pg driver';
    if (k.startsWith('drizzle')) return 'drizzle-orm';
    if (k.includes('zod')) return 'zod';
    if (k.includes('fastify') || k === 'find-my-way' || k === 'light-my-request' || k === 'avvio') return 'fastify';
    if (k.includes('libphonenumber')) return 'libphonenumber-js';
    if (k === 'uuid') return 'uuid';
    if (k === 'csv-parse' || k === 'iconv-lite') return 'csv-parse / iconv';
    return k;
  }
  if (url.includes('/server/src/')) return 'Parley code';
  if (url.includes('/bench/')) return 'benchmark';
  return undefined; // native or node: internals, given to the caller
}

/** Runs `fn` under the sampling profiler and sums the samples. */
export async function profile<T>(fn: () => Promise<T>, functions: string[] = []): Promise<{ result: T; summary: ProfileSummary }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  let result: T;
  let prof: Profile;
  try {
    result = await fn();
  } finally {
    prof = (await session.post('Profiler.stop')).profile as unknown as Profile;
    session.disconnect();
  }
  // BENCH_PROFILE_OUT=file.cpuprofile: the raw profile too (opens in Chrome DevTools' Performance panel).
  if (process.env.BENCH_PROFILE_OUT) writeFileSync(process.env.BENCH_PROFILE_OUT, JSON.stringify(prof));
  const nodes = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  let total = 0;
  (prof.samples ?? []).forEach((id, i) => {
    const d = (prof.timeDeltas?.[i] ?? 0) / 1000;
    self.set(id, (self.get(id) ?? 0) + d);
    total += d;
  });
  const libs = new Map<string, number>();
  const fns = new Map<string, number>(functions.map((f) => [f, 0]));
  for (const [id, t] of self) {
    let lib: string | undefined;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = nodes.get(cur)!;
      lib ??= library(n);
      const name = n.callFrame.functionName;
      if (fns.has(name) && !seen.has(name)) { seen.add(name); fns.set(name, fns.get(name)! + t); }
    }
    const key = lib ?? 'Node internals';
    libs.set(key, (libs.get(key) ?? 0) + t);
  }
  const pct = (ms: number) => (100 * ms) / (total || 1);
  return {
    result: result!,
    summary: {
      totalMs: total,
      byLibrary: [...libs].sort((a, b) => b[1] - a[1]).map(([name, ms]) => ({ name, ms, pct: pct(ms) })),
      functions: [...fns].map(([name, ms]) => ({ name, ms, pct: pct(ms) })),
    },
  };
}
