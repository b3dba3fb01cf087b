// `npm run bench`: every benchmark in sequence, each in its own process (so one's memory and caches do not carry
// into the next), then the summary tables again together. The web benchmark runs last: it builds the web app.
//
//   npm run bench                   all
//   npm run bench -- search http    some, in the order given
//
// The machine is shared: before each benchmark, wait (at most BENCH_QUIET_WAIT seconds, default 600) until the
// 1-minute load average is below BENCH_QUIET_LOAD (default 1.0; 0 = do not wait), and print the load it started at.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { benchDir } from './lib/common.ts';

const ALL = ['csv-import', 'search', 'http', 'web'] as const;
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : [...ALL];
const outcome: { name: string; status: number | null; seconds: number; summary: string; load: string }[] = [];
const quietLoad = Number(process.env.BENCH_QUIET_LOAD ?? 1.0);
const quietWait = Number(process.env.BENCH_QUIET_WAIT ?? 600);

function waitForQuiet(): void {
  if (!quietLoad) return;
  const until = Date.now() + quietWait * 1000;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  let waited = false;
  while (os.loadavg()[0]! >= quietLoad && Date.now() < until) {
    if (!waited) console.log(`(waiting for the 1-minute load average to fall below ${quietLoad}: now ${os.loadavg()[0]!.toFixed(2)})`);
    waited = true;
    Atomics.wait(sleeper, 0, 0, 5000);
  }
}

for (const name of chosen) {
  if (!(ALL as readonly string[]).includes(name)) throw new Error(`unknown benchmark ${name} (one of ${ALL.join(', ')})`);
  waitForQuiet();
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`\n########## ${name} (load average ${load}) ##########`);
  const t = performance.now();
  // Output goes to the terminal as it comes, and is kept for the closing summary.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(benchDir, `${name}.ts`)], { stdio: ['inherit', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => { out += d; process.stdout.write(d); });
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  // The SUMMARY table is the last block a benchmark prints.
  const summary = out.split('\nSUMMARY ').slice(1).pop() ?? '';
  outcome.push({ name, status, seconds: (performance.now() - t) / 1000, summary: summary ? `SUMMARY ${summary.split('\n\n')[0]}` : '(no summary: see the output above)', load });
}

console.log('\n\n================ All benchmarks ================');
for (const o of outcome) {
  console.log(`\n${o.name}: ${o.status === 0 ? 'done' : `FAILED (exit ${o.status})`} in ${o.seconds.toFixed(0)} s (load average at start ${o.load})`);
  console.log(o.summary);
}
console.log(`\nFigures as JSON: ${path.relative(process.cwd(), path.join(benchDir, '.data', 'results'))}/<name>.json`);
process.exit(outcome.every((o) => o.status === 0) ? 0 : 1);
