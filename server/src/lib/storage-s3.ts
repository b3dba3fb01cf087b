// The FileStore on an S3-compatible bucket (AWS S3, MinIO, Ceph, Cloudflare R2, Hetzner…), with the official SDK.
// Objects are private: downloads stream through the API after its authorization, never from bucket URLs.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { assertFileKey, FileNotFound, FileStoreError, writeLimited, type FileStore, type S3StoreConfig } from './storage.ts';

interface SdkError { name?: string; message?: string; code?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } }

const REFUSED = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'InvalidToken', 'ExpiredToken']);
const quiet = () => undefined;

/** A FileStore keeping each file as the object <prefix><key> in the bucket, its content type as the object's. */
export function s3FileStore(config: S3StoreConfig): FileStore {
  const client = new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    ...(config.credentials ? { credentials: config.credentials } : {}),
    // Checksums only where S3 requires them: the SDK's default (aws-chunked bodies with trailing checksums) is not
    // understood by many S3-compatible services, which then store a corrupted body or drop the connection.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 5_000 },
    // The SDK would warn on the console; our errors say what failed, and the app's logger reports them.
    logger: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  });
  const Bucket = config.bucket;
  const where = `bucket "${config.bucket}"${config.endpoint ? ` at ${config.endpoint}` : ''}`;
  const objectKey = (key: string) => {
    assertFileKey(key);
    return config.prefix + key;
  };

  // What a failed SDK call becomes: FileNotFound for a missing object, else a FileStoreError that says what to check.
  const failure = (err: unknown, op: string, key: string): Error => {
    const e = err as SdkError;
    const status = e.$metadata?.httpStatusCode;
    const name = e.name ?? 'Error';
    if (name === 'NoSuchKey' || (status === 404 && name !== 'NoSuchBucket')) return new FileNotFound();
    if (name === 'NoSuchBucket') return new FileStoreError(`S3 storage: ${where} does not exist (PARLEY_S3_BUCKET)`, { cause: err });
    if (REFUSED.has(name) || status === 401 || status === 403) {
      return new FileStoreError(`S3 storage: ${where} refused the ${op} (${status ?? '-'} ${name}): check PARLEY_S3_ACCESS_KEY_ID, `
        + 'PARLEY_S3_SECRET_ACCESS_KEY and the permissions of that key on the bucket', { cause: err });
    }
    const reason = e.code ?? e.message ?? name;
    return new FileStoreError(`S3 storage: ${op} of "${key}" in ${where} failed (${status ?? '-'} ${name}: ${reason})`, { cause: err });
  };
  const transient = (err: unknown) => {
    const e = err as SdkError;
    const status = e.$metadata?.httpStatusCode;
    return Boolean(e.$retryable) || (status !== undefined && status >= 500) || (status === undefined && e.code !== undefined);
  };

  return {
    async put(key, body, { contentType, maxBytes }) {
      const Key = objectKey(key);
      // S3 wants the length before the first byte: the upload is spooled to a temporary file, its limit checked as
      // the bytes arrive, then sent from there. Memory stays flat whatever the size.
      const dir = await mkdtemp(path.join(os.tmpdir(), 'parley-upload-'));
      try {
        const file = path.join(dir, 'body');
        const size = await writeLimited(body, file, maxBytes);
        for (let attempt = 1; ; attempt++) {
          try {
            await client.send(new PutObjectCommand({ Bucket, Key, Body: createReadStream(file), ContentLength: size, ContentType: contentType }));
            return { size };
          } catch (err) {
            // The SDK cannot replay a stream: a passing failure is retried here, the file read anew.
            if (attempt >= 3 || !transient(err)) throw failure(err, 'upload', key);
            await sleep(250 * attempt);
          }
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    async get(key) {
      const Key = objectKey(key);
      const out = await client.send(new GetObjectCommand({ Bucket, Key })).catch((err: unknown) => { throw failure(err, 'download', key); });
      if (!(out.Body instanceof Readable)) throw new FileStoreError(`S3 storage: the download of "${key}" from ${where} is not a stream`);
      return { stream: out.Body, size: out.ContentLength ?? 0, contentType: out.ContentType ?? 'application/octet-stream' };
    },
    async delete(key) {
      const Key = objectKey(key);
      await client.send(new DeleteObjectCommand({ Bucket, Key })).catch((err: unknown) => {
        const e = failure(err, 'delete', key);
        // S3 answers 204 for a missing object; a service that answers 404 means the same.
        if (!(e instanceof FileNotFound)) throw e;
      });
    },
    async exists(key) {
      const Key = objectKey(key);
      return client.send(new HeadObjectCommand({ Bucket, Key })).then(() => true, (err: unknown) => {
        const e = failure(err, 'lookup', key);
        if (e instanceof FileNotFound) return false;
        throw e;
      });
    },
  };
}
