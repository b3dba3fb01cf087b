import { describe, expect, test } from 'vitest';
import { loadConfig } from './config.ts';

describe('config', () => {
  test('needs no variable: embedded PGlite in .parley, demo on', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database.kind).toBe('pglite');
    expect(c.dataDir.endsWith('.parley')).toBe(true);
    expect(c.demo.enabled).toBe(true);
    expect(c.role).toBe('all');
  });

  test('DATABASE_URL switches to PostgreSQL; an admin turns the demo off', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h:5432/d', PARLEY_ADMIN_EMAIL: 'a@b.de', PARLEY_ADMIN_PASSWORD: 'long-enough-pw', PARLEY_ROLE: 'worker' });
    expect(c.database).toMatchObject({ kind: 'postgres', url: 'postgres://u@h:5432/d' });
    expect(c.demo.enabled).toBe(false);
    expect(c.role).toBe('worker');
  });

  test('embedded PGlite always runs every role in one process', () => {
    expect(loadConfig({ PARLEY_ROLE: 'api' }).role).toBe('all');
  });

  test('lists every problem at once', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'nope', LOG_LEVEL: 'loud' })).toThrow(/PORT[\s\S]*DATABASE_URL[\s\S]*LOG_LEVEL/);
    expect(() => loadConfig({ PARLEY_ADMIN_EMAIL: 'a@b.de' })).toThrow(/PARLEY_ADMIN_PASSWORD/);
  });
});

describe('file storage', () => {
  const s3 = { PARLEY_STORAGE: 's3', PARLEY_S3_BUCKET: 'parley-files', PARLEY_S3_ACCESS_KEY_ID: 'AKIAEXAMPLE', PARLEY_S3_SECRET_ACCESS_KEY: 'very-secret-value' };

  test('disk under the data folder by default', () => {
    const c = loadConfig({ PARLEY_DATA_DIR: '/srv/parley' });
    expect(c.files).toEqual({ kind: 'disk', root: '/srv/parley/files' });
  });

  test('s3: bucket, region, endpoint, path style, prefix; the secret is never part of the serialized configuration', async () => {
    const aws = loadConfig(s3).files;
    expect(aws).toMatchObject({ kind: 's3', bucket: 'parley-files', region: 'us-east-1', forcePathStyle: false, prefix: '' });
    expect(aws).not.toHaveProperty('endpoint');
    const minio = loadConfig({ ...s3, PARLEY_S3_ENDPOINT: 'http://minio:9000', PARLEY_S3_REGION: 'eu-central-1', PARLEY_S3_PREFIX: '/parley/prod/' });
    expect(minio.files).toMatchObject({ kind: 's3', endpoint: 'http://minio:9000', region: 'eu-central-1', forcePathStyle: true, prefix: 'parley/prod/' });
    expect(loadConfig({ ...s3, PARLEY_S3_ENDPOINT: 'https://s3.example.com', PARLEY_S3_FORCE_PATH_STYLE: 'false' }).files).toMatchObject({ forcePathStyle: false });
    expect(JSON.stringify(minio)).not.toContain('very-secret-value');
    if (minio.files.kind !== 's3') throw new Error('expected s3');
    expect(await minio.files.credentials?.()).toEqual({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'very-secret-value' });
    // Without a key pair the SDK's own chain (instance or task roles) supplies credentials.
    const role = loadConfig({ PARLEY_STORAGE: 's3', PARLEY_S3_BUCKET: 'b-1' }).files;
    expect(role).not.toHaveProperty('credentials');
  });

  test.each([
    [{ PARLEY_STORAGE: 's3' }, /PARLEY_S3_BUCKET: required with PARLEY_STORAGE=s3/],
    [{ ...s3, PARLEY_S3_SECRET_ACCESS_KEY: undefined }, /PARLEY_S3_SECRET_ACCESS_KEY: required with PARLEY_S3_ACCESS_KEY_ID/],
    [{ ...s3, PARLEY_S3_ACCESS_KEY_ID: undefined }, /PARLEY_S3_ACCESS_KEY_ID: required with PARLEY_S3_SECRET_ACCESS_KEY/],
    [{ PARLEY_S3_BUCKET: 'parley-files' }, /PARLEY_STORAGE: set it to s3 to use PARLEY_S3_BUCKET/],
    [{ PARLEY_STORAGE: 'ftp' }, /PARLEY_STORAGE/],
    [{ ...s3, PARLEY_S3_ENDPOINT: 'minio:9000' }, /PARLEY_S3_ENDPOINT/],
    [{ ...s3, PARLEY_S3_ENDPOINT: 'https://key:pw@minio.example.com' }, /PARLEY_S3_ENDPOINT: no credentials in the URL/],
    [{ ...s3, PARLEY_S3_PREFIX: '../up' }, /PARLEY_S3_PREFIX/],
    [{ ...s3, PARLEY_S3_BUCKET: 'a b' }, /PARLEY_S3_BUCKET: not a bucket name/],
  ])('refuses %j', (env, problem) => {
    expect(() => loadConfig(env)).toThrow(problem);
  });

  test('storage problems are listed together with the others, never with the secret', () => {
    const err = (() => { try { loadConfig({ PORT: 'eighty', PARLEY_STORAGE: 's3', PARLEY_S3_SECRET_ACCESS_KEY: 'very-secret-value' }); } catch (e) { return e as Error; } })();
    expect(err?.message).toMatch(/PORT[\s\S]*PARLEY_S3_BUCKET[\s\S]*PARLEY_S3_ACCESS_KEY_ID/);
    expect(err?.message).not.toContain('very-secret-value');
  });
});
