import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// The sample and benchmark data beside the repository (../shared/data: vCard samples, CRM export headers, …).
// Tests read it in place and never copy it. Without it those tests are skipped, and `npm test` says so; in CI
// (CI=true) scripts/test.mjs refuses to run without it.
const root = path.resolve(import.meta.dirname, '../../..');

/** The folder of the shared data: PARLEY_SHARED_DATA, or ../shared/data beside the repository. */
export const sharedDataDir = path.resolve(process.env.PARLEY_SHARED_DATA ?? path.join(root, '..', 'shared', 'data'));

/** True when the shared data is there. */
export const hasSharedData = existsSync(sharedDataDir);

/** A file or folder (trailing '/') of the shared data as a file URL. */
export function sharedData(rel: string): URL {
  return pathToFileURL(path.join(sharedDataDir, rel) + (rel.endsWith('/') ? '/' : ''));
}
