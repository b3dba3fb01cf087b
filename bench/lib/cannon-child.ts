// A load generator in its own process (so it does not share the server's event loop): autocannon, driven by a spec
// file, cycling through a list of requests with one counter shared by every connection (each request is sent once
// before any is repeated — distinct webhook deliveries stay distinct). Prints one JSON line with the figures.
//
//   node --import tsx bench/lib/cannon-child.ts <spec.json>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** One request of the list. */
export interface CannonRequest { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string }

/** What the parent asks for: a fixed number of requests (amount) or a duration, at most `rate` requests/s in all. */
export interface CannonSpec { url: string; connections: number; amount?: number; duration?: number; rate?: number; requests: CannonRequest[] }

/** What the child prints (latencies in ms, autocannon's 1 ms resolution; times as epoch ms). */
export interface CannonResult {
  total: number; ok: number; non2xx: number; errors: number; timeouts: number; rps: number;
  p50: number; p90: number; p99: number; max: number; mean: number; start: number; finish: number; cpuMs: number;
}

interface AutocannonOut {
  requests: { total: number }; latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  '2xx': number; non2xx: number; errors: number; timeouts: number; duration: number; start: Date; finish: Date;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonOut>;

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as CannonSpec;
  // autocannon ships no types; it is loaded through require and typed by the fields read here.
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  let next = 0;
  const cpu0 = process.cpuUsage();
  const r = await autocannon({
    url: spec.url,
    connections: spec.connections,
    ...(spec.amount ? { amount: spec.amount } : { duration: spec.duration ?? 10 }),
    ...(spec.rate ? { overallRate: spec.rate } : {}),
    requests: [{
      setupRequest: (req: Record<string, unknown>) => {
        const q = spec.requests[next++ % spec.requests.length]!;
        return { ...req, method: q.method, path: q.path, headers: { ...(q.headers ?? {}) }, body: q.body };
      },
    }],
  });
  const cpu = process.cpuUsage(cpu0);
  const out: CannonResult = {
    total: r.requests.total, ok: r['2xx'], non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, rps: r['2xx'] / r.duration,
    p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, mean: r.latency.mean,
    start: new Date(r.start).getTime(), finish: new Date(r.finish).getTime(), cpuMs: (cpu.user + cpu.system) / 1000,
  };
  console.log(JSON.stringify(out));
}

await main();
