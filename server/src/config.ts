import path from 'node:path';
import { z } from 'zod';
import { assertFileKey, type FileStoreConfig } from './lib/storage.ts';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** PostgreSQL connection string; without it Parley runs on embedded PGlite in PARLEY_DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  PARLEY_DATA_DIR: z.string().default('.parley'),
  /** api, worker, or both in one process (the default; embedded PGlite always runs both). */
  PARLEY_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  PARLEY_PUBLIC_URL: z.string().url().optional(),
  PARLEY_ADMIN_EMAIL: z.string().email().optional(),
  PARLEY_ADMIN_PASSWORD: z.string().min(10).optional(),
  PARLEY_ADMIN_WORKSPACE: z.string().default('Parley'),
  /** Create the demo workspace on an empty database (default: when no admin is configured). */
  PARLEY_DEMO: bool.optional(),
  PARLEY_DEMO_CONTACTS: z.coerce.number().int().min(0).max(1_000_000).default(5000),
  /**
   * The sandbox network (server/src/sandbox/): plays Facebook, Instagram, X, Mastodon and a web chat locally and posts
   * customer traffic into the demo workspace, never into another. Default: on when the demo is on.
   */
  PARLEY_SANDBOX: bool.optional(),
  /** Messages the sandbox posts at once when it first plays a workspace, then per minute. */
  PARLEY_SANDBOX_BURST: z.coerce.number().int().min(0).max(10_000).default(40),
  PARLEY_SANDBOX_RATE: z.coerce.number().min(0).max(600).default(2),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).default(24 * 14),
  COOKIE_SECURE: bool.optional(),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Allow outbound webhooks to private and loopback addresses (off in production; tests and local demos turn it on). */
  WEBHOOK_ALLOW_PRIVATE: bool.default(false),
  /**
   * The server's secret (at least 32 characters): encrypts stored credentials (sign-on client secrets, channel
   * tokens) and signs links in mails. Without it, a random key is created once in PARLEY_DATA_DIR/secret.key; set it
   * when several processes or machines share one database.
   */
  PARLEY_SECRET_KEY: z.string().min(32).optional(),
  /** SMTP server for outgoing mail (smtp://user:pass@host:587, smtps://…); without it mails are written to PARLEY_DATA_DIR/mail as .eml files. */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default('Parley <no-reply@localhost>'),
  /**
   * The built-in SMTP receiver of e-mail channels (server/src/mail-in/): the port it listens on. Off by default; on at
   * 2525 when the sandbox network plays the demo. It accepts mail only for the addresses of e-mail channels (no relay).
   */
  PARLEY_SMTP_IN_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  PARLEY_SMTP_IN_HOST: z.string().default('127.0.0.1'),
  /** The largest mail the receiver takes, in bytes (SIZE extension; larger mail is refused with 552). */
  PARLEY_SMTP_IN_MAX_BYTES: z.coerce.number().int().min(10_000).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  NODE_ENV: z.string().default('production'),
  /** Where uploaded files (room documents, comment attachments) live: disk (PARLEY_DATA_DIR/files) or an S3 bucket. */
  PARLEY_STORAGE: z.enum(['disk', 's3']).default('disk'),
  PARLEY_S3_BUCKET: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/, 'not a bucket name').optional(),
  PARLEY_S3_REGION: z.string().min(1).default('us-east-1'),
  /** An S3-compatible service (MinIO, Ceph, R2, Hetzner…); unset: AWS. */
  PARLEY_S3_ENDPOINT: z.string().url()
    .refine((u) => ['http:', 'https:'].includes(URL.parse(u)?.protocol ?? ''), 'an http:// or https:// URL')
    .refine((u) => !URL.parse(u)?.username && !URL.parse(u)?.password, 'no credentials in the URL: use PARLEY_S3_ACCESS_KEY_ID and PARLEY_S3_SECRET_ACCESS_KEY')
    .optional(),
  /** Bucket in the path instead of the host name; default: on with PARLEY_S3_ENDPOINT, off on AWS. */
  PARLEY_S3_FORCE_PATH_STYLE: bool.optional(),
  PARLEY_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  /** Secret. Without the key pair the SDK's own credential chain is used (instance or task roles on AWS). */
  PARLEY_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Prepended to every object key (e.g. parley/), for a bucket shared with other data. */
  PARLEY_S3_PREFIX: z.string().refine((p) => validPrefix(p) !== null, 'segments of letters, digits, ".", "_" and "-" separated by "/"').optional(),
});

/** A key prefix as stored ('' or segments ending in '/'), or null when it is not one. */
function validPrefix(raw: string): string | null {
  const p = raw.replace(/^\/+|\/+$/g, '');
  if (!p) return '';
  try {
    assertFileKey(p);
    return `${p}/`;
  } catch {
    return null;
  }
}

// Checks across storage variables, on the raw environment so they are listed together with every other problem.
function storageProblems(env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  const s3Vars = Object.keys(env).filter((k) => k.startsWith('PARLEY_S3_') && env[k]);
  if (env.PARLEY_STORAGE === 's3') {
    if (!env.PARLEY_S3_BUCKET) out.push('PARLEY_S3_BUCKET: required with PARLEY_STORAGE=s3');
    if (env.PARLEY_S3_ACCESS_KEY_ID && !env.PARLEY_S3_SECRET_ACCESS_KEY) out.push('PARLEY_S3_SECRET_ACCESS_KEY: required with PARLEY_S3_ACCESS_KEY_ID');
    if (!env.PARLEY_S3_ACCESS_KEY_ID && env.PARLEY_S3_SECRET_ACCESS_KEY) out.push('PARLEY_S3_ACCESS_KEY_ID: required with PARLEY_S3_SECRET_ACCESS_KEY');
  } else if (s3Vars.length) {
    // Files would silently go to the local disk of a deployment that meant to keep them in a bucket.
    out.push(`PARLEY_STORAGE: set it to s3 to use ${s3Vars.sort().join(', ')} (files are kept on disk otherwise)`);
  }
  return out;
}

function filesConfig(e: z.infer<typeof Env>, dataDir: string): FileStoreConfig {
  if (e.PARLEY_STORAGE === 'disk') return { kind: 'disk', root: path.join(dataDir, 'files') };
  const keyId = e.PARLEY_S3_ACCESS_KEY_ID;
  const secret = e.PARLEY_S3_SECRET_ACCESS_KEY;
  return {
    kind: 's3',
    bucket: e.PARLEY_S3_BUCKET!,
    region: e.PARLEY_S3_REGION,
    ...(e.PARLEY_S3_ENDPOINT ? { endpoint: e.PARLEY_S3_ENDPOINT } : {}),
    forcePathStyle: e.PARLEY_S3_FORCE_PATH_STYLE ?? Boolean(e.PARLEY_S3_ENDPOINT),
    prefix: validPrefix(e.PARLEY_S3_PREFIX ?? '') ?? '',
    // A function, never a value: the secret does not show where the configuration is logged or serialized.
    ...(keyId && secret ? { credentials: async () => ({ accessKeyId: keyId, secretAccessKey: secret }) } : {}),
  };
}

export type Config = ReturnType<typeof loadConfig>;

/** Reads and validates the environment; the only reader of process.env. Throws listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = Env.safeParse(env);
  const problems = [...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)), ...storageProblems(env)];
  if (!parsed.success || problems.length) {
    throw new Error(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  const e = parsed.data;
  if (e.PARLEY_ADMIN_EMAIL && !e.PARLEY_ADMIN_PASSWORD) throw new Error('Invalid configuration:\n  PARLEY_ADMIN_PASSWORD: required with PARLEY_ADMIN_EMAIL');
  const dataDir = path.resolve(e.PARLEY_DATA_DIR);
  const demoEnabled = e.PARLEY_DEMO ?? !e.PARLEY_ADMIN_EMAIL;
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? ({ kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE } as const)
      : ({ kind: 'pglite', dataDir: path.join(dataDir, 'db') } as const),
    dataDir,
    role: e.DATABASE_URL ? e.PARLEY_ROLE : 'all',
    publicUrl: e.PARLEY_PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    admin: e.PARLEY_ADMIN_EMAIL ? { email: e.PARLEY_ADMIN_EMAIL, password: e.PARLEY_ADMIN_PASSWORD!, workspace: e.PARLEY_ADMIN_WORKSPACE } : undefined,
    demo: { enabled: demoEnabled, contacts: e.PARLEY_DEMO_CONTACTS },
    sandbox: { enabled: e.PARLEY_SANDBOX ?? demoEnabled, burst: e.PARLEY_SANDBOX_BURST, ratePerMinute: e.PARLEY_SANDBOX_RATE },
    logLevel: e.LOG_LEVEL,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    cookieSecure: e.COOKIE_SECURE ?? e.PARLEY_PUBLIC_URL?.startsWith('https:') ?? false,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    webhooks: { timeoutMs: e.WEBHOOK_TIMEOUT_MS, allowPrivate: e.WEBHOOK_ALLOW_PRIVATE },
    secretKey: e.PARLEY_SECRET_KEY,
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, dropDir: path.join(dataDir, 'mail') },
    mailIn: {
      port: e.PARLEY_SMTP_IN_PORT ?? ((e.PARLEY_SANDBOX ?? demoEnabled) ? 2525 : null),
      host: e.PARLEY_SMTP_IN_HOST,
      maxBytes: e.PARLEY_SMTP_IN_MAX_BYTES,
    },
    dev: e.NODE_ENV === 'development',
    files: filesConfig(e, dataDir),
  };
}
