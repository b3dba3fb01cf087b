import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Validation } from './errors.ts';

/** Encryption of stored credentials and signed, expiring tokens for links, from one server key. */
export interface Secrets {
  /** AES-256-GCM; the result carries its own nonce and tag (`v1.<iv>.<tag>.<data>`, base64url). */
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** A token for a link (e-mail confirmation, withdrawal): the payload, an expiry and an HMAC bound to `purpose`. */
  sign(purpose: string, payload: Record<string, unknown>, ttlMs: number): string;
  /** The payload of a token made by sign() for the same purpose; throws Validation (`token_invalid`, `token_expired`). */
  verify<T extends Record<string, unknown>>(purpose: string, token: string): T;
  /** A keyed one-way digest (HMAC-SHA256, hex) of `data` for `purpose`: the same input gives the same value, and it cannot be reversed without the server's key. */
  digest(purpose: string, data: string): string;
}

/** The configured key, or the one kept in the data folder (created on first use). */
export async function loadSecretKey(config: { secretKey?: string | undefined; dataDir: string }): Promise<Buffer> {
  if (config.secretKey) return Buffer.from(config.secretKey, 'utf8');
  const file = path.join(config.dataDir, 'secret.key');
  try {
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(32);
  await mkdir(config.dataDir, { recursive: true });
  // 'wx': two processes starting at once must not overwrite each other's key.
  await writeFile(file, key.toString('base64url'), { mode: 0o600, flag: 'wx' }).catch(async (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url');
}

/** Secrets from a master key; encryption and signing use separate keys derived from it (HKDF-SHA256). */
export function createSecrets(master: Buffer): Secrets {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, 'parley', info, 32));
  const encKey = derive('encrypt-v1');
  const macKey = derive('sign-v1');
  const digestKey = derive('digest-v1');
  const mac = (purpose: string, body: string) => createHmac('sha256', macKey).update(`${purpose}\n${body}`).digest();
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    },
    decrypt(sealed) {
      const [v, iv, tag, data] = sealed.split('.');
      if (v !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    },
    sign(purpose, payload, ttlMs) {
      const body = Buffer.from(JSON.stringify({ ...payload, exp: Date.now() + ttlMs }), 'utf8').toString('base64url');
      return `${body}.${mac(purpose, body).toString('base64url')}`;
    },
    digest(purpose, data) {
      return createHmac('sha256', digestKey).update(`${purpose}\n${data}`).digest('hex');
    },
    verify<T extends Record<string, unknown>>(purpose: string, token: string): T {
      const [body, sig] = token.split('.');
      const given = Buffer.from(sig ?? '', 'base64url');
      const want = body ? mac(purpose, body) : Buffer.alloc(0);
      if (!body || given.length !== want.length || !timingSafeEqual(given, want)) throw new Validation('token_invalid', 'This link is not valid.');
      let payload: T & { exp?: number };
      try { payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')); } catch { throw new Validation('token_invalid', 'This link is not valid.'); }
      if (typeof payload.exp !== 'number' || payload.exp < Date.now()) throw new Validation('token_expired', 'This link has expired.');
      return payload;
    },
  };
}
