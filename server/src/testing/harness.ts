import { readFile } from 'node:fs/promises';
import type { Role } from '@parley/contracts/common';
import { afterAll, beforeAll, inject } from 'vitest';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { Deps } from '../deps.ts';
import { sql } from 'drizzle-orm';
import { openDatabase, rows, type Database } from '../db/client.ts';
import { eventQueues, registerEventHandlers } from '../events/handlers.ts';
import { jobQueues } from '../jobs/definitions.ts';
import { JobQueue } from '../jobs/queue.ts';
import type { App } from '../http/types.ts';
import { newId } from '../lib/ids.ts';
import { createLogger } from '../lib/logger.ts';
import { createUser, createWorkspace, newApiTokenSecret } from '../domains/workspace/service.ts';
import { apiTokens } from '../db/schema.ts';
import { createSecrets, loadSecretKey } from '../lib/secrets.ts';

declare module 'vitest' {
  export interface ProvidedContext { pgliteTemplate: string; postgresUrl: string }
}

export const PASSWORD = 'correct horse battery staple';

/** A user of a test workspace, with a signed-in client. */
export interface TestUser {
  id: string;
  email: string;
  role: Role;
  cookie: string;
  csrf: string;
  token: string;
  /** A request as this user (session cookie + CSRF token), through Fastify's inject. */
  req(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse>;
}

export interface TestResponse { status: number; body: any; headers: Record<string, unknown>; text: string }

export interface TestWorkspace {
  id: string;
  slug: string;
  admin: TestUser;
  /** Another user of this workspace with the given role. */
  user(role: Role): Promise<TestUser>;
}

export interface Api {
  deps: Deps;
  app: App;
  kind: 'pglite' | 'postgres';
  /** A fresh workspace with a signed-in admin: tests isolate by workspace, not by database. */
  workspace(): Promise<TestWorkspace>;
  /** A request with no credentials. */
  anon(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse>;
}

/**
 * Opens the test database of this project (PGlite from the template, or the run's PostgreSQL database), starts the
 * job queue with workers and builds the app. Call at the top of an *.api.test.ts file.
 */
export function useApi(env: Record<string, string> = {}): Api {
  const api = {} as Api;
  beforeAll(async () => {
    const kind = process.env.PARLEY_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PARLEY_DEMO: 'false', LOGIN_RATE_LIMIT: '1000', WEBHOOK_ALLOW_PRIVATE: 'true', PARLEY_DATA_DIR: '.test-data/run', ...env });
    const database = kind === 'postgres'
      ? await openDatabase({ kind: 'postgres', url: inject('postgresUrl'), poolSize: 5 })
      : await openDatabase({ kind: 'pglite', loadDataDir: new Blob([await readFile(inject('pgliteTemplate'))]) });
    const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
    // On the PostgreSQL tier every test file shares one database; a queue schema of the worker slot the file runs in
    // keeps each file's jobs (mails, webhook deliveries, handlers) with the file's own workers and configuration. Files
    // of one slot run one after another: the schema (and its queues) is made by the slot's first file, and each file
    // starts with the jobs an earlier one left removed. On PGlite the file's database is a fresh copy of the template.
    const schema = kind === 'postgres' ? await slotQueueSchema(database) : undefined;
    // Every queue is woken by NOTIFY when a job is sent: a test awaits a job's effect without the 0.5 s poll per hop.
    const queue = new JobQueue(database, log, { notifyAll: true, ...(schema ? { schema } : {}) });
    const deps: Deps = { config, database, db: database.db, queue, log, secrets: createSecrets(await loadSecretKey(config)) };
    registerEventHandlers();
    for (const def of [...eventQueues(deps), ...jobQueues(deps)]) queue.define(def);
    await queue.start({ work: true });
    const app = await buildApp(deps, { serveWeb: false });
    await app.ready();
    Object.assign(api, {
      deps, app, kind,
      anon: (method: string, url: string, body?: unknown, headers?: Record<string, string>) => request(app, method, url, body, headers ?? {}),
      workspace: () => makeWorkspace(deps, app),
    });
  }, 60_000);
  afterAll(async () => {
    await api.app?.close();
    await api.deps?.queue.stop();
    await api.deps?.database.close();
  });
  return api;
}

let apisInFile = 0;

/** The queue schema of this worker slot (VITEST_POOL_ID), emptied of the jobs an earlier file of the slot left. */
async function slotQueueSchema(database: Database): Promise<string> {
  apisInFile += 1;
  const schema = `pgboss_slot${Number(process.env.VITEST_POOL_ID ?? 1)}${apisInFile > 1 ? `_${apisInFile}` : ''}`;
  const [found] = await rows<{ job: string | null }>(database.db, sql`SELECT to_regclass(${`${schema}.job`})::text AS job`);
  if (found?.job) await database.db.execute(sql.raw(`DELETE FROM ${schema}.job; DELETE FROM ${schema}.job_dependency`));
  return schema;
}

async function makeWorkspace(deps: Deps, app: App): Promise<TestWorkspace> {
  const suffix = newId().slice(-12);
  const ws = await createWorkspace(deps.db, { name: `Test ${suffix}`, slug: `test-${suffix}` });
  const user = async (role: Role): Promise<TestUser> => {
    const email = `${role}-${newId().slice(-8)}@${ws.slug}.example`;
    const row = await createUser(deps.db, { workspaceId: ws.id, email, name: `${role} user`, role, password: PASSWORD, language: 'en' });
    const login = await request(app, 'POST', '/api/auth/login', { email, password: PASSWORD }, {});
    if (login.status !== 200) throw new Error(`login failed: ${login.text}`);
    const cookie = String((login.headers['set-cookie'] as string | string[]).toString()).split(';')[0]!;
    const { secret, hash } = newApiTokenSecret(ws.id);
    await deps.db.insert(apiTokens).values({ workspaceId: ws.id, id: newId(), userId: row.id, name: 'test', tokenHash: hash });
    const csrf = login.body.csrfToken as string;
    return {
      id: row.id, email, role, cookie, csrf, token: secret,
      req: (method, url, body, headers) => request(app, method, url, body, { cookie, 'x-csrf-token': csrf, ...headers }),
    };
  };
  return { id: ws.id, slug: ws.slug, admin: await user('admin'), user };
}

async function request(app: App, method: string, url: string, body: unknown, headers: Record<string, string>): Promise<TestResponse> {
  const res = await app.inject({
    method: method as 'GET', url, headers,
    ...(body === undefined ? {} : typeof body === 'string' || Buffer.isBuffer(body) ? { payload: body } : { payload: body as object }),
  });
  let parsed: unknown = undefined;
  try { parsed = res.json(); } catch { /* not JSON */ }
  return { status: res.statusCode, body: parsed, headers: res.headers as Record<string, unknown>, text: res.body };
}

/** Waits until `check` passes (for effects of event handlers, which run as jobs). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() - start > timeoutMs) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Until no job of the workspace waits or runs on the queues whose names match `queues` (a LIKE pattern; default every
 * event handler's): for tests that must not race a handler's job (its effects are done or it cannot interfere).
 */
export async function jobsSettled(api: Api, workspaceId: string, queues = 'event.%', timeoutMs = 30_000): Promise<void> {
  await eventually(async () => {
    const [r] = await rows<{ n: number }>(api.deps.db, sql`
      SELECT count(*)::int AS n FROM ${sql.identifier(api.deps.queue.schema)}.job
      WHERE name LIKE ${queues} AND data ->> 'workspaceId' = ${workspaceId} AND state IN ('created', 'retry', 'active')`);
    if (r!.n !== 0) throw new Error(`${r!.n} jobs of ${queues} still waiting or running`);
  }, timeoutMs);
}

/** A multipart/form-data body with one file in the field "file". */
export function multipartFile(filename: string, content: Buffer | string, contentType = 'text/csv'): { body: Buffer; headers: Record<string, string> } {
  const boundary = `----parley${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, Buffer.isBuffer(content) ? content : Buffer.from(content), tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
