// Files (comment attachments, room documents) live outside the database, in a FileStore chosen by configuration
// (PARLEY_STORAGE): on disk under PARLEY_DATA_DIR/files (the default), or in an S3-compatible bucket (lib/storage-s3.ts).
// Uploads stream through with a size limit and downloads stream out: a file is never held whole in memory.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NotFound, PayloadTooLarge } from './errors.ts';

/** What put() takes: the bytes (a stream, consumed once, or a buffer), their type, and at most how many there may be. */
export interface PutOptions {
  contentType: string;
  /** Past this many bytes the upload stops with FileTooLarge and nothing is kept. */
  maxBytes?: number;
}

/** A stored file being read: its bytes as a stream (read it to the end or destroy it), its length and type. */
export interface StoredFile {
  stream: Readable;
  size: number;
  contentType: string;
}

/** Where uploaded files are kept; keys are opaque strings the caller chooses (e.g. workspaceId/uuid). */
export interface FileStore {
  /** Stores the bytes under the key (replacing what was there) and answers how many there were. */
  put(key: string, body: Readable | Buffer, opts: PutOptions): Promise<{ size: number }>;
  /** The file under the key; FileNotFound when there is none. */
  get(key: string): Promise<StoredFile>;
  /** Removes the file; removing a missing file is no error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

/** Configuration of the file store (config.files): a directory, or an S3-compatible bucket. */
export type FileStoreConfig = DiskStoreConfig | S3StoreConfig;
export interface DiskStoreConfig { kind: 'disk'; root: string }
export interface S3StoreConfig {
  kind: 's3';
  bucket: string;
  region: string;
  /** Another S3-compatible service (MinIO, Ceph, R2, Hetzner…); unset: AWS. */
  endpoint?: string;
  /** Bucket in the path (endpoint/bucket/key) instead of the host name (bucket.endpoint/key). */
  forcePathStyle: boolean;
  /** Prepended to every key: '' or segments ending in '/'. */
  prefix: string;
  /**
   * A function, so the secret is never part of what a log line or JSON.stringify of the configuration shows. Unset:
   * the SDK's own credential chain (instance or task roles on AWS).
   */
  credentials?: () => Promise<{ accessKeyId: string; secretAccessKey: string }>;
}

/** No file under this key. */
export class FileNotFound extends NotFound {
  constructor() { super('file_not_found', 'No such file'); }
}

/** The upload had more bytes than allowed; callers answer with their own code (document_too_large…). */
export class FileTooLarge extends PayloadTooLarge {
  constructor(readonly maxBytes: number) { super('file_too_large', `A file may have at most ${maxBytes} bytes`); }
}

/** The store itself failed (refused credentials, missing bucket, unreachable endpoint): a 500 with this in the log. */
export class FileStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FileStoreError';
  }
}

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

/** Counts the bytes passing through and fails with FileTooLarge once there are more than maxBytes. */
function byteCounter(maxBytes: number | undefined): Transform & { bytes: number } {
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      counter.bytes += chunk.length;
      if (maxBytes !== undefined && counter.bytes > maxBytes) done(new FileTooLarge(maxBytes));
      else done(null, chunk);
    },
  }) as Transform & { bytes: number };
  counter.bytes = 0;
  return counter;
}

/**
 * Writes the body to a new file (never one that exists), enforcing maxBytes as the bytes arrive; on any failure the
 * partial file is removed. Answers the number of bytes written.
 */
export async function writeLimited(body: Readable | Buffer, file: string, maxBytes?: number): Promise<number> {
  const counter = byteCounter(maxBytes);
  try {
    await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, counter, createWriteStream(file, { flags: 'wx' }));
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
  return counter.bytes;
}

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/** A disk-backed FileStore: each file at <root>/<key>, its content type beside it in <key>.meta.json. */
export function diskFileStore(config: DiskStoreConfig): FileStore {
  const root = path.resolve(config.root);
  const locate = (key: string) => {
    assertFileKey(key);
    const file = path.resolve(root, ...key.split('/'));
    if (!file.startsWith(root + path.sep)) throw new Error(`invalid file key: ${JSON.stringify(key)}`);
    return file;
  };
  return {
    async put(key, body, { contentType, maxBytes }) {
      const file = locate(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Written beside the target under a name no key can have, then renamed: a reader never sees half a file.
      const part = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.part`);
      const size = await writeLimited(body, part, maxBytes);
      try {
        // The content type travels beside the file, so get() can answer with the type the upload was checked against.
        await writeFile(`${file}.meta.json`, JSON.stringify({ contentType }));
        await rename(part, file);
      } catch (err) {
        await rm(part, { force: true });
        throw err;
      }
      return { size };
    },
    async get(key) {
      const file = locate(key);
      const handle = await open(file, 'r').catch((err: unknown) => {
        throw isMissing(err) ? new FileNotFound() : err;
      });
      try {
        const [{ size }, meta] = await Promise.all([handle.stat(), readFile(`${file}.meta.json`, 'utf8')]);
        const { contentType } = JSON.parse(meta) as { contentType: string };
        // The stream closes the handle when it ends or is destroyed.
        return { stream: handle.createReadStream(), size, contentType };
      } catch (err) {
        await handle.close();
        throw isMissing(err) ? new FileNotFound() : err;
      }
    },
    async delete(key) {
      const file = locate(key);
      await rm(file, { force: true });
      await rm(`${file}.meta.json`, { force: true });
    },
    async exists(key) {
      return stat(locate(key)).then((s) => s.isFile(), (err: unknown) => {
        if (isMissing(err)) return false;
        throw err;
      });
    },
  };
}

/** The FileStore a configuration names. */
export function fileStore(config: FileStoreConfig): FileStore {
  if (config.kind === 'disk') return diskFileStore(config);
  // The S3 SDK is loaded on first use, so a disk-only installation never loads it.
  let loaded: Promise<FileStore> | null = null;
  const s3 = () => (loaded ??= import('./storage-s3.ts').then((m) => m.s3FileStore(config)));
  return {
    put: async (key, body, opts) => (await s3()).put(key, body, opts),
    get: async (key) => (await s3()).get(key),
    delete: async (key) => (await s3()).delete(key),
    exists: async (key) => (await s3()).exists(key),
  };
}

const stores = new WeakMap<FileStoreConfig, FileStore>();

/** The file store of the running configuration (one per configuration, so one S3 client and its connections). */
export function filesOf(config: { files: FileStoreConfig }): FileStore {
  let s = stores.get(config.files);
  if (!s) stores.set(config.files, (s = fileStore(config.files)));
  return s;
}
