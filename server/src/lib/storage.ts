// Files (comment attachments, room documents) live outside the database. Today on disk under PARLEY_DATA_DIR/files;
// an S3-compatible store can implement the same interface later (config option `files: { kind: 's3', … }`).
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where uploaded files are kept; keys are opaque strings the caller chooses (e.g. workspaceId/uuid). */
export interface FileStore {
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<{ data: Buffer; contentType: string } | null>;
  delete(key: string): Promise<void>;
}

/** Configuration of the file store: a directory, or the data dir (files under <dataDir>/files). */
export type FileStoreConfig = { dataDir: string } | { kind: 'disk'; root: string };

// Keys become paths: only [A-Za-z0-9._-] segments separated by '/', no '.'/'..' segments, so a key can never escape
// the root or name a hidden file.
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

/** Throws unless the key is a safe relative path of plain segments. */
export function assertFileKey(key: string): void {
  const parts = key.split('/');
  if (key.length > 500 || parts.length > 8 || !parts.every((p) => SEGMENT.test(p) && !p.includes('..'))) {
    throw new Error(`invalid file key: ${JSON.stringify(key)}`);
  }
}

/** A disk-backed FileStore rooted at <dataDir>/files (or the given root). */
export function fileStore(config: FileStoreConfig): FileStore {
  const root = path.resolve('root' in config ? config.root : path.join(config.dataDir, 'files'));
  const locate = (key: string) => {
    assertFileKey(key);
    const file = path.resolve(root, ...key.split('/'));
    if (!file.startsWith(root + path.sep)) throw new Error(`invalid file key: ${JSON.stringify(key)}`);
    return file;
  };
  return {
    async put(key, data, contentType) {
      const file = locate(key);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, data);
      // The content type travels beside the file, so get() can answer with the type the upload was checked against.
      await writeFile(`${file}.meta.json`, JSON.stringify({ contentType }));
    },
    async get(key) {
      const file = locate(key);
      try {
        const [data, meta] = await Promise.all([readFile(file), readFile(`${file}.meta.json`, 'utf8')]);
        return { data, contentType: (JSON.parse(meta) as { contentType: string }).contentType };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async delete(key) {
      const file = locate(key);
      await rm(file, { force: true });
      await rm(`${file}.meta.json`, { force: true });
    },
  };
}
