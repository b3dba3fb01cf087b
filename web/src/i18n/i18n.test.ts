import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import de from './de.json';
import en from './en.json';

const PLURAL = /_(zero|one|two|few|many|other)$/;

function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(f) && !f.endsWith('.test.ts') ? [p] : [];
  });
}

describe('translations', () => {
  const deKeys = new Set(keys(de));
  const enKeys = new Set(keys(en));

  test('German and English have the same keys', () => {
    expect([...deKeys].filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys].filter((k) => !deKeys.has(k))).toEqual([]);
  });

  test('no value is empty', () => {
    const empty = (o: Record<string, unknown>) => keys(o).filter((k) => k.split('.').reduce<unknown>((a, p) => (a as Record<string, unknown>)[p], o) === '');
    expect(empty(de)).toEqual([]);
    expect(empty(en)).toEqual([]);
  });

  test('every key the code asks for exists in both languages', () => {
    const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const missing: string[] = [];
    const known = (k: string, set: Set<string>) => set.has(k) || [...set].some((x) => PLURAL.test(x) && x.replace(PLURAL, '') === k);
    for (const file of sourceFiles(src)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        const k = m[1]!;
        if (!known(k, deKeys) || !known(k, enKeys)) missing.push(`${path.relative(src, file)}: ${k}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('German uses the agreed words', () => {
    expect(de.nav.people).toBe('Kontakte');
    expect(de.nav.companies).toBe('Firmen');
    expect(de.nav.tasks).toBe('Aufgaben');
    expect(de.nav.settings).toBe('Einstellungen');
    expect(de.fields.lifecycleStage).toBe('Lebenszyklusphase');
  });
});
