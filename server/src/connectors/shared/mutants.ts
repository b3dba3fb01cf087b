// For tests: deterministic mutilations of real payloads (truncated, bit-flipped, wrong types, missing keys, huge
// strings, hostile nesting, random bytes), to show that a connector answers every one with events or a
// MalformedDelivery, and quickly.
import { seededRandom } from '../../lib/random.ts';

/** Seeded, so the same seed gives the same mutants on every run. */
export const prng = seededRandom;

// A marker replaced by raw JSON text after serializing (numbers and keys JSON.stringify cannot write).
const RAW = '\u0000RAW:';
const RAW_VALUES = ['18446744073709551616123', '-0', '1e400', '1E-400', '{"__proto__":{"polluted":true},"constructor":{"prototype":{}}}'];

function weirdValues(): unknown[] {
  const deep: unknown = Array.from({ length: 40 }).reduce<unknown>((inner) => ({ a: inner }), 'bottom');
  return [
    null, true, false, 0, -1, 0.5, 1e308, -1e-308, Number.MAX_SAFE_INTEGER, '', ' ', 'x'.repeat(100_000), '\u0000', '\ud800',
    '<a'.repeat(20_000), '&amp;'.repeat(10_000), '{"id":', '[]', '{}', '__proto__', 'constructor', 'toString', '2019-13-45T99:99:99Z',
    'Mon Feb 30 99:99:99 +9999 2025', 'at://did:plc:x/app.bsky.feed.post/1', 'urn:li:comment:(', 'sha256=', '😀'.repeat(1000), 'null',
    [], {}, [null], [[[]]], Array.from({ length: 3000 }, () => null), deep, { id: 1e21 }, { text: 5 },
    ...RAW_VALUES.map((v) => `${RAW}${v}`),
  ];
}

type Path = (string | number)[];

function paths(value: unknown, limit = 5000): Path[] {
  const out: Path[] = [];
  const walk = (v: unknown, p: Path) => {
    if (out.length >= limit) return;
    out.push(p);
    if (Array.isArray(v)) v.forEach((item, i) => walk(item, [...p, i]));
    else if (v && typeof v === 'object') for (const [k, item] of Object.entries(v)) walk(item, [...p, k]);
  };
  walk(value, []);
  return out;
}

function getAt(root: unknown, p: Path): unknown {
  return p.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root);
}

function setAt(root: unknown, p: Path, value: unknown): unknown {
  if (p.length === 0) return value;
  const parent = getAt(root, p.slice(0, -1)) as Record<string | number, unknown>;
  parent[p.at(-1)!] = value;
  return root;
}

function serialize(value: unknown): Buffer {
  let text = JSON.stringify(value) ?? 'null';
  for (const raw of RAW_VALUES) text = text.split(JSON.stringify(`${RAW}${raw}`)).join(raw);
  return Buffer.from(text);
}

/** `count` mutants of the seed payloads, the same for the same `seed`. */
export function mutants(seeds: readonly Buffer[], count: number, seed: number): { name: string; body: Buffer }[] {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const weird = weirdValues();
  const out: { name: string; body: Buffer }[] = [
    { name: 'empty body', body: Buffer.alloc(0) },
    { name: 'empty object', body: Buffer.from('{}') },
    { name: 'empty array', body: Buffer.from('[]') },
    { name: 'null', body: Buffer.from('null') },
    { name: 'a string', body: Buffer.from('"hello"') },
    { name: 'nested 100 000 deep', body: Buffer.from('['.repeat(100_000) + ']'.repeat(100_000)) },
    { name: 'over 5 MB', body: Buffer.concat([Buffer.from('{"x":"'), Buffer.alloc(6 * 1024 * 1024, 0x61), Buffer.from('"}')]) },
    { name: 'invalid UTF-8', body: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]) },
  ];
  while (out.length < count) {
    const original = pick(seeds);
    let parsed: unknown;
    try {
      parsed = JSON.parse(original.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const strategy = parsed === undefined ? Math.floor(rand() * 3) : Math.floor(rand() * 8);
    const i = out.length;
    if (strategy === 0) {
      out.push({ name: `${i} truncated`, body: original.subarray(0, Math.floor(rand() * original.length)) });
    } else if (strategy === 1) {
      const body = Buffer.from(original);
      for (let n = 1 + Math.floor(rand() * 4); n > 0; n--) body[Math.floor(rand() * body.length)]! ^= 1 + Math.floor(rand() * 255);
      out.push({ name: `${i} flipped bytes`, body });
    } else if (strategy === 2) {
      out.push({ name: `${i} random bytes`, body: Buffer.from(Array.from({ length: Math.floor(rand() * 2048) }, () => Math.floor(rand() * 256))) });
    } else if (strategy <= 4) {
      // A value replaced by one of the wrong type or shape (twice as likely as the others: it reaches the mappers).
      const target = pick(paths(parsed));
      out.push({ name: `${i} /${target.join('/')} replaced`, body: serialize(setAt(parsed, target, pick(weird))) });
    } else if (strategy === 5) {
      const objects = paths(parsed).filter((p) => { const v = getAt(parsed, p); return v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0; });
      if (objects.length === 0) continue;
      const target = pick(objects);
      const holder = getAt(parsed, target) as Record<string, unknown>;
      const key = pick(Object.keys(holder));
      delete holder[key];
      out.push({ name: `${i} /${[...target, key].join('/')} deleted`, body: serialize(parsed) });
    } else if (strategy === 6) {
      const arrays = paths(parsed).filter((p) => Array.isArray(getAt(parsed, p)) && (getAt(parsed, p) as unknown[]).length > 0);
      if (arrays.length === 0) continue;
      const target = pick(arrays);
      const list = getAt(parsed, target) as unknown[];
      out.push({ name: `${i} /${target.join('/')} repeated`, body: serialize(setAt(parsed, target, Array.from({ length: 1500 }, () => list[0]))) });
    } else {
      // JSON inside a string (Mastodon's streaming payload) mutilated inside.
      const strings = paths(parsed).filter((p) => { const v = getAt(parsed, p); return typeof v === 'string' && /^[[{]/.test(v); });
      if (strings.length === 0) continue;
      const target = pick(strings);
      const inner = getAt(parsed, target) as string;
      const innerMutant = mutants([Buffer.from(inner)], 9, Math.floor(rand() * 2 ** 31))[8]!;
      out.push({ name: `${i} /${target.join('/')} inner ${innerMutant.name}`, body: serialize(setAt(parsed, target, innerMutant.body.toString('utf8'))) });
    }
  }
  return out;
}
