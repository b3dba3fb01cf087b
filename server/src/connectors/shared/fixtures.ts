import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// For tests: the real payloads a connector keeps in its fixtures/ folder, read byte-exact (signature vectors depend on it).

/**
 * Every delivery file under `dir` whose name ends with one of `extensions`, as paths relative to `dir`, sorted. The
 * `http/` folder holds recorded API exchanges for the clients (shared/replay.ts), no deliveries, and is left out.
 */
export function listFixtures(dir: string, extensions: readonly string[] = ['.json']): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel))) {
      const relPath = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(dir, relPath)).isDirectory()) {
        if (relPath !== 'http') walk(relPath);
      } else if (extensions.some((ext) => name.endsWith(ext))) out.push(relPath);
    }
  };
  walk('');
  return out.sort();
}

/** The bytes of a fixture. */
export function readFixture(dir: string, relPath: string): Buffer {
  return readFileSync(path.join(dir, relPath));
}
