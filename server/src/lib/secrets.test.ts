import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { createSecrets, loadSecretKey } from './secrets.ts';

const secrets = createSecrets(Buffer.from('a test key that is long enough for the server'));

describe('secrets', () => {
  test('encrypts and decrypts; each sealing differs; a changed byte fails', () => {
    const a = secrets.encrypt('client-secret-äß');
    const b = secrets.encrypt('client-secret-äß');
    expect(a).not.toBe(b);
    expect(a).not.toContain('client-secret');
    expect(secrets.decrypt(a)).toBe('client-secret-äß');
    const parts = a.split('.');
    parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith('A') ? 'BB' : 'AA');
    expect(() => secrets.decrypt(parts.join('.'))).toThrow();
    expect(() => createSecrets(Buffer.from('another key, also long enough for it')).decrypt(a)).toThrow();
  });

  test('signed tokens verify for their purpose only, and expire', () => {
    const t = secrets.sign('confirm', { id: 'x' }, 60_000);
    expect(secrets.verify('confirm', t)).toMatchObject({ id: 'x' });
    expect(() => secrets.verify('withdraw', t)).toThrow(expect.objectContaining({ code: 'token_invalid' }));
    expect(() => secrets.verify('confirm', t.replace(/^./, (c) => (c === 'e' ? 'f' : 'e')))).toThrow(expect.objectContaining({ code: 'token_invalid' }));
    expect(() => secrets.verify('confirm', 'garbage')).toThrow(expect.objectContaining({ code: 'token_invalid' }));
    expect(() => secrets.verify('confirm', secrets.sign('confirm', { id: 'x' }, -1))).toThrow(expect.objectContaining({ code: 'token_expired' }));
  });

  test('digests are stable per purpose and key', () => {
    expect(secrets.digest('ip', '203.0.113.7')).toBe(secrets.digest('ip', '203.0.113.7'));
    expect(secrets.digest('ip', '203.0.113.7')).toMatch(/^[0-9a-f]{64}$/);
    expect(secrets.digest('ip', '203.0.113.7')).not.toBe(secrets.digest('ip', '203.0.113.8'));
    expect(secrets.digest('ip', '203.0.113.7')).not.toBe(secrets.digest('other', '203.0.113.7'));
    expect(createSecrets(Buffer.from('another key, also long enough for it')).digest('ip', '203.0.113.7')).not.toBe(secrets.digest('ip', '203.0.113.7'));
  });

  test('without a configured key one is created in the data folder and kept', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-key-'));
    const k1 = await loadSecretKey({ dataDir: dir });
    const k2 = await loadSecretKey({ dataDir: dir });
    expect(k1.length).toBe(32);
    expect(k2.equals(k1)).toBe(true);
    expect((await readFile(path.join(dir, 'secret.key'), 'utf8')).length).toBeGreaterThan(40);
    expect((await loadSecretKey({ dataDir: dir, secretKey: 'x'.repeat(32) })).toString()).toBe('x'.repeat(32));
  });
});
