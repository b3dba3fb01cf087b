import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { assertFileKey, fileStore } from './storage.ts';

test('put, get and delete a file under <dataDir>/files', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-files-'));
  const store = fileStore({ dataDir });
  await store.put('ws-1/abc.pdf', Buffer.from('%PDF-1.4'), 'application/pdf');
  expect(await readdir(path.join(dataDir, 'files', 'ws-1'))).toContain('abc.pdf');
  const got = await store.get('ws-1/abc.pdf');
  expect(got?.contentType).toBe('application/pdf');
  expect(got?.data.toString()).toBe('%PDF-1.4');
  await store.delete('ws-1/abc.pdf');
  expect(await store.get('ws-1/abc.pdf')).toBeNull();
  await store.delete('ws-1/abc.pdf');
});

test('a missing file is null', async () => {
  const store = fileStore({ dataDir: await mkdtemp(path.join(os.tmpdir(), 'parley-files-')) });
  expect(await store.get('nope/x')).toBeNull();
});

test.each(['../etc/passwd', 'a/../../b', '/abs', 'a//b', '.hidden', 'a/./b', 'a\\b', 'a b', '', 'ä', 'x/..'])(
  'refuses the key %j',
  async (key) => {
    expect(() => assertFileKey(key)).toThrow(/invalid file key/);
    const store = fileStore({ dataDir: os.tmpdir() });
    await expect(store.put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow(/invalid file key/);
  },
);

test.each(['ws/123e4567-e89b-12d3-a456-426614174000', 'a.b-c_d', 'x/y/z.txt'])('accepts the key %j', (key) => {
  expect(() => assertFileKey(key)).not.toThrow();
});
