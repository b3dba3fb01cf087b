import path from 'node:path';
import { z } from 'zod';

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
});

export type Config = ReturnType<typeof loadConfig>;

/** Reads and validates the environment; the only reader of process.env. Throws listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
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
  };
}
