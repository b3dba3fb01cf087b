import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLocalS3, type LocalS3 } from './fixtures/s3-server.ts';
import { assertFileKey, diskFileStore, FileNotFound, FileStoreError, FileTooLarge, fileStore, type FileStore, type S3StoreConfig } from './storage.ts';

// One contract, two stores: the disk store and the S3 store against a real S3-compatible server on loopback.
let s3: LocalS3;
beforeAll(async () => { s3 = await startLocalS3('contract'); });
afterAll(async () => { await s3?.close(); });

const s3Config = (over: Partial<S3StoreConfig> = {}, secret = s3.secretAccessKey): S3StoreConfig => ({
  kind: 's3', bucket: s3.bucket, region: s3.region, endpoint: s3.endpoint, forcePathStyle: true, prefix: 'parley/',
  credentials: async () => ({ accessKeyId: s3.accessKeyId, secretAccessKey: secret }), ...over,
});
const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'parley-files-'));

const stores: [string, () => Promise<FileStore>][] = [
  ['disk', async () => diskFileStore({ kind: 'disk', root: await tempDir() })],
  ['s3', async () => fileStore(s3Config())],
];

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

// A stream of `size` bytes made as it is read (never whole in memory), and the SHA-256 of what it gave.
function generated(size: number, chunk = 64 * 1024): { stream: Readable; digest: () => string } {
  const hash = createHash('sha256');
  let left = size;
  const stream = new Readable({
    read() {
      if (left === 0) return void this.push(null);
      const part = randomBytes(Math.min(chunk, left));
      left -= part.length;
      hash.update(part);
      this.push(part);
    },
  });
  return { stream, digest: () => hash.digest('hex') };
}

describe.each(stores)('the %s store', (_kind, make) => {
  let store: FileStore;
  beforeAll(async () => { store = await make(); });

  test('put, get, exists and delete; delete twice is no error', async () => {
    expect(await store.put('ws-1/abc.pdf', Buffer.from('%PDF-1.4'), { contentType: 'application/pdf' })).toEqual({ size: 8 });
    expect(await store.exists('ws-1/abc.pdf')).toBe(true);
    const got = await store.get('ws-1/abc.pdf');
    expect(got).toMatchObject({ size: 8, contentType: 'application/pdf' });
    expect((await readAll(got.stream)).toString()).toBe('%PDF-1.4');
    await store.delete('ws-1/abc.pdf');
    expect(await store.exists('ws-1/abc.pdf')).toBe(false);
    await expect(store.get('ws-1/abc.pdf')).rejects.toBeInstanceOf(FileNotFound);
    await store.delete('ws-1/abc.pdf');
  });

  test('a missing file: get throws FileNotFound (404 file_not_found), exists is false', async () => {
    const err = await store.get('nope/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileNotFound);
    expect(err).toMatchObject({ status: 404, code: 'file_not_found' });
    expect(await store.exists('nope/x')).toBe(false);
  });

  test('put from a stream replaces what was under the key, with its type', async () => {
    await store.put('ws-1/doc', Readable.from([Buffer.from('first')]), { contentType: 'text/plain' });
    await store.put('ws-1/doc', Readable.from([Buffer.from('sec'), Buffer.from('ond')]), { contentType: 'text/csv' });
    const got = await store.get('ws-1/doc');
    expect(got.contentType).toBe('text/csv');
    expect((await readAll(got.stream)).toString()).toBe('second');
  });

  test('an empty file is stored as empty', async () => {
    expect(await store.put('ws-1/empty', Readable.from([]), { contentType: 'text/plain' })).toEqual({ size: 0 });
    const got = await store.get('ws-1/empty');
    expect(got.size).toBe(0);
    expect(await readAll(got.stream)).toHaveLength(0);
  });

  test('~20 MB streamed in and out: byte for byte, read back in chunks, not as one buffer', async () => {
    const size = 20 * 1024 * 1024 + 123;
    const source = generated(size);
    expect(await store.put('ws-1/big.bin', source.stream, { contentType: 'application/zip', maxBytes: 25 * 1024 * 1024 })).toEqual({ size });
    const got = await store.get('ws-1/big.bin');
    expect(got.size).toBe(size);
    const hash = createHash('sha256');
    let chunks = 0;
    let largest = 0;
    let total = 0;
    for await (const c of got.stream) {
      const b = c as Buffer;
      hash.update(b);
      chunks++;
      total += b.length;
      largest = Math.max(largest, b.length);
    }
    expect(total).toBe(size);
    expect(hash.digest('hex')).toBe(source.digest());
    expect(chunks).toBeGreaterThan(20);
    expect(largest).toBeLessThanOrEqual(1024 * 1024);
    await store.delete('ws-1/big.bin');
  }, 60_000);

  test('more bytes than maxBytes: FileTooLarge as they arrive, and nothing is kept', async () => {
    const source = generated(3 * 1024 * 1024);
    const err = await store.put('ws-1/too-big', source.stream, { contentType: 'application/pdf', maxBytes: 1024 * 1024 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileTooLarge);
    expect(err).toMatchObject({ status: 413, code: 'file_too_large', maxBytes: 1024 * 1024 });
    // It stopped reading soon after the limit instead of taking in the whole upload.
    expect(source.stream.destroyed).toBe(true);
    expect(await store.exists('ws-1/too-big')).toBe(false);
    // Exactly at the limit is allowed.
    expect(await store.put('ws-1/at-limit', Buffer.alloc(1024, 1), { contentType: 'text/plain', maxBytes: 1024 })).toEqual({ size: 1024 });
  });

  test.each(['../etc/passwd', 'a/../../b', '/abs', 'a//b', '.hidden', 'a/./b', 'a\\b', 'a b', '', 'ä', 'x/..'])('refuses the key %j', async (key) => {
    await expect(store.put(key, Buffer.from('x'), { contentType: 'text/plain' })).rejects.toThrow(/invalid file key/);
    await expect(store.get(key)).rejects.toThrow(/invalid file key/);
    await expect(store.delete(key)).rejects.toThrow(/invalid file key/);
  });
});

describe('the disk store', () => {
  test('keeps each file at <root>/<key> with its type beside it, and reads files written before streaming', async () => {
    const root = await tempDir();
    const store = diskFileStore({ kind: 'disk', root });
    await store.put('ws-1/abc.pdf', Buffer.from('%PDF-1.4'), { contentType: 'application/pdf' });
    expect((await readdir(path.join(root, 'ws-1'))).sort()).toEqual(['abc.pdf', 'abc.pdf.meta.json']);
    expect(JSON.parse(await readFile(path.join(root, 'ws-1', 'abc.pdf.meta.json'), 'utf8'))).toEqual({ contentType: 'application/pdf' });
    // The layout of earlier versions (file + meta) is what get() reads.
    await mkdir(path.join(root, 'ws-2'), { recursive: true });
    await writeFile(path.join(root, 'ws-2', 'old'), 'earlier');
    await writeFile(path.join(root, 'ws-2', 'old.meta.json'), JSON.stringify({ contentType: 'image/png' }));
    const got = await store.get('ws-2/old');
    expect(got).toMatchObject({ size: 7, contentType: 'image/png' });
    expect((await readAll(got.stream)).toString()).toBe('earlier');
  });

  test('an upload refused for its size leaves no partial file behind', async () => {
    const root = await tempDir();
    const store = diskFileStore({ kind: 'disk', root });
    await expect(store.put('ws-1/x', generated(200_000).stream, { contentType: 'text/plain', maxBytes: 100_000 })).rejects.toBeInstanceOf(FileTooLarge);
    expect(await readdir(path.join(root, 'ws-1'))).toEqual([]);
  });
});

describe('the S3 store', () => {
  test('objects are named <prefix><key> in the bucket', async () => {
    await fileStore(s3Config({ prefix: 'tenant-a/files/' })).put('ws-9/k', Buffer.from('x'), { contentType: 'text/plain' });
    expect(await s3.keys('tenant-a/')).toEqual(['tenant-a/files/ws-9/k']);
    expect(await s3.head('tenant-a/files/ws-9/k')).toEqual({ size: 1, contentType: 'text/plain' });
  });

  test('a wrong secret: a clear FileStoreError that names the variables to check, never the secret', async () => {
    const store = fileStore(s3Config({}, 'wrong-secret-value'));
    for (const attempt of [
      () => store.put('ws-1/x', Buffer.from('x'), { contentType: 'text/plain' }),
      () => store.get('ws-1/x'),
      () => store.exists('ws-1/x'),
      () => store.delete('ws-1/x'),
    ]) {
      const err = await attempt().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FileStoreError);
      expect((err as Error).message).toMatch(/bucket "contract" at http:\/\/127\.0\.0\.1:\d+ refused the \w+ \(403 .*\): check PARLEY_S3_ACCESS_KEY_ID, PARLEY_S3_SECRET_ACCESS_KEY/);
      expect((err as Error).message).not.toContain('wrong-secret-value');
    }
  });

  test('an unknown access key is refused the same way', async () => {
    const store = fileStore(s3Config({ credentials: async () => ({ accessKeyId: 'NOBODY', secretAccessKey: 'x' }) }));
    await expect(store.get('ws-1/x')).rejects.toThrow(/refused the download \(403 InvalidAccessKeyId\)/);
  });

  test('a missing bucket and an unreachable endpoint are FileStoreErrors that say so', async () => {
    await expect(fileStore(s3Config({ bucket: 'no-such-bucket' })).put('ws-1/x', Buffer.from('x'), { contentType: 'text/plain' }))
      .rejects.toThrow(/bucket "no-such-bucket" at .* does not exist/);
    // A port nothing listens on: s3rver's, after a server of our own took and released it.
    const gone = await startLocalS3('gone');
    await gone.close();
    const err = await fileStore(s3Config({ endpoint: gone.endpoint })).get('ws-1/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileStoreError);
    expect((err as Error).message).toMatch(/download of "ws-1\/x" in bucket "contract" at http:\/\/127\.0\.0\.1:\d+ failed/);
  });
});

test.each(['ws/123e4567-e89b-12d3-a456-426614174000', 'a.b-c_d', 'x/y/z.txt'])('accepts the key %j', (key) => {
  expect(() => assertFileKey(key)).not.toThrow();
});
